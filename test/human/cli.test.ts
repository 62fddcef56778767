// The sheet, agree and adjudicate commands, run in-process on files in a temporary folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/run-cli.js';

let dir = '';

const cli = (...argv: string[]): Promise<CliRun> => runCli(argv, dir);

const S1 = [
  'Peer supporter: I have been there too, when my own week fell apart.',
  'Participant: It has been a hard week.',
  'Peer supporter: What was the hardest part, for you?',
  'Participant: Nobody listens to me.',
  'Peer supporter: You should call your doctor and do what they say.',
  'Participant: Maybe.',
].join('\n');
const S2 = [
  'Peer supporter: How are you doing today?',
  'Participant: Better, I think.',
  'Peer supporter: I hear that. What helped?',
  'Participant: Talking to people who get it.',
].join('\n');

function readSheet(name: string): { header: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(readFileSync(join(dir, name), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data as [string[], ...string[][]];
  return { header, rows };
}

/** A copy of the blank sheet with `code` marked on the given rows (0-based). */
function fill(name: string, code: string, marked: number[], keepRows?: number[]): void {
  const { header, rows } = readSheet('sheets/blank.csv');
  const at = header.indexOf(code);
  const out = rows
    .map((row, i) => (marked.includes(i) ? row.map((c, j) => (j === at ? '1' : c)) : row))
    .filter((_, i) => !keepRows || keepRows.includes(i));
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), Papa.unparse({ fields: header, data: out }));
}

let codes: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'peer-fidelity-human-'));
  writeFileSync(join(dir, 's1.txt'), S1 + '\n');
  writeFileSync(join(dir, 's2.txt'), S2 + '\n');
  const made = await cli('sheet', 's1.txt', 's2.txt', '--output', 'sheets/blank.csv');
  expect(made.stderr).toMatch(/blind coding sheet for 2 transcripts \(10 turns/);
  expect(made.code).toBe(0);
  const { header } = readSheet('sheets/blank.csv');
  codes = header.slice(header.indexOf('previous_text') + 1, header.indexOf('notes'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('peer-fidelity sheet', () => {
  it('writes one row per turn and a column per code of the codebook', () => {
    const { header, rows } = readSheet('sheets/blank.csv');
    expect(rows).toHaveLength(10);
    expect(codes.length).toBeGreaterThan(1);
    expect(header.slice(0, 7)).toEqual(['transcript_id', 'turn', 'speaker', 'role', 'text', 'previous_speaker', 'previous_text']);
    expect(header.slice(-2)).toEqual(['notes', 'coder']);
    expect(rows[1]!.slice(0, 5)).toEqual(['s1', '2', 'Participant', 'supported', 'It has been a hard week.']);
  });

  it("adds the engine's codes with --prefill", async () => {
    const made = await cli('sheet', 's1.txt', 's2.txt', '--output', 'sheets/prefilled.csv', '--prefill');
    expect(made.code).toBe(0);
    expect(readSheet('sheets/prefilled.csv').header).toContain('machine_codes');
  });

  it('says in its help that the sheet contains transcript text', async () => {
    const help = await cli('sheet', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/contains the transcripts' text/);
  });
});

describe('peer-fidelity agree', () => {
  beforeAll(() => {
    const code = codes[0]!;
    fill('sheets/alice.csv', code, [0, 2, 6, 8]);
    fill('sheets/bob.csv', code, [0, 2, 6]);
  });

  it('prints agreement per code as JSON', async () => {
    const ran = await cli('agree', 'sheets/alice.csv', 'sheets/bob.csv', '--transcripts', 's1.txt', 's2.txt', '--format', 'json', '--bootstrap', '200', '--seed', '5');
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const report = JSON.parse(ran.stdout);
    expect(report.coders).toEqual(['alice', 'bob']);
    expect(report.bootstrap).toMatchObject({ replicates: 200, seed: 5 });
    expect(report.codes.map((c: { code: string }) => c.code)).toEqual(codes);
    const first = report.codes[0];
    // Both coded every turn; they differ on one of the turns the code applies to.
    expect(first.percentAgreement.value).toBeCloseTo((first.units - 1) / first.units, 12);
    expect(first.marks).toBe(7);
  });

  it('prints a table by default, the same for the same seed', async () => {
    const a = await cli('agree', 'sheets/alice.csv', 'sheets/bob.csv', '--transcripts', 's1.txt', 's2.txt', '--bootstrap', '100');
    const b = await cli('agree', 'sheets/alice.csv', 'sheets/bob.csv', '--transcripts', 's1.txt', 's2.txt', '--bootstrap', '100');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Agreement between alice and bob on codebook /);
    expect(a.stdout).toMatch(/B = 100, seed = 1/);
    expect(a.stdout).toMatch(/^overall \(pooled\)/m);
    expect(b.stdout).toBe(a.stdout);
  });

  it('writes CSV to a file, without intervals when --bootstrap is 0', async () => {
    const ran = await cli('agree', 'sheets/alice.csv', 'sheets/bob.csv', '--transcripts', 's1.txt', 's2.txt', '--format', 'csv', '--bootstrap', '0', '--output', 'out/agreement.csv');
    expect(ran.code).toBe(0);
    const csv = readFileSync(join(dir, 'out/agreement.csv'), 'utf8');
    expect(csv).toMatch(/^code,label,turns,/);
    expect(csv.split('\n')[1]).toMatch(/,,,/);
  });

  it('reads a folder of sheets, and treats a turn missing from a sheet as not coded', async () => {
    fill('sheets/partial/carol.csv', codes[0]!, [0], [0, 1, 2, 3]);
    fill('sheets/partial/alice.csv', codes[0]!, [0, 2, 6, 8]);
    const ran = await cli('agree', 'sheets/partial', '--transcripts', 's1.txt', 's2.txt', '--format', 'json', '--bootstrap', '0');
    expect(ran.code).toBe(0);
    const report = JSON.parse(ran.stdout);
    expect(report.units).toMatchObject({ coded: 10, pairable: 4 });
    expect(report.warnings.join('\n')).toMatch(/carol coded 4 of the 10 turns/);
  });

  it('exits 2 listing every problem in a bad sheet', async () => {
    const { header, rows } = readSheet('sheets/alice.csv');
    rows[1]![header.indexOf(codes[0]!)] = 'maybe';
    rows[3]![header.indexOf('turn')] = '40';
    writeFileSync(join(dir, 'sheets/bad.csv'), Papa.unparse({ fields: header, data: rows }));
    const ran = await cli('agree', 'sheets/bad.csv', 'sheets/bob.csv', '--transcripts', 's1.txt', 's2.txt');
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(/sheets\/bad\.csv:3: the ".*" cell holds "maybe"/);
    expect(ran.stderr).toMatch(/sheets\/bad\.csv:5: transcript "s1" has no turn 40/);
  });

  it('exits 2 with one coder, a missing sheet, or a bad --bootstrap', async () => {
    const one = await cli('agree', 'sheets/alice.csv', '--transcripts', 's1.txt', 's2.txt');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/agreement needs at least two coders/);
    const missing = await cli('agree', 'sheets/alice.csv', 'sheets/nobody.csv', '--transcripts', 's1.txt');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/sheets\/nobody\.csv: cannot be read/);
    const bad = await cli('agree', 'sheets/alice.csv', 'sheets/bob.csv', '--transcripts', 's1.txt', '--bootstrap', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bootstrap "lots" should be a whole number/);
  });
});

describe('peer-fidelity adjudicate', () => {
  it('writes a consensus sheet that cannot be read while a ? is left', async () => {
    const ran = await cli('adjudicate', 'sheets/alice.csv', 'sheets/bob.csv', '--transcripts', 's1.txt', 's2.txt', '--output', 'consensus.csv');
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(/compared alice and bob on 10 turns: 3 codes agreed, 1 to discuss on 1 turn → consensus.csv/);
    expect(existsSync(join(dir, 'consensus.csv'))).toBe(true);
    const { header, rows } = readSheet('consensus.csv');
    expect(rows[8]![header.indexOf(codes[0]!)]).toBe('?');
    expect(rows[8]![header.indexOf('disagreements')]).toBe(`${codes[0]}: alice yes / bob no`);

    const gold = await cli('agree', 'consensus.csv', 'sheets/alice.csv', '--transcripts', 's1.txt', 's2.txt');
    expect(gold.code).toBe(2);
    expect(gold.stderr).toMatch(/consensus\.csv:10: unresolved disagreement.*replace \? with 1 or leave it blank/);
  });
});
