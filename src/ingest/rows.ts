// Groups flat turn rows (CSV records, JSONL turn lines) into transcripts by transcript_id.
import { parseSeconds } from './normalise.js';
import type { FileReport } from './report.js';
import type { CanonicalColumn, RawTranscript, RawTurn } from './types.js';

export interface TurnRow {
  line: number;
  /** The row's value for a canonical column, or undefined when the file has no such column. */
  get: (key: CanonicalColumn) => string | undefined;
}

export function groupTurnRows(rows: Iterable<TurnRow>, report: FileReport): RawTranscript[] {
  const transcripts = new Map<string, RawTranscript>();
  const conflicts = new Set<string>();
  for (const row of rows) {
    const id = row.get('transcript_id')?.trim() ?? '';
    let transcript = transcripts.get(id);
    if (!transcript) {
      transcript = { meta: {}, line: row.line, turns: [] };
      if (id) transcript.id = id;
      transcripts.set(id, transcript);
    }
    for (const key of ['program', 'site', 'date', 'setting'] as const) {
      const value = row.get(key)?.trim();
      if (!value) continue;
      const current = transcript[key];
      if (current === undefined) transcript[key] = value;
      else if (current !== value && !conflicts.has(`${id}\0${key}`)) {
        conflicts.add(`${id}\0${key}`);
        report.warn(
          'ingest/conflicting-metadata',
          row.line,
          `Transcript "${id || 'in this file'}" has ${key} "${current}" and, at line ${row.line}, "${value}"; the first is used. Give each conversation one ${key}.`,
        );
      }
    }
    const turn: RawTurn = { speaker: row.get('speaker') ?? '', text: row.get('text') ?? '', line: row.line };
    const role = row.get('role');
    if (role !== undefined && role.trim()) turn.role = role;
    const number = row.get('turn');
    if (number !== undefined) turn.turn = number;
    for (const key of ['start', 'end'] as const) {
      const value = row.get(key)?.trim();
      if (!value) continue;
      const seconds = parseSeconds(value);
      if (seconds === undefined) {
        report.warn('ingest/invalid-time', row.line, `The ${key} time "${value}" at line ${row.line} is not seconds or hh:mm:ss; it was left out.`);
      } else turn[key] = seconds;
    }
    transcript.turns.push(turn);
  }
  return [...transcripts.values()];
}
