// `peer-fidelity sheet`: writes a coding sheet (one row per turn, one column per code) for people to code by hand.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { compileCodebook } from '../../codebook/index.js';
import { codeTranscript } from '../../coding/index.js';
import { buildSheet } from '../../human/sheet.js';
import { addIngestOptions, ingestFromCli } from '../ingest-options.js';
import { writeFileAtomic } from '../io.js';
import { addCodebookOptions, codebookSourceFrom } from '../codebook-options.js';
import type { CliContext } from '../program.js';

interface SheetCommandOptions {
  codebook: string;
  output: string;
  prefill?: boolean;
}

export function registerSheet(program: Command, ctx: CliContext): void {
  const command = program
    .command('sheet')
    .description('write a coding sheet (CSV) for people to code the transcripts by hand: one row per turn, one column per code')
    .argument('<transcripts...>', 'transcript files or folders (csv, tsv, txt, json, jsonl, vtt, srt, docx)')
    .requiredOption('--output <file>', 'the sheet to write, e.g. sheet.csv')
    .option('--prefill', "add a machine_codes column with the engine's codes, for review (leave it out for blind coding)");
  addCodebookOptions(command);
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
The sheet contains the transcripts' text (and the turn before each one, for context): keep it
where you keep the transcripts, and share it only with the people coding.

How to code: give each coder a copy named after them (alice.csv, bob.csv) or fill the coder
column. Write 1 (or x, yes) in a code's column where the code applies to the turn and leave it
blank where it does not; a row you keep counts as coded, a row you delete counts as not coded.
Notes go in the notes column. Without --prefill the sheet is blind: coders do not see what the
engine found.

Examples:
  peer-fidelity sheet sessions/ --output sheets/alice.csv
  peer-fidelity sheet sessions.csv --codebook codebooks/mead-macneil --output review.csv --prefill
  peer-fidelity agree sheets/alice.csv sheets/bob.csv --transcripts sessions/`,
  );
  command.action(async (paths: string[], opts: SheetCommandOptions & Record<string, unknown>) => {
    const codebook = compileCodebook(codebookSourceFrom(opts, ctx.io.cwd));
    const ingest = await ingestFromCli(paths, opts, ctx.io.cwd);
    const prefill = opts.prefill ? ingest.transcripts.map((t) => codeTranscript(t, codebook)) : undefined;
    const csv = buildSheet(ingest.transcripts, codebook, prefill ? { prefill } : {});
    writeFileAtomic(resolve(ctx.io.cwd, opts.output), csv);
    const turns = ingest.transcripts.reduce((n, t) => n + t.turns.length, 0);
    const warnings = ingest.problems.length;
    ctx.io.stderr(
      `wrote a ${prefill ? 'prefilled' : 'blind'} coding sheet for ${ingest.transcripts.length} transcript${ingest.transcripts.length === 1 ? '' : 's'} ` +
        `(${turns} turns, ${codebook.codes.length} codes of ${codebook.id} ${codebook.version}) → ${opts.output}` +
        `${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'} about the input; run \`peer-fidelity ingest\` to see them)` : ''}\n`,
    );
  });
}
