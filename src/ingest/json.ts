// JSON and JSONL reader: transcript objects, arrays of them, or one turn row per line.
import { LineIndex, parseSeconds } from './normalise.js';
import type { FileReport } from './report.js';
import { groupTurnRows, type TurnRow } from './rows.js';
import type { CanonicalColumn, RawTranscript, RawTurn } from './types.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Path = (string | number)[];

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Where each object/array in a JSON text starts, by path; scalars are not recorded. */
interface PosNode {
  at: number;
  children?: Map<string | number, PosNode>;
}

/**
 * One pass over JSON text with a minimal grammar. JSON.parse gives no positions (and Node 20's
 * messages often none for errors), so this finds where each container starts and, for invalid
 * text, the offset of the first thing that does not fit (`errorAt`, -1 when the text is valid).
 */
export function scanJson(text: string): { root?: PosNode; errorAt: number } {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
    return text.slice(start, i);
  };
  const value = (): PosNode | undefined => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const node: PosNode = { at: i, children: new Map() };
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return node;
      }
      for (let index = 0; ; index++) {
        let key: string | number = index;
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          key = JSON.parse(string()) as string;
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        const child = value();
        if (child) node.children?.set(key, child);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return node;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return undefined;
    }
    SCALAR.lastIndex = i;
    if (!SCALAR.test(text)) fail();
    i = SCALAR.lastIndex;
    return undefined;
  };
  try {
    const root = value();
    ws();
    const result: { root?: PosNode; errorAt: number } = { errorAt: i < text.length ? i : -1 };
    if (root) result.root = root;
    return result;
  } catch (at) {
    // A RangeError from very deep nesting lands here too: then the position is simply unknown.
    return { errorAt: typeof at === 'number' ? at : -1 };
  }
}

function positions(root: PosNode | undefined, lines: LineIndex): (path: Path) => number | undefined {
  return (path) => {
    let node = root;
    for (const key of path) node = node?.children?.get(key);
    return node ? lines.lineAt(node.at) : undefined;
  };
}

function turnFrom(value: JsonObject, line: number): RawTurn {
  const turn: RawTurn = { speaker: scalar(value['speaker']) ?? '', text: scalar(value['text']) ?? '', line };
  const role = scalar(value['role']);
  if (role?.trim()) turn.role = role;
  const number = scalar(value['turn']);
  if (number !== undefined) turn.turn = number;
  for (const key of ['start', 'end'] as const) {
    const raw = value[key];
    const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseSeconds(raw) : undefined;
    if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) turn[key] = seconds;
  }
  return turn;
}

function transcriptFrom(value: JsonObject, at: Path, lineOf: (path: Path) => number | undefined, fallback: number, report: FileReport): RawTranscript {
  const line = lineOf(at) ?? fallback;
  const transcript: RawTranscript = { meta: {}, line, turns: [] };
  const id = scalar(value['id']) ?? scalar(value['transcript_id']);
  if (id?.trim()) transcript.id = id;
  for (const key of ['program', 'site', 'date', 'setting'] as const) {
    const v = scalar(value[key]);
    if (v?.trim()) transcript[key] = v;
  }
  const meta = value['meta'];
  if (isObject(meta)) {
    for (const [k, v] of Object.entries(meta)) {
      const s = scalar(v);
      if (s !== undefined) transcript.meta[k] = s;
    }
  }
  const turns = value['turns'];
  if (!Array.isArray(turns)) {
    report.error('ingest/json-shape', line, `The transcript at line ${line} has no "turns" list. Give it "turns": [{"speaker": "…", "text": "…"}, …].`);
    return transcript;
  }
  turns.forEach((t, i) => {
    const turnLine = lineOf([...at, 'turns', i]) ?? line;
    if (!isObject(t)) {
      report.warn('ingest/invalid-turn', turnLine, `Turn ${i + 1} of the transcript at line ${line} is not an object with "speaker" and "text", so it was skipped.`);
      report.skipTurn(turnLine, 'not a turn object');
      return;
    }
    transcript.turns.push(turnFrom(t, turnLine));
  });
  return transcript;
}

function rowFrom(value: JsonObject, line: number): TurnRow {
  return {
    line,
    get: (key: CanonicalColumn) => (key in value ? (scalar(value[key]) ?? '') : undefined),
  };
}

const SHAPE_HELP =
  'Expected a transcript {"id": …, "turns": [{"speaker": …, "text": …}]}, an array of transcripts, or an array of turn rows {"transcript_id", "speaker", "text", …}.';

export function readJson(text: string, report: FileReport): RawTranscript[] {
  const lines = new LineIndex(text);
  let data: Json;
  try {
    data = JSON.parse(text) as Json;
  } catch (error) {
    const message = (error as Error).message;
    const offset = scanJson(text).errorAt;
    const line = offset === -1 ? undefined : lines.lineAt(offset);
    report.error('ingest/invalid-json', line, `This is not valid JSON (${message}). If it has one JSON object per line, name it .jsonl.`);
    return [];
  }
  const lineOf = positions(scanJson(text).root, lines);
  if (isObject(data)) {
    if ('turns' in data) return [transcriptFrom(data, [], lineOf, 1, report)];
    report.error('ingest/json-shape', 1, SHAPE_HELP);
    return [];
  }
  if (Array.isArray(data)) {
    const transcripts: RawTranscript[] = [];
    const rows: TurnRow[] = [];
    data.forEach((item, i) => {
      const line = lineOf([i]) ?? 1;
      if (isObject(item) && 'turns' in item) transcripts.push(transcriptFrom(item, [i], lineOf, line, report));
      else if (isObject(item)) rows.push(rowFrom(item, line));
      else {
        report.warn('ingest/invalid-turn', line, `Item ${i + 1} (line ${line}) is neither a transcript nor a turn, so it was skipped. ${SHAPE_HELP}`);
        report.skipTurn(line, 'not a transcript or turn object');
      }
    });
    return [...transcripts, ...groupTurnRows(rows, report)];
  }
  report.error('ingest/json-shape', 1, SHAPE_HELP);
  return [];
}

/** One line of a JSONL file: a whole transcript, a turn row, or nothing (blank or reported as a problem). */
export type JsonlItem = { transcript: RawTranscript } | { row: TurnRow } | undefined;

export function readJsonlLine(raw: string, line: number, report: FileReport): JsonlItem {
  if (!raw.trim()) return undefined;
  let item: Json;
  try {
    item = JSON.parse(raw) as Json;
  } catch (error) {
    report.error('ingest/invalid-json', line, `Line ${line} is not valid JSON (${(error as Error).message}). Each line must hold one complete JSON object.`);
    report.skipTurn(line, 'line is not valid JSON');
    return undefined;
  }
  if (isObject(item) && 'turns' in item) return { transcript: transcriptFrom(item, [], () => line, line, report) };
  if (isObject(item)) return { row: rowFrom(item, line) };
  report.warn('ingest/invalid-turn', line, `Line ${line} is neither a transcript nor a turn object, so it was skipped.`);
  report.skipTurn(line, 'not a transcript or turn object');
  return undefined;
}

export function readJsonl(text: string, report: FileReport): RawTranscript[] {
  const transcripts: RawTranscript[] = [];
  const rows: TurnRow[] = [];
  text.split('\n').forEach((raw, i) => {
    const item = readJsonlLine(raw, i + 1, report);
    if (item && 'transcript' in item) transcripts.push(item.transcript);
    else if (item) rows.push(item.row);
  });
  return [...transcripts, ...groupTurnRows(rows, report)];
}
