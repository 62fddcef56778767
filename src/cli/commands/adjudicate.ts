// `peer-fidelity adjudicate`: a consensus sheet showing where coders agree and where they must decide together.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultCodebookDir, loadCodebook } from '../../codebook/index.js';
import { adjudicate, formatConsensusSheet } from '../../human/adjudicate.js';
import { loadSheetFiles } from '../../human/files.js';
import { readCodingSheets } from '../../human/read-sheets.js';
import { addIngestOptions, ingestFromCli } from '../ingest-options.js';
import { writeFileAtomic } from '../io.js';
import type { CliContext } from '../program.js';
import { printWarnings } from './agree.js';

interface AdjudicateOptions {
  transcripts: string[];
  codebook: string;
  output: string;
}

export function registerAdjudicate(program: Command, ctx: CliContext): void {
  const command = program
    .command('adjudicate')
    .description('compare coders turn by turn and write a consensus sheet: 1 where all agree, ? where they disagree')
    .argument('<sheets...>', 'filled-in coding sheets (.csv), or folders of them')
    .requiredOption('--transcripts <paths...>', 'the transcripts the sheets were made from (files or folders)')
    .option('--codebook <dir>', 'codebook folder', defaultCodebookDir())
    .requiredOption('--output <file>', 'the consensus sheet to write, e.g. consensus.csv');
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
The consensus sheet has the same columns as a coding sheet, plus "disagreements" saying who
marked what ("curiosity: alice yes / bob no"). Talk each one through, then replace every ? with 1
or leave it blank. Once no ? is left, the sheet reads as a coder of its own (named after the
file, e.g. "consensus") wherever sheets are read. It contains the transcripts' text.

Examples:
  peer-fidelity adjudicate sheets/alice.csv sheets/bob.csv --transcripts sessions/ --output consensus.csv
  peer-fidelity adjudicate sheets/ --transcripts sessions.csv --output review/consensus.csv`,
  );
  command.action(async (paths: string[], opts: AdjudicateOptions & Record<string, unknown>) => {
    const codebook = await loadCodebook(resolve(ctx.io.cwd, opts.codebook));
    const ingest = await ingestFromCli(opts.transcripts, opts, ctx.io.cwd);
    const sheets = readCodingSheets(loadSheetFiles(paths, ctx.io.cwd), ingest.transcripts, codebook);
    printWarnings(ctx.io, sheets.problems, ingest.problems);
    const result = adjudicate(sheets.findings, sheets.coverage, codebook);
    writeFileAtomic(resolve(ctx.io.cwd, opts.output), formatConsensusSheet(result, ingest.transcripts, codebook, { notes: sheets.notes }));
    const s = result.summary;
    const lines = [
      `compared ${s.coders.length > 2 ? `${s.coders.slice(0, -1).join(', ')} and ${s.coders.at(-1)}` : s.coders.join(' and ')} on ${s.turns} turns: ${s.agreed} code${s.agreed === 1 ? '' : 's'} agreed, ${s.disagreed} to discuss on ${s.turnsWithDisagreement} turn${s.turnsWithDisagreement === 1 ? '' : 's'} → ${opts.output}`,
    ];
    if (s.singleCoderTurns > 0) {
      lines.push(`${s.singleCoderTurns} turn${s.singleCoderTurns === 1 ? ' was' : 's were'} coded by one coder only; their codes are in the sheet as that coder marked them (see the disagreements column).`);
    }
    if (s.disagreed > 0) lines.push(`next: settle each ? in ${opts.output} (1 or blank), then use it as the agreed codes.`);
    ctx.io.stderr(lines.join('\n') + '\n');
  });
}
