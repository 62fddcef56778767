// The cluster bootstrap: percentile intervals, resampling by transcript, and when no interval can be given.
import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_METHOD,
  bootstrapSettings,
  clusterBootstrap,
  percentileInterval,
  quantileSorted,
  resampleIndices,
} from '../../src/reliability/bootstrap.js';

describe('percentile intervals', () => {
  it('interpolates between order statistics', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(quantileSorted(values, 0.025)).toBeCloseTo(2.5, 12);
    expect(quantileSorted(values, 0.975)).toBeCloseTo(97.5, 12);
    expect(quantileSorted([4], 0.5)).toBe(4);
    const ci = percentileInterval([...values].reverse(), 0.9);
    expect(ci.lower).toBeCloseTo(5, 12);
    expect(ci.upper).toBeCloseTo(95, 12);
  });

  it('leaves out a few undefined replicates, but gives no interval when many are undefined', () => {
    const some = [...Array.from({ length: 95 }, (_, i) => i / 100), null, null, null, null, null];
    expect(percentileInterval(some, 0.95)).toMatchObject({ validReplicates: 95 });
    const many = [...Array.from({ length: 80 }, () => 0.5), ...Array.from({ length: 20 }, () => null)];
    expect(percentileInterval(many, 0.95)).toEqual({ lower: null, upper: null, reason: expect.stringMatching(/undefined in 20 of 100 resamples/) });
  });
});

describe('clusterBootstrap', () => {
  const clusters = [[1, 1, 1], [0], [1, 0], [0, 0, 0, 1], [1]];
  const share = (sample: readonly number[][]): number | null => {
    const all = sample.flat();
    return all.length === 0 ? null : all.reduce((s, x) => s + x, 0) / all.length;
  };

  it('resamples whole clusters with replacement, the same ones for the same seed', () => {
    const settings = bootstrapSettings({ replicates: 50, seed: 11 });
    const a = resampleIndices(5, settings);
    expect(a).toHaveLength(50);
    expect(a.every((s) => s.length === 5 && s.every((i) => i >= 0 && i < 5))).toBe(true);
    expect(a.some((s) => new Set(s).size < 5)).toBe(true);
    expect(resampleIndices(5, settings)).toEqual(a);
    expect(resampleIndices(5, bootstrapSettings({ replicates: 50, seed: 12 }))).not.toEqual(a);
  });

  it('brackets the estimate within the range the clusters allow', () => {
    const ci = clusterBootstrap(clusters, share, { replicates: 500, seed: 3 });
    if (ci.lower === null) throw new Error(ci.reason);
    expect(ci.lower).toBeLessThan(share(clusters)!);
    expect(ci.upper).toBeGreaterThan(share(clusters)!);
    expect(ci.lower).toBeGreaterThanOrEqual(0);
    expect(ci.upper).toBeLessThanOrEqual(1);
  });

  it('needs two clusters', () => {
    expect(clusterBootstrap([[1, 0]], share)).toEqual({ lower: null, upper: null, reason: expect.stringMatching(/at least two transcripts/) });
  });

  it('reports its settings and refuses nonsense', () => {
    expect(bootstrapSettings()).toEqual({ method: BOOTSTRAP_METHOD, replicates: 2000, seed: 1, level: 0.95 });
    expect(() => bootstrapSettings({ replicates: 0 })).toThrow(/whole number of 1 or more/);
    expect(() => bootstrapSettings({ seed: 1.5 })).toThrow(/seed must be a whole number/);
    expect(() => bootstrapSettings({ level: 1 })).toThrow(/between 0 and 1/);
  });
});
