// Sentences and words: offsets into the turn, and the same words whichever of the two word scanners reads the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences, tokenize } from '../../src/coding/analyze.js';

/** The words as the unicode scanner alone finds them (the reference for the ASCII fast path). */
function unicodeWords(text: string): string[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)].map((m) => `${m[0]}@${m.index}`);
}

describe('splitSentences', () => {
  it('gives each sentence exactly the words tokenize finds in its own text', () => {
    const piece = fc.constantFrom('a', 'Zoë', 'don’t', "it's", ' ', '  ', '\n', '\n\n', '.', '!', '?', '…', '"', '”', "'", '’', ')', 'Dr.', 'J.', 'u.', 'I.', 'e.g.', 'café', 'e\u0301', '😀', '-', '3rd', '\t');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }).map((p) => p.join('')), (text) => {
        for (const s of splitSentences(text)) {
          expect(s.tokens, JSON.stringify(text)).toEqual(tokenize(text.slice(s.start, s.end), s.start));
        }
      }),
      { seed: 12, numRuns: 3000 },
    );
  });
});

describe('tokenize', () => {
  it('finds the same words at the same offsets in ASCII text as the unicode scanner does', () => {
    const ascii = fc.array(fc.constantFrom('a', 'Z', '0', '9', "'", ' ', '-', '.', '_', '\n', 'it', "isn't", "'s"), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(ascii, (text) => {
        expect(tokenize(text).map((t) => `${t.text}@${t.start}`)).toEqual(unicodeWords(text));
      }),
      { seed: 11, numRuns: 3000 },
    );
  });

  it('keeps accented letters, curly apostrophes and digits inside words, and lower-cases with a straight apostrophe', () => {
    const tokens = tokenize('Naïve’s CAFÉ 3rd isn’t');
    expect(tokens.map((t) => t.text)).toEqual(['Naïve’s', 'CAFÉ', '3rd', 'isn’t']);
    expect(tokens.map((t) => t.lower)).toEqual(["naïve's", 'café', '3rd', "isn't"]);
    expect(tokens[1]).toMatchObject({ start: 8, end: 12 });
  });
});

describe('splitSentences', () => {
  it('splits at end marks and line breaks, keeps "Dr." inside, and keeps offsets into the turn', () => {
    const text = 'I saw Dr. Patel today. Was it ok?\nYes!';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['I saw Dr. Patel today.', 'Was it ok?', 'Yes!']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('ends a sentence after a one-letter chat word ("u.", "I.") but not after an initial ("J.")', () => {
    expect(splitSentences('love u. see you sat').map((s) => s.text)).toEqual(['love u.', 'see you sat']);
    expect(splitSentences('It was J. Smith who called.').map((s) => s.text)).toEqual(['It was J. Smith who called.']);
    expect(splitSentences('Not me, I. Then what?').map((s) => s.text)).toEqual(['Not me, I.', 'Then what?']);
  });
});
