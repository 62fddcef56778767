// The coding engine: every turn of a transcript against a compiled codebook, with evidence spans, modifiers and context.
import { newFinding } from '../core/finding.js';
import { compareFindings } from '../core/order.js';
import type {
  CodedTranscript,
  Finding,
  InputProblem,
  ModifierName,
  Modifiers,
  Requirement,
  Role,
  Transcript,
  Turn,
  TurnCoverage,
} from '../core/types.js';
import { VERSION } from '../core/version.js';
import { analyzeTurn, tokenize, type Sentence } from './analyze.js';
import { TurnFeatures, type CodeClassifier } from './classifier.js';
import type { CompiledCode, CompiledCodebook } from './compiled.js';
import { ALWAYS } from './literal-index.js';
import { TurnScans, trimSpan, type CompiledMatcher, type Span } from './matchers.js';
import { detectModifiers, sentenceQuestionType, type SentenceContext } from './modifiers.js';

export interface CodingOptions {
  /** Who the findings are attributed to; default `auto@<version>`. */
  coder?: string;
  /**
   * Cheap pre-filters (default true; results are identical either way): skip compromise tagging for sentences no
   * pattern could match, and skip a regex on a sentence that lacks all of its required literals.
   */
  prefilter?: boolean;
}

/** A turn longer than this is still coded, sentence by sentence, but flagged. */
export const LONG_TURN_CHARACTERS = 5000;

const MODIFIER_KEYS: Record<ModifierName, (m: Modifiers) => boolean> = {
  negated: (m) => m.negated === true,
  question: (m) => m.question !== undefined,
  'reported-speech': (m) => m.reportedSpeech === true,
  reflexive: (m) => m.reflexive === true,
  hypothetical: (m) => m.hypothetical === true,
};

// Modifiers a code does not ignore still make its evidence less certain.
const SOFTENING = 0.8;

interface Candidate {
  span: Span;
  matcher: CompiledMatcher;
  modifiers: Modifiers;
  confidence: number;
}

function ignored(code: CompiledCode, modifiers: Modifiers): boolean {
  for (const name of code.ignoreWhen) if (MODIFIER_KEYS[name](modifiers)) return true;
  return false;
}

function candidateConfidence(matcher: CompiledMatcher, modifiers: Modifiers): number {
  const softened = modifiers.negated || modifiers.reportedSpeech || modifiers.hypothetical || modifiers.reflexive;
  return matcher.weight * (softened ? SOFTENING : 1);
}

function meetsRequirements(requires: Iterable<Requirement>, sentence: Sentence, previous: Turn | undefined, turn: Turn): boolean {
  for (const requirement of requires) {
    switch (requirement) {
      case 'open-question':
        if (sentenceQuestionType(sentence) !== 'open') return false;
        break;
      case 'not-question':
        if (sentenceQuestionType(sentence) !== undefined) return false;
        break;
      case 'after-supporter':
        if (previous?.role !== 'supporter') return false;
        break;
      case 'after-supported':
        if (previous?.role !== 'supported') return false;
        break;
      case 'after-staff':
        if (previous?.role !== 'staff') return false;
        break;
      case 'echoes-previous':
        if (!previous || !echoes(sentence, previous)) return false;
        break;
      case 'after-other-speaker':
        if (!previous || previous.speaker === turn.speaker) return false;
        break;
    }
  }
  return true;
}

const ECHO_STOPWORDS = new Set(
  'that this with have just like really about what when then there they them your yours mine been were would could should will going know think yeah okay right well very much some into from only also even still'.split(' '),
);
const previousStems = new WeakMap<Turn, Set<string>>();

/** The sentence takes up a content word of the previous turn (reflecting the person's own words back). */
function echoes(sentence: Sentence, previous: Turn): boolean {
  let stems = previousStems.get(previous);
  if (!stems) {
    stems = new Set(tokenize(previous.text).filter((t) => t.lower.length >= 4 && !ECHO_STOPWORDS.has(t.lower)).map((t) => t.stem));
    previousStems.set(previous, stems);
  }
  return sentence.tokens.some((t) => t.lower.length >= 4 && !ECHO_STOPWORDS.has(t.lower) && stems.has(t.stem));
}

function sentenceContexts(sentences: Sentence[]): SentenceContext[] {
  const contexts: SentenceContext[] = [];
  for (const sentence of sentences) contexts.push({ sentence, previous: contexts[contexts.length - 1] });
  return contexts;
}

/** A role's matchers in code order, and which of them each literal filter stands for. */
interface RoleMatchers {
  entries: { code: number; matcher: CompiledMatcher }[];
  /** Literal filter id → index into `entries`, or −1 when the filter is not one of these matchers'. */
  byFilter: Int32Array;
  /** Entries without a literal filter: they run on every sentence. */
  unfiltered: number[];
  /** Every entry: what runs when coding without the pre-filter. */
  all: number[];
}

const roleMatchers = new WeakMap<CompiledCodebook, Map<Role, RoleMatchers>>();

function matchersFor(codebook: CompiledCodebook, role: Role, codes: readonly CompiledCode[]): RoleMatchers {
  let byRole = roleMatchers.get(codebook);
  if (!byRole) roleMatchers.set(codebook, (byRole = new Map()));
  let found = byRole.get(role);
  if (!found) {
    const entries = codes.flatMap((code, c) => code.matchers.map((matcher) => ({ code: c, matcher })));
    const byFilter = new Int32Array(codebook.literals.size).fill(-1);
    entries.forEach(({ matcher }, i) => {
      if (matcher.filter !== ALWAYS) byFilter[matcher.filter] = i;
    });
    const all = entries.map((_, i) => i);
    found = { entries, byFilter, unfiltered: all.filter((i) => entries[i]!.matcher.filter === ALWAYS), all };
    byRole.set(role, found);
  }
  return found;
}

/** The entries that can match the sentence, in code order: those whose literals it has, and those without a filter. */
function liveMatchers(matchers: RoleMatchers, passed: readonly number[] | undefined): readonly number[] {
  if (!passed) return matchers.all;
  const live = [...matchers.unfiltered];
  for (const filter of passed) {
    const i = matchers.byFilter[filter]!;
    if (i >= 0) live.push(i);
  }
  return live.sort((a, b) => a - b);
}

/**
 * Every code's candidates in the turn, by code index: sentence by sentence, each sentence's live matchers in code
 * order (the order bestFinding breaks ties in).
 */
function turnCandidates(codes: readonly CompiledCode[], matchers: RoleMatchers, contexts: SentenceContext[], scans: TurnScans, turn: Turn, previous: Turn | undefined): Candidate[][] {
  const out: Candidate[][] = [];
  for (const context of contexts) {
    const { sentence } = context;
    for (const i of liveMatchers(matchers, scans.passedFilters(sentence))) {
      const { code: c, matcher } = matchers.entries[i]!;
      const code = codes[c]!;
      if (code.requires.size > 0 && !meetsRequirements(code.requires, sentence, previous, turn)) continue;
      const { guards } = matcher;
      // The test of the previous turn is cached per turn.
      if (guards.previous && !scans.previousMeets(guards.previous, previous)) continue;
      if (guards.requires.length > 0 && !meetsRequirements(guards.requires, sentence, previous, turn)) continue;
      // The `unless` vetoes cost a regex each, so they are asked only once the matcher has found something.
      const found = matcher.find(sentence, scans);
      if (found.length === 0) continue;
      if (guards.unless.some((veto) => scans.test(sentence, veto))) continue;
      for (const raw of found) {
        const span = trimSpan(turn.text, raw);
        const modifiers = detectModifiers(context, span);
        if (ignored(code, modifiers)) continue;
        (out[c] ??= []).push({ span, matcher, modifiers, confidence: candidateConfidence(matcher, modifiers) });
      }
    }
  }
  return out;
}

/** The classifier's candidate for a turn: the best sentence as the span, probability × weight as the confidence. */
function classifierCandidate(classifier: CodeClassifier, contexts: SentenceContext[], text: string, features: () => TurnFeatures): Candidate | undefined {
  const hit = features().classify(classifier.slot, text);
  if (!hit) return undefined;
  const context = contexts.find((c) => c.sentence === hit.sentence)!;
  const confidence = hit.probability * classifier.matcher.weight;
  return { span: hit.span, matcher: classifier.matcher, modifiers: detectModifiers(context, hit.span), confidence };
}

/**
 * One finding per code and turn. Its evidence is the strongest candidate (earliest on ties); its confidence combines
 * the best candidate of each distinct matcher as independent evidence: 1 − Π(1 − cᵢ), capped at 0.99.
 */
function bestFinding(candidates: Candidate[], learned?: Candidate): { best: Candidate; confidence: number } | undefined {
  if (candidates.length === 0 && !learned) return undefined;
  let best: Candidate | undefined;
  const perMatcher = new Map<string, number>();
  for (const c of candidates) {
    if (!best || c.confidence > best.confidence || (c.confidence === best.confidence && c.span.start < best.span.start)) best = c;
    perMatcher.set(c.matcher.key, Math.max(perMatcher.get(c.matcher.key) ?? 0, c.confidence));
  }
  // Rules give the evidence; a classifier hit only adds a turn the rules missed, and agreeing raises confidence.
  if (learned) {
    best ??= learned;
    perMatcher.set(learned.matcher.key, learned.confidence);
  }
  if (!best) return undefined;
  let miss = 1;
  for (const c of perMatcher.values()) miss *= 1 - c;
  return { best, confidence: Math.round(Math.min(0.99, 1 - miss) * 1000) / 1000 };
}

const ENGLISH_FUNCTION_WORDS = new Set(
  'the a an and or but i you he she it we they me my your is are was were be been to of in on at for with that this not do did have has what how so just like if'.split(' '),
);

function looksUnlike(language: string, sentences: Sentence[]): boolean {
  if (language !== 'en') return false;
  let tokens = 0;
  let known = 0;
  for (const sentence of sentences) {
    tokens += sentence.tokens.length;
    for (const token of sentence.tokens) if (ENGLISH_FUNCTION_WORDS.has(token.lower)) known++;
  }
  return tokens >= 8 && known / tokens < 0.08;
}

function warn(transcript: Transcript, turn: Turn, code: string, message: string): InputProblem {
  return { severity: 'warning', code, file: transcript.source.file, line: turn.sourceLine, message: `turn ${turn.index}: ${message}` };
}

/** Codes every turn of `transcript`; findings come out in one deterministic order. */
export function codeTranscript(transcript: Transcript, codebook: CompiledCodebook, options: CodingOptions = {}): CodedTranscript {
  const coder = options.coder ?? `auto@${VERSION}`;
  const prefilter = options.prefilter ?? true;
  const findings: Finding[] = [];
  const warnings: InputProblem[] = [];
  const coverage = new Map<Role, TurnCoverage>();
  const uncodedTurns: number[] = [];
  let previous: Turn | undefined;
  const scans = new TurnScans(codebook.patterns, codebook.literals, prefilter);

  for (const turn of transcript.turns) {
    const codes = codebook.codesByRole.get(turn.role) ?? [];
    const roleCoverage = coverage.get(turn.role) ?? { role: turn.role, turns: 0, coded: 0 };
    coverage.set(turn.role, roleCoverage);
    roleCoverage.turns++;
    if (codes.length === 0) {
      previous = turn;
      continue;
    }
    if (turn.text.trim() === '') {
      warnings.push(warn(transcript, turn, 'coding/empty-turn', 'the turn has no text, so nothing was coded'));
      uncodedTurns.push(turn.index);
      previous = turn;
      continue;
    }
    const { sentences } = analyzeTurn(turn.text);
    if (turn.text.length > LONG_TURN_CHARACTERS) {
      warnings.push(warn(transcript, turn, 'coding/long-turn', `the turn is ${turn.text.length} characters long; it was coded sentence by sentence — check that turns were split correctly`));
    }
    if (looksUnlike(codebook.language, sentences)) {
      warnings.push(warn(transcript, turn, 'coding/other-language', `the turn does not look like ${codebook.language}, the codebook's language; its codes may be missing`));
    }
    const contexts = sentenceContexts(sentences);
    scans.startTurn();
    // Every classifier of one model reads the same features, so they are computed once per turn, and only if needed.
    let turnFeatures: TurnFeatures | undefined;
    const learnedFeatures = (): TurnFeatures => (turnFeatures ??= new TurnFeatures(codebook.classifiers!, sentences));
    let turnFindings = 0;
    const candidates = turnCandidates(codes, matchersFor(codebook, turn.role, codes), contexts, scans, turn, previous);
    for (const [c, code] of codes.entries()) {
      const found = bestFinding(candidates[c] ?? [], code.classifier && classifierCandidate(code.classifier, contexts, turn.text, learnedFeatures));
      if (!found) continue;
      const { best, confidence } = found;
      if (best.span.start < 0 || best.span.end > turn.text.length || best.span.end <= best.span.start) {
        throw new Error(`engine invariant broken: span of ${code.id} in turn ${turn.index} lies outside the turn text`);
      }
      findings.push(
        newFinding(codebook, code, transcript, turn, {
          span: { start: best.span.start, end: best.span.end },
          matcher: { kind: best.matcher.kind, id: best.matcher.key },
          coder,
          confidence,
          modifiers: best.modifiers,
        }),
      );
      turnFindings++;
    }
    if (turnFindings > 0) roleCoverage.coded++;
    else uncodedTurns.push(turn.index);
    previous = turn;
  }

  return {
    transcript,
    findings: findings.sort(compareFindings),
    coverage: [...coverage.values()],
    uncodedTurns,
    warnings,
  };
}
