// Drift over time: each program's scores per period, and regressions against the program's own earlier baseline.
import { compareText } from '../core/order.js';
import { type PeriodUnit, periodOf } from './period.js';
import {
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  type Estimate,
  NOT_GIVEN,
  type StandardRef,
  compareKeys,
  scoreGroup,
  standardsFor,
} from './scores.js';
import { groupRandom, PackedRows, resampleIndices, round1, standardDeviation, tQuantile } from './stats.js';
import { type TranscriptSummary, sortSummaries } from './summary.js';

/** The id used for the all-standards index in trend rows. */
export const OVERALL = 'overall';
/** A regression is flagged only when the whole 95% interval of the difference lies below −this many points. */
export const DEFAULT_REGRESSION_THRESHOLD = 5;
/** A period, and its baseline, need at least this many conversations to be compared at all. */
export const MIN_COMPARISON_CONVERSATIONS = 3;
/** …and at least this many coded moments for the standard on each side. */
export const MIN_COMPARISON_MOMENTS = 3;
/** Chance of at least one false alarm per program that the regression checks allow. */
export const FAMILY_ALPHA = 0.05;

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export interface TrendOptions {
  standards: readonly StandardRef[];
  period?: PeriodUnit;
  seed?: number;
  resamples?: number;
  threshold?: number;
  minConversations?: number;
  minMoments?: number;
  excludeCodes?: readonly string[];
}

export interface TrendPoint {
  period: string;
  conversations: number;
  fidelity: Estimate;
}

export type CheckStatus = 'regression' | 'no-clear-drop' | 'too-few';

export interface RegressionCheck {
  period: string;
  /** The earlier periods pooled as this program's baseline. */
  baseline: string[];
  conversations: number;
  baselineConversations: number;
  /** Coded moments for this standard in the period and in the baseline. */
  moments: number;
  baselineMoments: number;
  /** Share of in-line evidence (0–100, unsmoothed) in the period and in the baseline. */
  share?: number;
  baselineShare?: number;
  /** Period share minus baseline share, in points, with its interval (absent when too few to compare). */
  difference?: Estimate;
  /** Coverage of that interval: 1 − 0.05 ÷ the number of comparisons in its family (Bonferroni). */
  level?: number;
  status: CheckStatus;
}

export interface StandardTrend {
  program: string;
  /** A standard id, or `overall`. */
  standard: string;
  points: TrendPoint[];
  checks: RegressionCheck[];
}

export interface TrendTable {
  period: PeriodUnit;
  seed: number;
  resamples: number;
  threshold: number;
  minConversations: number;
  minMoments: number;
  standards: StandardRef[];
  programs: string[];
  periods: string[];
  /** Conversations left out of the trends because they carry no usable date. */
  undated: number;
  trends: StandardTrend[];
}

interface Tally {
  meetsWeight: number[];
  driftsWeight: number[];
  /** Coded moments (meets + drifts) per standard. */
  moments: number[];
}

function tallyOf(summary: TranscriptSummary, index: Map<string, number>, excluded: ReadonlySet<string>): Tally {
  const zeros = (): number[] => new Array<number>(index.size).fill(0);
  const t: Tally = { meetsWeight: zeros(), driftsWeight: zeros(), moments: zeros() };
  for (const [code, c] of Object.entries(summary.codes)) {
    const i = index.get(c.standard);
    if (i === undefined || excluded.has(code)) continue;
    const side = c.polarity === 'meets' ? t.meetsWeight : t.driftsWeight;
    side[i] = (side[i] as number) + c.weight;
    t.moments[i] = (t.moments[i] as number) + c.count;
  }
  return t;
}

/**
 * Share of in-line evidence (0–100) per standard, then overall, for a (re)sample of conversations.
 * Unsmoothed on purpose: the index's prior pulls a small period toward 50 more than its larger
 * pooled baseline, which would read as a drop that is not there. With no evidence the share is 50.
 */
function shares(tallies: PackedRows, pick: readonly number[] | undefined, sums?: Float64Array): number[] {
  const n = tallies.width / 2;
  const row = tallies.sum(pick, sums);
  const m = Array.from(row.subarray(0, n));
  const d = Array.from(row.subarray(n));
  const share = (a: number, b: number): number => (a + b > 0 ? (100 * a) / (a + b) : 50);
  const out = m.map((x, i) => share(x, d[i] as number));
  out.push(share(m.reduce((a, b) => a + b, 0), d.reduce((a, b) => a + b, 0)));
  return out;
}

/** Coded moments per standard, then overall, summed over conversations. */
function moments(tallies: readonly Tally[]): number[] {
  const n = tallies[0]?.moments.length ?? 0;
  const out = new Array<number>(n).fill(0);
  for (const t of tallies) for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (t.moments[i] as number);
  out.push(out.reduce((a, b) => a + b, 0));
  return out;
}

interface Comparison {
  period: number[];
  baseline: number[];
  intervals: { low: number; high: number }[];
}

/**
 * Bootstraps (period − baseline) for every standard at once, resampling conversations within the
 * period and within the baseline separately, so each side keeps its own size. The interval is the
 * difference ± t × standard error, the standard error from the two sides' bootstrap variances and t
 * at each statistic's `levels` entry with Welch–Satterthwaite degrees of freedom: percentile intervals from a handful of
 * conversations are too narrow, and t widens them honestly.
 */
function compare(
  period: readonly Tally[],
  baseline: readonly Tally[],
  resamples: number,
  levels: readonly number[],
  random: () => number,
): Comparison {
  // Each conversation's weights as one row: in-line weights per standard, then drifting ones.
  const pack = (tallies: readonly Tally[]): PackedRows => new PackedRows(tallies.map((t) => [...t.meetsWeight, ...t.driftsWeight]), 2 * (tallies[0]?.meetsWeight.length ?? 0));
  const [rowsA, rowsB] = [pack(period), pack(baseline)];
  const a = shares(rowsA, undefined);
  const b = shares(rowsB, undefined);
  const sideA: number[][] = a.map(() => []);
  const sideB: number[][] = b.map(() => []);
  const [pickA, pickB] = [new Array<number>(period.length), new Array<number>(baseline.length)];
  const [sumsA, sumsB] = [new Float64Array(rowsA.width), new Float64Array(rowsB.width)];
  for (let r = 0; r < resamples; r++) {
    shares(rowsA, resampleIndices(random, period.length, pickA), sumsA).forEach((x, i) => sideA[i]?.push(x));
    shares(rowsB, resampleIndices(random, baseline.length, pickB), sumsB).forEach((x, i) => sideB[i]?.push(x));
  }
  const na = period.length;
  const nb = baseline.length;
  const intervals = a.map((x, i) => {
    // A bootstrap variance over n clusters is (n−1)/n of the usual estimate; undo that on each side.
    const va = ((standardDeviation(sideA[i] as number[]) ** 2) * na) / (na - 1);
    const vb = ((standardDeviation(sideB[i] as number[]) ** 2) * nb) / (nb - 1);
    const se = Math.sqrt(va + vb);
    const df = va + vb > 0 ? (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1)) : Math.min(na, nb) - 1;
    const t = tQuantile(1 - (1 - (levels[i] as number)) / 2, Math.max(1, Math.floor(df)));
    const base = b[i] as number;
    const diff = x - base;
    // Shares live in 0–100, so the difference cannot leave [−base, 100 − base].
    return { low: Math.max(-base, diff - t * se), high: Math.min(100 - base, diff + t * se) };
  });
  return { period: a, baseline: b, intervals };
}

/**
 * Per program, per standard (and overall): the fidelity index in each period with its interval, and for
 * each period after the first a check of its share of in-line evidence against all earlier periods pooled.
 * A check is flagged as a regression when the whole interval of the difference (Bonferroni-adjusted within
 * its family of comparisons) lies below −threshold points.
 */
export function detectRegressions(summaries: readonly TranscriptSummary[], options: TrendOptions): TrendTable {
  const unit = options.period ?? 'quarter';
  const seed = options.seed ?? DEFAULT_SEED;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const threshold = options.threshold ?? DEFAULT_REGRESSION_THRESHOLD;
  const minConversations = options.minConversations ?? MIN_COMPARISON_CONVERSATIONS;
  const minMoments = options.minMoments ?? MIN_COMPARISON_MOMENTS;
  const excluded = new Set(options.excludeCodes ?? []);
  const standards = standardsFor(summaries, options.standards);
  const index = new Map(standards.map((s, i) => [s.id, i]));

  const byProgram = new Map<string, Map<string, TranscriptSummary[]>>();
  let undated = 0;
  for (const s of sortSummaries(summaries)) {
    const p = periodOf(s.date, unit);
    if (p === undefined) {
      undated += 1;
      continue;
    }
    const program = s.program ?? NOT_GIVEN;
    const periods = byProgram.get(program) ?? new Map<string, TranscriptSummary[]>();
    periods.set(p, [...(periods.get(p) ?? []), s]);
    byProgram.set(program, periods);
  }

  const programs = [...byProgram.keys()].sort(compareKeys);
  const allPeriods = new Set<string>();
  const trends: StandardTrend[] = [];
  for (const program of programs) {
    const periods = byProgram.get(program) as Map<string, TranscriptSummary[]>;
    const ordered = [...periods.keys()].sort(compareText);
    ordered.forEach((p) => allPeriods.add(p));
    const rows = ordered.map((p) =>
      scoreGroup(p, periods.get(p) as TranscriptSummary[], standards, {
        excluded,
        resamples,
        random: groupRandom(seed, `trend:${program}:${p}`),
      }),
    );
    const tallies = ordered.map((p) => (periods.get(p) as TranscriptSummary[]).map((s) => tallyOf(s, index, excluded)));
    const ids = [...standards.map((s) => s.id), OVERALL];
    const candidates = ordered.slice(1).map((p, k) => {
      const current = tallies[k + 1] as Tally[];
      const baseline = tallies.slice(0, k + 1).flat();
      const enough = current.length >= minConversations && baseline.length >= minConversations;
      const a = moments(current);
      const b = moments(baseline);
      return {
        period: p,
        baselinePeriods: ordered.slice(0, k + 1),
        current,
        baseline,
        momentsA: a,
        momentsB: b,
        comparable: ids.map((_, i) => enough && (a[i] as number) >= minMoments && (b[i] as number) >= minMoments),
      };
    });
    // Two families per program, each Bonferroni-adjusted over the comparisons actually made: the overall
    // index across periods, and the standards across standards × periods. Each family keeps its chance
    // of any false alarm within FAMILY_ALPHA, and the overall index is not drowned by the many thin ones.
    const overallAt = ids.length - 1;
    const overallComparisons = candidates.filter((c) => c.comparable[overallAt]).length;
    const standardComparisons = candidates.reduce((n, c) => n + c.comparable.slice(0, overallAt).filter(Boolean).length, 0);
    const levels = ids.map((_, i) => {
      const k = i === overallAt ? overallComparisons : standardComparisons;
      return k > 0 ? 1 - FAMILY_ALPHA / k : 0.95;
    });
    const results = candidates.map((c) =>
      c.comparable.some(Boolean) ? compare(c.current, c.baseline, resamples, levels, groupRandom(seed, `regression:${program}:${c.period}`)) : undefined,
    );
    ids.forEach((standard, i) => {
      const points: TrendPoint[] = rows.map((row) => ({
        period: row.key,
        conversations: row.conversations,
        fidelity: i < standards.length ? (row.standards[i]?.fidelity as Estimate) : row.overall,
      }));
      const checks: RegressionCheck[] = candidates.map((c, k) => {
        const check: RegressionCheck = {
          period: c.period,
          baseline: c.baselinePeriods,
          conversations: c.current.length,
          baselineConversations: c.baseline.length,
          moments: c.momentsA[i] as number,
          baselineMoments: c.momentsB[i] as number,
          status: 'too-few',
        };
        const result = results[k];
        if (!result || !c.comparable[i]) return check;
        const interval = result.intervals[i] as { low: number; high: number };
        const a = result.period[i] as number;
        const b = result.baseline[i] as number;
        check.share = round1(a);
        check.baselineShare = round1(b);
        check.difference = { value: round1(a - b), low: round1(interval.low), high: round1(interval.high) };
        check.level = round4(levels[i] as number);
        check.status = interval.high < -threshold ? 'regression' : 'no-clear-drop';
        return check;
      });
      trends.push({ program, standard, points, checks });
    });
  }
  return {
    period: unit,
    seed,
    resamples,
    threshold,
    minConversations,
    minMoments,
    standards,
    programs,
    periods: [...allPeriods].sort(compareText),
    undated,
    trends,
  };
}

