// The regex literal pre-filter never skips a sentence its regex matches: on real regexes, real text and random ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCodebookDir, readCodebookSource } from '../../src/codebook/index.js';
import { splitSentences } from '../../src/coding/index.js';
import { codebookRegex } from '../../src/coding/matchers.js';
import { ALWAYS, LiteralIndex } from '../../src/coding/literal-index.js';
import { foldForLiterals, mayMatch, requiredLiterals } from '../../src/coding/literals.js';
import { syntheticRows } from '../../src/scale/index.js';

const ROOT = join(import.meta.dirname, '../..');

describe('requiredLiterals', () => {
  it('finds the words a regex cannot match without', () => {
    expect(requiredLiterals(String.raw`\byou (?:should|must)\b`)).toEqual(['you must', 'you should']);
    expect(requiredLiterals('colou?r')).toEqual(['color', 'colour']);
    expect(requiredLiterals(String.raw`\b(?:I|we) feel (?:\w+ )?scared\b`)).toEqual(['scared']);
    expect(requiredLiterals(String.raw`don['’]t`)).toEqual(["don't", 'don’t']);
    expect(requiredLiterals(String.raw`(?<=\bteam\b[^.?!]*)\bunwell\b`)).toEqual(['unwell']);
  });

  it('gives up when it cannot tell, rather than guess', () => {
    expect(requiredLiterals(String.raw`\w+`)).toBeUndefined();
    expect(requiredLiterals('a|bc')).toBeUndefined();
    expect(requiredLiterals(String.raw`(\w+) \1`)).toBeUndefined();
    expect(requiredLiterals('(?:maybe)?')).toBeUndefined();
    expect(requiredLiterals(String.raw`[^a]bcd`)).toEqual(['bcd']);
  });

  it('never rules out a sentence that a regex of the shipped codebook matches', { timeout: 240_000 }, () => {
    const source = readCodebookSource(defaultCodebookDir());
    const regexes = source.codes.flatMap((c) => c.matchers.flatMap((m) => [m.regex, ...(m.unless ?? []), m.previous].filter((r): r is string => typeof r === 'string')));
    const labelled = ['dev.jsonl', 'test.jsonl'].flatMap((f) =>
      readFileSync(join(ROOT, 'test/fixtures/labelled', f), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text),
    );
    const texts = [...labelled, ...[...syntheticRows({ turns: 600, seed: 5 })].map((r) => r.text)];
    const sentences = texts.flatMap((t) => splitSentences(t).map((s) => s.text));
    let matched = 0;
    let skipped = 0;
    for (const regex of regexes) {
      const literals = requiredLiterals(regex);
      // Compiled as the engine compiles it (unicode mode only when the regex needs it).
      const compiled = codebookRegex(regex);
      for (const sentence of sentences) {
        const may = mayMatch(literals, foldForLiterals(sentence));
        if (!may) skipped++;
        if (compiled.test(sentence)) {
          matched++;
          expect(may, `${regex} matches "${sentence}"`).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(500);
    // Most checks are skipped: that is the point of the filter.
    expect(skipped / (regexes.length * sentences.length)).toBeGreaterThan(0.5);
  });

  it('never rules out a match of a random regex, with or without the u flag, whatever the case of the text (ſ and K included)', () => {
    const char = fc.constantFrom('a', 'b', 'k', 's', 'A', 'S', ' ', "'", '’', 'é', '😀', '-');
    const atom: fc.Arbitrary<string> = fc.oneof(
      char.map((c) => (c === '-' ? String.raw`\-` : c)),
      fc.constantFrom('[ab]', '[^a]', '[a-c]', '[sk]', String.raw`\w`, String.raw`\s`, '.', String.raw`\b`, '^', '$', String.raw`\x61`, String.raw`\u{1F600}`),
    );
    const regex = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.array(tie('node'), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')),
        fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts) => `(?:${parts.join('|')})`),
        fc.tuple(tie('node'), fc.constantFrom('?', '*', '+', '{1,2}', '{2}', '??', '+?')).map(([n, q]) => `(?:${n})${q}`),
        fc.tuple(fc.constantFrom('(?=', '(?!', '(?<=', '(?<!', '('), tie('node')).map(([open, n]) => `${open}${n})`),
      ),
    })).node;
    const text = fc.array(fc.constantFrom('a', 'b', 'k', 's', 'A', 'B', 'K', 'S', 'ſ', 'K', ' ', "'", '’', 'é', 'É', '😀', '-', 'c'), { maxLength: 14 }).map((cs) => cs.join(''));
    let analysed = 0;
    let ruledOut = 0;
    fc.assert(
      fc.property(regex, fc.array(text, { minLength: 1, maxLength: 8 }), (source, texts) => {
        // With and without the u flag: the engine leaves unicode mode for regexes that do not need it.
        const compiled: RegExp[] = [];
        for (const flags of ['iu', 'i']) {
          try {
            compiled.push(new RegExp(source, flags));
          } catch {
            // Not valid in this mode (e.g. \u{…} without u): nothing to check.
          }
        }
        if (compiled.length === 0) return;
        const literals = requiredLiterals(source, 1);
        if (literals) analysed++;
        for (const t of texts) {
          const may = mayMatch(literals, foldForLiterals(t));
          if (!may) ruledOut++;
          for (const re of compiled) if (re.test(t)) expect(may, `/${source}/${re.flags} on "${t}"`).toBe(true);
        }
      }),
      { seed: 20261125, numRuns: 3000 },
    );
    // The random regexes must often get literals, and the literals must often rule text out, or this proves little.
    expect(analysed).toBeGreaterThan(1000);
    expect(ruledOut).toBeGreaterThan(1000);
  });
});

describe('LiteralIndex', () => {
  it('says exactly what the literals say, one regex at a time, even next to combining marks, emoji and joiners', () => {
    const sources = [String.raw`\byou (?:should|must)\b`, 'colou?r', String.raw`don['’]t`, 'cafe', '[ab]c', String.raw`\w+`, '→+', String.raw`\?`];
    const index = new LiteralIndex();
    const ids = sources.map((s) => index.add(s));
    // A regex without literals, or with literals outside the index's alphabet, must always run.
    expect(ids[sources.indexOf(String.raw`\w+`)]).toBe(ALWAYS);
    expect(ids[sources.indexOf('→+')]).toBe(ALWAYS);
    const piece = fc.constantFrom('you should', 'YOU MUST', 'colour', 'color', "don't", 'don’t', 'cafe', 'café', 'cafe\u0301', 'e\u0301', 'bc', 'ac', '?', '👍🏽', '👨‍👩‍👧', '\u200d', '\ufe0f', 'İ', 'ſ', ' ', 'x', '→', '\r\n', '\t');
    let ruledOut = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), (text) => {
        const may = index.scan(text);
        sources.forEach((source, i) => {
          const id = ids[i] as number;
          if (id === ALWAYS) return;
          const expected = mayMatch(requiredLiterals(source, 1), foldForLiterals(text));
          if (!expected) ruledOut++;
          expect(may[id] === 1, `${source} on ${JSON.stringify(text)}`).toBe(expected);
        });
      }),
      { seed: 7, numRuns: 2000 },
    );
    expect(ruledOut).toBeGreaterThan(1000);
  });

  it('refuses new regexes once it has scanned (its automaton is built)', () => {
    const index = new LiteralIndex();
    index.add('hello');
    index.scan('hello there');
    expect(() => index.add('world')).toThrow(/after the first scan/);
  });
});
