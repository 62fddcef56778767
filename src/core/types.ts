// The plain data shapes that flow between ingest, coding, reliability, aggregation and reports.

/** Who a turn's speaker is in the conversation. */
export type Role = 'supporter' | 'supported' | 'staff' | 'narrator' | 'other';
export const ROLES: readonly Role[] = ['supporter', 'supported', 'staff', 'narrator', 'other'];

/** Input formats the ingest layer understands. */
export type SourceFormat = 'csv' | 'tsv' | 'txt' | 'json' | 'jsonl' | 'vtt' | 'srt' | 'docx';

export interface Turn {
  /** 1-based position in the transcript, as people count. */
  index: number;
  speaker: string;
  role: Role;
  text: string;
  /** Seconds from the start of the recording (captions only). */
  start?: number;
  end?: number;
  /** 1-based line (text formats) or row (CSV, counting the header as line 1) where the turn starts. */
  sourceLine: number;
}

export interface Transcript {
  id: string;
  program?: string;
  site?: string;
  /** ISO date (YYYY-MM-DD) of the conversation. */
  date?: string;
  /** one-to-one, group, team meeting, hallway, document… when known. */
  setting?: string;
  source: { file: string; format: SourceFormat };
  turns: Turn[];
  meta: Record<string, string>;
}

/** A problem found in input; warnings never stop a run in lenient mode. */
export interface InputProblem {
  severity: 'error' | 'warning';
  /** Stable machine-readable id, e.g. `ingest/empty-text`. */
  code: string;
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export type Polarity = 'meets' | 'drifts';

/** Sentence-level conditions the engine detects and codes may ignore. */
export type ModifierName = 'negated' | 'question' | 'reported-speech' | 'reflexive' | 'hypothetical';
export const MODIFIER_NAMES: readonly ModifierName[] = [
  'negated',
  'question',
  'reported-speech',
  'reflexive',
  'hypothetical',
];

export interface Modifiers {
  negated?: boolean;
  question?: 'open' | 'closed';
  reportedSpeech?: boolean;
  reflexive?: boolean;
  hypothetical?: boolean;
}

export type MatcherKind = 'lexicon' | 'pattern' | 'regex' | 'classifier' | 'manual';

/** One code applied to one turn: by the engine or by a human coder. */
export interface Finding {
  code: string;
  standard: string;
  polarity: Polarity;
  codebook: { id: string; version: string };
  transcriptId: string;
  /** 1-based turn index. */
  turn: number;
  speaker: string;
  role: Role;
  /** UTF-16 offsets into the original turn text; `evidence === text.slice(span.start, span.end)`. */
  span: { start: number; end: number };
  evidence: string;
  matcher: { kind: MatcherKind; id: string };
  /** `auto@<version>` for the engine, or a person's coder id. */
  coder: string;
  /** 0..1 */
  confidence: number;
  modifiers: Modifiers;
}

export interface TurnCoverage {
  role: Role;
  turns: number;
  coded: number;
}

export interface CodedTranscript {
  transcript: Transcript;
  findings: Finding[];
  /** Turns per role, and how many got at least one code. */
  coverage: TurnCoverage[];
  /** 1-based indices of turns with no code (among roles the codebook codes). */
  uncodedTurns: number[];
  warnings: InputProblem[];
}

/** What reports and aggregates need to know about a codebook (the compiled form adds matchers). */
export interface StandardInfo {
  id: string;
  label: string;
  definition: string;
}

export interface CodeInfo {
  id: string;
  label: string;
  standard: string;
  polarity: Polarity;
  /** Roles whose turns this code applies to. */
  roles: Role[];
  definition: string;
  /** Rationale shown in reports and docs. */
  note?: string;
  weight: number;
}

export interface CodebookInfo {
  id: string;
  version: string;
  title: string;
  language: string;
  standards: StandardInfo[];
  /** In the manifest's order. */
  codes: CodeInfo[];
}

/** Conditions a code can require of the sentence or of the turn before it. */
export const REQUIREMENTS = ['open-question', 'not-question', 'after-supporter', 'after-supported', 'after-staff', 'after-other-speaker', 'echoes-previous'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];
