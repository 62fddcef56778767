// Lexicon terms: how a codebook author's term ("symptom", "decompensat*", "safety plan") becomes words to match.
import { normalizeWord, stem } from './analyze.js';

export interface TermWord {
  /** Match any word starting with `value` (the author wrote a trailing `*`). */
  prefix: boolean;
  /** A lower-case prefix, or the Porter stem of the word. */
  value: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*\*?/gu;

/** Splits a term into words the way turns are tokenised, so "non-compliant" matches "non compliant" and "non-compliant". */
export function parseLexiconTerm(term: string): TermWord[] {
  return [...term.matchAll(WORD)].map((m) => {
    const word = normalizeWord(m[0]);
    return word.endsWith('*') ? { prefix: true, value: word.slice(0, -1) } : { prefix: false, value: stem(word) };
  });
}

/** A key that is the same for two spellings of one term ("Symptoms" and "symptom"). */
export function lexiconTermKey(term: string): string {
  return parseLexiconTerm(term)
    .map((w) => (w.prefix ? `${w.value}*` : w.value))
    .join(' ');
}
