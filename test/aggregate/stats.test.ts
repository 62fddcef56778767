import { describe, expect, it } from 'vitest';
import { hashSeed, normalQuantile, PackedRows, percentileInterval, quantileSorted, resampleIndices, tQuantile } from '../../src/aggregate/stats.js';
import { seededRandom } from '../../src/core/random.js';

describe('statistics helpers', () => {
  it('match printed table values for normal and t quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.95996, 4);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.09023, 4);
    // Student t, from any printed table.
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.303, 3);
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.571, 3);
    expect(tQuantile(0.975, 11)).toBeCloseTo(2.201, 3);
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.169, 3);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.962, 3);
  });

  it('takes type-7 quantiles and central intervals', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileInterval([5, 1, 4, 2, 3], 0.5)).toEqual({ low: 2, high: 4 });
  });

  it('hashes keys to stable seeds', () => {
    expect(hashSeed('program:A')).toBe(hashSeed('program:A'));
    expect(hashSeed('program:A')).not.toBe(hashSeed('program:B'));
  });
});

describe('PackedRows', () => {
  it('sums the picked rows exactly as a loop over the rows does, repeats and order included', () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 40 }, () => Array.from({ length: 5 }, () => random() * 1e3 - 500));
    const packed = new PackedRows(rows, 5);
    const pick = resampleIndices(random, rows.length);
    const naive = [0, 0, 0, 0, 0];
    for (const k of pick) rows[k]!.forEach((x, j) => (naive[j] = naive[j]! + x));
    expect(Array.from(packed.sum(pick))).toEqual(naive);
    const all = [0, 0, 0, 0, 0];
    for (const row of rows) row.forEach((x, j) => (all[j] = all[j]! + x));
    expect(Array.from(packed.sum(undefined, new Float64Array(5).fill(7)))).toEqual(all);
  });
});

