// Turns what a reader found into checked Transcripts: roles, numbering, dates, empty and repeated turns.
import type { Role, SourceFormat, Transcript, Turn } from '../core/types.js';
import { ownCopy } from '../core/strings.js';
import { cleanSpeaker, parseDate } from './normalise.js';
import type { FileReport } from './report.js';
import { resolveRole } from './roles.js';
import type { RawTranscript } from './types.js';

export interface BuildContext {
  report: FileReport;
  format: SourceFormat;
  defaultId: string;
  roles?: Record<string, Role>;
  /** Speakers already warned about as unmapped; pass one set across calls to warn once per file when building piecewise. */
  warnedSpeakers?: Set<string>;
}

/** A unit of the input that a person can find: "line 12". */
function at(line: number): string {
  return `line ${line}`;
}

export function buildTranscripts(raws: RawTranscript[], ctx: BuildContext): Transcript[] {
  const { report } = ctx;
  const warnedSpeakers = ctx.warnedSpeakers ?? new Set<string>();
  const out: Transcript[] = [];
  for (const raw of raws) {
    const id = raw.id?.trim() || ctx.defaultId;
    const transcript: Transcript = { id, source: { file: report.file, format: ctx.format }, turns: [], meta: { ...raw.meta } };
    if (raw.program?.trim()) transcript.program = raw.program.trim();
    if (raw.site?.trim()) transcript.site = raw.site.trim();
    if (raw.date?.trim()) {
      const parsed = parseDate(raw.date);
      if (parsed.ok) transcript.date = parsed.iso;
      else report.error('ingest/invalid-date', raw.line, `Transcript "${id}" (${at(raw.line)}): the date ${parsed.reason}.`);
    }
    if (raw.setting?.trim()) transcript.setting = raw.setting.trim();

    const explicit = raw.turns.length > 0 && raw.turns.every((t) => t.turn !== undefined && t.turn.trim() !== '');
    if (!explicit && raw.turns.some((t) => t.turn !== undefined && t.turn.trim() !== '')) {
      report.warn(
        'ingest/missing-turn-number',
        raw.line,
        `Transcript "${id}": some turns have no turn number, so every turn is numbered in file order instead. Fill in the turn column to keep your own numbers.`,
      );
    }
    const seen = new Map<number, number>();
    const turns: Turn[] = [];
    for (const rawTurn of raw.turns) {
      let index = turns.length + 1;
      if (explicit) {
        const value = (rawTurn.turn ?? '').trim();
        index = Number(value);
        if (!/^\d+$/.test(value) || index < 1) {
          report.error('ingest/invalid-turn-number', rawTurn.line, `Turn number "${value}" at ${at(rawTurn.line)} is not a whole number from 1 up. Fix the turn column.`);
          report.skipTurn(rawTurn.line, `invalid turn number "${value}"`);
          continue;
        }
        const first = seen.get(index);
        if (first !== undefined) {
          report.error(
            'ingest/duplicate-turn',
            rawTurn.line,
            `Transcript "${id}" has turn ${index} twice (${at(first)} and ${at(rawTurn.line)}). Give each turn its own number, or check that two conversations do not share a transcript_id.`,
          );
          report.skipTurn(rawTurn.line, `turn number ${index} repeated`);
          continue;
        }
        seen.set(index, rawTurn.line);
      }
      const text = rawTurn.text.normalize('NFC').trim();
      if (!text) {
        report.warn('ingest/empty-text', rawTurn.line, `The turn at ${at(rawTurn.line)} has no text, so it was skipped. Fill in its text or remove it.`);
        report.skipTurn(rawTurn.line, 'no text');
        continue;
      }
      let speaker = cleanSpeaker(rawTurn.speaker);
      if (!speaker) {
        speaker = rawTurn.role?.trim() ? cleanSpeaker(rawTurn.role) : 'unknown';
        report.warn('ingest/missing-speaker', rawTurn.line, `The turn at ${at(rawTurn.line)} has no speaker; it is kept as "${speaker}". Fill in the speaker.`);
      }
      const resolved = resolveRole(speaker, {
        ...(rawTurn.role !== undefined ? { role: rawTurn.role } : {}),
        ...(ctx.roles ? { roles: ctx.roles } : {}),
      });
      if (resolved.invalidField !== undefined) {
        report.warn(
          'ingest/unknown-role',
          rawTurn.line,
          `Role "${resolved.invalidField}" at ${at(rawTurn.line)} is not one of supporter, supported, staff, narrator, other; the speaker's label was used instead (${resolved.role}).`,
        );
      }
      if (resolved.source === 'unmapped' && !warnedSpeakers.has(speaker)) {
        warnedSpeakers.add(ownCopy(speaker));
        report.warn(
          'ingest/unmapped-speaker',
          rawTurn.line,
          `Speaker "${speaker}" (first at ${at(rawTurn.line)}) has no known role, so their turns count as "other". Say who they are with --roles "${speaker}=supporter" (or supported, staff, narrator, other), a roles file, or a role column.`,
        );
      }
      const turn: Turn = {
        index,
        speaker,
        role: resolved.role,
        text,
        ...(rawTurn.start !== undefined ? { start: rawTurn.start } : {}),
        ...(rawTurn.end !== undefined ? { end: rawTurn.end } : {}),
        sourceLine: rawTurn.line,
      };
      report.turnsRead++;
      turns.push(turn);
    }
    if (explicit) turns.sort((a, b) => a.index - b.index);
    if (turns.length === 0) {
      report.warn('ingest/no-turns', raw.line, `Transcript "${id}" has no turns with text, so it was left out.`);
      continue;
    }
    transcript.turns = turns;
    out.push(inFieldOrder(transcript));
  }
  return out;
}

/** The same transcript with its keys in one order (id, program, site, date, setting, source, turns, meta), so JSON output is stable and readable. */
export function inFieldOrder(t: Transcript): Transcript {
  return {
    id: t.id,
    ...(t.program !== undefined ? { program: t.program } : {}),
    ...(t.site !== undefined ? { site: t.site } : {}),
    ...(t.date !== undefined ? { date: t.date } : {}),
    ...(t.setting !== undefined ? { setting: t.setting } : {}),
    source: t.source,
    turns: t.turns,
    meta: t.meta,
  };
}
