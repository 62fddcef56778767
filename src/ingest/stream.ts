// Streaming ingest of CSV/TSV and JSONL: transcripts come out one at a time, so memory stays flat however large the file.
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { PeerFidelityError, type ProblemDetail } from '../core/errors.js';
import { compareText } from '../core/order.js';
import { ownCopy } from '../core/strings.js';
import type { InputProblem, SourceFormat, Transcript } from '../core/types.js';
import { buildTranscripts } from './build.js';
import { checkColumnMap, csvColumns, csvTurnRow, reportCsvErrors, type CsvRow } from './csv.js';
import { applyManifest, findManifestEntry } from './folder.js';
import { displayPath, duplicateId, ingestPaths, planFolder, readTranscriptFile, type ListedFile } from './ingest.js';
import { readJsonlLine } from './json.js';
import { stem } from './normalise.js';
import { formatFromFileName } from './parse.js';
import { FileReport } from './report.js';
import { groupTurnRows, type TurnRow } from './rows.js';
import type { CanonicalColumn, IngestOptions, RawTranscript } from './types.js';

/** Formats read row by row; every other format is read whole (one conversation per file). */
export const STREAM_FORMATS: readonly SourceFormat[] = ['csv', 'tsv', 'jsonl'];

export interface StreamOptions extends IngestOptions {
  /** Called with every problem as soon as it is found (warnings, and errors before the run fails). */
  onProblem?: (problem: InputProblem) => void;
  /** Bytes read at a time (default 64 KiB); tests use tiny values to put chunk boundaries everywhere. */
  highWaterMark?: number;
}

// Transcripts parsed ahead of the consumer: parsing pauses above HIGH and resumes below LOW.
const HIGH_WATER = 64;
const LOW_WATER = 16;

/** Shared by every file of one run: problems, ids already used, and whether to keep yielding. */
class RunState {
  readonly problems: InputProblem[] = [];
  /** Transcript id → where it was read (file), across every file of the run. */
  readonly ids = new Map<string, string>();
  constructor(private readonly options: StreamOptions) {}

  add(problems: readonly InputProblem[]): void {
    for (const p of problems) {
      const problem = this.options.strict && p.severity === 'warning' ? { ...p, severity: 'error' as const } : p;
      this.problems.push(problem);
      this.options.onProblem?.(problem);
    }
  }

  /** Records the transcript's id; false (with an error) when another transcript of the run had it, or the run has failed. */
  accept(t: Transcript): boolean {
    const other = this.ids.get(t.id);
    if (other !== undefined) this.add([duplicateId(t, other)]);
    else this.ids.set(ownCopy(t.id), t.source.file);
    return !this.failed;
  }

  /** Once any error is known the run will fail, so nothing more is handed on to be coded. */
  get failed(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  throwIfFailed(): void {
    // In file then line order, as ingestPaths lists them (problems are found a little out of order while grouping rows).
    const sorted = [...this.problems].sort((a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));
    const errors = sorted.filter((p) => p.severity === 'error');
    if (errors.length === 0) return;
    const warnings = sorted.filter((p) => p.severity === 'warning');
    const details: ProblemDetail[] = [...errors, ...warnings].map((p) => ({
      file: p.file,
      code: p.code,
      message: p.severity === 'warning' ? `(warning) ${p.message}` : p.message,
      ...(p.line !== undefined ? { line: p.line } : {}),
    }));
    const codes = new Set(errors.map((e) => e.code));
    const code = codes.size === 1 ? (errors[0]?.code ?? 'ingest/invalid-input') : 'ingest/invalid-input';
    const count = errors.length === 1 ? 'a problem' : `${errors.length} problems`;
    throw new PeerFidelityError(code, `The input has ${count} to fix; nothing read after the first was coded:`, { details });
  }
}

/**
 * 1-based line numbers for papaparse's record cursors. The chunks fed to papaparse are recorded
 * here first; only line breaks ahead of the parser are kept, so memory does not grow with the file.
 */
class LineTracker {
  private breaks: number[] = [];
  private blank: boolean[] = [];
  private head = 0;
  private line = 1;
  private fed = 0;

  feed(text: string): void {
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.breaks.push(this.fed + i);
      this.blank.push(/^[ \t]*$/.test(text.slice(lineStart, i)));
      lineStart = i + 1;
    }
    this.fed += text.length;
  }

  /** The line of the first record starting at or after `offset` (a line start), skipping blank lines as papaparse does. */
  recordLine(offset: number): number {
    while (this.head < this.breaks.length && (this.breaks[this.head] ?? 0) < offset) this.advance();
    while (this.head < this.breaks.length && this.blank[this.head]) this.advance();
    if (this.head > 4096) {
      this.breaks = this.breaks.slice(this.head);
      this.blank = this.blank.slice(this.head);
      this.head = 0;
    }
    return this.line;
  }

  private advance(): void {
    this.head++;
    this.line++;
  }
}

function utf8Problem(report: FileReport, line: number): void {
  report.error(
    'ingest/not-utf8',
    line,
    `The file is not valid UTF-8 (at line ${line}); it may be in an older encoding such as Windows-1252. Save it again as UTF-8.`,
  );
}

/**
 * Decoded text in chunks that end at a line break (except at the end of the file), cleaned the way
 * `normaliseText` cleans a whole file: BOM off, CRLF and CR as LF, NFC. Holding back the partial last
 * line keeps a CR and its LF together across chunk boundaries and never splits a character sequence NFC joins.
 */
async function* normalisedChunks(path: string, report: FileReport, highWaterMark: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry = '';
  let line = 1;
  let first = true;
  let content = false;
  const emit = (text: string): string => {
    const clean = text.replace(/\r\n?/g, '\n').normalize('NFC');
    for (let i = clean.indexOf('\n'); i !== -1; i = clean.indexOf('\n', i + 1)) line++;
    if (!content && clean.trim()) content = true;
    return clean;
  };
  for await (const chunk of createReadStream(path, { highWaterMark })) {
    const bytes = chunk as Buffer;
    if (first && bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
      report.error('ingest/not-utf8', 1, 'The file is saved as UTF-16. Save it again as UTF-8 (in most editors: "Save as…", encoding "UTF-8").');
      return;
    }
    first = false;
    let text: string;
    try {
      text = carry + decoder.decode(bytes, { stream: true });
    } catch {
      const lenient = new TextDecoder().decode(bytes);
      const before = (carry + lenient).slice(0, Math.max(0, (carry + lenient).indexOf('\uFFFD')));
      utf8Problem(report, line + (before.match(/\r\n?|\n/g) ?? []).length);
      return;
    }
    // Cut after the last line break, but keep a final CR back: its LF may open the next chunk.
    const end = text.endsWith('\r') ? text.length - 2 : text.length - 1;
    const cut = end < 0 ? 0 : Math.max(text.lastIndexOf('\n', end), text.lastIndexOf('\r', end)) + 1;
    carry = text.slice(cut);
    if (cut > 0) yield emit(text.slice(0, cut));
  }
  try {
    carry += decoder.decode();
  } catch {
    utf8Problem(report, line);
    return;
  }
  if (carry) yield emit(carry);
  if (!content) report.error('ingest/empty-file', undefined, 'The file is empty. Remove it, or check that the export finished.');
}

interface FileContext {
  abs: string;
  report: FileReport;
  format: SourceFormat;
  defaultId: string;
  options: StreamOptions;
  run: RunState;
}

/**
 * Turns consecutive rows of one transcript_id into transcripts, and says when an id comes back
 * after other rows: streaming needs each transcript's rows kept together.
 */
class RowGrouper {
  private current: { id: string; rows: TurnRow[]; line: number; reappeared: boolean } | undefined;
  /** Ids already finished in this file → the line where each started. */
  private readonly closed = new Map<string, { first: number; last: number }>();
  private readonly warnedSpeakers = new Set<string>();

  constructor(private readonly ctx: FileContext) {}

  /** Adds a row; returns the transcripts it completed. */
  add(row: TurnRow): Transcript[] {
    const id = row.get('transcript_id')?.trim() ?? '';
    const out = this.current && this.current.id !== id ? this.flush() : [];
    if (!this.current) this.current = { id, rows: [], line: row.line, reappeared: this.checkNew(id, row.line) };
    this.current.rows.push(row);
    return out;
  }

  /** A transcript given whole on one line (JSONL): it ends any open group and cannot come back either. */
  whole(raw: RawTranscript): Transcript[] {
    const out = this.flush();
    const id = raw.id?.trim() ?? '';
    if (this.checkNew(id, raw.line)) return out;
    this.closed.set(ownCopy(id), { first: raw.line, last: raw.line });
    return [...out, ...this.build([raw])];
  }

  /** True (and reported) when `id` already ended earlier in this file. */
  private checkNew(id: string, line: number): boolean {
    const earlier = this.closed.get(id);
    if (!earlier) return false;
    this.ctx.report.error(
      'ingest/stream-order',
      line,
      `Transcript "${id || this.ctx.defaultId}" continues at line ${line}, but its rows ended at line ${earlier.last} (it started at line ${earlier.first}) and other transcripts came in between. ` +
        'When reading a large file as a stream, keep each transcript’s rows together: sort the file by transcript_id (keeping the turn order), then run again.',
    );
    return true;
  }

  flush(): Transcript[] {
    const current = this.current;
    if (!current) return [];
    this.current = undefined;
    const last = current.rows[current.rows.length - 1]?.line ?? current.line;
    if (current.reappeared) {
      // Already reported as out of order; building it would only add a second, less helpful, duplicate-id error.
      for (const row of current.rows) this.ctx.report.skipTurn(row.line, 'transcript rows out of order');
      return [];
    }
    this.closed.set(ownCopy(current.id), { first: current.line, last });
    return this.build(groupTurnRows(current.rows, this.ctx.report));
  }

  build(raws: RawTranscript[]): Transcript[] {
    const { report, format, defaultId, options } = this.ctx;
    return buildTranscripts(raws, {
      report,
      format,
      defaultId,
      warnedSpeakers: this.warnedSpeakers,
      ...(options.roles ? { roles: options.roles } : {}),
    });
  }
}

/** Parses a CSV/TSV file with papaparse `step` on a Readable, pausing the file while the consumer catches up. */
async function* csvTranscripts(ctx: FileContext): AsyncGenerator<Transcript> {
  const { report, options } = ctx;
  const tracker = new LineTracker();
  const source = Readable.from(
    (async function* () {
      for await (const text of normalisedChunks(ctx.abs, report, options.highWaterMark ?? 65536)) {
        tracker.feed(text);
        yield text;
      }
    })(),
  );
  const grouper = new RowGrouper(ctx);
  const ready: Transcript[] = [];
  let header: CsvRow | undefined;
  let columns: Map<CanonicalColumn, number> | undefined;
  let dataRows = 0;
  let cursor = 0;
  let done = false;
  let paused = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const hand = (transcripts: Transcript[]): void => {
    ready.push(...transcripts);
    if (ready.length >= HIGH_WATER && !paused) {
      paused = true;
      source.pause();
    }
    if (ready.length > 0) notify();
  };

  Papa.parse<string[]>(source, {
    header: false,
    skipEmptyLines: 'greedy',
    delimiter: options.delimiter ?? (ctx.format === 'tsv' ? '\t' : ''),
    step: (result, parser) => {
      const line = tracker.recordLine(cursor);
      cursor = result.meta.cursor;
      const undetectable = reportCsvErrors(result.errors, line, report);
      const row: CsvRow = { cells: result.data, line };
      if (!header) {
        header = row;
        columns = csvColumns(header, undetectable, options, report);
        if (!columns) parser.abort();
        return;
      }
      if (!columns) return;
      dataRows++;
      hand(grouper.add(csvTurnRow(row, header, columns, report)));
    },
    complete: () => {
      if (header && columns) {
        if (dataRows === 0) report.error('ingest/empty-file', header.line, 'The file has a header but no rows. Add one row per turn below the header.');
        hand(grouper.flush());
      }
      done = true;
      notify();
    },
    error: (error: Error) => {
      report.error('ingest/unreadable-file', undefined, `The file cannot be read to the end (${error.message}). Check that it exists and that you may read it.`);
      done = true;
      notify();
    },
  });

  try {
    for (;;) {
      const next = ready.shift();
      if (next) {
        if (paused && ready.length < LOW_WATER) {
          paused = false;
          source.resume();
        }
        yield next;
        continue;
      }
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    source.destroy();
  }
}

/** Reads a JSONL file line by line: whole-transcript lines and turn rows grouped by transcript_id. */
async function* jsonlTranscripts(ctx: FileContext): AsyncGenerator<Transcript> {
  const grouper = new RowGrouper(ctx);
  let line = 0;
  for await (const text of normalisedChunks(ctx.abs, ctx.report, ctx.options.highWaterMark ?? 65536)) {
    const lines = text.split('\n');
    // Chunks end with a line break, so the last piece is empty (or the file's unterminated last line).
    if (text.endsWith('\n')) lines.pop();
    for (const raw of lines) {
      line++;
      const item = readJsonlLine(raw, line, ctx.report);
      if (!item) continue;
      if ('row' in item) {
        yield* grouper.add(item.row);
        continue;
      }
      yield* grouper.whole(item.transcript);
    }
  }
  yield* grouper.flush();
}

/** A file named on its own: its manifest row (if a manifest beside it or above it lists it) and its default id. */
function standalone(abs: string, shown: string, cwd: string): { file: ListedFile; manifestReport: FileReport; consent: boolean } {
  const found = findManifestEntry(abs, cwd);
  return {
    file: { abs, shown, defaultId: stem(shown), ...(found ? { entry: found.entry } : {}) },
    manifestReport: new FileReport(found ? displayPath(found.path, cwd) : shown),
    consent: found?.entry.consent ?? true,
  };
}

/** Streams one file already known to be CSV, TSV or JSONL; problems go to `run`. */
async function* streamFile(file: ListedFile, format: SourceFormat, options: StreamOptions, run: RunState, manifestReport: FileReport): AsyncGenerator<Transcript> {
  const { abs, shown, entry } = file;
  const report = new FileReport(shown);
  const ctx: FileContext = { abs, report, format, defaultId: file.defaultId, options, run };
  let reported = 0;
  const forward = (): void => {
    run.add(report.problems.slice(reported));
    reported = report.problems.length;
    run.add(manifestReport.problems.splice(0));
  };
  // The manifest's transcript_id names a file's only transcript, so the first one waits until a second one shows up.
  let held: Transcript | undefined;
  let count = 0;
  const release = (t: Transcript, only: boolean): Transcript => {
    if (!entry) return t;
    const { transcriptId, ...rest } = entry;
    const applied = applyManifest([t], only && transcriptId !== undefined ? entry : rest, manifestReport);
    return applied[0] ?? t;
  };
  const accept = (t: Transcript): Transcript | undefined => {
    forward();
    return run.accept(t) ? t : undefined;
  };

  const source = format === 'jsonl' ? jsonlTranscripts(ctx) : csvTranscripts(ctx);
  for await (const t of source) {
    count++;
    if (count === 1 && entry?.transcriptId !== undefined) {
      held = t;
      forward();
      continue;
    }
    if (held) {
      if (entry?.transcriptId !== undefined) {
        manifestReport.warn('ingest/manifest', entry.line, `The manifest gives transcript_id "${entry.transcriptId}" for ${entry.file}, but that file holds more than one transcript; their own ids were kept.`);
      }
      const first = accept(release(held, false));
      held = undefined;
      forward();
      if (first) yield first;
    }
    const out = accept(release(t, false));
    forward();
    if (out) yield out;
  }
  if (held) {
    const only = accept(release(held, true));
    forward();
    if (only) yield only;
  }
  forward();
}

/** True when `path` names a file this module reads as a stream (by --input-format or extension). */
/**
 * A folder, file by file: CSV, TSV and JSONL files streamed, the others read whole one at a time, with the folder's
 * manifest (consent, labels, ids) and roles file applied as when the folder is read whole, and in the same order.
 */
async function* streamFolder(abs: string, cwd: string, options: StreamOptions, run: RunState): AsyncGenerator<Transcript> {
  const plan = planFolder(abs, cwd, options.roles);
  run.add(plan.problems);
  const fileOptions: StreamOptions = plan.roles ? { ...options, roles: plan.roles } : options;
  for (const file of plan.files) {
    const format = options.format ?? formatFromFileName(file.abs);
    if (format && STREAM_FORMATS.includes(format)) {
      yield* streamFile(file, format, fileOptions, run, plan.manifestReport);
      continue;
    }
    const report = new FileReport(file.shown);
    const parsed = await readTranscriptFile(file.abs, file.shown, report, { ...fileOptions, defaultId: file.defaultId });
    run.add(report.problems);
    if (!parsed) continue;
    run.add(parsed.problems);
    const transcripts = file.entry ? applyManifest(parsed.transcripts, file.entry, plan.manifestReport) : parsed.transcripts;
    run.add(plan.manifestReport.problems.splice(0));
    for (const t of transcripts) if (run.accept(t)) yield t;
  }
  run.add(plan.manifestReport.problems.splice(0));
}

export function canStream(path: string, options: Pick<StreamOptions, 'format' | 'cwd'> = {}): boolean {
  if (path === '-') return false;
  const abs = resolve(options.cwd ?? process.cwd(), path);
  if (!statSync(abs, { throwIfNoEntry: false })?.isFile()) return false;
  const format = options.format ?? formatFromFileName(abs);
  return format !== undefined && STREAM_FORMATS.includes(format);
}

/**
 * Streams the transcripts of one CSV, TSV or JSONL file in file order. Each transcript's rows must be
 * together in the file (a transcript_id that comes back after other rows is an error naming the line).
 * Problems are passed to `options.onProblem` as they are found; once there is an error, no more
 * transcripts are yielded, the rest of the file is still checked, and the generator then throws one
 * PeerFidelityError listing every problem.
 */
export async function* streamTranscripts(path: string, options: StreamOptions = {}): AsyncGenerator<Transcript> {
  yield* streamPaths([path], options);
}

/**
 * Like `ingestPaths`, but yields transcripts one at a time. CSV, TSV and JSONL files are streamed
 * (in the order of their paths, sorted as `ingestPaths` sorts them); folders, standard input and
 * other formats are read whole by `ingestPaths` and then handed on one by one.
 */
export async function* streamPaths(paths: string[], options: StreamOptions = {}): AsyncGenerator<Transcript> {
  checkColumnMap(options.columns);
  const cwd = options.cwd ?? process.cwd();
  const run = new RunState(options);
  const units = [...new Set(paths)].map((path) => {
    const abs = path === '-' ? '-' : resolve(cwd, path);
    return { path, abs, shown: abs === '-' ? '-' : displayPath(abs, cwd) };
  });
  units.sort((a, b) => compareText(a.shown, b.shown));
  for (const unit of units) {
    if (canStream(unit.path, options)) {
      const format = options.format ?? (formatFromFileName(unit.abs) as SourceFormat);
      const { file, manifestReport, consent } = standalone(unit.abs, unit.shown, cwd);
      if (consent) yield* streamFile(file, format, options, run, manifestReport);
      continue;
    }
    if (unit.abs !== '-' && statSync(unit.abs, { throwIfNoEntry: false })?.isDirectory()) {
      yield* streamFolder(unit.abs, cwd, options, run);
      continue;
    }
    // ingestPaths throws its own error listing every problem of this path.
    const result = await ingestPaths([unit.path], options);
    run.add(result.problems);
    for (const t of result.transcripts) if (run.accept(t)) yield t;
  }
  run.throwIfFailed();
}
