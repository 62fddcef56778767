// Coding sheets: one CSV row per turn with a column per code, for people to code transcripts by hand.
import Papa from 'papaparse';
import { PeerFidelityError } from '../core/errors.js';
import type { CodebookInfo, CodedTranscript, Transcript } from '../core/types.js';
import { unitKey } from '../reliability/units.js';

/** The sheet's fixed column names; code columns are headed by the code id. */
export const SHEET_COLUMNS = {
  transcriptId: 'transcript_id',
  turn: 'turn',
  speaker: 'speaker',
  role: 'role',
  text: 'text',
  previousSpeaker: 'previous_speaker',
  previousText: 'previous_text',
  machineCodes: 'machine_codes',
  disagreements: 'disagreements',
  notes: 'notes',
  coder: 'coder',
  /** Optional: code ids separated by `;` or `,`, instead of (or as well as) marks in code columns. */
  codes: 'codes',
} as const;

export const CONTEXT_COLUMNS = [
  SHEET_COLUMNS.transcriptId,
  SHEET_COLUMNS.turn,
  SHEET_COLUMNS.speaker,
  SHEET_COLUMNS.role,
  SHEET_COLUMNS.text,
  SHEET_COLUMNS.previousSpeaker,
  SHEET_COLUMNS.previousText,
] as const;

export interface SheetOptions {
  /**
   * The engine's codings of the same transcripts: adds a `machine_codes` column so a person can
   * review them. Leave it out for blind coding (the default), so the machine does not sway anyone.
   */
  prefill?: CodedTranscript[];
}

/** The context cells of the turn at `position` (0-based) in the transcript: who spoke, what they said, and the turn before. */
export function turnContext(transcript: Transcript, position: number): string[] {
  const turn = transcript.turns[position]!;
  const previous = position > 0 ? transcript.turns[position - 1] : undefined;
  return [transcript.id, String(turn.index), turn.speaker, turn.role, turn.text, previous?.speaker ?? '', previous?.text ?? ''];
}

/**
 * CSV text with a byte-order mark (so spreadsheet programs read it as UTF-8 and keep the text
 * intact) and cells that start like a formula escaped, so a turn never runs as one.
 */
export function writeSheetCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return '\uFEFF' + Papa.unparse({ fields: [...header], data: rows.map((r) => [...r]) }, { escapeFormulae: true, newline: '\r\n' }) + '\r\n';
}

export function checkUniqueTranscriptIds(transcripts: readonly Transcript[]): void {
  const seen = new Map<string, string>();
  for (const t of transcripts) {
    const other = seen.get(t.id);
    if (other !== undefined) {
      throw new PeerFidelityError(
        'human/duplicate-transcript-id',
        `two transcripts have the id "${t.id}" (${other} and ${t.source.file}); sheet rows name turns by transcript id, so give each transcript its own id.`,
        { location: { file: t.source.file } },
      );
    }
    seen.set(t.id, t.source.file);
  }
}

/** The machine's codes per turn, in codebook order (codes the codebook lacks go last). */
function machineCodes(prefill: readonly CodedTranscript[], codebook: CodebookInfo): Map<string, string> {
  const order = new Map(codebook.codes.map((c, i) => [c.id, i]));
  const byUnit = new Map<string, Set<string>>();
  for (const coded of prefill) {
    for (const f of coded.findings) {
      const key = unitKey(f.transcriptId, f.turn);
      let codes = byUnit.get(key);
      if (!codes) byUnit.set(key, (codes = new Set()));
      codes.add(f.code);
    }
  }
  const rank = (id: string): number => order.get(id) ?? order.size;
  return new Map(
    [...byUnit].map(([key, codes]) => [key, [...codes].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).join('; ')]),
  );
}

/**
 * A coding sheet for the transcripts: one row per turn with its context, one column per code
 * (headed by the code id; a person writes 1, x or yes where the code applies and leaves the rest
 * blank), then `notes` and `coder`. The sheet contains the transcripts' text.
 */
export function buildSheet(transcripts: readonly Transcript[], codebook: CodebookInfo, options: SheetOptions = {}): string {
  checkUniqueTranscriptIds(transcripts);
  const machine = options.prefill ? machineCodes(options.prefill, codebook) : null;
  const header = [
    ...CONTEXT_COLUMNS,
    ...(machine ? [SHEET_COLUMNS.machineCodes] : []),
    ...codebook.codes.map((c) => c.id),
    SHEET_COLUMNS.notes,
    SHEET_COLUMNS.coder,
  ];
  const blanks = codebook.codes.map(() => '');
  const rows = transcripts.flatMap((t) =>
    t.turns.map((turn, position) => [
      ...turnContext(t, position),
      ...(machine ? [machine.get(unitKey(t.id, turn.index)) ?? ''] : []),
      ...blanks,
      '',
      '',
    ]),
  );
  return writeSheetCsv(header, rows);
}
