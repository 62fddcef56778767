// Agreement statistics over a units × coders table: percent agreement, Cohen's kappa, Scott's pi, Fleiss' kappa, Krippendorff's alpha.
import { PeerFidelityError } from '../core/errors.js';

/** One coder's value for one unit: a category label or a number. */
export type CodedValue = string | number;

/**
 * Reliability data: one row per unit, one column per coder (the same column is the same coder
 * in every row). `null` or `undefined` means that coder gave no value for that unit.
 */
export type ReliabilityData = ReadonlyArray<ReadonlyArray<CodedValue | null | undefined>>;

/** A statistic, or `null` with the reason it is undefined for these data (never NaN, never a stand-in 1). */
export type Estimate = { value: number } | { value: null; reason: string };

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export const ALPHA_LEVELS: readonly AlphaLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/** Values are compared with `Object.is` semantics through Map keys, so 1 and '1' are different categories. */
export interface Coincidences {
  /** The distinct values, in the order the matrix uses. */
  values: CodedValue[];
  /** Symmetric: `matrix[c][k]` is o_ck. */
  matrix: number[][];
  /** Units with values from two or more coders (the others are unpairable and dropped). */
  pairableUnits: number;
}

export type AlphaEstimate = Estimate & { pairableUnits: number; pairableValues: number };

export interface AlphaOptions {
  level?: AlphaLevel;
  /** Rank order of the categories, lowest first: needed for ordinal alpha over text labels. */
  order?: readonly CodedValue[];
}

// A rounding guard: chance agreement computed as 0.9999999999 is still total.
const EPSILON = 1e-12;

function present(value: CodedValue | null | undefined): value is CodedValue {
  return value !== null && value !== undefined;
}

function coderCount(data: ReliabilityData): number {
  return data.reduce((max, row) => Math.max(max, row.length), 0);
}

/** Thrown when there is only one coder: agreement between coders cannot be measured at all. */
export function oneCoderError(detail = 'only one coder\'s values were given'): PeerFidelityError {
  return new PeerFidelityError(
    'reliability/one-coder',
    `agreement needs at least two coders, but ${detail}. Give codings from two or more people (or a person and the engine) for the same turns.`,
  );
}

function requireTwoOrMoreCoders(data: ReliabilityData): void {
  if (coderCount(data) < 2) throw oneCoderError();
}

function requireExactlyTwoCoders(data: ReliabilityData, statistic: string): void {
  const coders = coderCount(data);
  if (coders < 2) throw oneCoderError();
  if (coders > 2) {
    throw new PeerFidelityError(
      'reliability/not-two-coders',
      `${statistic} compares exactly two coders, but ${coders} coders were given. Use Fleiss' kappa or Krippendorff's alpha for three or more coders.`,
    );
  }
}

/**
 * Share of agreeing coder pairs per unit, averaged over the units that at least two coders coded.
 * With two coders this is the plain share of units on which they gave the same value.
 */
export function percentAgreement(data: ReliabilityData): Estimate {
  requireTwoOrMoreCoders(data);
  let sum = 0;
  let units = 0;
  for (const row of data) {
    const values = row.filter(present);
    if (values.length < 2) continue;
    let agreeing = 0;
    for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) if (values[i] === values[j]) agreeing++;
    sum += agreeing / ((values.length * (values.length - 1)) / 2);
    units++;
  }
  if (units === 0) return { value: null, reason: 'no unit was coded by two or more coders, so there is nothing to compare' };
  return { value: sum / units };
}

/** The two coders' joint counts over units both coded: `table[i][j]` counts (first = values[i], second = values[j]). */
export interface ContingencyTable {
  values: CodedValue[];
  table: number[][];
}

export function contingencyTable(data: ReliabilityData): ContingencyTable {
  requireExactlyTwoCoders(data, 'A two-coder table');
  const index = new Map<CodedValue, number>();
  const pairs: [CodedValue, CodedValue][] = [];
  for (const row of data) {
    const [a, b] = row;
    if (!present(a) || !present(b)) continue;
    pairs.push([a, b]);
    for (const v of [a, b]) if (!index.has(v)) index.set(v, index.size);
  }
  const values = [...index.keys()];
  const table = values.map(() => values.map(() => 0));
  for (const [a, b] of pairs) table[index.get(a)!]![index.get(b)!]!++;
  return { values, table };
}

function tableSums(table: readonly (readonly number[])[]): { n: number; rows: number[]; cols: number[]; diagonal: number } {
  const rows = table.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = table.map((_, j) => table.reduce((s, row) => s + (row[j] ?? 0), 0));
  const diagonal = table.reduce((s, row, i) => s + (row[i] ?? 0), 0);
  return { n: rows.reduce((s, x) => s + x, 0), rows, cols, diagonal };
}

function chanceCorrected(observed: number, chance: number, statistic: string): Estimate {
  if (1 - chance < EPSILON) {
    return {
      value: null,
      reason: `both coders gave one and the same value to every unit, so chance agreement is total and ${statistic} is undefined`,
    };
  }
  return { value: (observed - chance) / (1 - chance) };
}

/** Cohen's kappa from a square two-coder table (rows: first coder, columns: second coder). */
export function cohenKappaFromTable(table: readonly (readonly number[])[]): Estimate {
  const { n, rows, cols, diagonal } = tableSums(table);
  if (n === 0) return { value: null, reason: 'no unit was coded by both coders' };
  const chance = rows.reduce((s, r, i) => s + (r / n) * ((cols[i] ?? 0) / n), 0);
  return chanceCorrected(diagonal / n, chance, "Cohen's kappa");
}

/** Scott's pi: like Cohen's kappa, but chance agreement comes from both coders' values pooled. */
export function scottPiFromTable(table: readonly (readonly number[])[]): Estimate {
  const { n, rows, cols, diagonal } = tableSums(table);
  if (n === 0) return { value: null, reason: 'no unit was coded by both coders' };
  const chance = rows.reduce((s, r, i) => s + ((r + (cols[i] ?? 0)) / (2 * n)) ** 2, 0);
  return chanceCorrected(diagonal / n, chance, "Scott's pi");
}

/** Cohen's kappa for exactly two coders, over the units both coded. */
export function cohenKappa(data: ReliabilityData): Estimate {
  requireExactlyTwoCoders(data, "Cohen's kappa");
  return cohenKappaFromTable(contingencyTable(data).table);
}

/** Scott's pi for exactly two coders, over the units both coded. */
export function scottPi(data: ReliabilityData): Estimate {
  requireExactlyTwoCoders(data, "Scott's pi");
  return scottPiFromTable(contingencyTable(data).table);
}

/** Per unit, how many coders gave each value: the input `fleissKappa` takes. Units with no value are left out. */
export function countsByUnit(data: ReliabilityData): { values: CodedValue[]; counts: number[][] } {
  const index = new Map<CodedValue, number>();
  for (const row of data) for (const v of row) if (present(v) && !index.has(v)) index.set(v, index.size);
  const counts: number[][] = [];
  for (const row of data) {
    const values = row.filter(present);
    if (values.length === 0) continue;
    const unit = Array.from({ length: index.size }, () => 0);
    for (const v of values) unit[index.get(v)!]!++;
    counts.push(unit);
  }
  return { values: [...index.keys()], counts };
}

/**
 * Fleiss' kappa from counts: one row per unit, one column per category, each cell the number of
 * coders who put that unit in that category. Every unit needs the same number of coders.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): Estimate {
  if (counts.length === 0) return { value: null, reason: 'there are no units' };
  const raters = counts.map((row) => row.reduce((s, x) => s + x, 0));
  const n = raters[0] ?? 0;
  if (raters.every((r) => r < 2)) throw oneCoderError('no unit has values from more than one coder');
  if (raters.some((r) => r !== n)) {
    return {
      value: null,
      reason: `Fleiss' kappa needs the same number of coders on every unit (found between ${Math.min(...raters)} and ${Math.max(...raters)}); use Krippendorff's alpha, which allows missing values`,
    };
  }
  const units = counts.length;
  const categories = Math.max(...counts.map((row) => row.length));
  let observed = 0;
  for (const row of counts) observed += (row.reduce((s, x) => s + x * x, 0) - n) / (n * (n - 1));
  observed /= units;
  let chance = 0;
  for (let j = 0; j < categories; j++) {
    const share = counts.reduce((s, row) => s + (row[j] ?? 0), 0) / (units * n);
    chance += share * share;
  }
  if (1 - chance < EPSILON) {
    return { value: null, reason: "every coder put every unit in the same category, so Fleiss' kappa is undefined" };
  }
  return { value: (observed - chance) / (1 - chance) };
}

/**
 * The coincidence matrix: each unit with m ≥ 2 values adds 1/(m − 1) for every ordered pair of
 * values from different coders. Units with fewer than two values are unpairable and dropped.
 */
export function coincidences(data: ReliabilityData): Coincidences {
  const index = new Map<CodedValue, number>();
  const units: CodedValue[][] = [];
  for (const row of data) {
    const values = row.filter(present);
    if (values.length < 2) continue;
    units.push(values);
    for (const v of values) if (!index.has(v)) index.set(v, index.size);
  }
  const values = [...index.keys()];
  const matrix = values.map(() => values.map(() => 0));
  for (const unit of units) {
    const weight = 1 / (unit.length - 1);
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i !== j) matrix[index.get(unit[i]!)!]![index.get(unit[j]!)!]! += weight;
      }
    }
  }
  return { values, matrix, pairableUnits: units.length };
}

function numericValues(values: readonly CodedValue[], level: AlphaLevel): number[] {
  return values.map((v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new PeerFidelityError(
        'reliability/not-numeric',
        `${level} alpha needs numbers, but the data contain ${JSON.stringify(v)}. Use nominal (or ordinal, with the category order) for labels.`,
      );
    }
    if (level === 'ratio' && v < 0) {
      throw new PeerFidelityError(
        'reliability/negative-ratio',
        `ratio alpha needs values of zero or more, but the data contain ${v}. Use interval alpha for values that can be negative.`,
      );
    }
    return v;
  });
}

/** Ranks of the values (0 = lowest) from the given order, or numerically for numbers. */
function ordinalRanks(values: readonly CodedValue[], order: readonly CodedValue[] | undefined): number[] {
  if (order) {
    return values.map((v) => {
      const rank = order.indexOf(v);
      if (rank < 0) {
        throw new PeerFidelityError(
          'reliability/value-not-in-order',
          `ordinal alpha: the value ${JSON.stringify(v)} is not in the category order given (${order.map((o) => JSON.stringify(o)).join(', ')}). Add it to the order.`,
        );
      }
      return rank;
    });
  }
  const numbers = values.map((v) => {
    if (typeof v !== 'number') {
      throw new PeerFidelityError(
        'reliability/ordinal-needs-order',
        `ordinal alpha over text labels needs the order of the categories (the data contain ${JSON.stringify(v)}); pass \`order\`, lowest first.`,
      );
    }
    return v;
  });
  const sorted = [...numbers].sort((a, b) => a - b);
  return numbers.map((v) => sorted.indexOf(v));
}

/** Squared distance between every two values, for the level of measurement. */
function distances(values: readonly CodedValue[], totals: readonly number[], level: AlphaLevel, order?: readonly CodedValue[]): number[][] {
  const k = values.length;
  const square = (f: (c: number, d: number) => number): number[][] =>
    Array.from({ length: k }, (_, c) => Array.from({ length: k }, (_, d) => f(c, d)));
  switch (level) {
    case 'nominal':
      return square((c, d) => (c === d ? 0 : 1));
    case 'interval': {
      const x = numericValues(values, level);
      return square((c, d) => (x[c]! - x[d]!) ** 2);
    }
    case 'ratio': {
      const x = numericValues(values, level);
      return square((c, d) => (x[c]! + x[d]! === 0 ? 0 : ((x[c]! - x[d]!) / (x[c]! + x[d]!)) ** 2));
    }
    case 'ordinal': {
      const ranks = ordinalRanks(values, order);
      // The sum of n_g over the ranks between c and d, from the values in rank order.
      const byRank = ranks.map((rank, i) => ({ rank, n: totals[i]! })).sort((a, b) => a.rank - b.rank);
      const between = (lo: number, hi: number): number => byRank.filter((g) => g.rank >= lo && g.rank <= hi).reduce((s, g) => s + g.n, 0);
      return square((c, d) => {
        if (c === d) return 0;
        const lo = Math.min(ranks[c]!, ranks[d]!);
        const hi = Math.max(ranks[c]!, ranks[d]!);
        return (between(lo, hi) - (totals[c]! + totals[d]!) / 2) ** 2;
      });
    }
  }
}

/** Krippendorff's alpha from a coincidence matrix. */
export function alphaFromCoincidences(c: Coincidences, options: AlphaOptions = {}): AlphaEstimate {
  const level = options.level ?? 'nominal';
  const totals = c.matrix.map((row) => row.reduce((s, x) => s + x, 0));
  const n = totals.reduce((s, x) => s + x, 0);
  const counts = { pairableUnits: c.pairableUnits, pairableValues: Math.round(n) };
  if (c.pairableUnits === 0 || n === 0) {
    return { value: null, reason: 'no unit was coded by two or more coders, so there is nothing to compare', ...counts };
  }
  const used = totals.map((t, i) => (t > 0 ? i : -1)).filter((i) => i >= 0);
  if (used.length < 2) {
    const only = c.values[used[0] ?? 0];
    return {
      value: null,
      reason: `every value in the data is ${JSON.stringify(only)}: with only one value in the whole domain there is no variation to agree on, so alpha is undefined`,
      ...counts,
    };
  }
  const delta = distances(c.values, totals, level, options.order);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < c.values.length; i++) {
    for (let j = 0; j < c.values.length; j++) {
      observed += c.matrix[i]![j]! * delta[i]![j]!;
      expected += totals[i]! * totals[j]! * delta[i]![j]!;
    }
  }
  if (expected === 0) {
    return { value: null, reason: 'the values never differ on this scale, so expected disagreement is zero and alpha is undefined', ...counts };
  }
  return { value: 1 - ((n - 1) * observed) / expected, ...counts };
}

/**
 * Krippendorff's alpha for any number of coders, with missing values allowed, at the nominal,
 * ordinal, interval or ratio level.
 */
export function krippendorffAlpha(data: ReliabilityData, options: AlphaOptions = {}): AlphaEstimate {
  requireTwoOrMoreCoders(data);
  return alphaFromCoincidences(coincidences(data), options);
}
