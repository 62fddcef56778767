// Cheap linguistic analysis of a turn: sentences and word tokens with offsets into the original text, and stems.
import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

export interface Token {
  /** The word as written. */
  text: string;
  /** Lower-case form with curly apostrophes made straight. */
  lower: string;
  /** Porter stem of `lower`. */
  stem: string;
  start: number;
  end: number;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
  tokens: Token[];
  /** Position of this sentence in its turn (0-based). */
  index: number;
}

export interface TurnAnalysis {
  text: string;
  sentences: Sentence[];
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
// The same words in plain ASCII text, where \p{L} is [A-Za-z] and \p{N} is [0-9]: several times faster than unicode mode.
const ASCII_WORD = /[A-Za-z0-9]+(?:'[A-Za-z]+)*/g;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

const QUESTION_END = /\?["'”’)]*$/u;

/** The text ends in a question mark, perhaps followed by closing quotes or a bracket. */
export function endsWithQuestionMark(text: string): boolean {
  return QUESTION_END.test(text);
}

/** Plain ASCII text, for which several steps have a faster path. */
export function isAscii(text: string): boolean {
  return ASCII_ONLY.test(text);
}
// A sentence ends at . ! ? … (possibly repeated, possibly followed by closing quotes/brackets) and white space,
// or at a line break. Abbreviations like "Dr." are kept inside the sentence.
const SENTENCE_END = /(?:[.!?…]+["'”’)\]]*(?=\s|$))|\n+/gu;
const ABBREVIATIONS = new Set(['dr', 'mr', 'mrs', 'ms', 'st', 'vs', 'etc', 'e.g', 'i.e', 'prof', 'jr', 'sr']);
/** Longer than any abbreviation above and any initial. */
const ABBREVIATION_WINDOW = 6;

const stemCache = new Map<string, string>();

export function stem(lower: string): string {
  let s = stemCache.get(lower);
  if (s === undefined) {
    s = porterStemmer.stem(lower) as string;
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(lower, s);
  }
  return s;
}

// A word as written → its lower-case form and stem: one look-up per token for the words a corpus repeats.
const formsCache = new Map<string, { lower: string; stem: string }>();

function forms(word: string): { lower: string; stem: string } {
  let f = formsCache.get(word);
  if (f === undefined) {
    const lower = normalizeWord(word);
    f = { lower, stem: stem(lower) };
    if (formsCache.size > 100_000) formsCache.clear();
    formsCache.set(word, f);
  }
  return f;
}

export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('’') ? lower.replace(/’/g, "'") : lower;
}

export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  const word = isAscii(text) ? ASCII_WORD : WORD;
  word.lastIndex = 0;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const { lower, stem } = forms(m[0]);
    const start = offset + m.index;
    tokens.push({ text: m[0], lower, stem, start, end: start + m[0].length });
  }
  return tokens;
}

/** The words of the turn, handed out sentence by sentence (no word crosses a sentence end: those stand before white space). */
class WordCursor {
  private next = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** The words that end by `end`. */
  upTo(end: number): Token[] {
    const from = this.next;
    while (this.next < this.tokens.length && this.tokens[this.next]!.end <= end) this.next++;
    return this.tokens.slice(from, this.next);
  }
}

function pushSentence(out: Sentence[], text: string, start: number, end: number, words: WordCursor): void {
  // Trim white space so spans point at words, not at the gaps between sentences.
  while (start < end && /\s/u.test(text[start] ?? '')) start++;
  while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
  if (end <= start) return;
  out.push({ text: text.slice(start, end), start, end, tokens: words.upTo(end), index: out.length });
}

/** "J." in "J. Smith" is an initial; "u." in chat ("love u. see you") and "I." end a sentence. */
function isInitial(word: string): boolean {
  return /^\p{Lu}$/u.test(word) && word !== 'I';
}

/** Splits a turn into sentences, keeping offsets into the original text. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const words = new WordCursor(tokenize(text));
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = (m.index ?? 0) + m[0].length;
    if (m[0].startsWith('.') && m[0].length === 1) {
      // Only the last few characters can hold an abbreviation or an initial; a longer run of letters is neither.
      const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(start, (m.index ?? 0) - ABBREVIATION_WINDOW), m.index))?.[1];
      if (before && before.length < ABBREVIATION_WINDOW && (ABBREVIATIONS.has(before.toLowerCase()) || isInitial(before))) continue;
    }
    pushSentence(out, text, start, end, words);
    start = end;
  }
  pushSentence(out, text, start, text.length, words);
  return out;
}

export function analyzeTurn(text: string): TurnAnalysis {
  return { text, sentences: splitSentences(text) };
}
