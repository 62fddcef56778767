// Shapes the ingest layer shares between its readers, its builder and its callers.
import type { InputProblem, Role, SourceFormat, Transcript } from '../core/types.js';

/** The columns (CSV) and fields (JSONL turn rows) the readers understand. */
export const CANONICAL_COLUMNS = [
  'transcript_id',
  'turn',
  'speaker',
  'role',
  'text',
  'program',
  'site',
  'date',
  'setting',
  'start',
  'end',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

export interface IngestOptions {
  /** Speaker label → role, applied before the default map (labels match case-insensitively). */
  roles?: Record<string, Role>;
  /** Canonical column → the header used in the file, e.g. `{ text: 'utterance' }`. */
  columns?: Partial<Record<CanonicalColumn, string>>;
  /** CSV delimiter; detected when not given (tab for .tsv files). */
  delimiter?: string;
  /** Turn every warning into an error. */
  strict?: boolean;
  /** Read every file as this format instead of guessing from its extension. */
  format?: SourceFormat;
  /** Largest file read, in bytes (default 50 MB). */
  maxFileSize?: number;
  /** Directory that relative paths are resolved against and shown relative to (default: process.cwd()). */
  cwd?: string;
  /** Content for the path `-`; `fileName` picks the format. */
  stdin?: { content: string | Uint8Array; fileName: string };
}

export interface ParseOptions extends IngestOptions {
  /** Transcript id when the data gives none (default: the file name without extension). */
  defaultId?: string;
}

export interface SkippedItem {
  kind: 'turn' | 'file';
  file: string;
  line?: number;
  reason: string;
}

/** What one file gave: transcripts plus everything that went wrong or was left out. */
export interface ParsedFile {
  file: string;
  format: SourceFormat;
  transcripts: Transcript[];
  problems: InputProblem[];
  skipped: SkippedItem[];
  /** Turns the reader found; always equals kept turns plus skipped turns. */
  turnsRead: number;
}

export interface IngestSummary {
  files: number;
  filesSkipped: number;
  transcripts: number;
  turns: number;
  turnsByRole: Record<Role, number>;
  turnsSkipped: number;
  warnings: number;
}

export interface IngestResult {
  transcripts: Transcript[];
  /** Warnings only: any error makes `ingestPaths` throw. */
  problems: InputProblem[];
  skipped: SkippedItem[];
  summary: IngestSummary;
}

/** A turn as a reader found it, before roles, numbering and checks. */
export interface RawTurn {
  speaker: string;
  /** Value of a role column/field, when there is one. */
  role?: string;
  text: string;
  start?: number;
  end?: number;
  line: number;
  /** Explicit turn number from the data (CSV/JSON), kept as written. */
  turn?: string;
}

export interface RawTranscript {
  id?: string;
  program?: string;
  site?: string;
  date?: string;
  setting?: string;
  meta: Record<string, string>;
  line: number;
  turns: RawTurn[];
}
