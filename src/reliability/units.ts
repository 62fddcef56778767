// The unit of agreement (one turn of one transcript) and which turns each coder actually coded.
import { compareText } from '../core/order.js';
import type { Finding, Role } from '../core/types.js';

export interface CodingUnit {
  transcriptId: string;
  /** 1-based turn index. */
  turn: number;
  /** Decides which codes apply to the turn. */
  role: Role;
}

/**
 * Which turns each coder coded. A turn a coder has no row for is *missing* for that coder, not
 * "absent": leaving a code blank on a row you coded is a judgement, not having the row is not.
 */
export interface CoderCoverage {
  /** Coder id → keys (see `unitKey`) of the turns that coder coded. */
  coders: Map<string, Set<string>>;
  /** Every turn anyone coded, by key. */
  units: Map<string, CodingUnit>;
}

export function unitKey(transcriptId: string, turn: number): string {
  return `${transcriptId}\u0000${turn}`;
}

export function emptyCoverage(): CoderCoverage {
  return { coders: new Map(), units: new Map() };
}

export function addToCoverage(coverage: CoderCoverage, coder: string, unit: CodingUnit): void {
  const key = unitKey(unit.transcriptId, unit.turn);
  if (!coverage.units.has(key)) coverage.units.set(key, { transcriptId: unit.transcriptId, turn: unit.turn, role: unit.role });
  let seen = coverage.coders.get(coder);
  if (!seen) coverage.coders.set(coder, (seen = new Set()));
  seen.add(key);
}

export function compareUnits(a: CodingUnit, b: CodingUnit): number {
  return compareText(a.transcriptId, b.transcriptId) || a.turn - b.turn;
}

/** The units in transcript, then turn order. */
export function sortedUnits(coverage: CoderCoverage): [string, CodingUnit][] {
  return [...coverage.units].sort((a, b) => compareUnits(a[1], b[1]));
}

/** A copy of the coverage that also counts every turn a coder has a finding on: a mark means they saw it. */
export function coverageWithFindings(coverage: CoderCoverage, findings: readonly Finding[]): CoderCoverage {
  const out = emptyCoverage();
  for (const [coder, keys] of coverage.coders) {
    for (const key of keys) {
      const unit = coverage.units.get(key);
      if (unit) addToCoverage(out, coder, unit);
    }
  }
  for (const f of findings) addToCoverage(out, f.coder, { transcriptId: f.transcriptId, turn: f.turn, role: f.role });
  return out;
}
