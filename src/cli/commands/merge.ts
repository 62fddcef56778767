// `peer-fidelity merge`: combines score files from separate batches into exactly the scores of the whole.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { PERIOD_UNITS, type PeriodUnit } from '../../aggregate/period.js';
import { type ParsedScoreFile, type ScoreFileOptions, mergeScoreFiles, parseScoreFile } from '../../aggregate/score-file.js';
import { GROUP_BYS, type GroupBy } from '../../aggregate/scores.js';
import { PeerFidelityError } from '../../core/errors.js';
import { SCORE_FORMATS, type ScoreFormat, formatScores } from '../../report/scores-format.js';
import { writeFileAtomic } from '../io.js';
import type { CliContext } from '../program.js';
import { integer, positiveInteger } from './score.js';

interface MergeOptions {
  by?: GroupBy;
  period?: PeriodUnit;
  format: ScoreFormat;
  output?: string;
  seed?: string;
  resamples?: string;
}

function readPart(path: string, shown: string): ParsedScoreFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PeerFidelityError(
      'merge/unreadable-file',
      `${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Give the score files written by \`peer-fidelity score … --format json --output FILE\`.`,
      { location: { file: shown } },
    );
  }
  return parseScoreFile(text, shown);
}

export function registerMerge(program: Command, ctx: CliContext): void {
  program
    .command('merge')
    .description('combine score files from separate batches (written by score --format json) into the scores of the whole')
    .argument('<files...>', 'score files written by `peer-fidelity score … --format json --output FILE`')
    .addOption(new Option('--by <group>', 'what one row stands for (default: as in the first file)').choices([...GROUP_BYS]))
    .addOption(new Option('--period <unit>', 'period for change over time (default: as in the first file)').choices([...PERIOD_UNITS]))
    .addOption(new Option('--format <format>', 'output format').choices([...SCORE_FORMATS]).default('table'))
    .option('--output <file>', 'write to this file instead of standard output')
    .option('--seed <n>', 'seed for the bootstrap intervals (default: as in the first file)')
    .option('--resamples <n>', 'bootstrap resamples (default: as in the first file)')
    .addHelpText(
      'after',
      `
Every file must come from the same codebook and version, and no conversation may be in two files.
Scores are recomputed from the per-conversation summaries in the files, so merging gives the same
numbers (and, as JSON, the same bytes) as scoring all the conversations at once.

Example:
  peer-fidelity score site-a/ --format json --output a.json
  peer-fidelity score site-b/ --format json --output b.json
  peer-fidelity merge a.json b.json --by site`,
    )
    .action((files: string[], opts: MergeOptions) => {
      const parts = files.map((f) => readPart(resolve(ctx.io.cwd, f), f));
      const overrides: Partial<ScoreFileOptions> = {};
      if (opts.by) overrides.by = opts.by;
      if (opts.period) overrides.period = opts.period;
      if (opts.seed !== undefined) overrides.seed = integer(opts.seed, '--seed');
      if (opts.resamples !== undefined) overrides.resamples = positiveInteger(opts.resamples, '--resamples');
      const merged = mergeScoreFiles(parts, overrides);
      const text = formatScores(merged, opts.format);
      if (opts.output) writeFileAtomic(resolve(ctx.io.cwd, opts.output), text);
      else ctx.io.stdout(text);
      ctx.io.stderr(
        `merged ${parts.length} file${parts.length === 1 ? '' : 's'}: ${merged.summaries.length} conversation${merged.summaries.length === 1 ? '' : 's'} by ${merged.options.by}${opts.output ? ` → ${opts.output}` : ''}\n`,
      );
    });
}
