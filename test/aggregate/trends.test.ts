import { describe, expect, it } from 'vitest';
import { summarizeTranscript } from '../../src/aggregate/summary.js';
import { OVERALL, detectRegressions } from '../../src/aggregate/trends.js';
import { TEST_CODEBOOK, generateCorpus, type ProgramSpec } from '../fixtures/report/synthetic.js';

function series(seed: number, program: ProgramSpec, perQuarter = 12, resamples = 1000) {
  const corpus = generateCorpus({ seed, programs: [program], quarters: [1, 2, 3, 4], perQuarter });
  return detectRegressions(
    corpus.map((c) => summarizeTranscript(c, TEST_CODEBOOK)),
    { standards: TEST_CODEBOOK.standards, resamples },
  );
}

const flagged = (table: ReturnType<typeof detectRegressions>) =>
  table.trends.flatMap((t) => t.checks.filter((c) => c.status === 'regression').map((c) => `${t.standard}@${c.period}`));

describe('detectRegressions', () => {
  it('flags nothing on a stable, noisy series', () => {
    const stable: ProgramSpec = { name: 'Stable', site: 'S', driftShare: () => 0.3 };
    const table = series(1, stable);
    expect(table.trends.flatMap((t) => t.checks.map((c) => c.status)).every((s) => s === 'no-clear-drop')).toBe(true);
    expect(flagged(table)).toEqual([]);
  });

  it('keeps false alarms within the stated 5% per family over 100 stable series', () => {
    const stable: ProgramSpec = { name: 'Stable', site: 'S', driftShare: () => 0.3 };
    let overallAlarms = 0;
    let standardAlarms = 0;
    for (let seed = 101; seed <= 200; seed++) {
      const hits = flagged(series(seed, stable, 12, 500));
      if (hits.some((h) => h.startsWith(`${OVERALL}@`))) overallAlarms += 1;
      if (hits.some((h) => !h.startsWith(`${OVERALL}@`))) standardAlarms += 1;
    }
    expect(overallAlarms).toBeLessThanOrEqual(5);
    expect(standardAlarms).toBeLessThanOrEqual(5);
  });

  it('flags a real drop in the last quarter, overall and where the drop is large (10 seeds)', () => {
    const dropping: ProgramSpec = { name: 'Dropping', site: 'D', driftShare: (q) => (q < 3 ? 0.15 : 0.7) };
    for (let seed = 1; seed <= 10; seed++) {
      const table = series(seed, dropping);
      const overall = table.trends.find((t) => t.standard === OVERALL);
      const last = overall?.checks.at(-1);
      expect(last?.period).toBe('2025-Q4');
      expect(last?.baseline).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
      expect(last?.status).toBe('regression');
      expect(last?.difference?.high).toBeLessThan(-5);
      // Earlier quarters did not change, so they are never flagged.
      expect(flagged(table).filter((h) => !h.endsWith('2025-Q4'))).toEqual([]);
    }
  });

  it('does not compare periods with too few conversations', () => {
    const corpus = generateCorpus({ seed: 3, programs: [{ name: 'Tiny', site: 'T', driftShare: () => 0.3 }], quarters: [1, 2, 3, 4], perQuarter: 2 });
    const summaries = corpus.map((c) => summarizeTranscript(c, TEST_CODEBOOK));
    const strict = detectRegressions(summaries, { standards: TEST_CODEBOOK.standards, resamples: 100 });
    const overall = strict.trends.find((t) => t.standard === OVERALL);
    expect(overall?.checks.map((c) => c.status)).toEqual(['too-few', 'too-few', 'too-few']);
    expect(overall?.checks[0]?.difference).toBeUndefined();
    expect(overall?.points.map((p) => p.conversations)).toEqual([2, 2, 2, 2]);
    const lenient = detectRegressions(summaries, { standards: TEST_CODEBOOK.standards, resamples: 100, minConversations: 2 });
    expect(lenient.trends.find((t) => t.standard === OVERALL)?.checks.every((c) => c.difference !== undefined)).toBe(true);
  });

  it('leaves undated conversations out and counts them', () => {
    const corpus = generateCorpus({ seed: 5, programs: [{ name: 'U', site: 'U', driftShare: () => 0.2 }], quarters: [1], perQuarter: 4, undated: true });
    const table = detectRegressions(corpus.map((c) => summarizeTranscript(c, TEST_CODEBOOK)), { standards: TEST_CODEBOOK.standards, resamples: 10 });
    expect(table.undated).toBe(4);
    expect(table.trends).toEqual([]);
    expect(table.periods).toEqual([]);
  });
});
