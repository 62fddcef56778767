import { describe, expect, it } from 'vitest';
import { summarizeTranscript } from '../../src/aggregate/summary.js';
import { aggregate, MIN_CONVERSATIONS } from '../../src/aggregate/scores.js';
import { buildScoreFile, mergeScoreFiles, parseScoreFile } from '../../src/aggregate/score-file.js';
import { PeerFidelityError } from '../../src/core/errors.js';
import { seededRandom } from '../../src/core/random.js';
import { STANDARD_CORPUS, TEST_CODEBOOK, generateCorpus } from '../fixtures/report/synthetic.js';

const corpus = generateCorpus(STANDARD_CORPUS);
const summaries = corpus.map((c) => summarizeTranscript(c, TEST_CODEBOOK));
const codebook = { id: TEST_CODEBOOK.id, version: TEST_CODEBOOK.version, standards: TEST_CODEBOOK.standards };

describe('aggregate', () => {
  it('scores each program with intervals that contain the point estimate', () => {
    const table = aggregate(summaries, { standards: TEST_CODEBOOK.standards, by: 'program', resamples: 300 });
    expect(table.rows.map((r) => r.key)).toEqual(['Harbor Peer Center', 'Northside Team', 'Valley Warmline']);
    for (const row of table.rows) {
      expect(row.conversations).toBe(24);
      for (const e of [row.overall, row.driftIndex, ...row.standards.map((s) => s.fidelity)]) {
        expect(e.low).toBeLessThanOrEqual(e.value);
        expect(e.high).toBeGreaterThanOrEqual(e.value);
      }
    }
    const harbor = table.rows[0];
    const northside = table.rows[1];
    expect(harbor && northside && harbor.overall.value > northside.overall.value).toBe(true);
  });

  it('is deterministic and independent of input order', () => {
    const shuffled = [...summaries].reverse();
    const a = aggregate(summaries, { standards: TEST_CODEBOOK.standards, by: 'period', resamples: 200 });
    const b = aggregate(shuffled, { standards: TEST_CODEBOOK.standards, by: 'period', resamples: 200 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.rows.map((r) => r.key)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
  });

  it('changes intervals with the seed but not point estimates', () => {
    const a = aggregate(summaries, { standards: TEST_CODEBOOK.standards, by: 'site', resamples: 200, seed: 1 });
    const b = aggregate(summaries, { standards: TEST_CODEBOOK.standards, by: 'site', resamples: 200, seed: 2 });
    expect(b.rows.map((r) => r.overall.value)).toEqual(a.rows.map((r) => r.overall.value));
    expect(b.rows.map((r) => r.overall.low)).not.toEqual(a.rows.map((r) => r.overall.low));
  });

  it('warns when a group has fewer than the minimum number of conversations', () => {
    const few = summaries.slice(0, MIN_CONVERSATIONS - 1);
    const table = aggregate(few, { standards: TEST_CODEBOOK.standards, by: 'program', resamples: 50 });
    expect(table.rows[0]?.warnings).toContain('few-conversations');
    const enough = aggregate(summaries.slice(0, MIN_CONVERSATIONS), { standards: TEST_CODEBOOK.standards, by: 'program', resamples: 50 });
    expect(enough.rows[0]?.warnings).not.toContain('few-conversations');
  });

  it('reports who asks, shares and offers, and the supported person’s own contributions', () => {
    const table = aggregate(summaries, { standards: TEST_CODEBOOK.standards, by: 'program', resamples: 20 });
    const m = table.rows[0]?.mutuality;
    expect(m?.supportedTurns).toBeGreaterThan(0);
    expect(m?.questions.supported).toBeGreaterThan(0);
    expect(m?.questions.supportedShare).toBeCloseTo((m?.questions.supported ?? 0) / ((m?.questions.supported ?? 0) + (m?.questions.supporter ?? 0)), 3);
    expect(m?.supportedCodes['reciprocal-help']).toBeGreaterThan(0);
  });
});

describe('score files merge into exactly the scores of the whole', () => {
  const whole = JSON.stringify(buildScoreFile(summaries, codebook, { resamples: 200 }), null, 2);

  for (const seed of [1, 2, 3]) {
    it(`split at random (seed ${seed}), scored in parts, merged: byte-identical`, () => {
      const random = seededRandom(seed);
      const parts: (typeof summaries)[] = [[], []];
      for (const s of summaries) parts[random() < 0.5 ? 0 : 1]?.push(s);
      const files = parts.map((p, i) =>
        parseScoreFile(JSON.stringify(buildScoreFile(p, codebook, { resamples: 200 }), null, 2), `part${i + 1}.json`),
      );
      expect(JSON.stringify(mergeScoreFiles(files), null, 2)).toBe(whole);
    });
  }

  it('can regroup when merging', () => {
    const half = Math.floor(summaries.length / 2);
    const files = [summaries.slice(0, half), summaries.slice(half)].map((p, i) =>
      parseScoreFile(JSON.stringify(buildScoreFile(p, codebook, { resamples: 200 })), `p${i}.json`),
    );
    const merged = mergeScoreFiles(files, { by: 'site' });
    expect(JSON.stringify(merged)).toBe(JSON.stringify(buildScoreFile(summaries, codebook, { resamples: 200, by: 'site' })));
  });

  it('refuses parts from different codebooks, duplicated conversations and files that are not score files', () => {
    const a = parseScoreFile(JSON.stringify(buildScoreFile(summaries.slice(0, 3), codebook, { resamples: 10 })), 'a.json');
    const b = parseScoreFile(
      JSON.stringify(buildScoreFile(summaries.slice(3, 6), { ...codebook, version: '9.9.9' }, { resamples: 10 })),
      'b.json',
    );
    expect(() => mergeScoreFiles([a, b])).toThrowError(expect.objectContaining({ code: 'merge/codebook-mismatch' }));
    expect(() => mergeScoreFiles([a, a])).toThrowError(expect.objectContaining({ code: 'merge/duplicate-transcript' }));
    expect(() => parseScoreFile('{"kind":"something else"}', 'x.json')).toThrowError(PeerFidelityError);
    expect(() => parseScoreFile('not json', 'y.json')).toThrowError(/y\.json is not JSON/);
  });
});
