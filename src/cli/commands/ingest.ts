// The `ingest` command: reads transcripts and shows what was found, or writes them as JSON/JSONL.
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { formatLocation } from '../../core/errors.js';
import { ROLES, type Role, type Transcript } from '../../core/types.js';
import type { IngestResult } from '../../ingest/index.js';
import { addIngestOptions, ingestFromCli } from '../ingest-options.js';
import { writeFileAtomic } from '../io.js';
import type { CliContext } from '../program.js';

const EXAMPLES = `
Examples:
  $ peer-fidelity ingest transcripts/                       summary table of every file in a folder
  $ peer-fidelity ingest call.vtt --roles "Alex Rivera=supporter,Sam Okafor=supported"
  $ peer-fidelity ingest export.csv --column text=utterance --column speaker=who --delimiter semicolon
  $ peer-fidelity ingest stories/ --format jsonl --output out/transcripts.jsonl
  $ cat notes.txt | peer-fidelity ingest - --stdin-filename notes.txt

Roles: a role column wins, then --roles/--roles-file, then common labels (Helper, Peer Helper 2,
Peer Specialist → supporter; Helpee, Participant, Member → supported; Dr. A, Case Manager → staff).
Anything else counts as "other", with one warning per speaker.
A folder may hold a manifest.csv (file, transcript_id, program, site, date, setting, consent);
files with consent "no" or "withdrawn" are never read.
`;

function byRole(turns: Transcript['turns']): string {
  const counts = new Map<Role, number>();
  for (const t of turns) counts.set(t.role, (counts.get(t.role) ?? 0) + 1);
  return ROLES.filter((r) => counts.has(r))
    .map((r) => `${r} ${counts.get(r)}`)
    .join(', ');
}

function speakers(turns: Transcript['turns']): string {
  const roles = new Map<string, Set<Role>>();
  for (const t of turns) roles.set(t.speaker, (roles.get(t.speaker) ?? new Set()).add(t.role));
  return [...roles].map(([name, set]) => `${name} (${[...set].join('/')})`).join(', ');
}

/** One row per transcript, then a totals line. */
export function formatIngestTable(result: IngestResult): string {
  const header = ['transcript', 'program', 'date', 'turns', 'by role', 'speakers'];
  const rows = result.transcripts.map((t) => [t.id, t.program ?? '-', t.date ?? '-', String(t.turns.length), byRole(t.turns), speakers(t.turns)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const s = result.summary;
  const roleTotals = ROLES.filter((r) => s.turnsByRole[r] > 0).map((r) => `${r} ${s.turnsByRole[r]}`);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const total =
    `Total: ${plural(s.transcripts, 'transcript')} from ${plural(s.files, 'file')}, ${plural(s.turns, 'turn')}` +
    (roleTotals.length ? ` (${roleTotals.join(', ')})` : '') +
    `; ${plural(s.turnsSkipped, 'turn')} skipped` +
    (s.filesSkipped ? `; ${plural(s.filesSkipped, 'file')} skipped` : '') +
    '.';
  return [line(header), ...rows.map(line), '', total].join('\n') + '\n';
}

/** Warnings grouped by code with the first few locations, and skipped files: for stderr. */
export function formatIngestNotes(result: IngestResult, perCode = 3): string {
  const out: string[] = [];
  const files = result.skipped.filter((s) => s.kind === 'file');
  if (files.length) {
    out.push(`Skipped ${files.length} file${files.length === 1 ? '' : 's'}:`);
    for (const f of files) out.push(`  ${f.file}: ${f.reason}`);
  }
  if (result.problems.length) {
    out.push(`${result.problems.length} warning${result.problems.length === 1 ? '' : 's'} (use --strict to treat warnings as errors):`);
    const byCode = new Map<string, typeof result.problems>();
    for (const p of result.problems) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p]);
    for (const [code, list] of byCode) {
      out.push(`  ${code} (${list.length})`);
      for (const p of list.slice(0, perCode)) out.push(`    ${formatLocation(p)}: ${p.message}`);
      if (list.length > perCode) out.push(`    … and ${list.length - perCode} more`);
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}

export function registerIngest(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('ingest')
    .description('Read transcripts (csv, tsv, txt, json, jsonl, vtt, srt, docx, or folders of them) and show what was found')
    .argument('<paths...>', 'files or folders to read; - reads standard input')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'jsonl']).default('table'))
    .option('--output <file>', 'write the output to this file instead of standard output');
  addIngestOptions(cmd)
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const { io } = ctx;
      const result = await ingestFromCli(paths, opts, io.cwd);
      const format = opts['format'];
      const output =
        format === 'json'
          ? JSON.stringify(result.transcripts, null, 2) + '\n'
          : format === 'jsonl'
            ? result.transcripts.map((t) => JSON.stringify(t) + '\n').join('')
            : formatIngestTable(result);
      if (typeof opts['output'] === 'string') {
        writeFileAtomic(resolve(io.cwd, opts['output']), output);
        io.stderr(`Wrote ${opts['output']} (${result.summary.transcripts} transcripts, ${result.summary.turns} turns).\n`);
      } else io.stdout(output);
      io.stderr(formatIngestNotes(result));
    });
}
