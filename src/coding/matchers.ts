// The closed registry of matcher kinds (lexicon, pattern, regex): how each compiles and where it finds spans in a sentence.
import { nlp } from '../core/nlp.js';
import type { Requirement } from '../core/types.js';
import type { Sentence, Token } from './analyze.js';
import { ALWAYS, type LiteralIndex } from './literal-index.js';
import { parseLexiconTerm, type TermWord } from './terms.js';

export type RuleKind = 'lexicon' | 'pattern' | 'regex';

export interface Span {
  start: number;
  end: number;
}

/** A matcher ready to run; `find` returns spans as offsets into the turn text. */
export interface CompiledMatcher {
  /** `<code-id>/<matcher-id>`, unique in the codebook. */
  key: string;
  id: string;
  /** `classifier` only for the learned matcher a model file adds (src/coding/classifier.ts). */
  kind: RuleKind | 'classifier';
  weight: number;
  /** Context: what the sentence and the previous turn must satisfy, and what vetoes a match. */
  guards: MatcherGuards;
  /** Its literal filter (see TurnScans.literals): the engine runs `find` only on sentences the filter lets through. */
  filter: number;
  find: (sentence: Sentence, scans: TurnScans) => Span[];
}

/** A regex with the id of its literal filter (`ALWAYS` when it has none). */
export interface FilteredRegex {
  regex: RegExp;
  filter: number;
}

export interface MatcherGuards {
  /** Any of these matching the sentence vetoes the match. */
  unless: FilteredRegex[];
  /** The previous turn's text must match this. */
  previous?: RegExp;
  requires: Requirement[];
}

/** Default confidence of each kind: patterns and regexes see word order, a lexicon sees single words. */
export const KIND_WEIGHT: Record<RuleKind, number> = { pattern: 0.8, regex: 0.8, lexicon: 0.65 };

/** What most runs find; shared, and never modified. */
const NO_SPANS: Span[] = [];

const TRAILING = /[\s.,!?;:…"'”’)\]]+$/u;
const LEADING = /^[\s"'“‘(\[]+/u;

/** Shrinks a span so evidence starts and ends on a word, not on punctuation or white space (`text` starts at offset `base`). */
export function trimSpan(text: string, span: Span, base = 0): Span {
  const slice = text.slice(span.start - base, span.end - base);
  const lead = LEADING.exec(slice)?.[0].length ?? 0;
  const trail = TRAILING.exec(slice.slice(lead))?.[0].length ?? 0;
  const start = span.start + lead;
  const end = Math.max(start, span.end - trail);
  return end > start ? { start, end } : span;
}

/**
 * Compiles a codebook regex. Unicode mode is used only when the source needs it (\p{…} or \u{…}): V8 runs the
 * same pattern about twice as fast without it, and for these patterns the two modes match the same text.
 */
export function codebookRegex(source: string, flags: '' | 'g' = '', caseSensitive = false): RegExp {
  const unicode = /\\[pPu]\{/.test(source) ? 'u' : '';
  return new RegExp(source, `${flags}${caseSensitive ? '' : 'i'}${unicode}`);
}

export function compileRegex(key: string, id: string, pattern: FilteredRegex, weight: number | undefined, guards: MatcherGuards): CompiledMatcher {
  const { regex, filter } = pattern;
  return {
    key,
    id,
    kind: 'regex',
    weight: weight ?? KIND_WEIGHT.regex,
    guards,
    filter,
    find: (sentence) => {
      let spans: Span[] | undefined;
      // An exec loop rather than matchAll, which copies the regex on every call.
      regex.lastIndex = 0;
      for (let m = regex.exec(sentence.text); m; m = regex.exec(sentence.text)) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        const start = sentence.start + m.index;
        (spans ??= []).push({ start, end: start + m[0].length });
      }
      return spans ?? NO_SPANS;
    },
  };
}

function wordMatches(word: TermWord, token: Token): boolean {
  return word.prefix ? token.lower.startsWith(word.value) : token.stem === word.value;
}

export function compileLexicon(key: string, id: string, terms: string[], weight: number | undefined, guards: MatcherGuards): CompiledMatcher {
  const parsed = terms.map(parseLexiconTerm).filter((words) => words.length > 0);
  return {
    key,
    id,
    kind: 'lexicon',
    weight: weight ?? KIND_WEIGHT.lexicon,
    guards,
    filter: ALWAYS,
    find: (sentence) => {
      const spans: Span[] = [];
      const tokens = sentence.tokens;
      for (let i = 0; i < tokens.length; i++) {
        for (const words of parsed) {
          if (i + words.length > tokens.length) continue;
          if (words.every((word, k) => wordMatches(word, tokens[i + k] as Token))) {
            spans.push({ start: (tokens[i] as Token).start, end: (tokens[i + words.length - 1] as Token).end });
          }
        }
      }
      return spans;
    },
  };
}

// ---- patterns (compromise match syntax) ----

interface ParsedTerm {
  word?: string;
  optional?: boolean;
  fastOr?: Set<string>;
  choices?: ParsedTerm[][];
  tag?: string;
  anything?: boolean;
  min?: number;
}

const STOPWORDS = new Set(['a', 'an', 'the', 'i', 'you', 'to', 'and', 'it', 'is', 'of', 'that', 'do', 'be', 'are', 'we', 'me', 'my', 'your']);

function termWords(term: ParsedTerm): string[] | undefined {
  if (term.optional || term.min === 0 || term.anything || term.tag) return undefined;
  if (term.word) return [term.word];
  if (term.fastOr && term.fastOr.size > 0) return [...term.fastOr];
  if (term.choices) {
    const firsts: string[] = [];
    for (const choice of term.choices) {
      const words = choice[0] ? termWords(choice[0]) : undefined;
      if (!words) return undefined;
      firsts.push(...words);
    }
    return firsts;
  }
  return undefined;
}

/**
 * Words of which at least one must occur for the pattern to match (taken from one required term), or
 * undefined when the pattern could match without any particular word, so every sentence must be tagged.
 */
export function patternTriggers(pattern: string): Set<string> | undefined {
  let best: string[] | undefined;
  const score = (words: string[]): number => words.length + (words.every((w) => STOPWORDS.has(w)) ? 100 : 0);
  for (const term of nlp().parseMatch(pattern) as ParsedTerm[]) {
    const words = termWords(term);
    if (words && (!best || score(words) < score(best))) best = words;
  }
  return best ? new Set(best.map((w) => w.toLowerCase())) : undefined;
}

const CONTRACTION_PARTS: Record<string, string[]> = {
  "n't": ['not'],
  "'re": ['are'],
  "'m": ['am'],
  "'ll": ['will'],
  "'ve": ['have'],
  "'d": ['would', 'had'],
  "'s": ['is', 'has'],
};
const NEGATED_BASES: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall' };

/** The words compromise sees in a sentence: tokens plus the parts of contractions ("shouldn't" → should, not). */
export function sentenceWords(sentence: Sentence): Set<string> {
  const words = new Set<string>();
  for (const token of sentence.tokens) {
    words.add(token.lower);
    const m = /^(.*?)(n't|'re|'m|'ll|'ve|'d|'s)$/.exec(token.lower);
    if (m && m[1]) {
      const base = m[2] === "n't" ? (NEGATED_BASES[m[1]] ?? m[1]) : m[1];
      words.add(base);
      for (const part of CONTRACTION_PARTS[m[2] ?? ''] ?? []) words.add(part);
    }
  }
  return words;
}

export interface PatternEntry {
  key: string;
  match: string;
  triggers: Set<string> | undefined;
}

/** All pattern matchers of a codebook compiled into one compromise net, run once per sentence that needs it. */
export class PatternIndex {
  private readonly net: unknown;
  readonly entries: PatternEntry[];
  /** Pattern matchers that can match without a trigger word; they make every sentence need tagging. */
  readonly untriggered: string[];

  constructor(entries: PatternEntry[]) {
    this.entries = entries;
    this.untriggered = entries.filter((e) => !e.triggers).map((e) => e.key);
    this.net = entries.length > 0 ? nlp().buildNet(entries.map((e) => ({ match: e.match, id: e.key }))) : undefined;
  }

  /** True when at least one pattern could match this sentence (the cheap pre-filter). */
  needsTagging(sentence: Sentence, prefilter: boolean): boolean {
    if (!this.net) return false;
    if (!prefilter || this.untriggered.length > 0) return true;
    const words = sentenceWords(sentence);
    return this.entries.some((e) => e.triggers && [...e.triggers].some((w) => words.has(w)));
  }

  /** Runs compromise on the sentence and returns the spans found per pattern key. */
  sweep(sentence: Sentence): Map<string, Span[]> {
    const found = new Map<string, Span[]>();
    const doc = nlp()(sentence.text);
    const result = doc.sweep(this.net as never) as { found: { id: string; view: { json: (o: object) => { offset: { start: number; length: number } }[] } }[] };
    for (const hit of result.found) {
      for (const part of hit.view.json({ offset: true })) {
        const start = sentence.start + part.offset.start;
        const spans = found.get(hit.id) ?? [];
        spans.push(trimSpan(sentence.text, { start, end: start + part.offset.length }, sentence.start));
        found.set(hit.id, spans);
      }
    }
    return found;
  }
}

/**
 * What the cheap first passes found in the current turn, computed at most once for all codes: per sentence, which
 * regexes may match (the literal index) and what the compromise patterns matched (only where a trigger occurs); and
 * which `previous` guards the previous turn meets. One per transcript, started afresh at each turn.
 */
export class TurnScans {
  private readonly tagged = new Map<number, Map<string, Span[]>>();
  private readonly previousMet = new Map<RegExp, boolean>();
  /** One buffer per sentence position, reused from turn to turn: allocating a typed array costs more than a scan. */
  private readonly literalsOf: Uint8Array[] = [];
  private readonly passedOf: number[][] = [];
  private readonly scannedInTurn: number[] = [];
  private turn = 0;
  constructor(
    private readonly patterns: PatternIndex,
    private readonly literalIndex: LiteralIndex,
    private readonly prefilter: boolean,
  ) {}

  /** Forgets the previous turn's scans. */
  startTurn(): void {
    this.turn++;
    this.tagged.clear();
    this.previousMet.clear();
  }

  /**
   * Per literal filter, 0 when its regex cannot match the sentence (scanned once per sentence and turn; valid until
   * the next turn starts); undefined without the pre-filter.
   */
  literals(sentence: Sentence): Uint8Array | undefined {
    if (!this.prefilter) return undefined;
    const i = sentence.index;
    const may = (this.literalsOf[i] ??= new Uint8Array(this.literalIndex.size));
    if (this.scannedInTurn[i] !== this.turn) {
      const passed = (this.passedOf[i] ??= []);
      passed.length = 0;
      this.literalIndex.scan(sentence.text, may, passed);
      this.scannedInTurn[i] = this.turn;
    }
    return may;
  }

  /** The ids of the filters `literals` lets through, in no particular order; undefined without the pre-filter. */
  passedFilters(sentence: Sentence): readonly number[] | undefined {
    return this.literals(sentence) && this.passedOf[sentence.index];
  }

  /** `regex` tested on the sentence, behind its literal filter. */
  test(sentence: Sentence, { regex, filter }: FilteredRegex): boolean {
    return (filter === ALWAYS || this.literals(sentence)?.[filter] !== 0) && regex.test(sentence.text);
  }

  /** The previous turn meets a matcher's `previous` guard (codes share guards, compiled once per source). */
  previousMeets(guard: RegExp, previous: { text: string } | undefined): boolean {
    if (!previous) return false;
    let met = this.previousMet.get(guard);
    if (met === undefined) {
      met = guard.test(previous.text);
      this.previousMet.set(guard, met);
    }
    return met;
  }

  spans(sentence: Sentence, key: string): Span[] {
    let found = this.tagged.get(sentence.index);
    if (!found) {
      found = this.patterns.needsTagging(sentence, this.prefilter) ? this.patterns.sweep(sentence) : new Map();
      this.tagged.set(sentence.index, found);
    }
    return found.get(key) ?? [];
  }
}

export function compilePattern(key: string, id: string, weight: number | undefined, guards: MatcherGuards): CompiledMatcher {
  return {
    key,
    id,
    kind: 'pattern',
    weight: weight ?? KIND_WEIGHT.pattern,
    guards,
    filter: ALWAYS,
    find: (sentence, scans) => scans.spans(sentence, key),
  };
}
