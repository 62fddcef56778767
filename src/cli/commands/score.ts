// `peer-fidelity score`: fidelity scores per transcript, program, period, site or setting, with drift over time.
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { GROUP_BYS, type GroupBy } from '../../aggregate/scores.js';
import { PERIOD_UNITS, type PeriodUnit } from '../../aggregate/period.js';
import { buildScoreFile } from '../../aggregate/score-file.js';
import { summarizeTranscript, type TranscriptSummary } from '../../aggregate/summary.js';
import { type CompiledCodebook, compileCodebook } from '../../codebook/index.js';
import { PeerFidelityError } from '../../core/errors.js';
import type { CodedTranscript, InputProblem } from '../../core/types.js';
import { streamPaths } from '../../ingest/index.js';
import { SCORE_FORMATS, type ScoreFormat, formatScores } from '../../report/scores-format.js';
import { codeStream, defaultJobs, produceStream } from '../../scale/index.js';
import { addCodebookOptions, codebookSourceFrom } from '../codebook-options.js';
import { addIngestOptions, ingestFromCli, ingestOptionsFrom } from '../ingest-options.js';
import { writeFileAtomic } from '../io.js';
import type { CliContext } from '../program.js';
import { conversationProgress } from '../progress.js';

export interface CodedBatch {
  codebook: CompiledCodebook;
  /** The coded transcripts, kept only when asked for (quotes need them); scores need only the summaries. */
  coded: CodedTranscript[];
  summaries: TranscriptSummary[];
  problems: InputProblem[];
}

/**
 * Reads, codes and summarises transcripts as a stream on every core (`--jobs`), so memory holds summaries rather than
 * the corpus; a count of conversations on stderr only when it is a terminal.
 */
export async function readAndCode(paths: string[], opts: Record<string, unknown>, ctx: CliContext, { allowEmpty = false, keepCoded = false } = {}): Promise<CodedBatch> {
  const source = codebookSourceFrom(opts, ctx.io.cwd);
  const codebook = compileCodebook(source);
  const jobs = jobsFrom(opts);
  const problems: InputProblem[] = [];
  const coded: CodedTranscript[] = [];
  const summaries: TranscriptSummary[] = [];
  const progress = conversationProgress(ctx.io);
  try {
    const input = paths.includes('-')
      ? (await ingestFromCli(paths, opts, ctx.io.cwd)).transcripts
      : streamPaths(paths, { ...ingestOptionsFrom(opts, ctx.io.cwd), onProblem: (p) => problems.push(p) });
    // Workers summarise each conversation themselves, so only the small record crosses between threads, unless the
    // coded conversations are wanted too (to choose quotes from).
    const summariesIn = keepCoded
      ? (async function* () {
          for await (const c of codeStream(input, codebook, { jobs, source })) {
            coded.push(c);
            yield summarizeTranscript(c, codebook);
          }
        })()
      : produceStream(input, codebook, { kind: 'summary' }, { jobs, source });
    for await (const summary of summariesIn) {
      summaries.push(summary);
      progress.tick();
    }
  } catch (error) {
    // A report can still say plainly that there was nothing to read; scores cannot.
    if (!(allowEmpty && error instanceof PeerFidelityError && error.code === 'ingest/empty-folder')) throw error;
    const why = error.details[0]?.message ?? error.message.split('\n')[0];
    ctx.io.stderr(`peer-fidelity: ${why} The report will say that there was nothing to read.\n`);
  } finally {
    progress.stop();
  }
  return { codebook, coded, summaries, problems };
}

export function positiveInteger(value: string, option: string, example: string | number = 2000): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new PeerFidelityError('cli/invalid-option', `${option} "${value}" should be a whole number above 0, e.g. ${option} ${example}.`);
  }
  return n;
}

export function integer(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new PeerFidelityError('cli/invalid-option', `${option} "${value}" should be a whole number, e.g. ${option} 7.`);
  return n;
}

/** `--jobs`, shared by code, score and report: worker threads that code in parallel. */
export function addJobsOption(command: Command): Command {
  return command.option('--jobs <n>', 'worker threads that code in parallel (default: one per processor core)');
}

export function jobsFrom(opts: Record<string, unknown>): number {
  return opts['jobs'] === undefined ? defaultJobs() : positiveInteger(String(opts['jobs']), '--jobs', 2);
}

export function addScoringOptions(command: Command): Command {
  return addJobsOption(command)
    .addOption(new Option('--period <unit>', 'period for change over time').choices([...PERIOD_UNITS]).default('quarter'))
    .option('--seed <n>', 'seed for the bootstrap intervals (the same seed gives the same numbers)')
    .option('--resamples <n>', 'bootstrap resamples over conversations', '2000');
}

interface ScoreOptions {
  codebook: string;
  by: GroupBy;
  period: PeriodUnit;
  format: ScoreFormat;
  output?: string;
  seed?: string;
  resamples: string;
}

export function registerScore(program: Command, ctx: CliContext): void {
  const command = program
    .command('score')
    .description('fidelity scores per transcript, program, period, site or setting, with drift over time')
    .argument('<paths...>', 'transcript files or folders (csv, tsv, txt, json, jsonl, vtt, srt, docx)')
    .addOption(new Option('--by <group>', 'what one row stands for').choices([...GROUP_BYS]).default('program'))
    .addOption(new Option('--format <format>', 'output format (json can be merged later)').choices([...SCORE_FORMATS]).default('table'))
    .option('--output <file>', 'write to this file instead of standard output');
  addCodebookOptions(command);
  addScoringOptions(command);
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
Scores count only what supporters say; what people supported say is shown as help in both directions.
docs/scoring.md explains the fidelity index, the drift index, the intervals and how drops are flagged.

Examples:
  peer-fidelity score corpora/demo
  peer-fidelity score corpora/demo --by transcript --format csv --output scores.csv
  peer-fidelity score batch1/ --format json --output part1.json   (then: peer-fidelity merge part1.json part2.json)`,
  );
  command.action(async (paths: string[], opts: ScoreOptions & Record<string, unknown>) => {
    const batch = await readAndCode(paths, opts, ctx);
    const file = buildScoreFile(
      batch.summaries,
      { id: batch.codebook.id, version: batch.codebook.version, standards: batch.codebook.standards },
      {
        by: opts.by,
        period: opts.period,
        resamples: positiveInteger(opts.resamples, '--resamples'),
        ...(opts.seed !== undefined ? { seed: integer(opts.seed, '--seed') } : {}),
      },
    );
    const text = formatScores(file, opts.format);
    if (opts.output) writeFileAtomic(resolve(ctx.io.cwd, opts.output), text);
    else ctx.io.stdout(text);
    const n = batch.summaries.length;
    const flagged = file.trends.trends.reduce((k, t) => k + t.checks.filter((c) => c.status === 'regression').length, 0);
    ctx.io.stderr(
      `scored ${n} conversation${n === 1 ? '' : 's'} with ${batch.codebook.id} ${batch.codebook.version} by ${opts.by}` +
        `${flagged > 0 ? `; ${flagged} flagged drop${flagged === 1 ? '' : 's'} over time` : ''}` +
        `${batch.problems.length > 0 ? `; ${batch.problems.length} input warning${batch.problems.length === 1 ? '' : 's'}` : ''}` +
        `${opts.output ? ` → ${opts.output}` : ''}\n`,
    );
  });
}
