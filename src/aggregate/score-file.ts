// The JSON document `score --format json` writes: per-transcript summaries plus the tables built from them,
// so separate batches can be merged into exactly the scores of the whole.
import { z } from 'zod';
import { PeerFidelityError } from '../core/errors.js';
import { compareText } from '../core/order.js';
import { PERIOD_UNITS, type PeriodUnit } from './period.js';
import { DEFAULT_RESAMPLES, DEFAULT_SEED, GROUP_BYS, type GroupBy, type ScoreTable, type StandardRef, aggregate } from './scores.js';
import { SUMMARY_FORMAT, type TranscriptSummary, canonicalSummary, sortSummaries } from './summary.js';
import { type TrendTable, detectRegressions } from './trends.js';

export const SCORE_FILE_KIND = 'peer-fidelity/scores';

export interface ScoreFileCodebook {
  id: string;
  version: string;
  standards: StandardRef[];
}

export interface ScoreFileOptions {
  by: GroupBy;
  period: PeriodUnit;
  seed: number;
  resamples: number;
}

export interface ScoreFile {
  kind: typeof SCORE_FILE_KIND;
  summaryFormat: number;
  codebook: ScoreFileCodebook;
  options: ScoreFileOptions;
  table: ScoreTable;
  trends: TrendTable;
  /** The per-transcript records every number above was computed from (sorted by id). */
  summaries: TranscriptSummary[];
}

/** Scores and trends for a set of summaries, in the mergeable file shape. */
export function buildScoreFile(
  summaries: readonly TranscriptSummary[],
  codebook: ScoreFileCodebook,
  options: Partial<ScoreFileOptions> = {},
): ScoreFile {
  const resolved: ScoreFileOptions = {
    by: options.by ?? 'program',
    period: options.period ?? 'quarter',
    seed: options.seed ?? DEFAULT_SEED,
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
  };
  const sorted = sortSummaries(summaries).map(canonicalSummary);
  const standards = codebook.standards.map((s) => ({ id: s.id, label: s.label }));
  return {
    kind: SCORE_FILE_KIND,
    summaryFormat: SUMMARY_FORMAT,
    codebook: { id: codebook.id, version: codebook.version, standards },
    options: resolved,
    table: aggregate(sorted, { standards, ...resolved }),
    trends: detectRegressions(sorted, { standards, period: resolved.period, seed: resolved.seed, resamples: resolved.resamples }),
    summaries: sorted,
  };
}

const count = z.number().int().nonnegative();
const roleTally = z.object({
  turns: count,
  questionTurns: count,
  sharingTurns: count,
  offerTurns: count,
  codes: z.record(z.string(), count),
});
const summarySchema = z.object({
  id: z.string().min(1),
  program: z.string().optional(),
  site: z.string().optional(),
  date: z.string().optional(),
  setting: z.string().optional(),
  supporterTurns: count,
  uncodedSupporterTurns: count,
  codes: z.record(
    z.string(),
    z.object({ standard: z.string(), polarity: z.enum(['meets', 'drifts']), count, weight: z.number().nonnegative() }),
  ),
  roles: z.partialRecord(z.enum(['supporter', 'supported', 'staff', 'narrator', 'other']), roleTally),
});
// Only what merging needs is checked strictly; the tables are recomputed from the summaries.
const fileSchema = z.object({
  kind: z.literal(SCORE_FILE_KIND),
  summaryFormat: z.literal(SUMMARY_FORMAT),
  codebook: z.object({
    id: z.string(),
    version: z.string(),
    standards: z.array(z.object({ id: z.string(), label: z.string() })),
  }),
  options: z.object({
    by: z.enum(GROUP_BYS as [GroupBy, ...GroupBy[]]),
    period: z.enum(PERIOD_UNITS as [PeriodUnit, ...PeriodUnit[]]),
    seed: z.number().int(),
    resamples: z.number().int().positive(),
  }),
  summaries: z.array(summarySchema),
});

export interface ParsedScoreFile {
  file: string;
  codebook: ScoreFileCodebook;
  options: ScoreFileOptions;
  summaries: TranscriptSummary[];
}

/** Reads a score file's text; throws `merge/not-a-score-file` naming the file and the first problems found. */
export function parseScoreFile(text: string, file: string): ParsedScoreFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PeerFidelityError(
      'merge/not-a-score-file',
      `${file} is not JSON (${error instanceof Error ? error.message : String(error)}). Merge reads files written by ` +
        '`peer-fidelity score … --format json --output FILE`.',
      { location: { file } },
    );
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    throw new PeerFidelityError(
      'merge/not-a-score-file',
      `${file} is not a peer-fidelity score file this version can merge. Write it again with ` +
        '`peer-fidelity score … --format json --output FILE`.',
      {
        location: { file },
        details: parsed.error.issues.slice(0, 10).map((issue) => ({
          file,
          message: `at ${issue.path.length > 0 ? issue.path.join('.') : '(top)'}: ${issue.message}`,
        })),
      },
    );
  }
  const d = parsed.data;
  return {
    file,
    codebook: d.codebook,
    options: d.options,
    summaries: d.summaries.map((s) => canonicalSummary(s as TranscriptSummary)),
  };
}

/**
 * Combines score files from separate batches. They must come from the same codebook id and version,
 * and no conversation may appear twice. Options default to the first file's.
 */
export function mergeScoreFiles(parts: readonly ParsedScoreFile[], options: Partial<ScoreFileOptions> = {}): ScoreFile {
  const first = parts[0];
  if (!first) throw new PeerFidelityError('merge/no-files', 'Nothing to merge: give two or more score files written by `peer-fidelity score --format json`.');
  for (const part of parts.slice(1)) {
    if (part.codebook.id !== first.codebook.id || part.codebook.version !== first.codebook.version) {
      throw new PeerFidelityError(
        'merge/codebook-mismatch',
        `${part.file} was scored with codebook ${part.codebook.id} ${part.codebook.version}, but ${first.file} with ` +
          `${first.codebook.id} ${first.codebook.version}. Scores from different codebooks cannot be combined: score both batches with the same codebook.`,
        { location: { file: part.file } },
      );
    }
  }
  const seen = new Map<string, string>();
  const duplicates: { file: string; message: string }[] = [];
  for (const part of parts) {
    for (const s of part.summaries) {
      const earlier = seen.get(s.id);
      if (earlier !== undefined) duplicates.push({ file: part.file, message: `conversation "${s.id}" is also in ${earlier}` });
      else seen.set(s.id, part.file);
    }
  }
  if (duplicates.length > 0) {
    throw new PeerFidelityError(
      'merge/duplicate-transcript',
      `${duplicates.length} conversation${duplicates.length === 1 ? ' appears' : 's appear'} in more than one file, so merging would count ${
        duplicates.length === 1 ? 'it' : 'them'
      } twice. Score each conversation in one batch only.`,
      { details: duplicates.sort((a, b) => compareText(a.message, b.message)) },
    );
  }
  return buildScoreFile(
    parts.flatMap((p) => p.summaries),
    first.codebook,
    { ...first.options, ...options },
  );
}
