// `peer-fidelity report`: the narrative fidelity report, as a self-contained HTML file and the same content in Markdown.
import { readFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { PeriodUnit } from '../../aggregate/period.js';
import { PeerFidelityError } from '../../core/errors.js';
import { formatHtml } from '../../report/html.js';
import { DEFAULT_MIN_KAPPA, assessReliability, parseProgramInfo } from '../../report/inputs.js';
import { readValidationCard } from '../../validate/card.js';
import { formatMarkdown } from '../../report/markdown.js';
import { type ReportOptions, buildReportModel } from '../../report/model.js';
import { addIngestOptions } from '../ingest-options.js';
import { writeFileAtomic } from '../io.js';
import { addCodebookOptions } from '../codebook-options.js';
import type { CliContext } from '../program.js';
import { addScoringOptions, integer, positiveInteger, readAndCode } from './score.js';

interface ReportCliOptions {
  codebook: string;
  program?: string;
  out: string;
  includeEvidence?: boolean;
  deidentify: boolean;
  programInfo?: string;
  validation?: string;
  minKappa: string;
  title?: string;
  period: PeriodUnit;
  seed?: string;
  resamples: string;
}

function readInput(path: string, shown: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PeerFidelityError('report/unreadable-file', `The ${what} ${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check the path.`, {
      location: { file: shown },
    });
  }
}

/** The two output paths: the one asked for, and its twin in the other format. */
export function reportPaths(out: string): { html: string; md: string } {
  const ext = extname(out).toLowerCase();
  if (ext === '.html' || ext === '.htm') return { html: out, md: `${out.slice(0, -ext.length)}.md` };
  if (ext === '.md' || ext === '.markdown') return { md: out, html: `${out.slice(0, -ext.length)}.html` };
  throw new PeerFidelityError(
    'report/invalid-out',
    `--out "${out}" should end in .html or .md (the report is written in both formats, side by side), e.g. --out out/report.html.`,
  );
}

function minKappa(value: string): number {
  const k = Number(value);
  if (!Number.isFinite(k) || k < -1 || k > 1) {
    throw new PeerFidelityError('cli/invalid-option', `--min-kappa "${value}" should be a number between -1 and 1, e.g. --min-kappa 0.4.`);
  }
  return k;
}

export function registerReport(program: Command, ctx: CliContext): void {
  const command = program
    .command('report')
    .description('write the narrative fidelity report: one self-contained HTML file and the same content in Markdown')
    .argument('<paths...>', 'transcript files or folders (csv, tsv, txt, json, jsonl, vtt, srt, docx)')
    .option('--program <name>', 'report on this program only')
    .option('--out <file>', 'report file, .html or .md; the other format is written next to it', 'report.html')
    .option('--include-evidence', 'quote short example turns (de-identified unless --no-deidentify)')
    .option('--no-deidentify', 'quote turns as written, without masking names, emails, phone numbers and web addresses')
    .option('--program-info <file>', 'program.yml with structural facts (supervision, caseloads, documentation, Medicaid billing…)')
    .option('--validation <file>', 'validation card (JSON) with per-code agreement between this coder and people')
    .option('--min-kappa <k>', 'codes with lower agreement (kappa) on the validation card are not reported', String(DEFAULT_MIN_KAPPA))
    .option('--title <text>', 'report title');
  addCodebookOptions(command);
  addScoringOptions(command);
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
The report never scores people: speakers appear only as roles. It quotes the conversations only with
--include-evidence, and then masks names, emails, phone numbers and web addresses first. Masking is
automated and incomplete: read the quotes before sharing the report.

Examples:
  peer-fidelity report corpora/demo --out out/report.html
  peer-fidelity report sessions/ --program "Northgate Peer Bridge" --program-info program.yml --out northgate.md
  peer-fidelity report sessions/ --include-evidence --validation card.json --out out/report.html`,
  );
  command.action(async (paths: string[], opts: ReportCliOptions & Record<string, unknown>) => {
    const outputs = reportPaths(resolve(ctx.io.cwd, opts.out));
    const options: ReportOptions = {
      includeEvidence: opts.includeEvidence === true,
      deidentify: opts.deidentify,
      period: opts.period,
      resamples: positiveInteger(opts.resamples, '--resamples'),
    };
    if (opts.seed !== undefined) options.seed = integer(opts.seed, '--seed');
    if (opts.program !== undefined) options.program = opts.program;
    if (opts.title !== undefined) options.title = opts.title;
    if (opts.programInfo !== undefined) {
      options.programInfo = parseProgramInfo(readInput(resolve(ctx.io.cwd, opts.programInfo), opts.programInfo, 'program description'), opts.programInfo);
    }
    const card =
      opts.validation !== undefined
        ? readValidationCard(readInput(resolve(ctx.io.cwd, opts.validation), opts.validation, 'validation card'), opts.validation)
        : undefined;
    const threshold = minKappa(opts.minKappa);

    const batch = await readAndCode(paths, opts, ctx, { allowEmpty: true, keepCoded: options.includeEvidence === true });
    if (card) options.reliability = assessReliability(card, batch.codebook, threshold);
    if (batch.codebook.classifierModel) options.learnedCodes = batch.codebook.classifierModel.codes;
    const model = buildReportModel(batch.summaries, options.includeEvidence ? batch.coded : undefined, batch.codebook, options);
    writeFileAtomic(outputs.html, formatHtml(model));
    writeFileAtomic(outputs.md, formatMarkdown(model));
    const shown = (p: string): string => {
      const rel = relative(ctx.io.cwd, p);
      return rel && !rel.startsWith('..') ? rel : p;
    };
    ctx.io.stdout(`Wrote ${shown(outputs.html)} and ${shown(outputs.md)}\n${model.headline.join('\n')}\n`);
    if (model.deidentification) ctx.io.stderr(`${model.deidentification}\n`);
  });
}
