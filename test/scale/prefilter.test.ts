// "Cheap first": skipping part-of-speech tagging for sentences no pattern can match changes nothing, on a generated corpus.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCodebookDir, loadCodebook } from '../../src/codebook/index.js';
import { codeTranscript } from '../../src/coding/index.js';
import type { Transcript } from '../../src/core/types.js';
import { syntheticRows } from '../../src/scale/index.js';

/** The synthetic rows as transcripts, without going through files. */
function corpus(turns: number, seed: number): Transcript[] {
  const byId = new Map<string, Transcript>();
  let line = 1;
  for (const row of syntheticRows({ turns, seed })) {
    line++;
    const t = byId.get(row.transcript_id) ?? { id: row.transcript_id, source: { file: 'synthetic.csv', format: 'csv' as const }, turns: [], meta: {} };
    byId.set(row.transcript_id, t);
    t.turns.push({ index: row.turn, speaker: row.speaker, role: row.role, text: row.text, sourceLine: line });
  }
  return [...byId.values()];
}

describe('the pattern pre-filter', () => {
  const transcripts = corpus(1500, 99);

  it('gives identical results with and without it, with a codebook of patterns', async () => {
    const codebook = await loadCodebook(join(import.meta.dirname, 'fixtures/patterns-codebook'));
    expect(codebook.patterns.entries.length).toBe(4);
    expect(codebook.patterns.untriggered).toEqual([]);
    const fast = transcripts.map((t) => codeTranscript(t, codebook, { prefilter: true }));
    const full = transcripts.map((t) => codeTranscript(t, codebook, { prefilter: false }));
    // The corpus must make patterns fire, or the comparison would prove nothing.
    const kinds = new Set(fast.flatMap((c) => c.findings.map((f) => f.matcher.id)));
    expect(kinds).toEqual(new Set(['tells-what-to-do/you-should-verb', 'tells-what-to-do/make-sure', 'asks-about-feeling/how-feel', 'asks-about-feeling/what-like']));
    expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
  });

  it('gives identical results with and without it, with the shipped codebook', async () => {
    const codebook = await loadCodebook(defaultCodebookDir());
    const sample = transcripts.slice(0, 8);
    const fast = sample.map((t) => codeTranscript(t, codebook, { prefilter: true }));
    const full = sample.map((t) => codeTranscript(t, codebook, { prefilter: false }));
    expect(fast.reduce((n, c) => n + c.findings.length, 0)).toBeGreaterThan(20);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
  });
});
