// The classifier matcher kind: features, deterministic training, how the engine combines it with rules, and model loading.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCodebook, defaultCodebookDir, loadCodebook, readCodebookSource } from '../../src/codebook/index.js';
import { analyzeTurn } from '../../src/coding/analyze.js';
import {
  CLASSIFIER_MODEL_PATH,
  DEFAULT_FEATURES,
  DEFAULT_TRAINING,
  predictProbability,
  sentenceFeatures,
  trainLogistic,
  turnFeatures,
  type ClassifierModel,
  type CodeModel,
} from '../../src/coding/classifier.js';
import { codeTranscript } from '../../src/coding/engine.js';
import type { Role, Transcript } from '../../src/core/types.js';
import { runCli } from '../helpers/run-cli.js';
import { thrown } from '../helpers/thrown.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/validate/codebook');
const temp = mkdtempSync(join(tmpdir(), 'pf-classifier-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function transcript(turns: [Role, string][]): Transcript {
  return {
    id: 't',
    source: { file: 't.txt', format: 'txt' },
    turns: turns.map(([role, text], i) => ({ index: i + 1, speaker: role, role, text, sourceLine: i + 1 })),
    meta: {},
  };
}

function codeModel(weights: Record<string, number>, bias: number, threshold = 0.5, weight = 0.7): CodeModel {
  return {
    threshold,
    weight,
    bias,
    weights,
    training: { turns: 10, positives: 5, examples: 0 },
    cv: { rules: { precision: 1, recall: 0.5, f1: 0.6667 }, combined: { precision: 1, recall: 1, f1: 1 } },
  };
}

function model(codes: Record<string, CodeModel>, version = '0.1.0', id = 'plans-test'): ClassifierModel {
  return {
    format: 1,
    codebook: { id, version },
    created_by: 'peer-fidelity test',
    training: { data_hash: 'a'.repeat(64), transcripts: ['s1'], turns: 10, coders: ['gold'], folds: 2, seed: 1 },
    features: DEFAULT_FEATURES,
    method: DEFAULT_TRAINING,
    codes,
  };
}

/** The fixture codebook compiled with `m` as if it were its models/classifier.json. */
function withModel(m: ClassifierModel) {
  const source = readCodebookSource(FIXTURE);
  return compileCodebook({ ...source, model: { file: 'models/classifier.json', model: m } });
}

/** A copy of the fixture codebook in a temporary folder, optionally with a model file and edits. */
function copyCodebook(name: string, m?: unknown, edit?: (dir: string) => void): string {
  const dir = join(temp, name);
  cpSync(FIXTURE, dir, { recursive: true });
  if (m !== undefined) {
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, CLASSIFIER_MODEL_PATH), typeof m === 'string' ? m : JSON.stringify(m));
  }
  edit?.(dir);
  return dir;
}

describe('features', () => {
  it('keeps stop words, pairs adjacent stems within a sentence and marks questions', () => {
    const [first, second] = analyzeTurn('You should rest. Want to walk?').sentences;
    expect(sentenceFeatures(first!, DEFAULT_FEATURES)).toEqual(['b:should rest', 'b:you should', 'w:rest', 'w:should', 'w:you']);
    expect(sentenceFeatures(second!, DEFAULT_FEATURES)).toContain('q:?');
    const turn = turnFeatures(analyzeTurn('You should rest. Want to walk?').sentences, DEFAULT_FEATURES);
    // No pair spans the sentence break.
    expect(turn).not.toContain('b:rest want');
    expect(turn).toEqual([...new Set([...sentenceFeatures(first!, DEFAULT_FEATURES), ...sentenceFeatures(second!, DEFAULT_FEATURES)])].sort());
  });
});

describe('ClassifierBank', () => {
  it('scores every turn exactly as predictProbability does on the feature names, bit for bit', () => {
    const codebook = compileCodebook(readCodebookSource(defaultCodebookDir()));
    const bank = codebook.classifiers!;
    expect(bank.classifiers.length).toBeGreaterThan(3);
    const texts = readFileSync(join(ROOT, 'test/fixtures/labelled/dev.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    texts.push('', '?', 'You should rest. Want to walk? “Really?”', 'ſo I’m fine… what’s next?');
    let compared = 0;
    for (const text of texts) {
      const { sentences } = analyzeTurn(text);
      const names = turnFeatures(sentences, bank.settings);
      const ids = bank.featureIds(sentences);
      for (const c of bank.classifiers) {
        expect(bank.probability(c.slot, ids)).toBe(predictProbability(c, names));
        compared++;
      }
      sentences.forEach((sentence) => {
        const c = bank.classifiers[compared % bank.classifiers.length]!;
        expect(bank.probability(c.slot, bank.featureIds([sentence]))).toBe(predictProbability(c, sentenceFeatures(sentence, bank.settings)));
      });
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('trainLogistic', () => {
  const examples = [
    ...['we could walk', 'we could cook', 'we could read', 'we could paint'].map((t) => ({ features: t.split(' ').map((w) => `w:${w}`), label: true })),
    ...['i walk alone', 'i cook alone', 'you read alone', 'they paint alone', 'i read'].map((t) => ({ features: t.split(' ').map((w) => `w:${w}`), label: false })),
  ];

  it('is deterministic: the same examples give the same weights', () => {
    const a = trainLogistic(examples, DEFAULT_FEATURES, DEFAULT_TRAINING);
    const b = trainLogistic(examples, DEFAULT_FEATURES, DEFAULT_TRAINING);
    expect([...a.weights]).toEqual([...b.weights]);
    expect(a.bias).toBe(b.bias);
  });

  it('learns the words that separate the classes', () => {
    const m = trainLogistic(examples, DEFAULT_FEATURES, DEFAULT_TRAINING);
    expect(m.weights.get('w:could')!).toBeGreaterThan(0);
    expect(m.weights.get('w:alone')!).toBeLessThan(0);
    expect(predictProbability(m, ['w:we', 'w:could', 'w:swim'])).toBeGreaterThan(0.5);
    expect(predictProbability(m, ['w:i', 'w:swim', 'w:alone'])).toBeLessThan(0.5);
  });

  it('drops features seen in fewer training turns than the minimum', () => {
    const m = trainLogistic(examples, DEFAULT_FEATURES, DEFAULT_TRAINING);
    expect(m.weights.has('w:they')).toBe(false);
  });
});

describe('the engine with a classifier', () => {
  // "we could" scores sigmoid(4 − 3) ≈ 0.731; anything else sigmoid(−3) ≈ 0.047.
  const codebook = withModel(model({ 'plans-together': codeModel({ 'b:we could': 4 }, -3) }));
  const p = 1 / (1 + Math.exp(-1));

  it('adds a turn the rules miss, with the highest-scoring sentence as evidence and probability × weight as confidence', () => {
    const [finding] = codeTranscript(transcript([['supporter', 'I had a long day. We could cook dinner together.']]), codebook).findings;
    expect(finding).toMatchObject({ code: 'plans-together', evidence: 'We could cook dinner together', matcher: { kind: 'classifier', id: 'plans-together/classifier' } });
    expect(finding!.confidence).toBe(Math.round(p * 0.7 * 1000) / 1000);
  });

  it('keeps the rules’ evidence when both fire, and the agreement raises the confidence', () => {
    const [finding] = codeTranscript(transcript([['supporter', "Let's go. We could cook dinner together."]]), codebook).findings;
    expect(finding).toMatchObject({ evidence: "Let's", matcher: { kind: 'regex', id: 'plans-together/lets' } });
    expect(finding!.confidence).toBe(Math.round((1 - (1 - 0.8) * (1 - p * 0.7)) * 1000) / 1000);
  });

  it('never removes or weakens a rule hit, however low the probability', () => {
    const against = withModel(model({ 'plans-together': codeModel({ "w:let'": -20 }, -5) }));
    const rulesOnly = compileCodebook(readCodebookSource(FIXTURE));
    const t = transcript([['supporter', "Let's go to the shop together."]]);
    expect(codeTranscript(t, against).findings).toEqual(codeTranscript(t, rulesOnly).findings);
  });

  it('stays silent below its threshold and on roles the code does not apply to', () => {
    const t = transcript([
      ['supporter', 'It rained all week.'],
      ['supported', 'We could cook dinner together.'],
    ]);
    expect(codeTranscript(t, codebook).findings).toEqual([]);
  });

  it('takes its id and weight from a classifier matcher in the code file', () => {
    const dir = copyCodebook('declared', model({ 'plans-together': codeModel({ 'b:we could': 4 }, -3) }), (d) => {
      const file = join(d, 'codes/plans-together.yml');
      writeFileSync(file, readFileSync(file, 'utf8') + '  - id: learned\n    classifier: true\n    weight: 0.5\n');
    });
    return loadCodebook(dir).then((cb) => {
      const [finding] = codeTranscript(transcript([['supporter', 'We could cook dinner together.']]), cb).findings;
      expect(finding!.matcher.id).toBe('plans-together/learned');
      expect(finding!.confidence).toBe(Math.round(p * 0.5 * 1000) / 1000);
    });
  });

  it('changes nothing while it does not fire (threshold 1 on the shipped codebook’s rules)', async () => {
    const dir = defaultCodebookDir();
    const source = readCodebookSource(dir, { models: false });
    const shipped = compileCodebook(source);
    const silent = compileCodebook({
      ...source,
      model: {
        file: 'x',
        model: { ...model({}, source.manifest.version, source.manifest.id), codes: Object.fromEntries(source.codes.map((c) => [c.id, codeModel({ 'w:you': 5 }, 0, 1)])) },
      },
    });
    const seed = transcript([
      ['supported', 'My symptoms are bad and they say I am non-compliant.'],
      ['supporter', 'What does that word mean to you? When I lost my job I stopped answering the phone.'],
      ['supported', 'I could come with you on Friday if you want.'],
      ['supporter', 'You should take your meds. Are you safe right now?'],
    ]);
    expect(JSON.stringify(codeTranscript(seed, silent))).toBe(JSON.stringify(codeTranscript(seed, shipped)));
  });
});

describe('loading a model with the codebook', () => {
  it('attaches the classifiers when models/classifier.json exists; without it the codebook is rules only', async () => {
    const plain = await loadCodebook(FIXTURE);
    expect(plain.classifierModel).toBeUndefined();
    expect(plain.compiledCodes.some((c) => c.classifier)).toBe(false);
    // The shipped codebook has learned classifiers for some codes; without models it is rules only.
    const shipped = await loadCodebook(defaultCodebookDir());
    expect(shipped.classifierModel?.codes.length).toBeGreaterThan(0);
    expect(compileCodebook(readCodebookSource(defaultCodebookDir(), { models: false })).compiledCodes.some((c) => c.classifier)).toBe(false);

    const dir = copyCodebook('with-model', model({ 'offers-help': codeModel({ 'w:show': 3 }, -2) }));
    const cb = await loadCodebook(dir);
    expect(cb.compiledCodes.filter((c) => c.classifier).map((c) => c.id)).toEqual(['offers-help']);
    expect(cb.classifierModel).toMatchObject({ file: join(dir, CLASSIFIER_MODEL_PATH), codes: ['offers-help'] });
    // Codebook info (what reports see) is unchanged by the model.
    expect(cb.codes).toEqual(plain.codes);
  });

  it('is left out under --rules-only, so the rules alone code', async () => {
    const dir = copyCodebook('rules-only', model({ 'plans-together': codeModel({ 'b:we could': 4 }, -3) }));
    writeFileSync(join(temp, 'one.csv'), 'transcript_id,turn,speaker,role,text\nt,1,Sam,supporter,I had a long day. We could cook dinner together.\n');
    const codes = async (...extra: string[]): Promise<string> => {
      const r = await runCli(['code', 'one.csv', '--codebook', dir, '--format', 'csv', ...extra], temp);
      expect(r.code).toBe(0);
      return r.stdout;
    };
    expect(await codes()).toMatch(/plans-together\/classifier/);
    expect(await codes('--rules-only')).not.toMatch(/plans-together/);
  });

  it('refuses a stale model (another codebook version), naming the file and saying to retrain', () => {
    const dir = copyCodebook('stale', model({ 'offers-help': codeModel({}, 0) }, '0.0.9'));
    const error = thrown(() => readCodebookSource(dir));
    expect(error.code).toBe('codebook/stale-model');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(join(dir, CLASSIFIER_MODEL_PATH));
    expect(error.message).toMatch(/plans-test 0\.0\.9.*plans-test 0\.1\.0.*retrain/);
    // Training reads the codebook without its model, so a stale model can be replaced.
    expect(readCodebookSource(dir, { models: false }).model).toBeUndefined();
  });

  it('refuses a model with a code the codebook no longer has', () => {
    const dir = copyCodebook('gone', model({ 'asks-about-weather': codeModel({}, 0) }));
    const error = thrown(() => readCodebookSource(dir));
    expect(error.code).toBe('codebook/stale-model');
    expect(error.message).toContain('"asks-about-weather"');
  });

  it('refuses a model file that is not JSON or not a model', () => {
    expect(thrown(() => readCodebookSource(copyCodebook('not-json', '{ nope'))).code).toBe('codebook/invalid-model');
    const wrong = thrown(() => readCodebookSource(copyCodebook('not-model', { format: 1, codes: [] })));
    expect(wrong.code).toBe('codebook/invalid-model');
    expect(wrong.details.length).toBeGreaterThan(0);
  });

  it('reports a classifier matcher without a model, and guards a classifier matcher cannot use, at their lines', () => {
    const append = (text: string) => (d: string) => {
      const file = join(d, 'codes/plans-together.yml');
      writeFileSync(file, readFileSync(file, 'utf8') + text);
    };
    const missing = thrown(() => readCodebookSource(copyCodebook('no-model', undefined, append('  - id: learned\n    classifier: true\n'))));
    expect(missing.details).toEqual([expect.objectContaining({ code: 'codebook/missing-model', line: 12, file: expect.stringContaining('plans-together.yml') })]);
    expect(missing.details[0]!.message).toContain('peer-fidelity train');

    const guarded = thrown(() => readCodebookSource(copyCodebook('guarded', undefined, append('  - id: learned\n    classifier: true\n    unless: [never]\n'))));
    expect(guarded.details.map((d) => d.code)).toContain('codebook/invalid-value');
    expect(guarded.details.find((d) => d.code === 'codebook/invalid-value')!.message).toContain('`unless` does not apply');

    const both = thrown(() => readCodebookSource(copyCodebook('both', undefined, append('  - id: learned\n    classifier: true\n    regex: x\n'))));
    expect(both.details[0]!.message).toContain('exactly one of');
  });
});
