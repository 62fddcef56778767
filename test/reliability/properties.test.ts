// Properties of the agreement statistics over random data (fixed seed, so runs repeat).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterBootstrap } from '../../src/reliability/bootstrap.js';
import { type ReliabilityData, cohenKappa, krippendorffAlpha, percentAgreement, scottPi } from '../../src/reliability/stats.js';

const SEED = 20240611;
const RUNS = 200;

/** Units × coders with values 0..3 or missing. */
const dataArb = (minCoders: number, maxCoders: number): fc.Arbitrary<(number | null)[][]> =>
  fc.integer({ min: minCoders, max: maxCoders }).chain((coders) =>
    fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 4 }), { minLength: coders, maxLength: coders }), {
      minLength: 1,
      maxLength: 25,
    }),
  );

function same(a: { value: number | null }, b: { value: number | null }): void {
  if (a.value === null) expect(b.value).toBeNull();
  else expect(b.value).toBeCloseTo(a.value, 9);
}

const permute = <T>(items: readonly T[], order: readonly number[]): T[] => order.map((i) => items[i]!);
const orderArb = (n: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n });

describe('invariance', () => {
  it('alpha and percent agreement do not depend on the order of coders, units or the names of categories', () => {
    fc.assert(
      fc.property(
        dataArb(2, 4).chain((data) => fc.tuple(fc.constant(data), orderArb(data.length), orderArb(data[0]!.length), orderArb(4))),
        ([data, unitOrder, coderOrder, relabel]) => {
          const moved: ReliabilityData = permute(data, unitOrder).map((row) =>
            permute(row, coderOrder).map((v) => (v === null ? null : `label-${relabel[v]}`)),
          );
          same(krippendorffAlpha(data), krippendorffAlpha(moved));
          same(percentAgreement(data), percentAgreement(moved));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("Cohen's kappa and Scott's pi do not depend on which coder is first, the order of units or category names", () => {
    fc.assert(
      fc.property(
        dataArb(2, 2).chain((data) => fc.tuple(fc.constant(data), orderArb(data.length), orderArb(4))),
        ([data, unitOrder, relabel]) => {
          const moved: ReliabilityData = permute(data, unitOrder).map(([a, b]) => [b, a].map((v) => (v == null ? null : `label-${relabel[v]}`)));
          same(cohenKappa(data), cohenKappa(moved));
          same(scottPi(data), scottPi(moved));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('bounds and perfect agreement', () => {
  it('kappa, pi and alpha are at most 1; agreement lies in [0, 1]', () => {
    fc.assert(
      fc.property(dataArb(2, 2), (data) => {
        for (const estimate of [cohenKappa(data), scottPi(data), krippendorffAlpha(data)]) {
          if (estimate.value !== null) expect(estimate.value).toBeLessThanOrEqual(1 + 1e-12);
        }
        const agreement = percentAgreement(data);
        if (agreement.value !== null) {
          expect(agreement.value).toBeGreaterThanOrEqual(0);
          expect(agreement.value).toBeLessThanOrEqual(1);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('perfect agreement over more than one category gives 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 20 }).filter((xs) => new Set(xs).size > 1),
        fc.integer({ min: 2, max: 5 }),
        (values, coders) => {
          const data = values.map((v) => Array.from({ length: coders }, () => v));
          expect(krippendorffAlpha(data).value).toBeCloseTo(1, 12);
          for (const level of ['ordinal', 'interval', 'ratio'] as const) expect(krippendorffAlpha(data, { level }).value).toBeCloseTo(1, 12);
          expect(percentAgreement(data).value).toBe(1);
          if (coders === 2) expect(cohenKappa(data).value).toBeCloseTo(1, 12);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('bootstrap', () => {
  const clusters: ReliabilityData[] = [
    [[1, 1], [0, 1], [0, 0]],
    [[1, 1], [1, 1], [0, 0], [0, 1]],
    [[0, 0], [1, 0]],
    [[1, 1], [0, 0], [0, 0]],
    [[1, 0], [1, 1]],
  ];
  const alphaOfSample = (sample: readonly ReliabilityData[]): number | null => krippendorffAlpha(sample.flat()).value;

  it('gives the same interval for the same seed, whatever the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const a = clusterBootstrap(clusters, alphaOfSample, { replicates: 200, seed });
        const b = clusterBootstrap(clusters, alphaOfSample, { replicates: 200, seed });
        expect(b).toEqual(a);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});
