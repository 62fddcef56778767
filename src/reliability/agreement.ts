// Agreement between coders on a codebook: each code is a present/absent variable per turn, compared per code and overall.
import { PeerFidelityError } from '../core/errors.js';
import { compareText } from '../core/order.js';
import type { CodeInfo, CodebookInfo, Finding, Polarity } from '../core/types.js';
import {
  type BootstrapInterval,
  type BootstrapOptions,
  type BootstrapSettings,
  bootstrapSettings,
  percentileInterval,
  resampleIndices,
} from './bootstrap.js';
import { type Estimate, alphaFromCoincidences, cohenKappaFromTable, oneCoderError } from './stats.js';
import { type CoderCoverage, type CodingUnit, coverageWithFindings, sortedUnits, unitKey } from './units.js';

/** Below this share of marks (or above 1 minus it), chance-corrected statistics are unstable: the kappa paradox. */
export const RARE_PREVALENCE = 0.05;
/** Percent agreement at or above this counts as "high" for the paradox warning. */
export const HIGH_AGREEMENT = 0.9;
/** Krippendorff's lowest threshold for tentative conclusions; below it kappa/alpha count as "low". */
export const LOW_RELIABILITY = 0.667;

export interface AgreementOptions {
  codebook: CodebookInfo;
  /** Which turns each coder coded (from their sheet rows). */
  coverage: CoderCoverage;
  /** Settings for the confidence intervals, or `false` for none. */
  bootstrap?: BootstrapOptions | false;
}

/** An estimate with its bootstrap interval (`null` when no bootstrap was asked for). */
export type MeasuredEstimate = Estimate & { ci: BootstrapInterval | null };

export interface AgreementMeasures {
  percentAgreement: MeasuredEstimate;
  /** Only when there are exactly two coders. */
  cohenKappa: MeasuredEstimate | null;
  /** Nominal Krippendorff's alpha, any number of coders, missing turns allowed. */
  krippendorffAlpha: MeasuredEstimate;
}

export interface CodeAgreement extends AgreementMeasures {
  code: string;
  label: string;
  standard: string;
  polarity: Polarity;
  /** Turns this code applies to that two or more coders coded (the pairable units). */
  units: number;
  /** Coder judgements on those turns that marked the code, out of `judgements`. */
  marks: number;
  judgements: number;
  /** `marks / judgements`, or null without judgements. */
  prevalence: number | null;
  warnings: string[];
}

export interface AgreementReport {
  codebook: { id: string; version: string };
  coders: string[];
  /** Transcripts with at least one turn coded by two or more coders: the clusters the bootstrap resamples. */
  transcripts: number;
  units: {
    /** Turns anyone coded. */
    coded: number;
    /** Turns two or more coders coded. */
    pairable: number;
    byCoder: Record<string, number>;
  };
  bootstrap: BootstrapSettings | null;
  codes: CodeAgreement[];
  overall: {
    /** Each statistic averaged over the codes where it is defined. */
    mean: AgreementMeasures;
    /** Every (turn, code) pair as one present/absent variable. */
    pooled: AgreementMeasures & { units: number; marks: number; judgements: number; prevalence: number | null };
  };
  warnings: string[];
}

// Additive per-transcript tallies, so a resample's statistics are sums of its transcripts' tallies.
const AGREE = 0; // sum over units of the share of coder pairs that agree
const UNITS = 1; // pairable units
const O00 = 2; // coincidences absent-absent
const O01 = 3; // coincidences absent-present (= present-absent)
const O11 = 4; // coincidences present-present
const N00 = 5; // two coders: first absent, second absent
const N01 = 6;
const N10 = 7;
const N11 = 8;
const MARKS = 9;
const JUDGEMENTS = 10;
const TALLY_SIZE = 11;

type Tally = Float64Array;

function codeApplies(code: CodeInfo, unit: CodingUnit): boolean {
  return code.roles.length === 0 || code.roles.includes(unit.role);
}

function addUnit(tally: Tally, values: readonly (0 | 1)[], twoCoders: readonly (0 | 1 | null)[] | null): void {
  const m = values.length;
  const k = values.reduce<number>((s, v) => s + v, 0);
  const pairs = (x: number): number => (x * (x - 1)) / 2;
  tally[AGREE]! += (pairs(k) + pairs(m - k)) / pairs(m);
  tally[UNITS]! += 1;
  tally[O11]! += (k * (k - 1)) / (m - 1);
  tally[O00]! += ((m - k) * (m - k - 1)) / (m - 1);
  tally[O01]! += (k * (m - k)) / (m - 1);
  tally[MARKS]! += k;
  tally[JUDGEMENTS]! += m;
  if (twoCoders) {
    const [a, b] = twoCoders;
    tally[a === 1 ? (b === 1 ? N11 : N10) : b === 1 ? N01 : N00]! += 1;
  }
}

// `what` names the variable in reasons: "this code" per code, "any code" when pooled.
function noVariationReason(t: Tally, what: string): string | null {
  if (t[UNITS] === 0) return `no turn ${what} applies to was coded by two or more coders`;
  if (t[MARKS] === 0) return `no coder marked ${what} on any turn coded by two or more coders, so there is no variation to agree on`;
  if (t[MARKS] === t[JUDGEMENTS]) return `every coder marked ${what} on every turn, so there is no variation to agree on`;
  return null;
}

function percentOf(t: Tally, what: string): Estimate {
  if (t[UNITS] === 0) return { value: null, reason: `no turn ${what} applies to was coded by two or more coders` };
  return { value: t[AGREE]! / t[UNITS]! };
}

function alphaOf(t: Tally, what: string): Estimate {
  const reason = noVariationReason(t, what);
  if (reason) return { value: null, reason };
  const estimate = alphaFromCoincidences({
    values: [0, 1],
    matrix: [
      [t[O00]!, t[O01]!],
      [t[O01]!, t[O11]!],
    ],
    pairableUnits: t[UNITS]!,
  });
  return estimate.value === null ? { value: null, reason: estimate.reason } : { value: estimate.value };
}

function kappaOf(t: Tally, what: string): Estimate {
  const reason = noVariationReason(t, what);
  if (reason) return { value: null, reason };
  return cohenKappaFromTable([
    [t[N00]!, t[N01]!],
    [t[N10]!, t[N11]!],
  ]);
}

function meanOf(estimates: readonly Estimate[]): Estimate {
  const defined = estimates.filter((e): e is { value: number } => e.value !== null);
  if (defined.length === 0) return { value: null, reason: 'the statistic is undefined for every code' };
  return { value: defined.reduce((s, e) => s + e.value, 0) / defined.length };
}

function sumInto(target: Tally, source: Tally): void {
  for (let i = 0; i < TALLY_SIZE; i++) target[i]! += source[i]!;
}

type Statistic = (tallies: readonly Tally[]) => Estimate;

/** Every statistic the report gives, as functions of the per-code tallies of one sample. */
function statistics(codes: number, twoCoders: boolean): { perCode: Statistic[][]; mean: Statistic[]; pooled: Statistic[] } {
  const measures = [percentOf, twoCoders ? kappaOf : null, alphaOf];
  const perCode = Array.from({ length: codes }, (_, c) => measures.map((f) => (f ? (ts: readonly Tally[]) => f(ts[c]!, 'this code') : () => unused)));
  const mean = measures.map((f) => (f ? (ts: readonly Tally[]) => meanOf(ts.map((t) => f(t, 'this code'))) : () => unused));
  const pooled = measures.map((f) =>
    f
      ? (ts: readonly Tally[]) => {
          const all = new Float64Array(TALLY_SIZE);
          for (const t of ts) sumInto(all, t);
          return f(all, 'any code');
        }
      : () => unused,
  );
  return { perCode, mean, pooled };
}

const unused: Estimate = { value: null, reason: 'not computed' };

function measured(estimate: Estimate, ci: BootstrapInterval | null): MeasuredEstimate {
  return { ...estimate, ci };
}

function formatShare(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function paradoxWarning(code: CodeInfo, prevalence: number | null, percent: Estimate, kappa: Estimate | null, alpha: Estimate): string | null {
  if (prevalence === null || percent.value === null) return null;
  if (prevalence >= RARE_PREVALENCE && prevalence <= 1 - RARE_PREVALENCE) return null;
  if (percent.value < HIGH_AGREEMENT) return null;
  const low = [kappa && kappa.value !== null && kappa.value < LOW_RELIABILITY ? `kappa ${kappa.value.toFixed(3)}` : null, alpha.value !== null && alpha.value < LOW_RELIABILITY ? `alpha ${alpha.value.toFixed(3)}` : null].filter(
    (x): x is string => x !== null,
  );
  if (low.length === 0) return null;
  const how = prevalence < RARE_PREVALENCE ? `rarely marked (${formatShare(prevalence)} of judgements)` : `marked almost always (${formatShare(prevalence)} of judgements)`;
  return (
    `'${code.id}' is ${how}: percent agreement is high (${formatShare(percent.value)}) while ${low.join(' and ')} ${low.length > 1 ? 'are' : 'is'} low. ` +
    'With so uneven a split, chance-corrected statistics swing on a handful of turns (the kappa paradox): read them with the counts, and code more turns where this code occurs before drawing conclusions.'
  );
}

/**
 * Agreement between coders, per code and overall. Codings are findings from any coders (people
 * or the engine); a turn counts for a coder only if their coverage includes it.
 */
export function computeAgreement(codings: readonly Finding[], options: AgreementOptions): AgreementReport {
  const { codebook } = options;
  const codeIndex = new Map(codebook.codes.map((c, i) => [c.id, i]));
  // A finding means its coder saw the turn, even if their coverage forgot it.
  const coverage = coverageWithFindings(options.coverage, codings);
  const marked = new Set<string>();
  for (const f of codings) {
    if (!codeIndex.has(f.code)) {
      throw new PeerFidelityError(
        'reliability/unknown-code',
        `a coding by "${f.coder}" uses the code "${f.code}", which is not in codebook ${codebook.id} ${codebook.version}. Compare codings made with the same codebook.`,
      );
    }
    marked.add(`${f.coder}\u0000${unitKey(f.transcriptId, f.turn)}\u0000${f.code}`);
  }
  const coders = [...coverage.coders.keys()].sort(compareText);
  if (coders.length < 2) {
    throw oneCoderError(coders.length === 0 ? 'no codings were given' : `all codings are from one coder ("${coders[0]}")`);
  }
  const twoCoders = coders.length === 2;

  // Tallies per transcript (cluster) and code.
  const clusters = new Map<string, Tally[]>();
  let pairable = 0;
  for (const [key, unit] of sortedUnits(coverage)) {
    const who = coders.filter((c) => coverage.coders.get(c)!.has(key));
    if (who.length < 2) continue;
    pairable++;
    let tallies = clusters.get(unit.transcriptId);
    if (!tallies) clusters.set(unit.transcriptId, (tallies = codebook.codes.map(() => new Float64Array(TALLY_SIZE))));
    codebook.codes.forEach((code, c) => {
      const values = who.map((coder) => (marked.has(`${coder}\u0000${key}\u0000${code.id}`) ? 1 : 0));
      // A code marked where its role does not apply still counts: nothing a coder wrote is dropped.
      if (!codeApplies(code, unit) && !values.includes(1)) return;
      const pair = twoCoders ? coders.map((coder) => (who.includes(coder) ? values[who.indexOf(coder)]! : null)) : null;
      addUnit(tallies[c]!, values, pair);
    });
  }

  const clusterTallies = [...clusters.values()];
  const totals = codebook.codes.map(() => new Float64Array(TALLY_SIZE));
  for (const tallies of clusterTallies) tallies.forEach((t, c) => sumInto(totals[c]!, t));

  const stats = statistics(codebook.codes.length, twoCoders);
  const settings = options.bootstrap === false ? null : bootstrapSettings(options.bootstrap);
  const all = [...stats.perCode.flat(), ...stats.mean, ...stats.pooled];
  const intervals: (BootstrapInterval | null)[] = all.map(() => null);
  if (settings) {
    if (clusterTallies.length < 2) {
      all.forEach((_, i) => {
        intervals[i] = { lower: null, upper: null, reason: 'a bootstrap over transcripts needs at least two transcripts coded by two or more coders' };
      });
    } else {
      const replicates: (number | null)[][] = all.map(() => []);
      for (const indices of resampleIndices(clusterTallies.length, settings)) {
        const sample = codebook.codes.map(() => new Float64Array(TALLY_SIZE));
        for (const i of indices) clusterTallies[i]!.forEach((t, c) => sumInto(sample[c]!, t));
        all.forEach((f, s) => replicates[s]!.push(f(sample).value));
      }
      replicates.forEach((values, s) => (intervals[s] = percentileInterval(values, settings.level)));
    }
  }
  const point = all.map((f) => f(totals));
  const at = (s: number): MeasuredEstimate => measured(point[s]!, intervals[s]!);
  const measuresAt = (base: number): AgreementMeasures => ({
    percentAgreement: at(base),
    cohenKappa: twoCoders ? at(base + 1) : null,
    krippendorffAlpha: at(base + 2),
  });

  const codes: CodeAgreement[] = codebook.codes.map((code, c) => {
    const t = totals[c]!;
    const measures = measuresAt(c * 3);
    const prevalence = t[JUDGEMENTS]! > 0 ? t[MARKS]! / t[JUDGEMENTS]! : null;
    const warning = paradoxWarning(code, prevalence, measures.percentAgreement, measures.cohenKappa, measures.krippendorffAlpha);
    return {
      code: code.id,
      label: code.label,
      standard: code.standard,
      polarity: code.polarity,
      units: t[UNITS]!,
      marks: t[MARKS]!,
      judgements: t[JUDGEMENTS]!,
      prevalence,
      ...measures,
      warnings: warning ? [warning] : [],
    };
  });

  const pooledTally = new Float64Array(TALLY_SIZE);
  for (const t of totals) sumInto(pooledTally, t);
  const base = codebook.codes.length * 3;

  const warnings: string[] = [];
  const byCoder: Record<string, number> = {};
  for (const coder of coders) {
    const n = coverage.coders.get(coder)!.size;
    byCoder[coder] = n;
    if (n < coverage.units.size) {
      warnings.push(
        `${coder} coded ${n} of the ${coverage.units.size} turns that anyone coded; the other ${coverage.units.size - n} count as missing for ${coder}, not as "code absent".`,
      );
    }
  }
  const single = coverage.units.size - pairable;
  if (single > 0) warnings.push(`${single} turn${single === 1 ? ' was' : 's were'} coded by only one coder and ${single === 1 ? 'is' : 'are'} left out of the agreement statistics.`);
  if (settings && clusterTallies.length < 2) {
    warnings.push('Only one transcript was coded by two or more coders, so there are no confidence intervals: the bootstrap resamples whole transcripts.');
  }

  return {
    codebook: { id: codebook.id, version: codebook.version },
    coders,
    transcripts: clusterTallies.length,
    units: { coded: coverage.units.size, pairable, byCoder },
    bootstrap: settings,
    codes,
    overall: {
      mean: measuresAt(base),
      pooled: {
        ...measuresAt(base + 3),
        units: pairable,
        marks: pooledTally[MARKS]!,
        judgements: pooledTally[JUDGEMENTS]!,
        prevalence: pooledTally[JUDGEMENTS]! > 0 ? pooledTally[MARKS]! / pooledTally[JUDGEMENTS]! : null,
      },
    },
    warnings,
  };
}
