// One pass over a sentence tells which codebook regexes could match it at all: their required literals in one Aho–Corasick automaton.
import AhoCorasick from 'modern-ahocorasick';
import { isAscii } from './analyze.js';
import { foldForLiterals, requiredLiterals } from './literals.js';

// The characters a literal may be made of. Each is a grapheme cluster of its own, and every other character of a
// text is replaced by \u0001 before the scan, so the automaton's grapheme matching is plain substring matching here
// (a combining mark after a letter would otherwise hide the letter from it).
const ALPHABET = '\\x20-\\x7e\\u2018\\u2019\\u201c\\u201d\\u2013\\u2014\\u2026';
const ONLY_ALPHABET = new RegExp(`^[${ALPHABET}]+$`);
const OUTSIDE_ALPHABET = new RegExp(`[^${ALPHABET}]`, 'g');

/** A filter id for a regex that has no usable literals: it may match anything. */
export const ALWAYS = -1;

export class LiteralIndex {
  /** Literal → the filters it lets through. */
  private readonly filtersOf = new Map<string, number[]>();
  private automaton: { literals: number[][]; ac: AhoCorasick } | undefined;
  private filters = 0;

  /** Registers a regex source; returns the id to ask `scan` about, or ALWAYS when the regex must always run. */
  add(source: string): number {
    if (this.automaton) throw new Error('LiteralIndex: add() after the first scan()');
    // Any length will do: the automaton costs the same for short literals, and a short one still filters something.
    const literals = requiredLiterals(source, 1);
    if (!literals || !literals.every((l) => ONLY_ALPHABET.test(l))) return ALWAYS;
    const id = this.filters++;
    for (const literal of literals) {
      const ids = this.filtersOf.get(literal) ?? [];
      ids.push(id);
      this.filtersOf.set(literal, ids);
    }
    return id;
  }

  get size(): number {
    return this.filters;
  }

  /** For each filter id, 1 when its regex may match `text`, 0 when it surely cannot. */
  scan(text: string): Uint8Array {
    // Built on first use, so loading a codebook only to check or document it costs nothing here.
    this.automaton ??= { literals: [...this.filtersOf.values()], ac: new AhoCorasick([...this.filtersOf.keys()]) };
    const may = new Uint8Array(this.filters);
    if (this.filters === 0) return may;
    const { ac, literals } = this.automaton;
    // Plain ASCII text needs only lower-casing: its characters outside the alphabet (controls) are in no literal and
    // never join a neighbour into one grapheme, except CR LF, which is in no literal either.
    const folded = isAscii(text) ? text.toLowerCase() : foldForLiterals(text).replace(OUTSIDE_ALPHABET, '\u0001');
    for (const hit of ac.search(folded)) {
      for (const id of literals[hit.patternIndex] as number[]) may[id] = 1;
    }
    return may;
  }
}
