// Learning from human codes: per-code classifiers, with k-fold cross-validation by transcript of rules alone vs rules + classifier.
import { createHash } from 'node:crypto';
import { PeerFidelityError } from '../core/errors.js';
import { compareText } from '../core/order.js';
import { seededRandom } from '../core/random.js';
import type { Role, Transcript } from '../core/types.js';
import { VERSION } from '../core/version.js';
import { analyzeTurn } from '../coding/analyze.js';
import {
  CLASSIFIER_MODEL_FORMAT,
  DEFAULT_CLASSIFIER_WEIGHT,
  DEFAULT_FEATURES,
  DEFAULT_TRAINING,
  predictProbability,
  trainLogistic,
  turnFeatures,
  type ClassifierModel,
  type CodeModel,
  type CvScores,
  type FeatureSettings,
  type TrainingSettings,
} from '../coding/classifier.js';
import type { CompiledCode, CompiledCodebook } from '../coding/compiled.js';
import { codeTranscript } from '../coding/engine.js';
import { didYouMean } from '../human/close-matches.js';
import { unitKey } from '../reliability/units.js';
import type { CodebookSource } from '../codebook/load.js';
import type { GoldSet } from './gold.js';

export const DEFAULT_FOLDS = 5;
export const DEFAULT_SEED = 1;
/** A code needs at least this many gold positives to be learned at all. */
export const DEFAULT_MIN_POSITIVES = 5;
/**
 * Thresholds tried when choosing where the classifier starts coding: 0.30, 0.35 … 0.90. Lower ones
 * would let a classifier code turns it thinks are probably not the code, just to win a little recall.
 */
export const THRESHOLDS: readonly number[] = Array.from({ length: 13 }, (_, i) => (30 + 5 * i) / 100);
/** The cross-validated F1 gain a code's classifier must show to go into the model. */
export const DEFAULT_MIN_GAIN = 0.05;
const INNER_FOLDS = 3;

/** A labelled text from outside the gold set (a codebook example): always trained on, never held out. */
export interface LabelledText {
  code: string;
  text: string;
  label: boolean;
}

/** The codebook's own positive and negative examples, for the codes' roles, as extra training data. */
export function codebookExamples(source: CodebookSource): LabelledText[] {
  return source.codes.flatMap((code) =>
    (['positive', 'negative'] as const).flatMap((kind) =>
      code.examples[kind]
        .filter((e) => e.role === undefined || code.roles.includes(e.role))
        .map((e) => ({ code: code.id, text: e.text, label: kind === 'positive' })),
    ),
  );
}

export interface TrainOptions {
  /** Extra training data, e.g. `codebookExamples(source)`: in every training fold, never in a held-out one. */
  examples?: readonly LabelledText[];
  /** Only these codes (default: every code with enough gold positives). */
  codes?: readonly string[];
  folds?: number;
  seed?: number;
  minPositives?: number;
  features?: FeatureSettings;
  training?: TrainingSettings;
  weight?: number;
  /** Default `DEFAULT_MIN_GAIN`. */
  minGain?: number;
}

export interface CvCounts extends CvScores {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export type CodeTrainingStatus = 'kept' | 'no-gain' | 'too-few-positives';

export interface CodeTraining {
  code: string;
  /** Gold turns of the code's roles, and how many of them the gold marks. */
  turns: number;
  positives: number;
  status: CodeTrainingStatus;
  /** The rules alone on the gold turns (they learn nothing, so no folds are needed). */
  rules: CvCounts;
  /** Rules + classifier, cross-validated on held-out transcripts; null when the code was not trained. */
  combined: CvCounts | null;
  /** The threshold stored in the model (chosen on all out-of-fold probabilities), or null. */
  threshold: number | null;
}

export interface TrainingResult {
  /** Holds only the codes whose status is `kept`. */
  model: ClassifierModel;
  codes: CodeTraining[];
  folds: number;
  seed: number;
  transcripts: number;
  turns: number;
  coder: string;
  warnings: string[];
}

interface Example {
  transcriptId: string;
  features: string[];
  label: boolean;
  /** The rules alone code this turn. */
  rule: boolean;
}

/** A view of the codebook without classifiers, so "rules only" is what it says even when a model was loaded. */
export function rulesOnly(codebook: CompiledCodebook): CompiledCodebook {
  if (!codebook.compiledCodes.some((c) => c.classifier)) return codebook;
  const compiledCodes: CompiledCode[] = codebook.compiledCodes.map(({ classifier: _c, ...code }) => code);
  const codesByRole = new Map<Role, CompiledCode[]>();
  for (const code of compiledCodes) for (const role of code.roles) codesByRole.set(role, [...(codesByRole.get(role) ?? []), code]);
  const { classifierModel: _m, classifiers: _b, ...rest } = codebook;
  return { ...rest, compiledCodes, codesByRole };
}

function counts(examples: readonly Example[], predicted: readonly boolean[]): CvCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  examples.forEach((e, i) => {
    if (predicted[i] && e.label) tp++;
    else if (predicted[i]) fp++;
    else if (e.label) fn++;
  });
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 };
}

const f1Value = (c: CvScores): number => c.f1 ?? 0;

/** The threshold where rules + classifier score the best F1 (the highest on ties), or null when none beats the rules alone. */
function chooseThreshold(examples: readonly Example[], probabilities: readonly number[]): number | null {
  const base = f1Value(counts(examples, examples.map((e) => e.rule)));
  let best: { threshold: number; f1: number } | null = null;
  for (const threshold of THRESHOLDS) {
    const f1 = f1Value(counts(examples, examples.map((e, i) => e.rule || probabilities[i]! >= threshold)));
    if (!best || f1 >= best.f1) best = { threshold, f1 };
  }
  return best && best.f1 > base ? best.threshold : null;
}

/** Fold of each transcript: a seeded shuffle of the sorted ids, dealt round-robin. */
function assignFolds(ids: readonly string[], k: number, seed: number): Map<string, number> {
  const order = [...ids].sort(compareText);
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return new Map(order.map((id, i) => [id, i % k]));
}

/** Out-of-fold probabilities for `examples` under `fold`, one model per fold (`extra` is in every training set). */
function outOfFold(examples: readonly Example[], extra: readonly Example[], fold: ReadonlyMap<string, number>, k: number, features: FeatureSettings, training: TrainingSettings): number[] {
  const probabilities = examples.map(() => 0);
  for (let f = 0; f < k; f++) {
    const test = examples.map((e, i) => (fold.get(e.transcriptId) === f ? i : -1)).filter((i) => i >= 0);
    if (test.length === 0) continue;
    const model = trainLogistic([...examples.filter((e) => fold.get(e.transcriptId) !== f), ...extra], features, training);
    for (const i of test) probabilities[i] = predictProbability(model, examples[i]!.features);
  }
  return probabilities;
}

/** sha256 over every gold turn (transcript, turn, role, text, marked codes), in order. */
export function goldDataHash(gold: GoldSet, transcripts: ReadonlyMap<string, Transcript>): string {
  const hash = createHash('sha256');
  for (const unit of gold.units) {
    const text = transcripts.get(unit.transcriptId)?.turns.find((t) => t.index === unit.turn)?.text ?? '';
    hash.update(`${unit.transcriptId}\t${unit.turn}\t${unit.role}\t${text}\t${[...unit.codes].sort(compareText).join(',')}\n`);
  }
  return hash.digest('hex');
}

const roundScore = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e4) / 1e4);
const scores = (c: CvCounts): CvScores => ({ precision: roundScore(c.precision), recall: roundScore(c.recall), f1: roundScore(c.f1) });

/**
 * Trains one classifier per code on the gold set and measures, by k-fold cross-validation split by
 * transcript, the rules alone against rules + classifier. In each fold the threshold is chosen by
 * an inner cross-validation on the training transcripts only, so the held-out figures are honest.
 * A code goes into the model only when the classifier raised its cross-validated F1 by at least `minGain`.
 */
export function trainClassifiers(transcripts: readonly Transcript[], gold: GoldSet, codebook: CompiledCodebook, options: TrainOptions = {}): TrainingResult {
  const features = options.features ?? DEFAULT_FEATURES;
  const training = options.training ?? DEFAULT_TRAINING;
  const seed = options.seed ?? DEFAULT_SEED;
  const minPositives = options.minPositives ?? DEFAULT_MIN_POSITIVES;
  const warnings: string[] = [];
  const codeIds = codebook.codes.map((c) => c.id);
  for (const id of options.codes ?? []) {
    if (!codeIds.includes(id)) {
      throw new PeerFidelityError('train/unknown-code', `--codes names "${id}", which is not a code of codebook ${codebook.id} ${codebook.version}${didYouMean(id, codeIds)}.`);
    }
  }
  if (gold.transcripts.length < 3) {
    throw new PeerFidelityError(
      'train/too-few-transcripts',
      `training needs gold codings from at least 3 transcripts (cross-validation holds whole transcripts out), but the gold set has ${gold.transcripts.length}. Code more transcripts.`,
    );
  }
  const requested = options.folds ?? DEFAULT_FOLDS;
  if (!Number.isInteger(requested) || requested < 2) throw new PeerFidelityError('train/invalid-folds', `--folds ${requested} should be a whole number of 2 or more.`);
  const k = Math.min(requested, gold.transcripts.length);
  if (k < requested) warnings.push(`Only ${gold.transcripts.length} transcripts are coded, so ${k} folds were used instead of ${requested}.`);

  const byId = new Map(transcripts.map((t) => [t.id, t]));
  const rules = rulesOnly(codebook);
  const ruleHits = new Set<string>();
  for (const id of gold.transcripts) {
    const transcript = byId.get(id);
    if (!transcript) throw new PeerFidelityError('train/missing-transcript', `the gold set codes transcript "${id}", which is not among the transcripts given; pass the transcripts the gold sheets were made from.`);
    for (const f of codeTranscript(transcript, rules).findings) ruleHits.add(`${unitKey(f.transcriptId, f.turn)}\u0000${f.code}`);
  }
  const featuresOf = new Map<string, string[]>();
  for (const unit of gold.units) {
    const text = byId.get(unit.transcriptId)!.turns.find((t) => t.index === unit.turn)!.text;
    featuresOf.set(unitKey(unit.transcriptId, unit.turn), turnFeatures(analyzeTurn(text).sentences, features));
  }

  const outer = assignFolds(gold.transcripts, k, seed);
  const weight = options.weight ?? DEFAULT_CLASSIFIER_WEIGHT;
  const selected = options.codes ? codebook.compiledCodes.filter((c) => options.codes!.includes(c.id)) : codebook.compiledCodes;
  const results: CodeTraining[] = [];
  const models: Record<string, CodeModel> = {};
  for (const code of selected) {
    const examples: Example[] = gold.units
      .filter((u) => code.roles.includes(u.role))
      .map((u) => {
        const key = unitKey(u.transcriptId, u.turn);
        return { transcriptId: u.transcriptId, features: featuresOf.get(key)!, label: u.codes.has(code.id), rule: ruleHits.has(`${key}\u0000${code.id}`) };
      });
    const extra: Example[] = (options.examples ?? [])
      .filter((x) => x.code === code.id)
      .map((x) => ({ transcriptId: '', features: turnFeatures(analyzeTurn(x.text).sentences, features), label: x.label, rule: false }));
    const positives = examples.filter((e) => e.label).length;
    if (positives < minPositives) {
      results.push({ code: code.id, turns: examples.length, positives, status: 'too-few-positives', rules: counts(examples, examples.map((e) => e.rule)), combined: null, threshold: null });
      continue;
    }
    const oof = examples.map(() => 0);
    const combinedPrediction = examples.map((e) => e.rule);
    for (let f = 0; f < k; f++) {
      const test = examples.map((e, i) => (outer.get(e.transcriptId) === f ? i : -1)).filter((i) => i >= 0);
      if (test.length === 0) continue;
      const train = examples.filter((e) => outer.get(e.transcriptId) !== f);
      // The threshold for this fold comes from the training transcripts alone (inner cross-validation).
      const trainIds = [...new Set(train.map((e) => e.transcriptId))];
      const innerK = Math.min(INNER_FOLDS, trainIds.length);
      const foldThreshold = innerK >= 2 ? chooseThreshold(train, outOfFold(train, extra, assignFolds(trainIds, innerK, seed + f + 1), innerK, features, training)) : null;
      const model = trainLogistic([...train, ...extra], features, training);
      for (const i of test) {
        oof[i] = predictProbability(model, examples[i]!.features);
        if (foldThreshold !== null && oof[i]! >= foldThreshold) combinedPrediction[i] = true;
      }
    }
    const ruleCounts = counts(examples, examples.map((e) => e.rule));
    const combinedCounts = counts(examples, combinedPrediction);
    const threshold = chooseThreshold(examples, oof);
    const gain = f1Value(combinedCounts) - f1Value(ruleCounts);
    // A gain of exactly 0 (or less) keeps a classifier only when minGain is negative, i.e. when asked for explicitly.
    const minGain = options.minGain ?? DEFAULT_MIN_GAIN;
    const kept = threshold !== null && (gain > 0 || minGain < 0) && gain >= minGain - 1e-9;
    results.push({ code: code.id, turns: examples.length, positives, status: kept ? 'kept' : 'no-gain', rules: ruleCounts, combined: combinedCounts, threshold });
    if (!kept || threshold === null) continue;
    const final = trainLogistic([...examples, ...extra], features, training);
    models[code.id] = {
      threshold,
      weight,
      bias: final.bias,
      weights: Object.fromEntries(final.weights),
      training: { turns: examples.length, positives, examples: extra.length },
      cv: { rules: scores(ruleCounts), combined: scores(combinedCounts) },
    };
  }

  const model: ClassifierModel = {
    format: CLASSIFIER_MODEL_FORMAT,
    codebook: { id: codebook.id, version: codebook.version },
    created_by: `peer-fidelity ${VERSION}`,
    training: { data_hash: goldDataHash(gold, byId), transcripts: [...gold.transcripts], turns: gold.units.length, coders: [gold.coder], folds: k, seed },
    features,
    method: training,
    codes: models,
  };
  return { model, codes: results, folds: k, seed, transcripts: gold.transcripts.length, turns: gold.units.length, coder: gold.coder, warnings };
}

/** The model file's text: fixed key order and rounded weights, so the same data gives the same bytes. */
export function formatClassifierModel(model: ClassifierModel): string {
  return JSON.stringify(model, null, 2) + '\n';
}
