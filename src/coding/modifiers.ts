// Detects the sentence-level conditions a finding can carry: negation, questions, reported speech, reflexive and hypothetical use.
import type { Modifiers } from '../core/types.js';
import { endsWithQuestionMark, type Sentence, type Token } from './analyze.js';

const NEGATION = new Set([
  'not', 'no', 'never', 'nobody', 'nothing', 'neither', 'nor', 'without', 'cannot',
  "don't", "doesn't", "didn't", "won't", "wouldn't", "can't", "couldn't", "shouldn't", "isn't", "aren't",
  "wasn't", "weren't", "haven't", "hasn't", "hadn't", "ain't", "mustn't", 'dont', 'didnt', 'wont', 'cant', 'isnt',
]);
// "I don't think you should…" negates the thinking, not the advice (negation raising).
const NEG_RAISING = new Set(['think', 'believe', 'suppose', 'guess', 'expect', 'reckon', 'imagine', 'feel', 'want']);
const PRONOUNS = new Set(['you', 'we', 'they', 'he', 'she', 'u', 'ya']);
const CLAUSE_BREAK = new Set(['but', 'because', 'so', 'although', 'though', 'and', 'or', 'cause', 'cuz', 'while']);
const NEGATION_WINDOW = 5;

const AUX = '(?:do|does|did|is|are|was|were|would|could|can|will|have|has|had|should|shall|may|might)';
const SUBJECT = '(?:you|it|that|this|he|she|they|we|i|there|anything|anyone|someone|things)';
const OPEN_START = new RegExp(
  String.raw`^(?:(?:so|and|but|well|okay|ok|um+|uh+|hmm+|like|yeah|right|now)[,\s]+)*` +
    String.raw`(?:what|how|why|where|when|who|whose|which|in what way|tell me|describe|say more|talk (?:to me |me )?(?:about|through)|walk me through|help me understand|i(?:'|’)?m (?:curious|wondering)|i wonder (?:what|how|why|where|whether|if)|can you (?:tell|say|describe|help me understand|walk me)|could you (?:tell|say|describe))\b`,
  'iu',
);
const CLOSED_LEADS = new RegExp(
  String.raw`^(?:(?:so|and|but|well|okay|ok|um+|uh+|like|yeah|right|now)[,\s]+)*(?:how (?:many|much|often|long|old)|what time|why don(?:'|’)?t you|why not|how about|what about trying)\b`,
  'iu',
);
const INVERTED_START = new RegExp(
  String.raw`^(?:(?:so|and|but|well|okay|ok|um+|uh+|like|yeah|right|now)[,\s]+)*(?:${AUX}(?:n(?:'|’)?t)?\s+${SUBJECT}|(?:what|how|where|who|why)(?:'|’)s|(?:what|how|where|who|why|when)\s+${AUX}\s+${SUBJECT})\b`,
  'iu',
);

const REPORTER =
  String.raw`(?:(?:my|the|his|her|their|your|our)\s+(?:doctor|doc|dr|psychiatrist|shrink|nurse|therapist|team|worker|case ?manager|counsell?or|social worker|mum|mom|dad|mother|father|family|parents?|husband|wife|partner|boss|sister|brother|friends?|staff|clinician|prescriber|gp|pdoc|chart|notes?|file|records?|paperwork|discharge papers|report)|dr\.?\s+\p{Lu}[\p{L}-]*|doctors|they|he|she|someone|people|everyone|everybody|the hospital|the ward)`;
const REPORT_VERB = String.raw`(?:says?|said|told|tells|keeps? (?:saying|telling)|calls?|called|wrote|writes|written|labell?ed|describes?|described|diagnosed|insists?|insisted|claims?|claimed|put (?:it )?down as|decided|wants? me to|wanted me to|made me|had me|asked(?: me)?|used to say)`;
const REPORTED = new RegExp(String.raw`\b${REPORTER}\s+(?:\w+\s+)?${REPORT_VERB}\b|\b(?:so-called|what they call(?:ed)?|they call it|what the \w+ call(?:s|ed)?|when you say|(?<!\b(?:if|whatever|anything|unless) )you (?:said|say|mentioned|called it|call it|described))\b`, 'iu');

const REFLEXIVE = new RegExp(
  [
    String.raw`\bI\s+(?:used to|would|(?:'|’)d)\s+(?:always\s+|just\s+)?(?:see|think|call|interpret|view|treat|label|describe|believe|put it down to|chalk it up to|read)\b`,
    String.raw`\bI\s+(?:saw|thought of|viewed|interpreted|called|labell?ed|treated|described|understood|framed)\b[^.?!]*\b(?:as|like|through)\b`,
    String.raw`\b(?:learned|learnt|taught|trained|told)\s+(?:me\s+)?to\s+(?:think|see|call|view|name|describe|interpret|watch|monitor)\b`,
    String.raw`\bthe lens of\b`,
    String.raw`\bthe way I (?:was taught|learned|learnt|used) to\b`,
    String.raw`\b(?:back then|in the past|years ago|when I was (?:younger|first diagnosed|in the hospital|at my worst))\b`,
    String.raw`\b(?:at the time|for years),?\s+I\b`,
    String.raw`\bI used to\b`,
    String.raw`\bI (?:started|began) (?:to )?(?:question|wonder|notice)\w*\b`,
    String.raw`\b(?:I|we)(?:'|’)ve had to (?:work at|learn to) (?:thinking|think|seeing|see)\b`,
  ].join('|'),
  // Not unicode mode: nothing here needs it, and V8 runs it about twice as fast without.
  'i',
);
const CONTINUES_PAST = /^(?:then|and then|so then|after that|and)\b/iu;

// "What was going on?" without its question mark: the wh-word is the subject; "What helps me is…" is a statement.
const WH_SUBJECT = new RegExp(
  String.raw`^(?:(?:so|and|but|well|okay|ok|um+|uh+|like|yeah|right|now)[,\s]+)*(?:what|who|which)\s+(?:was|is|were|are|has|had|have|did|does|do|would|could|happened|happens|changed|helped|helps|made|makes|set|led|came|went|got|kept|stopped|started)\b`,
  'iu',
);

const IF_NOT_HYPOTHETICAL = /^if\s+(?:i\s+(?:were|was)\s+you|it\s+(?:were|was)\s+me)\b/iu;
// "I suppose", "I imagine" and "I can imagine" hedge or empathise; they do not set up a hypothetical.
const HYPOTHETICAL_LEAD = /\b(?:if|unless|what if|(?<!\bI )suppose|supposing|(?<!\b(?:I|can|can['’]?t|cannot) )imagine|in case|whenever you)\b/giu;

export interface SentenceContext {
  sentence: Sentence;
  /** The sentence before it in the same turn: a "then…" sentence carries on its reflexive, past-tense frame. */
  previous: SentenceContext | undefined;
  /** Whether the sentence has a reflexive frame: worked out when first asked (see isReflexive). */
  reflexive?: boolean;
}

const questionTypes = new WeakMap<Sentence, ReturnType<typeof questionType>>();

/** A sentence's question type, worked out once however many codes and matches ask. */
export function sentenceQuestionType(sentence: Sentence): ReturnType<typeof questionType> {
  if (!questionTypes.has(sentence)) questionTypes.set(sentence, questionType(sentence.text));
  return questionTypes.get(sentence);
}

export function questionType(text: string): 'open' | 'closed' | undefined {
  const trimmed = text.trim();
  const marked = endsWithQuestionMark(trimmed);
  if (CLOSED_LEADS.test(trimmed)) return marked || INVERTED_START.test(trimmed) ? 'closed' : undefined;
  if (OPEN_START.test(trimmed)) {
    // "What helps me is…" starts like a question but is a statement; without "?" require inversion or a request form.
    if (marked) return 'open';
    const wh = WH_SUBJECT.exec(trimmed);
    if (wh && !/\b(?:is|was|are|were)\b/iu.test(trimmed.slice(wh[0].length))) return 'open';
    if (INVERTED_START.test(trimmed) || /^(?:(?:so|and|but|well|okay|ok|um+|uh+|like|yeah|right|now|hey)[,\s]+)*(?:tell me|describe|say more|talk (?:to me |me )?(?:about|through)|walk me|help me understand|i wonder|i(?:'|’)?m (?:curious|wondering)|can you|could you)\b/iu.test(trimmed)) {
      return 'open';
    }
    return undefined;
  }
  if (marked) return 'closed';
  if (INVERTED_START.test(trimmed) && !/^(?:\W*\w+[,\s]+)*?(?:if|when)\b/iu.test(trimmed)) return 'closed';
  return undefined;
}

export function isReflexive(context: SentenceContext): boolean {
  if (context.reflexive === undefined) {
    const text = context.sentence.text;
    context.reflexive = REFLEXIVE.test(text) || (context.previous !== undefined && CONTINUES_PAST.test(text) && isReflexive(context.previous));
  }
  return context.reflexive;
}

/**
 * Negation cue before the span in the same clause (no comma, semicolon or dash in between), unless it negates a
 * neg-raising verb ("I don't think…") or opens a rhetorical question ("Don't you…?").
 */
export function isNegated(tokens: Token[], spanStart: number, text = '', textStart = 0): boolean {
  let seen = 0;
  let previous: Token | undefined;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (!token || token.start >= spanStart) {
      if (token && token.start >= spanStart) previous = token;
      continue;
    }
    if (CLAUSE_BREAK.has(token.lower) || seen >= NEGATION_WINDOW) return false;
    if (NEGATION.has(token.lower)) {
      if (previous && (NEG_RAISING.has(previous.lower) || PRONOUNS.has(previous.lower))) return false;
      return !/[,;:—–]/u.test(text.slice(token.end - textStart, spanStart - textStart));
    }
    seen++;
    previous = token;
  }
  return false;
}

function hasClauseBreakBetween(text: string, from: number, to: number): boolean {
  return /[,;:—–]|\s-\s/u.test(text.slice(from, to));
}

// Where the main clause starts when a writer leaves out the comma: "If things get bad you need to call…".
const MAIN_CLAUSE = /\b(?:you|I|we|they|he|she|u)(?:['’](?:ll|d)|\s+(?:need|needs|should|must|have to|has to|gotta|can|could|will|would|might|may|better|ought))\b/giu;

function ifClauseEnd(text: string, at: number): number {
  // Skip the condition's own subject and verb ("if you need anything…") before looking for a main clause.
  const firstWords = /^\S+\s+\S+\s+\S+/u.exec(text.slice(at))?.[0].length ?? 0;
  MAIN_CLAUSE.lastIndex = at + firstWords;
  const m = MAIN_CLAUSE.exec(text);
  return m ? (m.index ?? text.length) : text.length;
}

function isHypothetical(text: string, relStart: number): boolean {
  let result = false;
  for (const m of text.matchAll(HYPOTHETICAL_LEAD)) {
    const at = m.index ?? 0;
    if (at >= relStart) break;
    if (IF_NOT_HYPOTHETICAL.test(text.slice(at))) continue;
    result = !hasClauseBreakBetween(text, at, relStart) && relStart < ifClauseEnd(text, at);
  }
  return result;
}

function insideQuotes(text: string, relStart: number): boolean {
  const before = text.slice(0, relStart);
  const straight = (before.match(/"/g) ?? []).length;
  const open = (before.match(/[“]/g) ?? []).length;
  const close = (before.match(/[”]/g) ?? []).length;
  // Judged on the whole sentence: a quote mark right before the span opens a quotation ("'relapse' is…").
  const countBefore = (pattern: RegExp): number => [...text.matchAll(pattern)].filter((m) => (m.index ?? 0) < relStart).length;
  const singleOpen = countBefore(/(?:^|[\s(“"])[‘']/g);
  const singleClose = countBefore(/(?<=\S)[’'](?=[\s.,!?;:)”"]|$)/g);
  return straight % 2 === 1 || open > close || singleOpen > singleClose;
}

// A reporting frame covers its own clause only: "He said the bus was late, but between us…" stops at ", but".
const CLAUSE_BOUNDARY = /[;:—–]|,\s*(?:but|and|so|though|although|because)\b|,\s*(?=(?:I|you|we|he|she|they|it|what|how|why|where|who|which)\b)|\bbut\b/giu;

function isReported(text: string, relStart: number): boolean {
  if (insideQuotes(text, relStart)) return true;
  let clauseStart = 0;
  for (const m of text.matchAll(CLAUSE_BOUNDARY)) {
    const end = (m.index ?? 0) + m[0].length;
    if (end <= relStart) clauseStart = end;
  }
  const m = REPORTED.exec(text.slice(clauseStart));
  return m !== null && clauseStart + (m.index ?? 0) < relStart;
}

/** All modifiers for a span of `context.sentence` (offsets into the turn text). */
export function detectModifiers(context: SentenceContext, span: { start: number; end: number }): Modifiers {
  const { sentence } = context;
  const rel = span.start - sentence.start;
  const modifiers: Modifiers = {};
  if (isNegated(sentence.tokens, span.start, sentence.text, sentence.start)) modifiers.negated = true;
  const question = sentenceQuestionType(sentence);
  if (question) modifiers.question = question;
  if (isReported(sentence.text, rel)) modifiers.reportedSpeech = true;
  if (isReflexive(context)) modifiers.reflexive = true;
  if (isHypothetical(sentence.text, rel)) modifiers.hypothetical = true;
  return modifiers;
}
