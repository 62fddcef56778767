// Auto vs human on a small hand-checked fixture: counts, precision, recall, kappa, disagreements, the card, and gold-set errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCodebook } from '../../src/codebook/index.js';
import { codeTranscript } from '../../src/coding/engine.js';
import { readCodingSheets } from '../../src/human/read-sheets.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { buildValidationCard, formatValidationCard, readValidationCard } from '../../src/validate/card.js';
import { validateCoding } from '../../src/validate/compare.js';
import { formatValidationTable } from '../../src/validate/format.js';
import { goldSet } from '../../src/validate/gold.js';
import { thrown } from '../helpers/thrown.js';

const ROOT = join(import.meta.dirname, '../..');
const SMALL = join(ROOT, 'test/fixtures/validate/small');
const codebook = await loadCodebook(join(ROOT, 'test/fixtures/validate/codebook'));
const { transcripts } = await ingestPaths([join(SMALL, 'sessions.csv')], { cwd: ROOT });

function sheet(name: string) {
  return { path: `test/fixtures/validate/small/${name}`, content: readFileSync(join(SMALL, name), 'utf8') };
}

function validation(name = 'gold.csv') {
  const gold = goldSet(readCodingSheets([sheet(name)], transcripts, codebook), codebook);
  return validateCoding(transcripts.map((t) => codeTranscript(t, codebook)), gold, codebook);
}

describe('validateCoding', () => {
  const v = validation();
  const byCode = Object.fromEntries(v.codes.map((c) => [c.code, c]));

  it('counts each code on the gold turns of its roles (worked out by hand in the fixture)', () => {
    expect(v.gold).toEqual({ coder: 'gold', transcripts: 2, turns: 12 });
    // plans-together: s1 t1 hit, s1 t3 missed ("we could"), s2 t3 false positive ("let's see"), three true negatives.
    expect(byCode['plans-together']).toMatchObject({ turns: 6, n: 2, truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 3, precision: 0.5, recall: 0.5, f1: 0.5 });
    // tells-what-to-do: one hit, one missed imperative, no false positive.
    expect(byCode['tells-what-to-do']).toMatchObject({ turns: 6, n: 2, truePositives: 1, falsePositives: 0, falseNegatives: 1, precision: 1, recall: 0.5 });
    expect(byCode['tells-what-to-do']!.f1).toBeCloseTo(2 / 3, 10);
    // offers-help (role: supported): two hits and "I can help myself" as a false positive.
    expect(byCode['offers-help']).toMatchObject({ turns: 6, n: 2, truePositives: 2, falsePositives: 1, falseNegatives: 0, recall: 1 });
    expect(byCode['offers-help']!.precision).toBeCloseTo(2 / 3, 10);
  });

  it("gives Cohen's kappa per code: (po − pe) / (1 − pe) from the 2 × 2 table", () => {
    // plans: po = 4/6, pe = (2/6)(2/6) + (4/6)(4/6) = 5/9 → 0.25
    expect(byCode['plans-together']!.kappa).toBe(0.25);
    // tells: po = 5/6, pe = (2/6)(1/6) + (4/6)(5/6) = 11/18 → 4/7
    expect(byCode['tells-what-to-do']!.kappa).toBe(Math.round((4 / 7) * 1e4) / 1e4);
    // offers: po = 5/6, pe = (2/6)(3/6) + (4/6)(3/6) = 1/2 → 2/3
    expect(byCode['offers-help']!.kappa).toBe(Math.round((2 / 3) * 1e4) / 1e4);
    expect(v.codes.map((c) => [c.code, c.reliable])).toEqual([
      ['plans-together', false],
      ['tells-what-to-do', true],
      ['offers-help', true],
    ]);
  });

  it('lists false positives with the engine’s evidence and misses with the turn text', () => {
    expect(byCode['plans-together']!.disagreements).toEqual([
      expect.objectContaining({ kind: 'missed', transcriptId: 's1', turn: 3, text: 'We could cook dinner together after.' }),
      expect.objectContaining({ kind: 'false-positive', transcriptId: 's2', turn: 3, evidence: "Let's", matcher: 'plans-together/lets', confidence: 0.8 }),
    ]);
    const table = formatValidationTable(v);
    expect(table).toContain('false pos  s2 turn 3 (Sam): “Let\'s” ← plans-together/lets 0.80');
    expect(table).toContain('missed     s2 turn 5 (Sam): “Take the bus tomorrow, it\'s quicker.”');
  });

  it('counts a gold mark on a turn outside the code’s roles as a miss', () => {
    const gold = goldSet(readCodingSheets([sheet('gold.csv')], transcripts, codebook), codebook);
    const marked = { ...gold, units: gold.units.map((u) => (u.transcriptId === 's1' && u.turn === 4 ? { ...u, codes: new Set(['plans-together']) } : u)) };
    const plans = validateCoding(transcripts.map((t) => codeTranscript(t, codebook)), marked, codebook).codes[0]!;
    expect(plans).toMatchObject({ turns: 7, n: 3, falseNegatives: 2 });
  });
});

describe('the validation card', () => {
  const card = buildValidationCard(validation());

  it('has the agreed shape, every code in codebook order, and no date', () => {
    expect(card).toEqual({
      codebook: { id: 'plans-test', version: '0.1.0' },
      created_by: expect.stringMatching(/^peer-fidelity \d+\.\d+\.\d+/),
      gold: { description: '12 turns of 2 transcripts, coded by people (gold coder: gold)', transcripts: 2, turns: 12, coders: ['gold'] },
      threshold: { kappa: 0.4 },
      codes: {
        'plans-together': { n: 2, precision: 0.5, recall: 0.5, f1: 0.5, kappa: 0.25, reliable: false },
        'tells-what-to-do': { n: 2, precision: 1, recall: 0.5, f1: 0.6667, kappa: 0.5714, reliable: true },
        'offers-help': { n: 2, precision: 0.6667, recall: 1, f1: 0.8, kappa: 0.6667, reliable: true },
      },
    });
    expect(Object.keys(card.codes)).toEqual(codebook.codes.map((c) => c.id));
    expect(formatValidationCard(buildValidationCard(validation()))).toBe(formatValidationCard(card));
  });

  it('reads back with readValidationCard, and the report accepts it', () => {
    const text = formatValidationCard(buildValidationCard(validation(), 'twelve turns settled by two coders'));
    expect(readValidationCard(text, 'card.json')).toEqual({ ...card, gold: { ...card.gold, description: 'twelve turns settled by two coders' } });
    expect(readValidationCard(text, 'card.json').codes['plans-together']!.kappa).toBe(0.25);
  });

  it('refuses what is not a card, naming the file and each problem', () => {
    const notJson = thrown(() => readValidationCard('{', 'cards/card.json'));
    expect(notJson).toMatchObject({ code: 'validate/invalid-card', exitCode: 2, location: { file: 'cards/card.json' } });
    const { reliable: _r, ...noReliable } = card.codes['plans-together']!;
    const bad = thrown(() => readValidationCard(JSON.stringify({ ...card, codes: { 'plans-together': noReliable } }), 'card.json'));
    expect(bad.details.map((d) => d.message)).toEqual([expect.stringContaining('codes.plans-together.reliable')]);
  });
});

describe('the gold set', () => {
  it('refuses a gold sheet with a column that is not a code, naming the file and line', () => {
    const error = thrown(() => goldSet(readCodingSheets([sheet('unknown-code.csv')], transcripts, codebook), codebook));
    expect(error).toMatchObject({ code: 'validate/unknown-code', exitCode: 2 });
    expect(error.details).toEqual([expect.objectContaining({ file: 'test/fixtures/validate/small/unknown-code.csv', line: 3 })]);
    expect(error.details[0]!.message).toContain("did you mean 'plans-together'");
  });

  it('refuses several coders, and says how to settle them or pick one', () => {
    const codings = readCodingSheets([sheet('two-coders.csv')], transcripts, codebook);
    const error = thrown(() => goldSet(codings, codebook));
    expect(error.code).toBe('validate/several-coders');
    expect(error.message).toMatch(/alice, bob.*adjudicate.*--coder/);
    expect(goldSet(codings, codebook, { coder: 'bob' }).units).toEqual([
      { transcriptId: 's1', turn: 1, role: 'supporter', codes: new Set(['plans-together']) },
      { transcriptId: 's1', turn: 3, role: 'supporter', codes: new Set(['plans-together']) },
    ]);
    expect(thrown(() => goldSet(codings, codebook, { coder: 'alise' })).message).toContain("did you mean 'alice'");
  });
});
