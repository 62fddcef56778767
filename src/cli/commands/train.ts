// `peer-fidelity train`: learn a classifier per code from people's codes, show by cross-validation whether it helps, write the model.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { compileCodebook, loadCodebook, readCodebookSource } from '../../codebook/index.js';
import { CLASSIFIER_MODEL_PATH } from '../../coding/classifier.js';
import { runSelfTest } from '../../codebook/self-test.js';
import { codebookExamples, DEFAULT_FOLDS, DEFAULT_MIN_GAIN, DEFAULT_MIN_POSITIVES, DEFAULT_SEED, formatClassifierModel, trainClassifiers } from '../../validate/train.js';
import { formatTrainingTable } from '../../validate/format.js';
import { addIngestOptions } from '../ingest-options.js';
import { writeFileAtomic } from '../io.js';
import { PeerFidelityError } from '../../core/errors.js';
import type { CliContext } from '../program.js';
import { wholeNumberOption } from './agree.js';
import { readGoldFromCli } from './validate.js';

interface TrainCommandOptions {
  gold: string[];
  transcripts: string[];
  codebook: string;
  codes?: string;
  folds: string;
  seed: string;
  minPositives: string;
  minGain: string;
  coder?: string;
  dryRun?: boolean;
  codebookExamples: boolean;
  format: 'table' | 'json';
}

export function registerTrain(program: Command, ctx: CliContext): void {
  const command = program
    .command('train')
    .description("learn a classifier per code from people's codes; cross-validation shows whether it adds to the rules; writes <codebook>/models/classifier.json")
    .requiredOption('--gold <sheets...>', 'filled-in coding sheets with the agreed codes: a settled consensus.csv, or one coder’s sheet (files or folders)')
    .requiredOption('--transcripts <paths...>', 'the transcripts the sheets were made from (files or folders)')
    .requiredOption('--codebook <dir>', 'the codebook folder; the model is written inside it, to models/classifier.json')
    .option('--codes <ids>', 'only these codes, comma-separated (default: every code with enough gold positives)')
    .option('--folds <k>', 'cross-validation folds; whole transcripts are held out', String(DEFAULT_FOLDS))
    .option('--seed <n>', 'seed for dealing transcripts into folds (same seed, same table and model)', String(DEFAULT_SEED))
    .option('--min-positives <n>', 'codes with fewer gold positives are not learned', String(DEFAULT_MIN_POSITIVES))
    .option('--min-gain <f1>', 'the cross-validated F1 gain a classifier must show to go into the model; negative keeps classifiers that show none (when the rules were tuned on these same turns, cross-validation flatters them)', String(DEFAULT_MIN_GAIN))
    .option('--coder <id>', 'use this coder’s codings as the gold set when the sheets hold several coders')
    .option('--no-codebook-examples', "do not add the codebook's own positive and negative examples to the training data")
    .option('--dry-run', 'show the cross-validation table without writing the model')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'));
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
For each code, a logistic regression over word stems and word pairs is trained on the gold turns
of the code's roles. The table compares, on held-out transcripts, the rules alone with the rules
plus the classifier (which can only add turns the rules missed). The codebook's own examples are
added to every training fold (never to a held-out one). A code goes into the model only when the
classifier raised its cross-validated F1 by at least --min-gain. The model records the codebook's id and version:
after editing the codebook's version, train again. Delete the model file to code with the rules only.

Examples:
  peer-fidelity train --gold consensus.csv --transcripts sessions/ --codebook codebooks/ours
  peer-fidelity train --gold consensus.csv --transcripts sessions/ --codebook codebooks/ours --codes self-disclosure,doing-together --dry-run`,
  );
  command.action(async (opts: TrainCommandOptions & Record<string, unknown>) => {
    const folds = wholeNumberOption('--folds', opts.folds, 2);
    const seed = wholeNumberOption('--seed', opts.seed, 0);
    const minPositives = wholeNumberOption('--min-positives', opts.minPositives, 1);
    const minGain = Number(opts.minGain);
    if (opts.minGain.trim() === '' || !Number.isFinite(minGain) || minGain < -1 || minGain > 1) {
      throw new PeerFidelityError('cli/invalid-option', `--min-gain "${opts.minGain}" should be an F1 difference from -1 to 1, e.g. 0.05.`);
    }
    const dir = resolve(ctx.io.cwd, opts.codebook);
    // The old model is left out: training compares with the rules alone and then replaces it, even when it is stale.
    const source = readCodebookSource(dir, { models: false });
    const codebook = compileCodebook(source);
    const { gold, transcripts } = await readGoldFromCli(opts, codebook, ctx.io);
    const codes = opts.codes
      ?.split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    const examples = opts.codebookExamples ? codebookExamples(source) : [];
    const result = trainClassifiers(transcripts, gold, codebook, { folds, seed, minPositives, minGain, examples, ...(codes ? { codes } : {}) });
    const file = join(dir, CLASSIFIER_MODEL_PATH);
    const rel = relative(ctx.io.cwd, file);
    const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
    const kept = Object.keys(result.model.codes);
    const written = !opts.dryRun && kept.length > 0;
    if (opts.format === 'json') {
      const { model: _model, ...rest } = result;
      ctx.io.stdout(JSON.stringify({ ...rest, model: { file: shown, written, codes: kept, dataHash: result.model.training.data_hash } }, null, 2) + '\n');
    } else ctx.io.stdout(formatTrainingTable(result));

    // The codebook's examples are its specification: say which ones the new classifiers contradict.
    if (kept.length > 0) {
      const id = (f: { code: string; kind: string; index: number }): string => `${f.code}/${f.kind}/${f.index}`;
      const before = new Set(runSelfTest(source, codebook).failures.map(id));
      const caused = runSelfTest(source, compileCodebook({ ...source, model: { file, model: result.model } })).failures.filter((f) => !before.has(id(f)));
      if (caused.length > 0) {
        ctx.io.stderr(
          `warning: with the classifiers, ${caused.length} codebook example${caused.length === 1 ? '' : 's'} no longer behave${caused.length === 1 ? 's' : ''} as written, so \`peer-fidelity codebook check\` will report ${caused.length === 1 ? 'it' : 'them'}:\n` +
            caused.slice(0, 5).map((f) => `  ${f.file}${f.line === undefined ? '' : `:${f.line}`}: ${f.kind} example of ${f.code}: ${f.reason}\n`).join('') +
            (caused.length > 5 ? `  … and ${caused.length - 5} more\n` : '') +
            'Code more turns (or raise the code\'s threshold in the model) before relying on these classifiers.\n',
        );
      }
    }
    const declared = source.codes.filter((c) => !kept.includes(c.id) && c.matchers.some((m) => m.classifier !== undefined)).map((c) => c.id);
    if (written) {
      writeFileAtomic(file, formatClassifierModel(result.model));
      // Loading it back proves the codebook and the new model fit together before anyone codes with them.
      if (declared.length === 0) await loadCodebook(dir);
      ctx.io.stderr(`wrote classifiers for ${kept.join(', ')} → ${shown}\ncode, validate and report now use them with this codebook; delete the file to code with the rules only.\n`);
    } else if (opts.dryRun) {
      ctx.io.stderr(`dry run: no model written${kept.length > 0 ? ` (it would hold classifiers for ${kept.join(', ')})` : ''}.\n`);
    } else {
      ctx.io.stderr(`no code gained from a classifier, so no model was written${existsSync(file) ? `; the existing ${shown} was left as it is (delete it to code with the rules only)` : ''}.\n`);
    }
    if (declared.length > 0 && !opts.dryRun) {
      ctx.io.stderr(`warning: ${declared.join(', ')} declare${declared.length === 1 ? 's' : ''} a classifier matcher but ${declared.length === 1 ? 'is' : 'are'} not in the model; remove the matcher or code more turns, or the codebook will not load.\n`);
    }
  });
}

