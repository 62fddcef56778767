// `peer-fidelity code`: code every turn of the given transcripts against a codebook and print or write the findings.
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { defaultCodebookDir, loadCodebook } from '../../codebook/index.js';
import { codeTranscript } from '../../coding/index.js';
import { formatCoded, type CodedFormat } from '../../report/coded-output.js';
import { addIngestOptions, ingestFromCli } from '../ingest-options.js';
import { writeFileAtomic } from '../io.js';
import type { CliContext } from '../program.js';

interface CodeOptions {
  codebook: string;
  format: CodedFormat;
  turns?: boolean;
  output?: string;
}

export function registerCode(program: Command, ctx: CliContext): void {
  const command = program
    .command('code')
    .description('code every turn of the transcripts against a codebook (default: the shipped Mead & MacNeil codebook)')
    .argument('<paths...>', 'transcript files or folders (csv, tsv, txt, json, jsonl, vtt, srt, docx)')
    .option('--codebook <dir>', 'codebook folder', defaultCodebookDir())
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'jsonl', 'csv']).default('table'))
    .option('--turns', 'one row per turn with its codes, instead of one row per finding')
    .option('--output <file>', 'write to this file instead of standard output');
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
The output quotes the words of each finding (its evidence): treat it as you treat the transcripts.

Examples:
  peer-fidelity code corpora/seed-dialogues --format table
  peer-fidelity code sessions.csv --format csv --output findings.csv
  peer-fidelity code sessions/ --turns --format csv --output turns.csv`,
  );
  command.action(async (paths: string[], opts: CodeOptions & Record<string, unknown>) => {
    const codebook = await loadCodebook(resolve(ctx.io.cwd, opts.codebook));
    const ingest = await ingestFromCli(paths, opts, ctx.io.cwd);
    const coded = ingest.transcripts.map((t) => codeTranscript(t, codebook));
    const text = formatCoded(coded, opts.format, { turns: opts.turns === true });
    if (opts.output) writeFileAtomic(resolve(ctx.io.cwd, opts.output), text);
    else ctx.io.stdout(text);
    const findings = coded.reduce((n, c) => n + c.findings.length, 0);
    const warnings = ingest.problems.length + coded.reduce((n, c) => n + c.warnings.length, 0);
    ctx.io.stderr(
      `coded ${coded.length} transcript${coded.length === 1 ? '' : 's'} with ${codebook.id} ${codebook.version}: ${findings} finding${findings === 1 ? '' : 's'}` +
        `${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}${opts.output ? ` → ${opts.output}` : ''}\n`,
    );
  });
}
