// Fidelity scores per transcript or per group of conversations, with bootstrap intervals over conversations.
import { compareText } from '../core/order.js';
import type { Role } from '../core/types.js';
import { type PeriodUnit, periodOf } from './period.js';
import { fidelityIndex, groupRandom, PackedRows, per100, percentileInterval, resampleIndices, round1 } from './stats.js';
import { type TranscriptSummary, sortSummaries } from './summary.js';

export type GroupBy = 'transcript' | 'program' | 'period' | 'site' | 'setting';
export const GROUP_BYS: readonly GroupBy[] = ['transcript', 'program', 'period', 'site', 'setting'];

/** The group key for conversations that do not say their program, site, setting or date. */
export const NOT_GIVEN = '(not given)';

export const DEFAULT_SEED = 2006;
export const DEFAULT_RESAMPLES = 2000;
/** Groups with fewer conversations than this carry a `few-conversations` warning. */
export const MIN_CONVERSATIONS = 5;
/** Fewer supporter findings than this (for a standard, or overall) is flagged as low evidence. */
export const LOW_EVIDENCE_FINDINGS = 3;

export interface StandardRef {
  id: string;
  label: string;
}

export interface ScoreOptions {
  standards: readonly StandardRef[];
  by: GroupBy;
  period?: PeriodUnit;
  seed?: number;
  resamples?: number;
  /** Codes left out of every score (e.g. not reliable enough on these transcripts). */
  excludeCodes?: readonly string[];
}

/** A point estimate, with a 95% bootstrap interval for groups of conversations. */
export interface Estimate {
  value: number;
  low?: number;
  high?: number;
}

export interface StandardScore {
  standard: string;
  meets: number;
  drifts: number;
  meetsPer100: number;
  driftsPer100: number;
  fidelity: Estimate;
  lowEvidence: boolean;
}

export interface RoleBalance {
  supporter: number;
  supported: number;
  /** supported ÷ (supporter + supported); null when neither did it. */
  supportedShare: number | null;
}

export interface Mutuality {
  supportedTurns: number;
  questions: RoleBalance;
  sharing: RoleBalance;
  offers: RoleBalance;
  /** Findings on the supported person's turns (their own contributions, e.g. help offered back), per code. */
  supportedCodes: Record<string, number>;
  supportedFindings: number;
}

export type ScoreWarning = 'few-conversations' | 'low-evidence';

export interface ScoreRow {
  key: string;
  conversations: number;
  supporterTurns: number;
  uncodedSupporterTurns: number;
  standards: StandardScore[];
  overall: Estimate;
  overallLowEvidence: boolean;
  /** Drift findings per 100 supporter turns. */
  driftIndex: Estimate;
  mutuality: Mutuality;
  warnings: ScoreWarning[];
}

export interface ScoreTable {
  by: GroupBy;
  period: PeriodUnit;
  seed: number;
  resamples: number;
  standards: StandardRef[];
  excludedCodes: string[];
  rows: ScoreRow[];
}

/** Per-transcript sums laid out as numbers, so resampling is cheap. */
interface Vector {
  meetsWeight: number[];
  driftsWeight: number[];
  meets: number[];
  drifts: number[];
  supporterTurns: number;
}

function vectorOf(summary: TranscriptSummary, index: Map<string, number>, excluded: ReadonlySet<string>): Vector {
  const n = index.size;
  const v: Vector = {
    meetsWeight: new Array<number>(n).fill(0),
    driftsWeight: new Array<number>(n).fill(0),
    meets: new Array<number>(n).fill(0),
    drifts: new Array<number>(n).fill(0),
    supporterTurns: summary.supporterTurns,
  };
  for (const [code, tally] of Object.entries(summary.codes)) {
    if (excluded.has(code)) continue;
    const i = index.get(tally.standard);
    if (i === undefined) continue;
    if (tally.polarity === 'meets') {
      v.meetsWeight[i] = (v.meetsWeight[i] as number) + tally.weight;
      v.meets[i] = (v.meets[i] as number) + tally.count;
    } else {
      v.driftsWeight[i] = (v.driftsWeight[i] as number) + tally.weight;
      v.drifts[i] = (v.drifts[i] as number) + tally.count;
    }
  }
  return v;
}

/** A vector's numbers as one row (see PackedRows): meets weights, drifts weights, meets, drifts, supporter turns. */
function vectorRow(v: Vector): number[] {
  return [...v.meetsWeight, ...v.driftsWeight, ...v.meets, ...v.drifts, v.supporterTurns];
}

function rowVector(row: Float64Array, n: number): Vector {
  return {
    meetsWeight: Array.from(row.subarray(0, n)),
    driftsWeight: Array.from(row.subarray(n, 2 * n)),
    meets: Array.from(row.subarray(2 * n, 3 * n)),
    drifts: Array.from(row.subarray(3 * n, 4 * n)),
    supporterTurns: row[4 * n]!,
  };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Every statistic that gets an interval, in a fixed order: one per standard, overall, drift index. */
function statistics(v: Vector): number[] {
  const out = v.meetsWeight.map((m, i) => fidelityIndex(m, v.driftsWeight[i] as number));
  out.push(fidelityIndex(sum(v.meetsWeight), sum(v.driftsWeight)));
  out.push(per100(sum(v.drifts), v.supporterTurns));
  return out;
}

/** Standards in codebook order, then any standard only the findings mention (sorted), so nothing is dropped silently. */
export function standardsFor(summaries: readonly TranscriptSummary[], standards: readonly StandardRef[]): StandardRef[] {
  const known = new Set(standards.map((s) => s.id));
  const extra = new Set<string>();
  for (const s of summaries) for (const t of Object.values(s.codes)) if (!known.has(t.standard)) extra.add(t.standard);
  return [...standards.map((s) => ({ id: s.id, label: s.label })), ...[...extra].sort(compareText).map((id) => ({ id, label: id }))];
}

export function groupKey(summary: TranscriptSummary, by: GroupBy, period: PeriodUnit): string {
  switch (by) {
    case 'transcript':
      return summary.id;
    case 'program':
      return summary.program ?? NOT_GIVEN;
    case 'site':
      return summary.site ?? NOT_GIVEN;
    case 'setting':
      return summary.setting ?? NOT_GIVEN;
    case 'period':
      return periodOf(summary.date, period) ?? NOT_GIVEN;
  }
}

/** Sorts keys as text, keeping the "not given" group last. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (a === NOT_GIVEN) return 1;
  if (b === NOT_GIVEN) return -1;
  return compareText(a, b);
}

function balance(supporter: number, supported: number): RoleBalance {
  const total = supporter + supported;
  return { supporter, supported, supportedShare: total > 0 ? round1((100 * supported) / total) / 100 : null };
}

function mutualityOf(summaries: readonly TranscriptSummary[]): Mutuality {
  const get = (role: Role, field: 'turns' | 'questionTurns' | 'sharingTurns' | 'offerTurns'): number =>
    sum(summaries.map((s) => s.roles[role]?.[field] ?? 0));
  const supportedCodes: Record<string, number> = {};
  for (const s of summaries) {
    for (const [code, n] of Object.entries(s.roles.supported?.codes ?? {})) supportedCodes[code] = (supportedCodes[code] ?? 0) + n;
  }
  const sortedCodes: Record<string, number> = {};
  for (const code of Object.keys(supportedCodes).sort(compareText)) sortedCodes[code] = supportedCodes[code] as number;
  return {
    supportedTurns: get('supported', 'turns'),
    questions: balance(get('supporter', 'questionTurns'), get('supported', 'questionTurns')),
    sharing: balance(get('supporter', 'sharingTurns'), get('supported', 'sharingTurns')),
    offers: balance(get('supporter', 'offerTurns'), get('supported', 'offerTurns')),
    supportedCodes: sortedCodes,
    supportedFindings: sum(Object.values(sortedCodes)),
  };
}

function estimate(value: number, interval?: { low: number; high: number }): Estimate {
  return interval ? { value: round1(value), low: round1(interval.low), high: round1(interval.high) } : { value: round1(value) };
}

/**
 * Scores a set of conversations as one unit. With `random`, adds percentile intervals from resampling
 * whole conversations (a cluster bootstrap: turns in one conversation are not independent).
 */
export function scoreGroup(
  key: string,
  summaries: readonly TranscriptSummary[],
  standards: readonly StandardRef[],
  options: { excluded: ReadonlySet<string>; resamples: number; random?: () => number; minConversations?: number },
): ScoreRow {
  const index = new Map(standards.map((s, i) => [s.id, i]));
  // Standards are counted only when there is something to count (an empty group has empty vectors).
  const n = summaries.length > 0 ? index.size : 0;
  const rows = new PackedRows(summaries.map((s) => vectorRow(vectorOf(s, index, options.excluded))), 4 * n + 1);
  const total = rowVector(rows.sum(undefined), n);
  const point = statistics(total);
  let intervals: { low: number; high: number }[] | undefined;
  if (options.random && summaries.length > 0) {
    const replicates: number[][] = point.map(() => []);
    const pick = new Array<number>(summaries.length);
    const sums = new Float64Array(rows.width);
    for (let b = 0; b < options.resamples; b++) {
      const stats = statistics(rowVector(rows.sum(resampleIndices(options.random, summaries.length, pick), sums), n));
      stats.forEach((x, i) => replicates[i]?.push(x));
    }
    intervals = replicates.map((r) => percentileInterval(r));
  }
  const at = (i: number): Estimate => estimate(point[i] as number, intervals?.[i]);
  const scores: StandardScore[] = standards.map((s, i) => {
    const meets = total.meets[i] as number;
    const drifts = total.drifts[i] as number;
    return {
      standard: s.id,
      meets,
      drifts,
      meetsPer100: round1(per100(meets, total.supporterTurns)),
      driftsPer100: round1(per100(drifts, total.supporterTurns)),
      fidelity: at(i),
      lowEvidence: meets + drifts < LOW_EVIDENCE_FINDINGS,
    };
  });
  const findings = sum(total.meets) + sum(total.drifts);
  const warnings: ScoreWarning[] = [];
  if (options.minConversations !== undefined && summaries.length < options.minConversations) warnings.push('few-conversations');
  if (findings < LOW_EVIDENCE_FINDINGS) warnings.push('low-evidence');
  return {
    key,
    conversations: summaries.length,
    supporterTurns: total.supporterTurns,
    uncodedSupporterTurns: sum(summaries.map((s) => s.uncodedSupporterTurns)),
    standards: scores,
    overall: at(standards.length),
    overallLowEvidence: findings < LOW_EVIDENCE_FINDINGS,
    driftIndex: at(standards.length + 1),
    mutuality: mutualityOf(summaries),
    warnings,
  };
}

/** Groups summaries by `by`, in canonical order (keys sorted, members sorted by id). */
export function groupSummaries(
  summaries: readonly TranscriptSummary[],
  by: GroupBy,
  period: PeriodUnit,
): { key: string; members: TranscriptSummary[] }[] {
  const groups = new Map<string, TranscriptSummary[]>();
  for (const s of sortSummaries(summaries)) {
    const key = groupKey(s, by, period);
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  return [...groups.keys()].sort(compareKeys).map((key) => ({ key, members: groups.get(key) as TranscriptSummary[] }));
}

/**
 * The score table. Transcripts are scored alone (no interval); groups get bootstrap intervals seeded
 * from `seed` and the group's key, so the same conversations always give the same bytes, however
 * they were batched.
 */
export function aggregate(summaries: readonly TranscriptSummary[], options: ScoreOptions): ScoreTable {
  const period = options.period ?? 'quarter';
  const seed = options.seed ?? DEFAULT_SEED;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const excluded = new Set(options.excludeCodes ?? []);
  const standards = standardsFor(summaries, options.standards);
  const rows = groupSummaries(summaries, options.by, period).map(({ key, members }) =>
    options.by === 'transcript'
      ? scoreGroup(key, members, standards, { excluded, resamples })
      : scoreGroup(key, members, standards, {
          excluded,
          resamples,
          random: groupRandom(seed, `${options.by}:${key}`),
          minConversations: MIN_CONVERSATIONS,
        }),
  );
  return { by: options.by, period, seed, resamples, standards, excludedCodes: [...excluded].sort(compareText), rows };
}
