// Cluster bootstrap over transcripts: turns in one conversation are not independent, so whole transcripts are resampled.
import { PeerFidelityError } from '../core/errors.js';
import { randomInt, seededRandom } from '../core/random.js';

export const DEFAULT_BOOTSTRAP_REPLICATES = 2000;
export const DEFAULT_BOOTSTRAP_SEED = 1;
export const BOOTSTRAP_METHOD = 'cluster bootstrap over transcripts (resampled with replacement), percentile interval';

/**
 * A replicate whose statistic is undefined (say, a resample without a single mark of a rare code)
 * is left out; past this share the interval would describe a different population, so none is given.
 */
export const MAX_UNDEFINED_SHARE = 0.1;

export interface BootstrapOptions {
  /** Number of resamples (B); default 2000. */
  replicates?: number;
  /** Seed for the resampling; the same seed gives the same interval. */
  seed?: number;
  /** Coverage of the interval; default 0.95. */
  level?: number;
}

export interface BootstrapSettings {
  method: string;
  replicates: number;
  seed: number;
  level: number;
}

export type BootstrapInterval =
  | { lower: number; upper: number; validReplicates: number }
  | { lower: null; upper: null; reason: string };

export function bootstrapSettings(options: BootstrapOptions = {}): BootstrapSettings {
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const level = options.level ?? 0.95;
  const bad = (what: string): PeerFidelityError => new PeerFidelityError('reliability/bad-bootstrap-option', what);
  if (!Number.isInteger(replicates) || replicates < 1) throw bad(`the number of bootstrap resamples must be a whole number of 1 or more, not ${replicates}`);
  if (!Number.isSafeInteger(seed)) throw bad(`the bootstrap seed must be a whole number, not ${seed}`);
  if (!(level > 0 && level < 1)) throw bad(`the bootstrap interval level must be between 0 and 1 (e.g. 0.95), not ${level}`);
  return { method: BOOTSTRAP_METHOD, replicates, seed, level };
}

/**
 * The resamples: B arrays of cluster indices drawn with replacement. Drawing them once and
 * reusing them for every statistic keeps the intervals of different codes comparable.
 */
export function resampleIndices(clusters: number, settings: BootstrapSettings): Uint32Array[] {
  const random = seededRandom(settings.seed);
  const out: Uint32Array[] = [];
  for (let b = 0; b < settings.replicates; b++) {
    const sample = new Uint32Array(clusters);
    for (let i = 0; i < clusters; i++) sample[i] = randomInt(random, clusters);
    out.push(sample);
  }
  return out;
}

/** Quantile with linear interpolation between order statistics (R's type 7), of sorted values. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

/** A percentile interval from replicate values; `null` entries are replicates where the statistic was undefined. */
export function percentileInterval(replicates: readonly (number | null)[], level: number): BootstrapInterval {
  const valid = replicates.filter((x): x is number => x !== null).sort((a, b) => a - b);
  const undefinedCount = replicates.length - valid.length;
  if (valid.length === 0 || undefinedCount / replicates.length > MAX_UNDEFINED_SHARE) {
    return {
      lower: null,
      upper: null,
      reason: `the statistic was undefined in ${undefinedCount} of ${replicates.length} resamples (too few transcripts with variation to resample)`,
    };
  }
  const tail = (1 - level) / 2;
  return { lower: quantileSorted(valid, tail), upper: quantileSorted(valid, 1 - tail), validReplicates: valid.length };
}

/**
 * Bootstraps `statistic` over resamples of `clusters` (one entry per transcript). The statistic
 * receives the drawn clusters, repeats included.
 */
export function clusterBootstrap<C>(
  clusters: readonly C[],
  statistic: (sample: readonly C[]) => number | null,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const settings = bootstrapSettings(options);
  if (clusters.length < 2) {
    return { lower: null, upper: null, reason: 'a bootstrap over transcripts needs at least two transcripts with comparable codings' };
  }
  const values = resampleIndices(clusters.length, settings).map((indices) => statistic(Array.from(indices, (i) => clusters[i]!)));
  return percentileInterval(values, settings.level);
}
