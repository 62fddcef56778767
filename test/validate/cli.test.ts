// The validate and train commands in-process, and the researcher's whole path on the demo corpus: sheet → agree → adjudicate → validate → train.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { CLASSIFIER_MODEL_PATH } from '../../src/coding/classifier.js';
import { readValidationCard } from '../../src/validate/card.js';
import { syntheticCorpus } from './synthetic.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/validate');
const dir = mkdtempSync(join(tmpdir(), 'pf-validate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]): Promise<CliRun> => runCli(argv, dir);

function copyCodebook(from: string, name: string): string {
  const to = join(dir, name);
  cpSync(from, to, { recursive: true });
  return to;
}

const SMALL = join(FIXTURES, 'small');
const TEST_BOOK = join(FIXTURES, 'codebook');
const small = ['--transcripts', join(SMALL, 'sessions.csv'), '--codebook', TEST_BOOK];

describe('peer-fidelity validate', () => {
  it('prints precision, recall, F1 and kappa per code and writes a card', async () => {
    const r = await cli('validate', '--gold', join(SMALL, 'gold.csv'), ...small, '--card', 'card.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/plans-together\s+6\s+2\s+0\.50\s+0\.50\s+0\.50\s+0\.25\s+no/);
    expect(r.stdout).toMatch(/tells-what-to-do\s+6\s+2\s+1\.00\s+0\.50\s+0\.67\s+0\.57\s+yes/);
    expect(r.stdout).toContain('missed     s1 turn 3 (Sam): “We could cook dinner together after.”');
    expect(r.stderr).toContain('2 of 3 codes reliable');
    const card = readValidationCard(readFileSync(join(dir, 'card.json'), 'utf8'), 'card.json');
    expect(card.codes['offers-help']).toEqual({ n: 2, precision: 0.6667, recall: 1, f1: 0.8, kappa: 0.6667, reliable: true });
  });

  it('gives the whole comparison, disagreements included, as JSON', async () => {
    const r = await cli('validate', '--gold', join(SMALL, 'gold.csv'), ...small, '--format', 'json', '--min-kappa', '0.6');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.threshold).toEqual({ kappa: 0.6 });
    expect(v.codes.map((c: { reliable: boolean }) => c.reliable)).toEqual([false, false, true]);
    expect(v.codes[0].disagreements).toHaveLength(2);
  });

  it('exits 2 naming the file and line when a gold sheet marks a code the codebook does not have', async () => {
    const r = await cli('validate', '--gold', join(SMALL, 'unknown-code.csv'), ...small);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown-code.csv:3');
    expect(r.stderr).toContain('plans-togther');
  });

  it('exits 2 on sheets from several coders unless one is picked', async () => {
    const several = await cli('validate', '--gold', join(SMALL, 'two-coders.csv'), ...small);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('adjudicate');
    const picked = await cli('validate', '--gold', join(SMALL, 'two-coders.csv'), ...small, '--coder', 'bob');
    expect(picked.code).toBe(0);
    expect(picked.stdout).toContain('against bob: 2 turns of 1 transcript');
  });

  it('exits 2 on a bad option value', async () => {
    const r = await cli('validate', '--gold', join(SMALL, 'gold.csv'), ...small, '--min-kappa', 'high');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--min-kappa "high" should be a number from -1 to 1');
  });
});

describe('peer-fidelity train', () => {
  const corpus = syntheticCorpus(7, 15);
  const rows = corpus.transcripts.flatMap((t) => t.turns.map((u) => [t.id, String(u.index), u.speaker, u.role, u.text]));
  writeFileSync(join(dir, 'synthetic.csv'), Papa.unparse({ fields: ['transcript_id', 'turn', 'speaker', 'role', 'text'], data: rows }));
  writeFileSync(join(dir, 'synthetic-gold.csv'), corpus.sheet);
  const args = ['--gold', 'synthetic-gold.csv', '--transcripts', 'synthetic.csv'];

  it('prints the cross-validation table and writes a model that code, validate and the loader then use', async () => {
    const book = copyCodebook(TEST_BOOK, 'trained');
    const r = await cli('train', ...args, '--codebook', book);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/plans-together\s+90\s+\d+\s+1\.00\s+0\.\d\d\s+0\.\d\d\s+1\.00\s+\d\.\d\d\s+\d\.\d\d\s+0\.\d\d\s+kept/);
    expect(r.stderr).toContain(`→ ${join('trained', CLASSIFIER_MODEL_PATH)}`);
    const model = readFileSync(join(book, CLASSIFIER_MODEL_PATH), 'utf8');

    expect((await cli('train', ...args, '--codebook', book)).code).toBe(0);
    expect(readFileSync(join(book, CLASSIFIER_MODEL_PATH), 'utf8')).toBe(model);

    writeFileSync(join(dir, 'new.csv'), 'transcript_id,turn,speaker,role,text\nn1,1,Sam,supporter,We could plant the garden together on Monday.\n');
    const coded = await cli('code', 'new.csv', '--codebook', book, '--format', 'json', '--jobs', '1');
    expect(coded.code).toBe(0);
    expect(coded.stdout).toContain('"kind": "classifier"');

    const validated = await cli('validate', ...args, '--codebook', book);
    expect(validated.stdout).toContain('(rules + classifier)');
    expect(validated.stdout).toContain('was trained on 15 of these 15 gold transcripts');
  });

  it('writes nothing on --dry-run', async () => {
    const book = copyCodebook(TEST_BOOK, 'dry');
    const r = await cli('train', ...args, '--codebook', book, '--dry-run', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).model).toMatchObject({ written: false, codes: ['plans-together', 'tells-what-to-do', 'offers-help'] });
    expect(existsSync(join(book, CLASSIFIER_MODEL_PATH))).toBe(false);
  });

  it('makes a stale model an error naming the file, and retraining replaces it', async () => {
    const book = copyCodebook(TEST_BOOK, 'stale');
    expect((await cli('train', ...args, '--codebook', book)).code).toBe(0);
    const manifest = join(book, 'codebook.yml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: 0.1.0', 'version: 0.2.0'));
    const stale = await cli('code', 'synthetic.csv', '--codebook', book, '--jobs', '1');
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain(join(book, CLASSIFIER_MODEL_PATH));
    expect(stale.stderr).toMatch(/0\.1\.0.*0\.2\.0.*retrain/);
    expect((await cli('train', ...args, '--codebook', book)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(book, CLASSIFIER_MODEL_PATH), 'utf8')).codebook.version).toBe('0.2.0');
  });

  it('exits 2 on an unknown code in --codes', async () => {
    const r = await cli('train', ...args, '--codebook', copyCodebook(TEST_BOOK, 'unknown'), '--codes', 'plans-togther');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean 'plans-together'");
  });
});

describe('the human coding loop on the demo corpus', () => {
  const DEMO = join(ROOT, 'corpora/demo');
  const transcripts = [
    'hilltop-warmline/2025-Q1/hilltop-2025q1-04.txt',
    'hilltop-warmline/2025-Q2/hilltop-2025q2-05.txt',
    'northgate-peer-bridge/2025-Q1/northgate-2025q1-03.txt',
    'northgate-peer-bridge/2025-Q1/northgate-2025q1-05.srt',
    'northgate-peer-bridge/2025-Q3/northgate-2025q3-01.srt',
    'northgate-peer-bridge/2025-Q4/northgate-2025q4-05.vtt',
    'riverside-peer-center/2025-Q1/riverside-2025q1-03.txt',
  ].map((f) => join(DEMO, f));
  const read = ['--transcripts', ...transcripts, '--roles-file', join(DEMO, 'roles.csv')];
  const coders = ['ines', 'omar'].map((c) => join(FIXTURES, 'demo', `${c}.csv`));
  const parse = (file: string) => Papa.parse<string[]>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

  it('sheet → two coders → agree → adjudicate → settle → validate → train', async () => {
    // 1. The blank sheet the coders were given: their sheets are it, filled in.
    const sheet = await cli('sheet', ...transcripts, '--roles-file', join(DEMO, 'roles.csv'), '--output', 'blank.csv');
    expect(sheet.code).toBe(0);
    const blank = parse(join(dir, 'blank.csv'));
    for (const file of coders) expect(parse(file).map((row) => row.slice(0, 7)), file).toEqual(blank.map((row) => row.slice(0, 7)));

    // 2. Agreement between the two coders.
    const agree = await cli('agree', ...coders, ...read, '--bootstrap', '0');
    expect(agree.code).toBe(0);
    expect(agree.stdout).toContain('Agreement between ines and omar');

    // 3. Adjudication, then settling every ? as the two coders decided (decisions.csv).
    const adjudicated = await cli('adjudicate', ...coders, ...read, '--output', 'review/consensus.csv');
    expect(adjudicated.code).toBe(0);
    const decisions = new Map(parse(join(FIXTURES, 'demo/decisions.csv')).slice(1).map(([t, turn, code, decision]) => [`${t}|${turn}|${code}`, decision!]));
    const [header, ...rows] = parse(join(dir, 'review/consensus.csv')) as [string[], ...string[][]];
    const settled = rows.map((row) =>
      row.map((cell, i) => {
        if (cell !== '?') return cell;
        const key = `${row[0]}|${row[1]}|${header[i]}`;
        expect(decisions.has(key), `no decision for ${key}`).toBe(true);
        const decision = decisions.get(key)!;
        decisions.delete(key);
        return decision;
      }),
    );
    expect([...decisions.keys()], 'decisions for cells that are not disputed').toEqual([]);
    writeFileSync(join(dir, 'review/consensus.csv'), Papa.unparse({ fields: header, data: settled }));

    // 4. The engine against the settled consensus, with a card for the report.
    const validated = await cli('validate', '--gold', 'review/consensus.csv', ...read, '--card', 'card.json');
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('against consensus: 181 turns of 7 transcripts');
    const card = readValidationCard(readFileSync(join(dir, 'card.json'), 'utf8'), 'card.json');
    expect(card.gold).toMatchObject({ transcripts: 7, turns: 181, coders: ['consensus'] });
    expect(Object.keys(card.codes)).toHaveLength(20);

    // 5. Learning from the consensus, into a copy of the shipped codebook.
    const book = copyCodebook(join(ROOT, 'codebooks/mead-macneil'), 'mead-macneil');
    const trained = await cli('train', '--gold', 'review/consensus.csv', ...read, '--codebook', book);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain('rules + classifier');
    expect(trained.stdout.split('\n').filter((l) => /^[a-z-]+\s+\d+\s+\d+\s/.test(l))).toHaveLength(20);
    // Seven transcripts are few: whether any classifier earns its place is for the table to say, but what
    // was written must load and code.
    if (existsSync(join(book, CLASSIFIER_MODEL_PATH))) {
      expect((await cli('validate', '--gold', 'review/consensus.csv', ...read, '--codebook', book)).code).toBe(0);
    } else {
      expect(trained.stderr).toContain('no model was written');
    }
  });
});
