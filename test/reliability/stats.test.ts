// Agreement statistics against published worked examples, plus the degenerate cases.
import { describe, expect, it } from 'vitest';
import { PeerFidelityError } from '../../src/core/errors.js';
import {
  type CodedValue,
  type ReliabilityData,
  cohenKappa,
  cohenKappaFromTable,
  countsByUnit,
  fleissKappa,
  krippendorffAlpha,
  percentAgreement,
  scottPi,
} from '../../src/reliability/stats.js';

const _ = null;

/** Coders as rows, as the sources print them, turned into units × coders. */
function byUnit(coders: (CodedValue | null)[][]): ReliabilityData {
  const units = Math.max(...coders.map((c) => c.length));
  return Array.from({ length: units }, (_u, u) => coders.map((c) => c[u] ?? null));
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §C: 4 observers × 12 units.
const krippendorffC = byUnit([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]);

// The Wikipedia / fast-krippendorff example: 3 coders × 15 units.
const wikipedia = byUnit([
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
]);

/** Cohen's 2×2 textbook example: 50 proposals, readers A and B. */
function grantProposals(): ReliabilityData {
  const rows: CodedValue[][] = [];
  const add = (a: string, b: string, n: number): void => {
    for (let i = 0; i < n; i++) rows.push([a, b]);
  };
  add('yes', 'yes', 20);
  add('yes', 'no', 5);
  add('no', 'yes', 10);
  add('no', 'no', 15);
  return rows;
}

// Fleiss (1971), the Wikipedia worked example: 10 subjects, 14 raters, 5 categories.
const fleiss1971 = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

function valueOf(estimate: { value: number | null }): number {
  if (estimate.value === null) throw new Error('expected a defined statistic');
  return estimate.value;
}

describe("Krippendorff's alpha", () => {
  it('matches Krippendorff (2011) §C at every level', () => {
    expect(valueOf(krippendorffAlpha(krippendorffC, { level: 'nominal' }))).toBeCloseTo(0.743, 3);
    expect(valueOf(krippendorffAlpha(krippendorffC, { level: 'ordinal' }))).toBeCloseTo(0.815, 3);
    expect(valueOf(krippendorffAlpha(krippendorffC, { level: 'interval' }))).toBeCloseTo(0.849, 3);
    expect(valueOf(krippendorffAlpha(krippendorffC, { level: 'ratio' }))).toBeCloseTo(0.797, 3);
  });

  it('drops the unpairable unit 12 and counts the pairable values', () => {
    const alpha = krippendorffAlpha(krippendorffC);
    expect(alpha.pairableUnits).toBe(11);
    expect(alpha.pairableValues).toBe(40);
  });

  it('gives the same values for ordered text labels when told their order', () => {
    const labels = ['very low', 'low', 'mid', 'high', 'very high'];
    const asLabels = krippendorffC.map((row) => row.map((v) => (typeof v === 'number' ? labels[v - 1]! : null)));
    expect(valueOf(krippendorffAlpha(asLabels, { level: 'ordinal', order: labels }))).toBeCloseTo(0.815, 3);
    expect(valueOf(krippendorffAlpha(asLabels, { level: 'nominal' }))).toBeCloseTo(0.743, 3);
  });

  it('matches the Wikipedia / fast-krippendorff example', () => {
    expect(valueOf(krippendorffAlpha(wikipedia, { level: 'nominal' }))).toBeCloseTo(0.691358, 6);
    expect(valueOf(krippendorffAlpha(wikipedia, { level: 'interval' }))).toBeCloseTo(0.810845, 6);
    expect(valueOf(krippendorffAlpha(wikipedia, { level: 'ordinal' }))).toBeCloseTo(0.806721, 6);
    expect(valueOf(krippendorffAlpha(wikipedia, { level: 'ratio' }))).toBeCloseTo(0.808944, 6);
  });

  it('is 0.400 on the 2×2 grant proposal table', () => {
    expect(valueOf(krippendorffAlpha(grantProposals()))).toBeCloseTo(0.4, 3);
  });

  it('is 1 for perfect agreement with more than one value', () => {
    expect(krippendorffAlpha([[1, 1], [2, 2], [1, 1, 1]]).value).toBe(1);
  });

  it('is undefined (null with a reason) when the whole domain has one value', () => {
    const alpha = krippendorffAlpha([[1, 1], [1, 1, 1], [1, _]]);
    expect(alpha.value).toBeNull();
    if (alpha.value === null) expect(alpha.reason).toMatch(/only one value/);
  });

  it('is undefined when no unit has two values', () => {
    const alpha = krippendorffAlpha([[1, _], [_, 2]]);
    expect(alpha.value).toBeNull();
    if (alpha.value === null) expect(alpha.reason).toMatch(/two or more coders/);
    expect(alpha.pairableUnits).toBe(0);
  });

  it('refuses a single coder', () => {
    expect(() => krippendorffAlpha([[1], [2], [1]])).toThrow(/at least two coders/);
    expect(() => krippendorffAlpha([[1], [2]])).toThrow(expect.objectContaining({ name: 'PeerFidelityError', code: 'reliability/one-coder' }));
  });

  it('refuses labels at the interval level and unordered labels at the ordinal level', () => {
    expect(() => krippendorffAlpha([['a', 'b'], ['b', 'b']], { level: 'interval' })).toThrow(PeerFidelityError);
    expect(() => krippendorffAlpha([['a', 'b'], ['b', 'b']], { level: 'ordinal' })).toThrow(/order/);
    expect(() => krippendorffAlpha([[-1, 2], [2, 2]], { level: 'ratio' })).toThrow(/zero or more/);
  });

  it('does not count a category nobody used', () => {
    const withUnused = krippendorffAlpha(krippendorffC, { level: 'ordinal', order: [0, 1, 2, 3, 4, 5, 6] });
    expect(valueOf(withUnused)).toBeCloseTo(0.815, 3);
  });
});

describe("Cohen's kappa, Scott's pi, percent agreement", () => {
  it('match the 2×2 textbook example', () => {
    const data = grantProposals();
    expect(valueOf(percentAgreement(data))).toBeCloseTo(0.7, 10);
    expect(valueOf(cohenKappa(data))).toBeCloseTo(0.4, 3);
    expect(valueOf(scottPi(data))).toBeCloseTo(0.393939, 6);
  });

  it('kappa from the table equals kappa from the data', () => {
    expect(valueOf(cohenKappaFromTable([[20, 5], [10, 15]]))).toBeCloseTo(valueOf(cohenKappa(grantProposals())), 12);
  });

  it('use only the units both coders coded', () => {
    const data = [...grantProposals(), ['yes', _], [_, 'no']];
    expect(valueOf(cohenKappa(data))).toBeCloseTo(0.4, 3);
    expect(valueOf(percentAgreement(data))).toBeCloseTo(0.7, 10);
  });

  it('are undefined when both coders gave one value throughout, and agreement is then 1', () => {
    const data = [['no', 'no'], ['no', 'no']];
    expect(cohenKappa(data).value).toBeNull();
    expect(scottPi(data).value).toBeNull();
    expect(percentAgreement(data).value).toBe(1);
  });

  it('kappa needs exactly two coders', () => {
    expect(() => cohenKappa([[1], [2]])).toThrow(/at least two coders/);
    expect(() => cohenKappa([[1, 2, 1]])).toThrow(/exactly two coders/);
  });

  it('percent agreement with three coders averages the agreeing pairs per unit', () => {
    // unit 1: all agree (1); unit 2: one pair of three agrees (1/3).
    expect(valueOf(percentAgreement([['a', 'a', 'a'], ['a', 'a', 'b']]))).toBeCloseTo((1 + 1 / 3) / 2, 12);
  });
});

describe("Fleiss' kappa", () => {
  it('matches Fleiss (1971)', () => {
    expect(valueOf(fleissKappa(fleiss1971))).toBeCloseTo(0.21, 3);
  });

  it("equals Scott's pi with two coders, from the counts of the data", () => {
    expect(valueOf(fleissKappa(countsByUnit(grantProposals()).counts))).toBeCloseTo(0.393939, 6);
  });

  it('is undefined when every unit has the same single category', () => {
    expect(fleissKappa([[3, 0], [3, 0]]).value).toBeNull();
  });

  it('is undefined when units have different numbers of coders', () => {
    const kappa = fleissKappa([[2, 1], [1, 1]]);
    expect(kappa.value).toBeNull();
    if (kappa.value === null) expect(kappa.reason).toMatch(/same number of coders/);
  });

  it('refuses a single coder', () => {
    expect(() => fleissKappa([[1, 0], [0, 1]])).toThrow(/at least two coders/);
  });
});
