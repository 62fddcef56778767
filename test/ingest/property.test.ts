// Property tests: parseContent never throws anything but PeerFidelityError and accounts for every turn.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PeerFidelityError } from '../../src/core/errors.js';
import { ROLES } from '../../src/core/types.js';
import { parseContent } from '../../src/ingest/index.js';
import { accountedFor } from './fixtures.js';

const NAMES = ['x.csv', 'x.tsv', 'x.txt', 'x.json', 'x.jsonl', 'x.vtt', 'x.srt', 'x.docx'];

/** Pieces of every format, so random text reaches past the first checks of each reader. */
const TOKENS = [
  '\n', '\r\n', '\r', '\uFEFF', ',', ';', '\t', '"', ':', ' ', '[', ']', '{', '}', '<v Sam>', '</v>', '&amp;',
  'WEBVTT\n\n', '00:00:01.000 --> 00:00:02.000\n', '00:00:01,000 --> 00:00:02,000\n', '1\n', '\n\n',
  'Helper: ', 'Helpee; ', 'Peer Helper 3 ', 'Sam Lee  0:03\n', '[00:01:02] Alex: ', '12\n',
  'transcript_id,turn,speaker,role,text\n', 'speaker;text\n', 'a,1,Helper,,Hi\n', 'a,1,Helpee,staff,"x\ny"\n',
  '{"turns":[', '{"speaker":"Helper","text":"hi"}', '{"transcript_id":"a","turn":1,"speaker":"S","text":"t"}\n', ']}',
  'date', '2024-13-45', 'é', 'e\u0301', '😔', '\u0000',
];

const structured = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

const inputs: [string, fc.Arbitrary<string | Uint8Array>][] = [
  ['binary strings', fc.string({ unit: 'binary', maxLength: 300 })],
  ['grapheme strings', fc.string({ unit: 'grapheme', maxLength: 300 })],
  ['format-shaped text', structured],
  ['raw bytes', fc.uint8Array({ maxLength: 300 })],
];

describe('parseContent on arbitrary input', () => {
  it.each(inputs)('never throws anything but PeerFidelityError and accounts for every turn (%s)', async (label, arbitrary) => {
    let withTurns = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, fc.constantFrom(...NAMES), async (content, name) => {
        let parsed;
        try {
          parsed = await parseContent(content, name);
        } catch (error) {
          if (error instanceof PeerFidelityError) return;
          throw error;
        }
        expect(accountedFor(parsed)).toBe(true);
        if (parsed.transcripts.length > 0) withTurns++;
        for (const t of parsed.transcripts) {
          expect(t.turns.length).toBeGreaterThan(0);
          expect(new Set(t.turns.map((x) => x.index)).size).toBe(t.turns.length);
          for (const turn of t.turns) {
            expect(turn.text).toBe(turn.text.trim());
            expect(turn.text).not.toBe('');
            expect(turn.text).toBe(turn.text.normalize('NFC'));
            expect(ROLES).toContain(turn.role);
            expect(Number.isInteger(turn.index) && turn.index >= 1).toBe(true);
            expect(Number.isInteger(turn.sourceLine) && turn.sourceLine >= 1).toBe(true);
          }
        }
        for (const p of parsed.problems) {
          expect(p.file).toBe(name);
          if (p.line !== undefined) expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
        }
      }),
      { seed: 20240301, numRuns: 400 },
    );
    // The property must not pass only because nothing was ever read.
    if (label === 'format-shaped text') expect(withTurns).toBeGreaterThan(20);
  });
});
