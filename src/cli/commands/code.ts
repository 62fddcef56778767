// `peer-fidelity code`: code every turn of the given transcripts against a codebook and print or write the findings.
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { compileCodebook } from '../../codebook/index.js';
import type { CodedTranscript } from '../../core/types.js';
import { streamPaths } from '../../ingest/index.js';
import { formatCoded, type CodedFormat } from '../../report/coded-output.js';
import { codeStream, produceStream, StreamingFormatter } from '../../scale/index.js';
import { addIngestOptions, ingestFromCli, ingestOptionsFrom } from '../ingest-options.js';
import { temporarySibling, writeFileAtomic, type CliIo } from '../io.js';
import { addCodebookOptions, codebookSourceFrom } from '../codebook-options.js';
import type { CliContext } from '../program.js';
import { conversationProgress } from '../progress.js';
import { addJobsOption, jobsFrom, positiveInteger } from './score.js';

interface CodeOptions {
  codebook: string;
  format: CodedFormat;
  turns?: boolean;
  output?: string;
  jobs?: string;
  batchTurns?: string;
}

/** Where streamed output goes: standard output as it comes, or a temporary file renamed into place only when the run succeeds. */
class OutputSink {
  private readonly file: WriteStream | undefined;
  private readonly tmp: string | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly path: string | undefined,
  ) {
    if (path) {
      this.tmp = temporarySibling(path);
      this.file = createWriteStream(this.tmp);
    }
  }

  async write(text: string): Promise<void> {
    if (!text) return;
    if (!this.file) {
      this.io.stdout(text);
      return;
    }
    if (!this.file.write(text)) await once(this.file, 'drain');
  }

  async commit(): Promise<void> {
    if (!this.file || !this.tmp || !this.path) return;
    this.file.end();
    await once(this.file, 'finish');
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    if (!this.file || !this.tmp) return;
    this.file.destroy();
    rmSync(this.tmp, { force: true });
  }
}

export function registerCode(program: Command, ctx: CliContext): void {
  const command = program
    .command('code')
    .description('code every turn of the transcripts against a codebook (default: the shipped Mead & MacNeil codebook)')
    .argument('<paths...>', 'transcript files or folders (csv, tsv, txt, json, jsonl, vtt, srt, docx)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'jsonl', 'csv']).default('table'))
    .option('--turns', 'one row per turn with its codes, instead of one row per finding')
    .option('--output <file>', 'write to this file instead of standard output')
    .addOption(new Option('--batch-turns <n>', 'turns sent to a worker at a time (tuning and tests)').hideHelp());
  addJobsOption(command);
  addCodebookOptions(command);
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
The output quotes the words of each finding (its evidence): treat it as you treat the transcripts.

With --format jsonl or csv, large CSV, TSV and JSONL files are read and written as a stream, so memory
stays flat however big the corpus is. Streaming needs each conversation's rows kept together in the file
(sorted by transcript_id). The output is the same, byte for byte, whatever --jobs is.

Examples:
  peer-fidelity code corpora/seed-dialogues --format table
  peer-fidelity code sessions.csv --format csv --output findings.csv
  peer-fidelity code archive.csv --format jsonl --output findings.jsonl --jobs 8
  peer-fidelity code sessions/ --turns --format csv --output turns.csv`,
  );
  command.action(async (paths: string[], opts: CodeOptions & Record<string, unknown>) => {
    const pool = { jobs: jobsFrom(opts), ...(opts.batchTurns === undefined ? {} : { batchTurns: positiveInteger(opts.batchTurns, '--batch-turns', '500') }) };
    // Workers compile the source validated here instead of reading the folder again.
    const source = codebookSourceFrom(opts, ctx.io.cwd);
    const codebook = compileCodebook(source);
    let transcripts = 0;
    let findings = 0;
    let warnings = 0;
    const progress = conversationProgress(ctx.io);
    const count = (coded: { findings: number; warnings: number }): void => {
      progress.tick();
      transcripts++;
      findings += coded.findings;
      warnings += coded.warnings;
    };

    if ((opts.format === 'jsonl' || opts.format === 'csv') && !paths.includes('-')) {
      const turns = opts.turns === true;
      const formatter = new StreamingFormatter(opts.format, { turns });
      const sink = new OutputSink(ctx.io, opts.output ? resolve(ctx.io.cwd, opts.output) : undefined);
      try {
        const input = streamPaths(paths, { ...ingestOptionsFrom(opts, ctx.io.cwd), onProblem: () => warnings++ });
        // Workers write each transcript's findings as text: a string crosses between threads far more cheaply than objects.
        for await (const piece of produceStream(input, codebook, { kind: 'text', format: opts.format, turns }, { ...pool, source })) {
          count(piece);
          await sink.write(formatter.add(piece.text));
        }
        await sink.write(formatter.end());
        await sink.commit();
      } catch (error) {
        sink.abort();
        throw error;
      } finally {
        progress.stop();
      }
    } else {
      const ingest = await ingestFromCli(paths, opts, ctx.io.cwd);
      warnings += ingest.problems.length;
      const coded: CodedTranscript[] = [];
      try {
        for await (const c of codeStream(ingest.transcripts, codebook, { ...pool, source })) {
          count({ findings: c.findings.length, warnings: c.warnings.length });
          coded.push(c);
        }
      } finally {
        progress.stop();
      }
      const text = formatCoded(coded, opts.format, { turns: opts.turns === true });
      if (opts.output) writeFileAtomic(resolve(ctx.io.cwd, opts.output), text);
      else ctx.io.stdout(text);
    }
    ctx.io.stderr(
      `coded ${transcripts} transcript${transcripts === 1 ? '' : 's'} with ${codebook.id} ${codebook.version}: ${findings} finding${findings === 1 ? '' : 's'}` +
        `${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}${opts.output ? ` → ${opts.output}` : ''}\n`,
    );
  });
}
