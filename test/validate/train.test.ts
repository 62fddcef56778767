// Training from human codes: the classifier helps on separable synthetic data, the CV table shows it, and training is deterministic.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCodebook, readCodebookSource } from '../../src/codebook/index.js';
import { codeTranscript } from '../../src/coding/engine.js';
import { PeerFidelityError } from '../../src/core/errors.js';
import { formatTrainingTable } from '../../src/validate/format.js';
import { codebookExamples, formatClassifierModel, THRESHOLDS, trainClassifiers } from '../../src/validate/train.js';
import { syntheticCorpus, syntheticGold } from './synthetic.js';

const DIR = join(import.meta.dirname, '../fixtures/validate/codebook');
const source = readCodebookSource(DIR);
const codebook = compileCodebook(source);
const corpus = syntheticCorpus(7, 15);
const gold = syntheticGold(corpus, codebook);
const result = trainClassifiers(corpus.transcripts, gold, codebook);

describe('trainClassifiers on a separable synthetic corpus', () => {
  it('shows, on held-out transcripts, that rules + classifier beat the narrow rules', () => {
    for (const code of result.codes) {
      expect(code.status, code.code).toBe('kept');
      expect(code.combined!.f1!, code.code).toBeGreaterThan(code.rules.f1! + 0.3);
      // The classifier only adds turns: it cannot lose what the rules found.
      expect(code.combined!.truePositives).toBeGreaterThanOrEqual(code.rules.truePositives);
      expect(THRESHOLDS).toContain(code.threshold);
    }
    expect(result).toMatchObject({ folds: 5, seed: 1, transcripts: 15, turns: 180, coder: 'gold' });
  });

  it('prints a table of rules only vs rules + classifier per code', () => {
    const table = formatTrainingTable(result);
    const plans = result.codes.find((c) => c.code === 'plans-together')!;
    const row = table.split('\n').find((l) => l.startsWith('plans-together'))!;
    const two = (x: number | null) => x!.toFixed(2);
    expect(row.split(/\s+/)).toEqual([
      'plans-together', String(plans.turns), String(plans.positives),
      two(plans.rules.precision), two(plans.rules.recall), two(plans.rules.f1),
      two(plans.combined!.precision), two(plans.combined!.recall), two(plans.combined!.f1),
      two(plans.threshold), 'kept',
    ]);
    expect(table).toContain('3 of 3 codes gained from a classifier');
  });

  it('is deterministic: the same data and seed give a byte-identical model file', () => {
    const again = trainClassifiers(syntheticCorpus(7, 15).transcripts, syntheticGold(syntheticCorpus(7, 15), codebook), codebook);
    expect(formatClassifierModel(again.model)).toBe(formatClassifierModel(result.model));
    expect(formatTrainingTable(again)).toBe(formatTrainingTable(result));
  });

  it('records the codebook, the training data and the settings in the model', () => {
    const { model } = result;
    expect(model.codebook).toEqual({ id: 'plans-test', version: '0.1.0' });
    expect(model.training).toMatchObject({ transcripts: gold.transcripts, turns: 180, coders: ['gold'], folds: 5, seed: 1 });
    expect(model.training.data_hash).toMatch(/^[0-9a-f]{64}$/);
    const other = trainClassifiers(corpus.transcripts, syntheticGold(syntheticCorpus(8, 15), codebook), codebook, { codes: ['offers-help'] });
    expect(other.model.training.data_hash).not.toBe(model.training.data_hash);
    expect(Object.keys(model.codes)).toEqual(['plans-together', 'tells-what-to-do', 'offers-help']);
    expect(model.codes['plans-together']!.training).toEqual({ turns: 90, positives: result.codes[0]!.positives, examples: 0 });
  });

  it('gives a model the engine uses: a wording the rule misses is now coded, from the best sentence', () => {
    const trained = compileCodebook({ ...source, model: { file: 'models/classifier.json', model: result.model } });
    const t = {
      id: 'new',
      source: { file: 'new.txt', format: 'txt' as const },
      meta: {},
      turns: [
        { index: 1, speaker: 'Jo', role: 'supported' as const, text: 'It was hard.', sourceLine: 1 },
        { index: 2, speaker: 'Sam', role: 'supporter' as const, text: 'Mm, yeah. We could fix the bike together on Friday.', sourceLine: 2 },
      ],
    };
    expect(codeTranscript(t, codebook).findings).toEqual([]);
    const [finding] = codeTranscript(t, trained).findings;
    expect(finding).toMatchObject({ code: 'plans-together', turn: 2, evidence: 'We could fix the bike together on Friday', matcher: { kind: 'classifier' } });
  });
});

describe('trainClassifiers options and limits', () => {
  it('trains only the codes asked for, and leaves out codes with too few positives', () => {
    const r = trainClassifiers(corpus.transcripts, gold, codebook, { codes: ['offers-help'], minPositives: 1000 });
    expect(r.codes).toEqual([expect.objectContaining({ code: 'offers-help', status: 'too-few-positives', combined: null, threshold: null })]);
    expect(r.model.codes).toEqual({});
  });

  it('keeps a classifier only when its gain reaches --min-gain; a negative minimum keeps every code that has a threshold', () => {
    const strict = trainClassifiers(corpus.transcripts, gold, codebook, { minGain: 0.99 });
    expect(strict.codes.every((c) => c.status === 'no-gain')).toBe(true);
    expect(strict.model.codes).toEqual({});
    const all = trainClassifiers(corpus.transcripts, gold, codebook, { minGain: -1 });
    expect(Object.keys(all.model.codes).sort()).toEqual(all.codes.filter((c) => c.threshold !== null).map((c) => c.code).sort());
    expect(Object.keys(all.model.codes).length).toBeGreaterThan(0);
  });

  it('adds labelled texts (the codebook examples) to training and records how many', () => {
    const examples = [
      { code: 'plans-together', text: 'Shall we bake bread together on Sunday?', label: true },
      { code: 'plans-together', text: 'I baked bread on Sunday.', label: false },
    ];
    const r = trainClassifiers(corpus.transcripts, gold, codebook, { codes: ['plans-together'], examples });
    expect(r.model.codes['plans-together']!.training.examples).toBe(2);
    expect(codebookExamples(source)).toEqual([]);
  });

  it('refuses unknown codes, too few transcripts and fewer than two folds', () => {
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as PeerFidelityError;
      }
      throw new Error('expected an error');
    };
    expect(error(() => trainClassifiers(corpus.transcripts, gold, codebook, { codes: ['plans-togther'] })).message).toContain("did you mean 'plans-together'");
    const two = { ...gold, transcripts: gold.transcripts.slice(0, 2), units: gold.units.filter((u) => gold.transcripts.slice(0, 2).includes(u.transcriptId)) };
    expect(error(() => trainClassifiers(corpus.transcripts, two, codebook)).code).toBe('train/too-few-transcripts');
    expect(error(() => trainClassifiers(corpus.transcripts, gold, codebook, { folds: 1 })).code).toBe('train/invalid-folds');
  });

  it('uses fewer folds than asked when there are fewer transcripts, and says so', () => {
    const small = syntheticCorpus(3, 4);
    const r = trainClassifiers(small.transcripts, syntheticGold(small, codebook), codebook, { folds: 10, minPositives: 1 });
    expect(r.folds).toBe(4);
    expect(r.warnings).toEqual(['Only 4 transcripts are coded, so 4 folds were used instead of 10.']);
  });
});
