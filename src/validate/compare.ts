// Auto vs human: the engine's codes against a gold set, per code and turn, with every disagreement listed.
import { PeerFidelityError } from '../core/errors.js';
import type { CodedTranscript, CodeInfo, CodebookInfo, Polarity, Role } from '../core/types.js';
import type { CompiledCodebook } from '../coding/compiled.js';
import { cohenKappaFromTable } from '../reliability/stats.js';
import { unitKey } from '../reliability/units.js';
import type { GoldSet, GoldUnit } from './gold.js';

/** Codes whose kappa reaches this are marked reliable on the card (the report hides the others). */
export const DEFAULT_MIN_KAPPA = 0.4;
/** Below this many gold positives a code's figures swing on one or two turns. */
export const FEW_POSITIVES = 5;

export interface Disagreement {
  kind: 'false-positive' | 'missed';
  transcriptId: string;
  turn: number;
  speaker: string;
  role: Role;
  /** The whole turn. */
  text: string;
  /** False positives: what the engine matched, how sure it was, and which matcher. */
  evidence?: string;
  confidence?: number;
  matcher?: string;
}

export interface CodeValidation {
  code: string;
  label: string;
  polarity: Polarity;
  /** Gold turns this code was judged on: turns of its roles, plus any turn the gold marked it on. */
  turns: number;
  /** Gold positives. */
  n: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Cohen's kappa between gold and engine, present/absent per turn; null with a reason when undefined. */
  kappa: number | null;
  kappaReason?: string;
  /** kappa (rounded to 4 places) ≥ the threshold. */
  reliable: boolean;
  disagreements: Disagreement[];
}

export interface Validation {
  codebook: { id: string; version: string };
  /** The classifier model the engine used, if the codebook has one (its training data hash). */
  classifier?: { file: string; dataHash: string };
  gold: { coder: string; transcripts: number; turns: number };
  threshold: { kappa: number };
  codes: CodeValidation[];
  warnings: string[];
}

export interface ValidateOptions {
  minKappa?: number;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Rounds to four places, the precision cards and tables show. */
export function round4(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1e4) / 1e4;
}

function f1Of(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) return null;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function applies(code: CodeInfo, unit: GoldUnit): boolean {
  // A gold mark outside the code's roles still counts (as a miss): nothing the coder wrote is dropped.
  return code.roles.includes(unit.role) || unit.codes.has(code.id);
}

/**
 * Compares the engine's codings (`coded`, which must include every transcript of the gold set)
 * with the gold set, turn by turn, for every code of the codebook.
 */
export function validateCoding(coded: readonly CodedTranscript[], gold: GoldSet, codebook: CodebookInfo | CompiledCodebook, options: ValidateOptions = {}): Validation {
  const minKappa = options.minKappa ?? DEFAULT_MIN_KAPPA;
  const byTranscript = new Map(coded.map((c) => [c.transcript.id, c]));
  const missing = gold.transcripts.filter((id) => !byTranscript.has(id));
  if (missing.length > 0) {
    throw new PeerFidelityError('validate/missing-transcript', `the gold set codes transcript${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')}, which ${missing.length === 1 ? 'was' : 'were'} not coded by the engine; pass the transcripts the gold sheets were made from.`);
  }
  const auto = new Map<string, { evidence: string; confidence: number; matcher: string }>();
  for (const c of coded) {
    for (const f of c.findings) auto.set(`${unitKey(f.transcriptId, f.turn)}\u0000${f.code}`, { evidence: f.evidence, confidence: f.confidence, matcher: f.matcher.id });
  }

  const turns = new Map(coded.flatMap((c) => c.transcript.turns.map((t) => [unitKey(c.transcript.id, t.index), t] as const)));
  const codes = codebook.codes.map((code): CodeValidation => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    const disagreements: Disagreement[] = [];
    for (const unit of gold.units) {
      if (!applies(code, unit)) continue;
      const turn = turns.get(unitKey(unit.transcriptId, unit.turn))!;
      const human = unit.codes.has(code.id);
      const machine = auto.get(`${unitKey(unit.transcriptId, unit.turn)}\u0000${code.id}`);
      const where = { transcriptId: unit.transcriptId, turn: unit.turn, speaker: turn.speaker, role: turn.role, text: turn.text };
      if (human && machine) tp++;
      else if (machine) {
        fp++;
        disagreements.push({ kind: 'false-positive', ...where, evidence: machine.evidence, confidence: machine.confidence, matcher: machine.matcher });
      } else if (human) {
        fn++;
        disagreements.push({ kind: 'missed', ...where });
      } else tn++;
    }
    const judged = tp + fp + fn + tn;
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const kappaEstimate =
      judged === 0
        ? { value: null, reason: 'the gold set has no turn this code applies to' }
        : tp + fn === 0 && fp === 0
          ? { value: null, reason: 'neither the people nor the engine marked this code on any gold turn, so there is no variation to agree on' }
          : cohenKappaFromTable([
              [tn, fp],
              [fn, tp],
            ]);
    const kappa = round4(kappaEstimate.value);
    const result: CodeValidation = {
      code: code.id,
      label: code.label,
      polarity: code.polarity,
      turns: judged,
      n: tp + fn,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      trueNegatives: tn,
      precision,
      recall,
      f1: f1Of(precision, recall),
      kappa,
      reliable: kappa !== null && kappa >= minKappa,
      disagreements,
    };
    if (kappaEstimate.value === null) result.kappaReason = kappaEstimate.reason;
    return result;
  });

  const warnings: string[] = [];
  const few = codes.filter((c) => c.turns > 0 && c.n > 0 && c.n < FEW_POSITIVES).map((c) => `${c.code} (${c.n})`);
  if (few.length > 0) warnings.push(`Fewer than ${FEW_POSITIVES} gold positives for ${few.join(', ')}: their kappa and F1 swing on one or two turns; code more turns where they occur before trusting them.`);
  const validation: Validation = {
    codebook: { id: codebook.id, version: codebook.version },
    gold: { coder: gold.coder, transcripts: gold.transcripts.length, turns: gold.units.length },
    threshold: { kappa: minKappa },
    codes,
    warnings,
  };
  const model = 'classifierModel' in codebook ? codebook.classifierModel : undefined;
  if (model) {
    validation.classifier = { file: model.file, dataHash: model.dataHash };
    const trainedOn = new Set(model.transcripts);
    const overlap = gold.transcripts.filter((id) => trainedOn.has(id));
    if (overlap.length > 0) {
      warnings.push(
        `The codebook's classifier (${model.file}) was trained on ${overlap.length} of these ${gold.transcripts.length} gold transcripts, so these figures flatter it. ` +
          'Validate on transcripts it was not trained on, or read the cross-validated table `peer-fidelity train` prints.',
      );
    }
  }
  return validation;
}
