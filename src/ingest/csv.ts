// CSV/TSV reader: one turn per row, many transcripts per file, real line numbers for every problem.
import Papa from 'papaparse';
import { PeerFidelityError } from '../core/errors.js';
import { LineIndex } from './normalise.js';
import type { FileReport } from './report.js';
import { groupTurnRows, type TurnRow } from './rows.js';
import { CANONICAL_COLUMNS, type CanonicalColumn, type ParseOptions, type RawTranscript } from './types.js';

function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Checks a `--column key=header` map before any file is read. */
export function checkColumnMap(columns: Record<string, string> | undefined): void {
  for (const key of Object.keys(columns ?? {})) {
    if (!(CANONICAL_COLUMNS as readonly string[]).includes(key)) {
      throw new PeerFidelityError(
        'ingest/unknown-column',
        `--column ${key}=…: "${key}" is not a column this tool reads. Use one of: ${CANONICAL_COLUMNS.join(', ')}.`,
      );
    }
  }
}

export interface CsvRow {
  cells: string[];
  line: number;
}

/**
 * Reports papaparse's quote problems for the record starting at `line`, for whole-file and streamed reads alike;
 * returns true when papaparse could not tell the delimiter (judged later, once the header is known).
 */
export function reportCsvErrors(errors: readonly Papa.ParseError[], line: number, report: FileReport): boolean {
  let undetectable = false;
  for (const error of errors) {
    if (error.code === 'UndetectableDelimiter') {
      undetectable = true;
      continue;
    }
    report.error(
      'ingest/csv-quotes',
      line,
      `The record starting at line ${line} has a broken quote (${error.message}). Put double quotes around a field that contains the delimiter or a line break, and double any quote inside it ("").`,
    );
  }
  return undetectable;
}

/** Reads rows with papaparse, turning its record positions into 1-based file lines. */
export function readCsvRows(text: string, delimiter: string | undefined, report: FileReport): { rows: CsvRow[]; undetectable: boolean } {
  const lines = new LineIndex(text);
  const rows: CsvRow[] = [];
  let undetectable = false;
  let cursor = 0;
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    delimiter: delimiter ?? '',
    step: (result) => {
      // A record starts where the previous one ended, after any blank lines papaparse skipped.
      let start = cursor;
      // Sticky, without ^ (which would only ever match at offset 0).
      const blank = /[ \t]*\n/y;
      for (blank.lastIndex = start; blank.test(text); blank.lastIndex = start) start = blank.lastIndex;
      cursor = result.meta.cursor;
      const line = lines.lineAt(start);
      if (reportCsvErrors(result.errors, line, report)) undetectable = true;
      rows.push({ cells: result.data, line });
    },
  });
  return { rows, undetectable };
}

/**
 * Maps canonical columns to positions in the header row, or reports why the header cannot be read
 * (undetectable delimiter, a missing text or speaker column, a --column naming no header) and returns undefined.
 */
export function csvColumns(header: CsvRow, undetectable: boolean, options: ParseOptions, report: FileReport): Map<CanonicalColumn, number> | undefined {
  const found = header.cells.map((h) => `"${h.trim()}"`).join(', ');
  if (undetectable && header.cells.length === 1) {
    report.error(
      'ingest/csv-delimiter',
      header.line,
      `Cannot tell which character separates the columns: the header line reads as one column (${found}). Name it with --delimiter, e.g. --delimiter ";" or --delimiter tab.`,
    );
    return undefined;
  }

  const problemsBefore = report.problems.length;
  const index = new Map<CanonicalColumn, number>();
  for (const key of CANONICAL_COLUMNS) {
    const mapped = options.columns?.[key];
    const wanted = mapped === undefined ? key : headerKey(mapped);
    const at = header.cells.findIndex((h) => headerKey(h) === wanted);
    if (at !== -1) index.set(key, at);
    else if (mapped !== undefined) {
      report.error('ingest/missing-column', header.line, `--column ${key}=${mapped}: there is no column "${mapped}" here. Headers found: ${found}.`);
    }
  }
  if (!index.has('text')) {
    report.error(
      'ingest/missing-column',
      header.line,
      `No "text" column. Headers found: ${found}. Say which column holds what was said with --column text=<header>.`,
    );
  }
  if (!index.has('speaker') && !index.has('role')) {
    report.error(
      'ingest/missing-column',
      header.line,
      `No "speaker" column. Headers found: ${found}. Say which column names the speaker with --column speaker=<header>.`,
    );
  }
  return report.problems.length > problemsBefore ? undefined : index;
}

/** One data row as a turn row, warning when its field count differs from the header's. */
export function csvTurnRow(row: CsvRow, header: CsvRow, index: ReadonlyMap<CanonicalColumn, number>, report: FileReport): TurnRow {
  if (row.cells.length !== header.cells.length) {
    report.warn(
      'ingest/field-count',
      row.line,
      `The row at line ${row.line} has ${row.cells.length} fields but the header has ${header.cells.length}. A field that contains the delimiter must be in double quotes.`,
    );
  }
  return {
    line: row.line,
    get: (key) => {
      const i = index.get(key);
      return i === undefined ? undefined : (row.cells[i] ?? '');
    },
  };
}

export function readCsv(text: string, report: FileReport, options: ParseOptions, tsv: boolean): RawTranscript[] {
  const delimiter = options.delimiter ?? (tsv ? '\t' : undefined);
  const { rows, undetectable } = readCsvRows(text, delimiter, report);
  const header = rows[0];
  if (!header) return [];
  const index = csvColumns(header, undetectable, options, report);
  if (!index) return [];
  if (rows.length === 1) {
    report.error('ingest/empty-file', header.line, 'The file has a header but no rows. Add one row per turn below the header.');
    return [];
  }
  return groupTurnRows(
    rows.slice(1).map((row) => csvTurnRow(row, header, index, report)),
    report,
  );
}
