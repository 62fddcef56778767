// `peer-fidelity validate`: the engine's codes against people's gold codes, per code, and a validation card for reports.
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { compileCodebook } from '../../codebook/index.js';
import type { CompiledCodebook } from '../../coding/compiled.js';
import { codeTranscript } from '../../coding/engine.js';
import { PeerFidelityError } from '../../core/errors.js';
import type { Transcript } from '../../core/types.js';
import { loadSheetFiles } from '../../human/files.js';
import { readCodingSheets } from '../../human/read-sheets.js';
import { buildValidationCard, formatValidationCard } from '../../validate/card.js';
import { DEFAULT_MIN_KAPPA, validateCoding } from '../../validate/compare.js';
import { VALIDATION_FORMATS, type ValidationFormat, formatValidation } from '../../validate/format.js';
import { goldSet, type GoldSet } from '../../validate/gold.js';
import { addIngestOptions, ingestFromCli } from '../ingest-options.js';
import { type CliIo, writeFileAtomic } from '../io.js';
import { addCodebookOptions, codebookSourceFrom } from '../codebook-options.js';
import type { CliContext } from '../program.js';
import { printWarnings, wholeNumberOption } from './agree.js';

interface GoldCliOptions {
  gold: string[];
  transcripts: string[];
  coder?: string;
}

/** Reads the transcripts and the gold sheets the way `agree` does, and keeps one coder's codings as the gold set. */
export async function readGoldFromCli(
  opts: GoldCliOptions & Record<string, unknown>,
  codebook: CompiledCodebook,
  io: CliIo,
): Promise<{ gold: GoldSet; transcripts: Transcript[] }> {
  const ingest = await ingestFromCli(opts.transcripts, opts, io.cwd);
  const sheets = readCodingSheets(loadSheetFiles(opts.gold, io.cwd), ingest.transcripts, codebook);
  const gold = goldSet(sheets, codebook, opts.coder === undefined ? {} : { coder: opts.coder });
  printWarnings(io, sheets.problems, ingest.problems);
  return { gold, transcripts: ingest.transcripts };
}

function kappaOption(value: string): number {
  const k = Number(value);
  if (value.trim() === '' || !Number.isFinite(k) || k < -1 || k > 1) {
    throw new PeerFidelityError('cli/invalid-option', `--min-kappa "${value}" should be a number from -1 to 1, e.g. 0.4.`);
  }
  return k;
}

interface ValidateOptions extends GoldCliOptions {
  codebook: string;
  card?: string;
  description?: string;
  minKappa: string;
  format: ValidationFormat;
  maxDisagreements: string;
}

export function registerValidate(program: Command, ctx: CliContext): void {
  const command = program
    .command('validate')
    .description("compare the engine's codes with people's codes (a gold set), per code: precision, recall, F1 and Cohen's kappa, with every disagreement")
    .requiredOption('--gold <sheets...>', 'filled-in coding sheets with the agreed codes: a settled consensus.csv, or one coder’s sheet (files or folders)')
    .requiredOption('--transcripts <paths...>', 'the transcripts the sheets were made from (files or folders)')
    .option('--coder <id>', 'use this coder’s codings as the gold set when the sheets hold several coders')
    .option('--card <file>', 'write a validation card (JSON) for `peer-fidelity report --validation`')
    .option('--description <text>', 'how the gold set was made, for the card (e.g. "120 turns coded by two peer supporters, disagreements settled together")')
    .option('--min-kappa <k>', 'codes whose kappa reaches this are marked reliable on the card', String(DEFAULT_MIN_KAPPA))
    .addOption(new Option('--format <format>', 'output format').choices([...VALIDATION_FORMATS]).default('table'))
    .option('--max-disagreements <n>', 'disagreements listed per code and kind in the table ("all" for every one)', '10');
  addCodebookOptions(command);
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
Each code is a present/absent judgement per turn, on the turns the gold sheets coded (turns of
the code's roles). The gold set is ONE agreed set of codes: if two or more people coded, run
\`peer-fidelity adjudicate\`, settle every ? in the consensus sheet together, and pass that sheet.
The table and --format json quote the turns where the engine and people disagree, so codebook
authors can refine patterns: keep that output where you keep the transcripts. The card holds
statistics only, no transcript text.

Examples:
  peer-fidelity validate --gold consensus.csv --transcripts sessions/ --card card.json
  peer-fidelity validate --gold sheets/alice.csv --transcripts sessions/ --format json
  peer-fidelity report sessions/ --validation card.json --out report.html`,
  );
  command.action(async (opts: ValidateOptions & Record<string, unknown>) => {
    const minKappa = kappaOption(opts.minKappa);
    const maxDisagreements = opts.maxDisagreements.trim().toLowerCase() === 'all' ? Infinity : wholeNumberOption('--max-disagreements', opts.maxDisagreements, 0);
    const codebook = compileCodebook(codebookSourceFrom(opts, ctx.io.cwd));
    const { gold, transcripts } = await readGoldFromCli(opts, codebook, ctx.io);
    const inGold = new Set(gold.transcripts);
    const coded = transcripts.filter((t) => inGold.has(t.id)).map((t) => codeTranscript(t, codebook));
    const validation = validateCoding(coded, gold, codebook, { minKappa });
    ctx.io.stdout(formatValidation(validation, opts.format, { maxDisagreements }));
    if (opts.card !== undefined) {
      const card = buildValidationCard(validation, opts.description);
      writeFileAtomic(resolve(ctx.io.cwd, opts.card), formatValidationCard(card));
      const reliable = validation.codes.filter((c) => c.reliable).length;
      ctx.io.stderr(`wrote a validation card: ${reliable} of ${validation.codes.length} codes reliable (kappa ≥ ${minKappa}) → ${opts.card}\n`);
    }
  });
}
