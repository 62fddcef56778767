// `peer-fidelity agree`: agreement between coders' filled-in sheets, per code and overall, with bootstrap intervals.
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { defaultCodebookDir, loadCodebook } from '../../codebook/index.js';
import { PeerFidelityError } from '../../core/errors.js';
import type { InputProblem } from '../../core/types.js';
import { loadSheetFiles } from '../../human/files.js';
import { readCodingSheets } from '../../human/read-sheets.js';
import { computeAgreement } from '../../reliability/agreement.js';
import { DEFAULT_BOOTSTRAP_REPLICATES, DEFAULT_BOOTSTRAP_SEED } from '../../reliability/bootstrap.js';
import { AGREEMENT_FORMATS, type AgreementFormat, formatAgreement } from '../../reliability/format.js';
import { addIngestOptions, ingestFromCli } from '../ingest-options.js';
import { type CliIo, writeFileAtomic } from '../io.js';
import type { CliContext } from '../program.js';

interface AgreeOptions {
  transcripts: string[];
  codebook: string;
  format: AgreementFormat;
  seed: string;
  bootstrap: string;
  output?: string;
}

/** A whole number option, or a usage error naming the option and the value. */
export function wholeNumberOption(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new PeerFidelityError('cli/invalid-option', `${name} "${value}" should be a whole number of ${min} or more.`);
  }
  return n;
}

/**
 * Sheet warnings (values that were not read) go to stderr one by one, since a person should see
 * each; warnings about the transcripts are counted, as `peer-fidelity ingest` lists them.
 */
export function printWarnings(io: CliIo, sheetProblems: readonly InputProblem[], transcriptProblems: readonly InputProblem[]): void {
  for (const p of sheetProblems) io.stderr(`warning: ${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}\n`);
  const n = transcriptProblems.length;
  if (n > 0) io.stderr(`note: ${n} warning${n === 1 ? '' : 's'} about the transcripts; run \`peer-fidelity ingest\` on them to see ${n === 1 ? 'it' : 'them'}.\n`);
}

export function registerAgree(program: Command, ctx: CliContext): void {
  const command = program
    .command('agree')
    .description("agreement between coders' filled-in coding sheets: percent agreement, Cohen's kappa and Krippendorff's alpha per code and overall")
    .argument('<sheets...>', 'filled-in coding sheets (.csv), or folders of them; one coder per file unless the coder column says otherwise')
    .requiredOption('--transcripts <paths...>', 'the transcripts the sheets were made from (files or folders)')
    .option('--codebook <dir>', 'codebook folder', defaultCodebookDir())
    .addOption(new Option('--format <format>', 'output format').choices([...AGREEMENT_FORMATS]).default('table'))
    .option('--seed <n>', 'seed for the bootstrap resampling (same seed, same intervals)', String(DEFAULT_BOOTSTRAP_SEED))
    .option('--bootstrap <B>', 'number of bootstrap resamples of transcripts for the 95% intervals; 0 for none', String(DEFAULT_BOOTSTRAP_REPLICATES))
    .option('--output <file>', 'write to this file instead of standard output');
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
Each code is a present/absent judgement per turn. A turn a coder has no row for is missing for
that coder (not "absent"), and turns only one coder coded are left out. Intervals come from a
cluster bootstrap over transcripts (whole conversations are resampled), seeded so that runs repeat.
The output holds statistics only, no transcript text.

Examples:
  peer-fidelity agree sheets/alice.csv sheets/bob.csv --transcripts sessions/
  peer-fidelity agree sheets/ --transcripts sessions.csv --format json --output agreement.json
  peer-fidelity agree sheets/ --transcripts sessions/ --bootstrap 5000 --seed 7`,
  );
  command.action(async (paths: string[], opts: AgreeOptions & Record<string, unknown>) => {
    const replicates = wholeNumberOption('--bootstrap', opts.bootstrap, 0);
    const seed = wholeNumberOption('--seed', opts.seed, 0);
    const codebook = await loadCodebook(resolve(ctx.io.cwd, opts.codebook));
    const ingest = await ingestFromCli(opts.transcripts, opts, ctx.io.cwd);
    const sheets = readCodingSheets(loadSheetFiles(paths, ctx.io.cwd), ingest.transcripts, codebook);
    printWarnings(ctx.io, sheets.problems, ingest.problems);
    const report = computeAgreement(sheets.findings, {
      codebook,
      coverage: sheets.coverage,
      bootstrap: replicates === 0 ? false : { replicates, seed },
    });
    const text = formatAgreement(report, opts.format);
    if (opts.output) {
      writeFileAtomic(resolve(ctx.io.cwd, opts.output), text);
      ctx.io.stderr(`agreement between ${report.coders.length} coders on ${report.units.pairable} turns → ${opts.output}\n`);
    } else ctx.io.stdout(text);
  });
}
