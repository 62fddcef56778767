// The `classifier` matcher kind: per-code logistic regression over Porter stems and stem bigrams, learned from human codings.
import { z } from 'zod';
import { PeerFidelityError } from '../core/errors.js';
import { compareText } from '../core/order.js';
import { endsWithQuestionMark, type Sentence } from './analyze.js';
import { ALWAYS } from './literal-index.js';
import { trimSpan, type CompiledMatcher, type Span } from './matchers.js';

/** Where `peer-fidelity train` writes the model, relative to the codebook folder. */
export const CLASSIFIER_MODEL_PATH = 'models/classifier.json';
export const CLASSIFIER_MODEL_FORMAT = 1;
/** Confidence of a classifier hit is its probability times this, unless the model or the code's matcher says otherwise. */
export const DEFAULT_CLASSIFIER_WEIGHT = 0.7;

/** How text becomes features. Stop words are kept on purpose: "you should" and "what helps me" carry the stance. */
export interface FeatureSettings {
  unigrams: 'porter-stem';
  /** Adjacent stems within one sentence. */
  bigrams: boolean;
  /** A feature for sentences ending in "?". */
  question: boolean;
  /** A feature must occur in at least this many training turns to be kept. */
  minDocumentFrequency: number;
  /** At most this many features, the most frequent first. */
  maxFeatures: number;
}

export interface TrainingSettings {
  method: 'logistic-regression';
  /** L2 penalty on the weights (not on the bias), added to the mean log loss. */
  l2: number;
  /** Full-batch AdaGrad steps: a fixed count keeps training deterministic. */
  iterations: number;
  learningRate: number;
}

export const DEFAULT_FEATURES: FeatureSettings = { unigrams: 'porter-stem', bigrams: true, question: true, minDocumentFrequency: 2, maxFeatures: 3000 };
export const DEFAULT_TRAINING: TrainingSettings = { method: 'logistic-regression', l2: 0.01, iterations: 300, learningRate: 0.5 };

/** Precision, recall and F1 from cross-validation (null when undefined). */
export interface CvScores {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface CodeModel {
  /** Probability at or above which the classifier codes a turn; chosen by cross-validation. */
  threshold: number;
  /** Confidence = probability × weight. */
  weight: number;
  bias: number;
  /** Feature → weight, keys sorted. */
  weights: Record<string, number>;
  /** Gold turns and positives it learned from, plus labelled texts from outside the gold set (codebook examples). */
  training: { turns: number; positives: number; examples: number };
  /** Cross-validated scores of the rules alone and of rules + classifier. */
  cv: { rules: CvScores; combined: CvScores };
}

export interface ClassifierModel {
  format: typeof CLASSIFIER_MODEL_FORMAT;
  codebook: { id: string; version: string };
  created_by: string;
  training: {
    /** sha256 of the gold turns (transcript, turn, role, text, codes) the model was trained on. */
    data_hash: string;
    transcripts: string[];
    turns: number;
    coders: string[];
    folds: number;
    seed: number;
  };
  features: FeatureSettings;
  method: TrainingSettings;
  codes: Record<string, CodeModel>;
}

const probability01 = z.number().min(0).max(1);
const cvScores = z.strictObject({ precision: probability01.nullable(), recall: probability01.nullable(), f1: probability01.nullable() });
const modelSchema = z.strictObject({
  format: z.literal(CLASSIFIER_MODEL_FORMAT),
  codebook: z.strictObject({ id: z.string().min(1), version: z.string().min(1) }),
  created_by: z.string(),
  training: z.strictObject({
    data_hash: z.string().regex(/^[0-9a-f]{64}$/),
    transcripts: z.array(z.string()),
    turns: z.number().int().nonnegative(),
    coders: z.array(z.string()),
    folds: z.number().int().positive(),
    seed: z.number().int().nonnegative(),
  }),
  features: z.strictObject({
    unigrams: z.literal('porter-stem'),
    bigrams: z.boolean(),
    question: z.boolean(),
    minDocumentFrequency: z.number().int().positive(),
    maxFeatures: z.number().int().positive(),
  }),
  method: z.strictObject({
    method: z.literal('logistic-regression'),
    l2: z.number().nonnegative(),
    iterations: z.number().int().positive(),
    learningRate: z.number().positive(),
  }),
  codes: z.record(
    z.string(),
    z.strictObject({
      threshold: probability01,
      weight: probability01,
      bias: z.number(),
      weights: z.record(z.string(), z.number()),
      training: z.strictObject({ turns: z.number().int().nonnegative(), positives: z.number().int().nonnegative(), examples: z.number().int().nonnegative() }),
      cv: z.strictObject({ rules: cvScores, combined: cvScores }),
    }),
  ),
});

/** Parses and checks a model file's text; throws `codebook/invalid-model` naming the file. */
export function parseClassifierModel(text: string, file: string): ClassifierModel {
  const retrain = 'Run `peer-fidelity train` again to rewrite it, or delete it to code with the rules only.';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PeerFidelityError('codebook/invalid-model', `${file} is not valid JSON (${(error as Error).message}). ${retrain}`, { location: { file } });
  }
  const parsed = modelSchema.safeParse(data);
  if (!parsed.success) {
    throw new PeerFidelityError('codebook/invalid-model', `${file} is not a classifier model this version can read. ${retrain}`, {
      location: { file },
      details: parsed.error.issues.slice(0, 10).map((i) => ({ file, message: `${i.path.join('.') || '(top level)'}: ${i.message}` })),
    });
  }
  return parsed.data as ClassifierModel;
}

/**
 * Throws `codebook/stale-model` when the model was trained for another codebook, another version of
 * it, or codes it no longer has: its threshold was tuned against rules that may have changed.
 */
export function checkModelFits(model: ClassifierModel, codebook: { id: string; version: string; codes: readonly string[] }, file: string, dir: string): void {
  const retrain = `retrain it with \`peer-fidelity train --codebook ${dir} --gold <sheets> --transcripts <paths>\`, or delete it to code with the rules only`;
  if (model.codebook.id !== codebook.id || model.codebook.version !== codebook.version) {
    throw new PeerFidelityError(
      'codebook/stale-model',
      `${file} was trained for codebook ${model.codebook.id} ${model.codebook.version}, but the codebook is now ${codebook.id} ${codebook.version}; ${retrain}.`,
      { location: { file } },
    );
  }
  const unknown = Object.keys(model.codes).filter((c) => !codebook.codes.includes(c));
  if (unknown.length > 0) {
    throw new PeerFidelityError(
      'codebook/stale-model',
      `${file} has a classifier for ${unknown.map((c) => `"${c}"`).join(', ')}, which the codebook no longer has; ${retrain}.`,
      { location: { file } },
    );
  }
}

// ---- features ----

function addSentenceFeatures(sentence: Sentence, settings: FeatureSettings, out: Set<string>): void {
  const tokens = sentence.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const stem = tokens[i]!.stem;
    out.add(`w:${stem}`);
    if (settings.bigrams && i + 1 < tokens.length) out.add(`b:${stem} ${tokens[i + 1]!.stem}`);
  }
  if (settings.question && endsWithQuestionMark(sentence.text)) out.add('q:?');
}

/** The features of one sentence, sorted. */
export function sentenceFeatures(sentence: Sentence, settings: FeatureSettings): string[] {
  const out = new Set<string>();
  addSentenceFeatures(sentence, settings, out);
  // The default sort compares UTF-16 code units, the same order as compareText, without a call per comparison.
  return [...out].sort();
}

/** The features of a whole turn (the union of its sentences'), sorted. */
export function turnFeatures(sentences: readonly Sentence[], settings: FeatureSettings): string[] {
  const out = new Set<string>();
  for (const sentence of sentences) addSentenceFeatures(sentence, settings, out);
  return [...out].sort();
}

// ---- logistic regression ----

export interface LogisticModel {
  bias: number;
  weights: ReadonlyMap<string, number>;
}

export interface TrainingExample {
  features: readonly string[];
  label: boolean;
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

// Weights are stored rounded so the model in memory is the model on disk, byte for byte.
function round(x: number): number {
  const r = Math.round(x * 1e4) / 1e4;
  return Object.is(r, -0) ? 0 : r;
}

/** The features kept for training: frequent enough, at most `maxFeatures`, in name order. */
function vocabulary(examples: readonly TrainingExample[], settings: FeatureSettings): string[] {
  const df = new Map<string, number>();
  for (const e of examples) for (const f of e.features) df.set(f, (df.get(f) ?? 0) + 1);
  return [...df]
    .filter(([, n]) => n >= settings.minDocumentFrequency)
    .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
    .slice(0, settings.maxFeatures)
    .map(([f]) => f)
    .sort(compareText);
}

/**
 * L2-penalised logistic regression by full-batch AdaGrad over binary features. Every loop runs in a
 * fixed order, so the same examples give the same weights (and the same model file) every time.
 */
export function trainLogistic(examples: readonly TrainingExample[], features: FeatureSettings, settings: TrainingSettings): LogisticModel {
  const vocab = vocabulary(examples, features);
  const index = new Map(vocab.map((f, i) => [f, i]));
  const rows = examples.map((e) => Int32Array.from(e.features.map((f) => index.get(f) ?? -1).filter((i) => i >= 0)));
  const n = examples.length;
  const positives = examples.filter((e) => e.label).length;
  const w = new Float64Array(vocab.length);
  const grad = new Float64Array(vocab.length);
  const squared = new Float64Array(vocab.length);
  // Start from the smoothed base rate so rare codes do not spend the first steps finding it.
  let bias = Math.log((positives + 0.5) / (n - positives + 0.5));
  let biasSquared = 0;
  for (let step = 0; step < settings.iterations && n > 0; step++) {
    grad.fill(0);
    let biasGrad = 0;
    for (let r = 0; r < n; r++) {
      const row = rows[r]!;
      let z = bias;
      for (let k = 0; k < row.length; k++) z += w[row[k]!]!;
      const d = (sigmoid(z) - (examples[r]!.label ? 1 : 0)) / n;
      biasGrad += d;
      for (let k = 0; k < row.length; k++) grad[row[k]!]! += d;
    }
    for (let j = 0; j < w.length; j++) {
      const g = grad[j]! + settings.l2 * w[j]!;
      squared[j]! += g * g;
      if (squared[j]! > 0) w[j]! -= (settings.learningRate * g) / Math.sqrt(squared[j]!);
    }
    biasSquared += biasGrad * biasGrad;
    if (biasSquared > 0) bias -= (settings.learningRate * biasGrad) / Math.sqrt(biasSquared);
  }
  const weights = new Map<string, number>();
  vocab.forEach((f, j) => {
    const value = round(w[j]!);
    if (value !== 0) weights.set(f, value);
  });
  return { bias: round(bias), weights };
}

/** P(code | features) under the model; features the model does not know count for nothing. */
export function predictProbability(model: LogisticModel, features: readonly string[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights.get(f) ?? 0;
  return sigmoid(z);
}

// ---- the compiled matcher the engine runs ----

/** One code's classifier, ready to run on a turn. */
export interface CodeClassifier extends LogisticModel {
  /** The matcher the findings name: `<code>/<id>`, kind `classifier`. */
  matcher: CompiledMatcher;
  threshold: number;
  /** Its place among the codebook's classifiers (its column in their ClassifierBank). */
  slot: number;
}

export function compileCodeClassifier(code: string, model: CodeModel, slot: number, matcher: { id?: string; weight?: number } = {}): CodeClassifier {
  const id = matcher.id ?? 'classifier';
  return {
    slot,
    bias: model.bias,
    weights: new Map(Object.entries(model.weights)),
    threshold: model.threshold,
    matcher: {
      key: `${code}/${id}`,
      id,
      kind: 'classifier',
      weight: matcher.weight ?? model.weight,
      guards: { unless: [], requires: [] },
      filter: ALWAYS,
      // The classifier reads the whole turn, so it has nothing to say about one sentence alone.
      find: () => [],
    },
  };
}

/**
 * The classifiers of one model scored together, without building feature names: each stem and stem pair is looked up
 * once per turn and becomes a feature id; ids are numbered in the order the names sort, so adding the weights in id
 * order adds them in exactly the order `predictProbability` does, and the probabilities are bit for bit the same.
 */
export class ClassifierBank {
  /** Per stem, its own feature id (−1 when no classifier uses it) and the ids of the pairs it starts: one look-up a word. */
  private readonly stems = new Map<string, { unigram: number; pairs?: Map<string, number> }>();
  private readonly question: number;
  /** weights[feature × width + slot]: 0 where a classifier does not use the feature. */
  private readonly weights: Float64Array;
  private readonly width: number;
  /** The call that last saw each feature, so a turn counts a feature once. */
  private readonly seenIn: Int32Array;
  private call = 0;

  constructor(
    readonly settings: FeatureSettings,
    readonly classifiers: readonly CodeClassifier[],
  ) {
    // Plain sort compares UTF-16 code units, the order sentenceFeatures sorts names in.
    const names = [...new Set(classifiers.flatMap((c) => [...c.weights.keys()]))].sort();
    this.width = classifiers.length;
    this.weights = new Float64Array(names.length * this.width);
    this.seenIn = new Int32Array(names.length);
    let question = -1;
    const entry = (stem: string): { unigram: number; pairs?: Map<string, number> } => {
      let found = this.stems.get(stem);
      if (!found) this.stems.set(stem, (found = { unigram: -1 }));
      return found;
    };
    names.forEach((name, id) => {
      classifiers.forEach((c, slot) => (this.weights[id * this.width + slot] = c.weights.get(name) ?? 0));
      if (name.startsWith('w:')) entry(name.slice(2)).unigram = id;
      else if (name.startsWith('b:')) {
        const [first, second] = name.slice(2).split(' ') as [string, string];
        (entry(first).pairs ??= new Map()).set(second, id);
      } else if (name === 'q:?') question = id;
    });
    this.question = question;
  }

  /** The distinct ids of the features of these sentences that some classifier uses, ascending. */
  featureIds(sentences: readonly Sentence[]): number[] {
    if (++this.call === 0x7fffffff) {
      this.seenIn.fill(0);
      this.call = 1;
    }
    const ids: number[] = [];
    const add = (id: number | undefined): void => {
      if (id === undefined || id < 0 || this.seenIn[id] === this.call) return;
      this.seenIn[id] = this.call;
      ids.push(id);
    };
    const { bigrams, question } = this.settings;
    for (const sentence of sentences) {
      const tokens = sentence.tokens;
      for (let i = 0; i < tokens.length; i++) {
        const entry = this.stems.get(tokens[i]!.stem);
        if (!entry) continue;
        add(entry.unigram);
        if (bigrams && entry.pairs && i + 1 < tokens.length) add(entry.pairs.get(tokens[i + 1]!.stem));
      }
      if (question && this.question >= 0 && endsWithQuestionMark(sentence.text)) add(this.question);
    }
    return ids.sort((a, b) => a - b);
  }

  /** P(code | features) for the classifier in `slot`. */
  probability(slot: number, ids: readonly number[]): number {
    let z = this.classifiers[slot]!.bias;
    for (const id of ids) z += this.weights[id * this.width + slot]!;
    return sigmoid(z);
  }
}

export interface ClassifierHit {
  /** The turn's probability. */
  probability: number;
  /** The highest-scoring sentence, trimmed to words: the evidence. */
  span: Span;
  sentence: Sentence;
}

/** One turn's feature ids, computed once for all of a bank's classifiers; a sentence's only when first asked. */
export class TurnFeatures {
  readonly turn: number[];
  private readonly perSentence: (number[] | undefined)[] = [];
  constructor(
    readonly bank: ClassifierBank,
    private readonly sentences: readonly Sentence[],
  ) {
    this.turn = bank.featureIds(sentences);
  }

  sentence(i: number): number[] {
    return (this.perSentence[i] ??= this.bank.featureIds([this.sentences[i]!]));
  }

  /**
   * The turn's probability under the classifier in `slot` and, when it reaches the threshold, the sentence that
   * scores highest on its own (the earliest on ties) as the evidence.
   */
  classify(slot: number, text: string): ClassifierHit | undefined {
    const { sentences, bank } = this;
    if (sentences.length === 0) return undefined;
    const probability = bank.probability(slot, this.turn);
    if (probability < bank.classifiers[slot]!.threshold) return undefined;
    let best: { sentence: Sentence; p: number } | undefined;
    sentences.forEach((sentence, i) => {
      const p = bank.probability(slot, this.sentence(i));
      if (!best || p > best.p) best = { sentence, p };
    });
    const sentence = best!.sentence;
    return { probability, sentence, span: trimSpan(text, { start: sentence.start, end: sentence.end }) };
  }
}
