// Reads filled-in coding sheets into findings (the engine's shape), the turns each coder covered, and their notes.
import Papa from 'papaparse';
import { PeerFidelityError, type ProblemDetail } from '../core/errors.js';
import { newFinding } from '../core/finding.js';
import { compareText, sortFindings } from '../core/order.js';
import type { CodeInfo, CodebookInfo, Finding, InputProblem, Transcript, Turn } from '../core/types.js';
import { type CoderCoverage, addToCoverage, emptyCoverage, unitKey } from '../reliability/units.js';
import { didYouMean } from './close-matches.js';
import { SHEET_COLUMNS, checkUniqueTranscriptIds } from './sheet.js';

export interface SheetFile {
  /** Shown in messages; its name (without extension) is the coder id when there is no `coder` column. */
  path: string;
  content: string;
}

export interface ReadSheetsOptions {
  /** Attribute every row to this coder, whatever the `coder` column or file name says. */
  coder?: string;
}

export interface CoderNote {
  coder: string;
  transcriptId: string;
  turn: number;
  note: string;
  file: string;
  line: number;
}

export interface HumanCodings {
  /** One finding per code a coder marked on a turn, sorted. */
  findings: Finding[];
  /** The turns each coder has a row for (marked or left blank). */
  coverage: CoderCoverage;
  coders: string[];
  notes: CoderNote[];
  /** Warnings only: any error makes `readCodingSheets` throw. */
  problems: InputProblem[];
}

const PRESENT = new Set(['1', 'x', 'yes', 'y', 'true', '✓', '✔', '☑']);
const ABSENT = new Set(['', '0', 'no', 'n', 'false']);
const UNRESOLVED = '?';

/** Per file and kind of problem, how many are listed one by one before the rest are summed up. */
const MAX_LISTED = 10;

type Column =
  | { kind: 'info'; name: string }
  | { kind: 'code'; code: CodeInfo }
  | { kind: 'codes' }
  | { kind: 'unknown'; header: string };

interface CsvRow {
  cells: string[];
  /** 1-based line where the row starts (the header is line 1). */
  line: number;
}

function fileStem(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.[^.]+$/, '') || name;
}

/** Undoes the `'` a spreadsheet-safe writer puts before a cell that starts like a formula. */
function unescapeCell(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Compares text the way a person would: spacing and Unicode composition do not count. */
function comparableText(text: string): string {
  return unescapeCell(text).normalize('NFC').replace(/\s+/g, ' ').trim();
}

function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Rows with the line each starts on, counted from the characters papaparse consumed. */
function parseCsv(content: string): { rows: CsvRow[]; errors: { line: number; message: string }[] } {
  const text = content.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  const errors: { line: number; message: string }[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimitersToGuess: [',', ';', '\t'],
    step: (result) => {
      const end = result.meta.cursor;
      rows.push({ cells: result.data.map(unescapeCell), line });
      for (const e of result.errors) {
        if (e.code === 'UndetectableDelimiter') continue;
        errors.push({ line, message: e.message });
      }
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      start = end;
    },
  });
  return { rows, errors };
}

class Problems {
  readonly list: InputProblem[] = [];
  private readonly counts = new Map<string, number>();

  add(severity: InputProblem['severity'], code: string, file: string, line: number | undefined, message: string): void {
    const key = `${severity}\u0000${code}\u0000${file}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count > MAX_LISTED) return;
    const problem: InputProblem = { severity, code, file, message };
    if (line !== undefined) problem.line = line;
    this.list.push(problem);
  }

  error(code: string, file: string, line: number | undefined, message: string): void {
    this.add('error', code, file, line, message);
  }

  warning(code: string, file: string, line: number | undefined, message: string): void {
    this.add('warning', code, file, line, message);
  }

  count(severity: InputProblem['severity']): number {
    let n = 0;
    for (const [key, count] of this.counts) if (key.startsWith(`${severity}\u0000`)) n += count;
    return n;
  }

  /** Adds "…and N more like this" lines for the problems past the listed ones. */
  finish(): InputProblem[] {
    const out = [...this.list];
    for (const [key, count] of this.counts) {
      if (count <= MAX_LISTED) continue;
      const [severity, code, file] = key.split('\u0000') as [InputProblem['severity'], string, string];
      out.push({ severity, code, file, message: `…and ${count - MAX_LISTED} more problems like the ones above (${code}) in this file` });
    }
    return out;
  }
}

function classifyHeader(cells: string[], codebook: CodebookInfo): Column[] {
  const infos = new Set<string>(Object.values(SHEET_COLUMNS));
  const codes = new Map(codebook.codes.map((c) => [c.id.toLowerCase(), c]));
  return cells.map((raw) => {
    const header = raw.trim().toLowerCase();
    if (header === SHEET_COLUMNS.codes) return { kind: 'codes' };
    const code = codes.get(header);
    if (code) return { kind: 'code', code };
    if (infos.has(header)) return { kind: 'info', name: header };
    return { kind: 'unknown', header: raw.trim() };
  });
}

function columnKey(c: Column): string | null {
  return c.kind === 'info' ? `info:${c.name}` : c.kind === 'code' ? `code:${c.code.id}` : c.kind === 'codes' ? 'codes' : null;
}

function manualFinding(codebook: CodebookInfo, code: CodeInfo, transcript: Transcript, turn: Turn, coder: string): Finding {
  const span = { start: 0, end: turn.text.length };
  return newFinding(codebook, code, transcript, turn, { span, matcher: { kind: 'manual', id: 'sheet' }, coder, confidence: 1, modifiers: {} });
}

function toDetail(p: InputProblem): ProblemDetail {
  const detail: ProblemDetail = { file: p.file, code: p.code, message: p.message };
  if (p.line !== undefined) detail.line = p.line;
  return detail;
}

/**
 * Reads filled-in coding sheets. A row is one coder's judgement of one turn: a code is present
 * where its column holds 1, x, yes, true or ✓ (or its id is in the `codes` column) and absent
 * where the cell is blank, 0 or no. Every problem in every file is collected, then all are thrown
 * together as one PeerFidelityError; warnings (e.g. values in a column that is not a code) are returned.
 */
export function readCodingSheets(
  files: readonly SheetFile[],
  transcripts: readonly Transcript[],
  codebook: CodebookInfo,
  options: ReadSheetsOptions = {},
): HumanCodings {
  checkUniqueTranscriptIds(transcripts);
  const byId = new Map(transcripts.map((t) => [t.id, t]));
  const transcriptIds = [...byId.keys()];
  const codeIds = codebook.codes.map((c) => c.id);
  const codesByLower = new Map(codebook.codes.map((c) => [c.id.toLowerCase(), c]));
  const problems = new Problems();
  const coverage = emptyCoverage();
  const findings: Finding[] = [];
  const notes: CoderNote[] = [];
  const seenRows = new Map<string, string>();

  for (const file of files) {
    const { rows, errors } = parseCsv(file.content);
    for (const e of errors) {
      problems.error('human/malformed-csv', file.path, e.line, `the CSV is malformed in the row starting here: ${e.message}. Check the quotes in that row (a cell with a quote, comma or line break must be wrapped in double quotes).`);
    }
    const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
    const headerRow = nonEmpty[0];
    if (!headerRow) {
      problems.warning('human/empty-sheet', file.path, undefined, 'this sheet has no rows, so nothing was read from it.');
      continue;
    }
    const columns = classifyHeader(headerRow.cells, codebook);
    const firstAt = new Map<string, number>();
    let headerOk = true;
    columns.forEach((c, i) => {
      const key = columnKey(c);
      if (key === null) return;
      const first = firstAt.get(key);
      if (first !== undefined) {
        problems.error('human/duplicate-column', file.path, headerRow.line, `the column "${headerRow.cells[i]!.trim()}" appears twice in the header (columns ${first + 1} and ${i + 1}); keep one.`);
        headerOk = false;
      } else firstAt.set(key, i);
    });
    for (const required of [SHEET_COLUMNS.transcriptId, SHEET_COLUMNS.turn]) {
      if (!firstAt.has(`info:${required}`)) {
        problems.error('human/missing-column', file.path, headerRow.line, `the header has no "${required}" column; a coding sheet needs "${SHEET_COLUMNS.transcriptId}" and "${SHEET_COLUMNS.turn}" to know which turn each row codes. Make the sheet with \`peer-fidelity sheet\`.`);
        headerOk = false;
      }
    }
    const hasCodes = columns.some((c) => c.kind === 'code' || c.kind === 'codes');
    if (headerOk && !hasCodes) {
      problems.error('human/no-code-columns', file.path, headerRow.line, `the header has no column for any code of codebook ${codebook.id} ${codebook.version} (its codes: ${codeIds.join(', ')}), and no "codes" column. Was the sheet made with another codebook?`);
      headerOk = false;
    }
    if (!headerOk) continue;

    const at = (row: CsvRow, name: string): string => {
      const i = firstAt.get(`info:${name}`);
      return i === undefined ? '' : (row.cells[i] ?? '').trim();
    };
    const unknownValues = new Map<number, number[]>();
    const extraCells: number[] = [];

    for (const row of nonEmpty.slice(1)) {
      const where = (message: string, code: string): void => problems.error(code, file.path, row.line, message);
      const coder = options.coder ?? (at(row, SHEET_COLUMNS.coder) || fileStem(file.path));
      const id = at(row, SHEET_COLUMNS.transcriptId);
      const turnCell = at(row, SHEET_COLUMNS.turn);
      const transcript = byId.get(id);
      if (!id) {
        where('the transcript_id cell is empty; every row needs the transcript id and turn number it codes.', 'human/missing-transcript-id');
        continue;
      }
      if (!transcript) {
        where(`there is no transcript "${id}" among the transcripts given${didYouMean(id, transcriptIds)}. Pass the transcripts this sheet was made from with --transcripts.`, 'human/unknown-transcript');
        continue;
      }
      // Spreadsheets sometimes save whole numbers as 3.0.
      if (!/^\d+(\.0+)?$/.test(turnCell)) {
        where(`the turn cell holds "${turnCell}", which is not a turn number (1, 2, 3…).`, 'human/bad-turn');
        continue;
      }
      const turn = transcript.turns.find((t) => t.index === Number.parseInt(turnCell, 10));
      if (!turn) {
        where(`transcript "${id}" has no turn ${turnCell} (it has ${transcript.turns.length} turn${transcript.turns.length === 1 ? '' : 's'}): the transcript changed since this sheet was made; make a new sheet.`, 'human/unknown-turn');
        continue;
      }
      const textIndex = firstAt.get(`info:${SHEET_COLUMNS.text}`);
      const sheetText = textIndex === undefined ? '' : (row.cells[textIndex] ?? '');
      if (sheetText.trim() !== '' && comparableText(sheetText) !== comparableText(turn.text)) {
        where(
          `the text of turn ${turn.index} of "${id}" differs from the transcript (sheet: "${excerpt(unescapeCell(sheetText))}"; transcript: "${excerpt(turn.text)}"): the transcript changed since this sheet was made; make a new sheet. If nobody edited it, the spreadsheet program may have changed the text when saving: save as "CSV UTF-8".`,
          'human/text-changed',
        );
        continue;
      }
      const key = unitKey(id, turn.index);
      const duplicateKey = `${coder}\u0000${key}`;
      const earlier = seenRows.get(duplicateKey);
      if (earlier !== undefined) {
        where(`${coder} already coded turn ${turn.index} of "${id}" at ${earlier}; each coder codes a turn once, so remove one of the two rows (or give the second its own coder id in the coder column).`, 'human/duplicate-row');
        continue;
      }
      seenRows.set(duplicateKey, `${file.path}:${row.line}`);

      const marked = new Set<string>();
      let rowOk = true;
      columns.forEach((column, i) => {
        const raw = row.cells[i] ?? '';
        const value = raw.trim();
        if (column.kind === 'code') {
          const lower = value.toLowerCase();
          if (PRESENT.has(lower)) marked.add(column.code.id);
          else if (lower === UNRESOLVED) {
            const why = at(row, SHEET_COLUMNS.disagreements);
            where(`unresolved disagreement on "${column.code.id}" for turn ${turn.index} of "${id}"${why ? ` (${why})` : ''}: decide together, then replace ? with 1 or leave it blank.`, 'human/unresolved');
            rowOk = false;
          } else if (!ABSENT.has(lower)) {
            where(`the "${column.code.id}" cell holds "${value}"; write 1 (or x, yes) where the code applies and leave it blank where it does not.`, 'human/bad-mark');
            rowOk = false;
          }
        } else if (column.kind === 'codes') {
          for (const typed of value.split(/[;,]/).map((s) => s.trim()).filter((s) => s !== '')) {
            const code = codesByLower.get(typed.toLowerCase());
            if (code) marked.add(code.id);
            else {
              where(`the codes cell names "${typed}", which is not a code in codebook ${codebook.id} ${codebook.version}${didYouMean(typed, codeIds)}.`, 'human/unknown-code');
              rowOk = false;
            }
          }
        } else if (column.kind === 'unknown' && value !== '') {
          unknownValues.set(i, [...(unknownValues.get(i) ?? []), row.line]);
        }
      });
      if (row.cells.slice(columns.length).some((c) => c.trim() !== '')) extraCells.push(row.line);
      if (!rowOk) continue;

      addToCoverage(coverage, coder, { transcriptId: id, turn: turn.index, role: turn.role });
      for (const code of codebook.codes) if (marked.has(code.id)) findings.push(manualFinding(codebook, code, transcript, turn, coder));
      const note = at(row, SHEET_COLUMNS.notes);
      if (note) notes.push({ coder, transcriptId: id, turn: turn.index, note, file: file.path, line: row.line });
    }

    for (const [i, lines] of unknownValues) {
      const header = (columns[i] as { header: string }).header;
      const shownLines = lines.length > 5 ? `${lines.slice(0, 5).join(', ')}…` : lines.join(', ');
      problems.warning(
        'human/unknown-column',
        file.path,
        lines[0],
        `the column "${header || `(no header, column ${i + 1})`}" is not a code in codebook ${codebook.id} ${codebook.version}${header ? didYouMean(header, codeIds) : ''}, so its values (line${lines.length === 1 ? '' : 's'} ${shownLines}) were not read. Rename the column to a code id, or move what it says into notes.`,
      );
    }
    if (extraCells.length > 0) {
      problems.warning('human/extra-cells', file.path, extraCells[0], `${extraCells.length} row${extraCells.length === 1 ? ' has' : 's have'} more cells than the header has columns; those cells were not read. Check for a stray comma.`);
    }
  }

  const all = problems.finish();
  const errors = all.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const total = problems.count('error');
    const count = total === 1 ? 'a problem' : `${total} problems`;
    throw new PeerFidelityError('human/invalid-sheets', `the coding sheets have ${count} to fix before they can be read (nothing was written):`, {
      details: errors.map(toDetail),
    });
  }
  notes.sort((a, b) => compareText(a.transcriptId, b.transcriptId) || a.turn - b.turn || compareText(a.coder, b.coder));
  return {
    findings: sortFindings(findings),
    coverage,
    coders: [...coverage.coders.keys()].sort(compareText),
    notes,
    problems: all,
  };
}
