// Adjudication: where coders agree and disagree, turn by turn and code by code, and a consensus sheet to settle it.
import { compareText } from '../core/order.js';
import type { CodebookInfo, Finding, Transcript } from '../core/types.js';
import { oneCoderError } from '../reliability/stats.js';
import { type CoderCoverage, coverageWithFindings, sortedUnits, unitKey } from '../reliability/units.js';
import type { CoderNote } from './read-sheets.js';
import { CONTEXT_COLUMNS, SHEET_COLUMNS, checkUniqueTranscriptIds, turnContext, writeSheetCsv } from './sheet.js';

/** `agreed`: every coder who coded the turn marked the code; `disagreed`: some did and some did not. */
export type AdjudicationStatus = 'agreed' | 'disagreed';

/** One code on one turn that at least one coder marked (turns where all left it blank are agreed-absent and left out). */
export interface AdjudicationRow {
  transcriptId: string;
  turn: number;
  code: string;
  status: AdjudicationStatus;
  markedBy: string[];
  notMarkedBy: string[];
}

export interface AdjudicationSummary {
  coders: string[];
  /** Turns anyone coded. */
  turns: number;
  turnsWithDisagreement: number;
  /** Turns only one coder coded: their codes pass into the consensus unreviewed. */
  singleCoderTurns: number;
  agreed: number;
  disagreed: number;
  byCode: { code: string; agreed: number; disagreed: number }[];
}

export interface Adjudication {
  rows: AdjudicationRow[];
  summary: AdjudicationSummary;
  /** Which coders coded each turn (by `unitKey`), for the consensus sheet. */
  codersByTurn: Map<string, string[]>;
}

/** Compares the coders turn by turn; a coder without a row for a turn has no say on it. */
export function adjudicate(codings: readonly Finding[], given: CoderCoverage, codebook: CodebookInfo): Adjudication {
  const coverage = coverageWithFindings(given, codings);
  const marks = new Map<string, Set<string>>();
  for (const f of codings) {
    const key = `${unitKey(f.transcriptId, f.turn)}\u0000${f.code}`;
    let who = marks.get(key);
    if (!who) marks.set(key, (who = new Set()));
    who.add(f.coder);
  }
  const coders = [...coverage.coders.keys()].sort(compareText);
  if (coders.length < 2) throw oneCoderError(coders.length === 0 ? 'no codings were given' : `all codings are from one coder ("${coders[0]}")`);

  const rows: AdjudicationRow[] = [];
  const codersByTurn = new Map<string, string[]>();
  const byCode = new Map(codebook.codes.map((c) => [c.id, { code: c.id, agreed: 0, disagreed: 0 }]));
  const disputed = new Set<string>();
  let singleCoderTurns = 0;
  for (const [key, unit] of sortedUnits(coverage)) {
    const who = coders.filter((c) => coverage.coders.get(c)!.has(key));
    codersByTurn.set(key, who);
    if (who.length === 1) singleCoderTurns++;
    for (const code of codebook.codes) {
      const marked = marks.get(`${key}\u0000${code.id}`);
      if (!marked) continue;
      const markedBy = who.filter((c) => marked.has(c));
      const notMarkedBy = who.filter((c) => !marked.has(c));
      const status: AdjudicationStatus = notMarkedBy.length === 0 ? 'agreed' : 'disagreed';
      rows.push({ transcriptId: unit.transcriptId, turn: unit.turn, code: code.id, status, markedBy, notMarkedBy });
      byCode.get(code.id)![status]++;
      if (status === 'disagreed') disputed.add(key);
    }
  }
  return {
    rows,
    codersByTurn,
    summary: {
      coders,
      turns: coverage.units.size,
      turnsWithDisagreement: disputed.size,
      singleCoderTurns,
      agreed: rows.filter((r) => r.status === 'agreed').length,
      disagreed: rows.filter((r) => r.status === 'disagreed').length,
      byCode: [...byCode.values()],
    },
  };
}

export interface ConsensusOptions {
  /** Coders' notes, carried into the consensus sheet's notes column. */
  notes?: readonly CoderNote[];
}

/**
 * The consensus as a coding sheet (readable again by `readCodingSheets` once settled): a code
 * cell holds 1 where every coder marked it and ? where they disagree, and `disagreements` says
 * who marked what. Only turns someone coded are included.
 */
export function formatConsensusSheet(
  adjudication: Adjudication,
  transcripts: readonly Transcript[],
  codebook: CodebookInfo,
  options: ConsensusOptions = {},
): string {
  checkUniqueTranscriptIds(transcripts);
  const cellsByTurn = new Map<string, Map<string, AdjudicationRow>>();
  for (const row of adjudication.rows) {
    const key = unitKey(row.transcriptId, row.turn);
    let codes = cellsByTurn.get(key);
    if (!codes) cellsByTurn.set(key, (codes = new Map()));
    codes.set(row.code, row);
  }
  const notesByTurn = new Map<string, string[]>();
  for (const n of options.notes ?? []) {
    const key = unitKey(n.transcriptId, n.turn);
    notesByTurn.set(key, [...(notesByTurn.get(key) ?? []), `${n.coder}: ${n.note}`]);
  }
  const header = [...CONTEXT_COLUMNS, ...codebook.codes.map((c) => c.id), SHEET_COLUMNS.disagreements, SHEET_COLUMNS.notes, SHEET_COLUMNS.coder];
  const out: string[][] = [];
  for (const t of transcripts) {
    for (const [position, turn] of t.turns.entries()) {
      const key = unitKey(t.id, turn.index);
      const who = adjudication.codersByTurn.get(key);
      if (!who) continue;
      const codes = cellsByTurn.get(key) ?? new Map<string, AdjudicationRow>();
      const cells = codebook.codes.map((c) => {
        const row = codes.get(c.id);
        return !row ? '' : row.status === 'agreed' ? '1' : '?';
      });
      const disagreements = codebook.codes.flatMap((c) => {
        const row = codes.get(c.id);
        if (!row || row.status === 'agreed') return [];
        return [`${c.id}: ${[...row.markedBy.map((x) => `${x} yes`), ...row.notMarkedBy.map((x) => `${x} no`)].join(' / ')}`];
      });
      if (who.length === 1) disagreements.push(`coded by ${who[0]} only`);
      out.push([...turnContext(t, position), ...cells, disagreements.join('; '), (notesByTurn.get(key) ?? []).join(' | '), '']);
    }
  }
  return writeSheetCsv(header, out);
}
