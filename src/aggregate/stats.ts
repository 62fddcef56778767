// Small statistics used by the scores: the smoothed fidelity index, percentile intervals and seeded resampling.
import { type Random, randomInt, seededRandom } from '../core/random.js';

/** Pseudo-counts added to each side: a Beta(1,1) prior, so no findings gives 50 and one finding cannot give 0 or 100. */
export const PRIOR_MEETS = 1;
export const PRIOR_DRIFTS = 1;

/** The fidelity index: 100 × posterior mean share of `meets` evidence among meets + drifts evidence. */
export function fidelityIndex(meetsWeight: number, driftsWeight: number): number {
  return (100 * (meetsWeight + PRIOR_MEETS)) / (meetsWeight + driftsWeight + PRIOR_MEETS + PRIOR_DRIFTS);
}

export function per100(count: number, turns: number): number {
  return turns > 0 ? (100 * count) / turns : 0;
}

export function round1(x: number): number {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? 0 : r;
}

export function standardDeviation(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (xs.length - 1));
}

/** Linear-interpolation quantile (type 7) of an ascending array. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** 32-bit FNV-1a: a stable seed per group, so a group's interval does not depend on which other groups exist. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function groupRandom(seed: number, key: string): Random {
  return seededRandom(hashSeed(`${seed}\u0000${key}`));
}

/**
 * Equal-length rows of numbers in one array, so that summing a resample reads memory in order instead of chasing
 * objects. Sums add the picked rows in pick order, as a loop over the rows themselves would: the same numbers.
 */
export class PackedRows {
  private readonly data: Float64Array;
  constructor(
    rows: readonly (readonly number[])[],
    readonly width: number,
  ) {
    this.data = new Float64Array(rows.length * width);
    rows.forEach((row, k) => this.data.set(row, k * width));
  }

  /** The column sums of the rows in `pick` (every row when not given), written into `out`. */
  sum(pick: readonly number[] | undefined, out: Float64Array = new Float64Array(this.width)): Float64Array {
    const { data, width } = this;
    out.fill(0);
    const count = pick ? pick.length : data.length / width;
    for (let k = 0; k < count; k++) {
      const base = (pick ? pick[k]! : k) * width;
      for (let j = 0; j < width; j++) out[j]! += data[base + j]!;
    }
    return out;
  }
}

/** Indices of a resample with replacement of `n` items (written into `into`, reused across resamples, when given). */
export function resampleIndices(random: Random, n: number, into: number[] = new Array<number>(n)): number[] {
  for (let i = 0; i < n; i++) into[i] = randomInt(random, n);
  return into;
}

/** The central `level` share (default 95%) of bootstrap replicates (percentile method). */
export function percentileInterval(replicates: number[], level = 0.95): { low: number; high: number } {
  const sorted = [...replicates].sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail) };
}

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number): number => k.reduce((acc, coef) => acc * x + coef, 0);
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * Student t quantile: the t with P(T ≤ t) = p for `df` degrees of freedom, p > 0.5
 * (Hill 1970, CACM Algorithm 396, accurate to about 5 significant digits).
 */
export function tQuantile(p: number, df: number): number {
  const twoTail = 2 * (1 - p);
  if (df === 1) return 1 / Math.tan((twoTail * Math.PI) / 2);
  if (df === 2) return Math.sqrt(2 / (twoTail * (2 - twoTail)) - 2);
  const a = 1 / (df - 0.5);
  const b = 48 / (a * a);
  let c = ((((20700 * a) / b - 98) * a - 16) * a) + 96.36;
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt((a * Math.PI) / 2) * df;
  let x = d * twoTail;
  let y = x ** (2 / df);
  if (y > 0.05 + a) {
    x = normalQuantile(twoTail / 2);
    y = x * x;
    if (df < 5) c += 0.3 * (df - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
    y = a * y * y;
    y = y > 0.002 ? Math.exp(y) - 1 : 0.5 * y * y + y;
  } else {
    y = ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y - 1) * ((df + 1) / (df + 2)) + 1 / y;
  }
  return Math.sqrt(df * y);
}
