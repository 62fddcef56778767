// The gold standard for validation and training: one coder's (or one settled consensus sheet's) judgement of each turn.
import { PeerFidelityError, type ProblemDetail } from '../core/errors.js';
import { compareText } from '../core/order.js';
import type { CodebookInfo, Role } from '../core/types.js';
import { didYouMean } from '../human/close-matches.js';
import type { HumanCodings } from '../human/read-sheets.js';
import { sortedUnits, unitKey } from '../reliability/units.js';

/** One turn the gold coder coded (a row of their sheet), with the codes they marked on it. */
export interface GoldUnit {
  transcriptId: string;
  turn: number;
  role: Role;
  codes: ReadonlySet<string>;
}

export interface GoldSet {
  /** The coder whose codings are the gold standard (e.g. "consensus" for consensus.csv). */
  coder: string;
  /** In transcript, then turn order. */
  units: GoldUnit[];
  /** Ids of the transcripts with at least one gold turn, sorted. */
  transcripts: string[];
}

export interface GoldOptions {
  /** Use this coder's codings when the sheets hold several coders. */
  coder?: string;
}

/**
 * The gold set from read coding sheets. Gold means one agreed judgement per turn, so sheets from
 * several coders are refused (settle them with `adjudicate` first, or pick one with `coder`), and a
 * column that is not a code of the codebook is an error here, not a warning: silently dropping it
 * would score the engine against codes nobody can see.
 */
export function goldSet(codings: HumanCodings, codebook: CodebookInfo, options: GoldOptions = {}): GoldSet {
  const unknown = codings.problems.filter((p) => p.code === 'human/unknown-column');
  if (unknown.length > 0) {
    const details: ProblemDetail[] = unknown.map((p) => ({ file: p.file, ...(p.line === undefined ? {} : { line: p.line }), code: 'validate/unknown-code', message: p.message }));
    throw new PeerFidelityError(
      'validate/unknown-code',
      `the gold sheets mark codes that codebook ${codebook.id} ${codebook.version} does not have; a gold set must use the codebook's own code ids. Rename or remove these columns:`,
      { details, ...(details[0]?.file ? { location: { file: details[0].file } } : {}) },
    );
  }
  const coders = codings.coders;
  let coder: string;
  if (options.coder !== undefined) {
    if (!coders.includes(options.coder)) {
      throw new PeerFidelityError(
        'validate/unknown-coder',
        `no coder "${options.coder}" in the gold sheets${didYouMean(options.coder, coders)}; the sheets hold ${coders.length === 0 ? 'no coded rows' : `codings by ${coders.join(', ')}`}.`,
      );
    }
    coder = options.coder;
  } else if (coders.length === 1) {
    coder = coders[0]!;
  } else if (coders.length === 0) {
    throw new PeerFidelityError('validate/no-gold', 'the gold sheets have no coded rows. Give filled-in coding sheets (a settled consensus.csv, or one coder’s sheet).');
  } else {
    throw new PeerFidelityError(
      'validate/several-coders',
      `the gold sheets hold codings by ${coders.length} coders (${coders.join(', ')}), but the engine is compared with one agreed set of codes. ` +
        'Run `peer-fidelity adjudicate` on their sheets, settle every ? in the consensus sheet, and pass that sheet as --gold; or pick one coder with --coder.',
    );
  }

  const marks = new Map<string, Set<string>>();
  for (const f of codings.findings) {
    if (f.coder !== coder) continue;
    const key = unitKey(f.transcriptId, f.turn);
    let set = marks.get(key);
    if (!set) marks.set(key, (set = new Set()));
    set.add(f.code);
  }
  const mine = codings.coverage.coders.get(coder) ?? new Set<string>();
  const units: GoldUnit[] = [];
  for (const [key, unit] of sortedUnits(codings.coverage)) {
    if (!mine.has(key)) continue;
    units.push({ transcriptId: unit.transcriptId, turn: unit.turn, role: unit.role, codes: marks.get(key) ?? new Set() });
  }
  if (units.length === 0) throw new PeerFidelityError('validate/no-gold', `coder "${coder}" has no coded rows in the gold sheets.`);
  return { coder, units, transcripts: [...new Set(units.map((u) => u.transcriptId))].sort(compareText) };
}
