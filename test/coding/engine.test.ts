// The coding engine: roles, spans, determinism, coverage, warnings, and identical results with and without the pre-filter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCodebookDir, loadCodebook } from '../../src/codebook/index.js';
import { codeTranscript, LONG_TURN_CHARACTERS } from '../../src/coding/index.js';
import type { Role, Transcript } from '../../src/core/types.js';
import { parseLabelled } from '../../src/evaluate/labelled.js';

const ROOT = join(import.meta.dirname, '../..');
const meadMacneil = await loadCodebook(defaultCodebookDir());
const local = await loadCodebook(join(ROOT, 'test/fixtures/codebooks/local-standards'));

function transcript(turns: [Role, string][]): Transcript {
  return {
    id: 't1',
    source: { file: 't1.txt', format: 'txt' },
    turns: turns.map(([role, text], i) => ({ index: i + 1, speaker: role === 'supporter' ? 'Sam' : 'Ari', role, text, sourceLine: i + 1 })),
    meta: {},
  };
}

const codesOf = (t: Transcript, turn: number) =>
  codeTranscript(t, meadMacneil).findings.filter((f) => f.turn === turn).map((f) => f.code).sort();

describe('codeTranscript', () => {
  it('codes the supporter’s response, not the supported person’s clinical words', () => {
    const t = transcript([
      ['supported', 'My symptoms are out of control and I am non-compliant with my meds, they say.'],
      ['supporter', 'You seem really symptomatic today, honestly.'],
    ]);
    expect(codesOf(t, 1)).toEqual([]);
    expect(codesOf(t, 2)).toContain('clinical-language');
  });

  it('gives each finding a span whose slice is its evidence, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.constantFrom('You should really go.', 'Are you safe?', 'my caseload', 'I feel scared when you go quiet.'), fc.string({ maxLength: 40 }), (a, middle, b) => {
        const text = `${a} ${middle} ${b}`;
        const coded = codeTranscript(transcript([['supporter', text]]), meadMacneil);
        for (const f of coded.findings) {
          expect(text.slice(f.span.start, f.span.end)).toBe(f.evidence);
          expect(f.evidence.length).toBeGreaterThan(0);
          expect(f.confidence).toBeGreaterThan(0);
          expect(f.confidence).toBeLessThanOrEqual(1);
        }
      }),
      { seed: 20261125, numRuns: 200 },
    );
  });

  it('is deterministic and stamps codebook and coder', () => {
    const t = transcript([['supported', 'I cannot go today.'], ['supporter', 'What was going on for you this morning? You should rest.']]);
    const a = codeTranscript(t, meadMacneil);
    const b = codeTranscript(t, meadMacneil);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.findings[0]?.codebook).toEqual({ id: 'mead-macneil', version: meadMacneil.version });
    expect(a.findings[0]?.coder).toMatch(/^auto@/);
  });

  it('reports coverage per role and the turns it could not code', () => {
    const t = transcript([['supported', 'hi'], ['supporter', 'mm-hmm'], ['supporter', 'You must go to the meeting.'], ['staff', 'Noted.']]);
    const coded = codeTranscript(t, local);
    expect(coded.coverage).toEqual([
      { role: 'supported', turns: 1, coded: 0 },
      { role: 'supporter', turns: 2, coded: 1 },
      { role: 'staff', turns: 1, coded: 0 },
    ]);
    expect(coded.uncodedTurns).toEqual([2]);
  });

  it('warns, rather than failing, on empty, very long and other-language turns', () => {
    const long = 'You must go. '.repeat(Math.ceil(LONG_TURN_CHARACTERS / 10));
    const t = transcript([
      ['supporter', '   '],
      ['supporter', long],
      ['supporter', 'Tengo que decirte algo muy importante sobre mañana, por favor escucha bien ahora mismo.'],
    ]);
    const coded = codeTranscript(t, local);
    expect(coded.warnings.map((w) => w.code)).toEqual(['coding/empty-turn', 'coding/long-turn', 'coding/other-language']);
    expect(coded.findings.some((f) => f.turn === 2 && f.code === 'gives-orders')).toBe(true);
  });

  it('works with a codebook other than Mead & MacNeil', () => {
    const coded = codeTranscript(transcript([['supporter', 'What matters most to you right now?']]), local);
    expect(coded.findings.map((f) => [f.code, f.evidence])).toEqual([['asks-what-matters', 'What matters']]);
  });

  it('gives identical results with and without the pre-filter on the labelled corpus', () => {
    const records = ['dev.jsonl', 'test.jsonl'].flatMap((f) =>
      parseLabelled(readFileSync(join(ROOT, 'test/fixtures/labelled', f), 'utf8'), f),
    );
    const all = transcript(records.map((r) => [r.role, r.text] as [Role, string]));
    const fast = codeTranscript(all, meadMacneil, { prefilter: true });
    const full = codeTranscript(all, meadMacneil, { prefilter: false });
    expect(fast.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
  });
});
