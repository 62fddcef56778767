// The scale-out recipe of docs/scaling.md: score shards separately, merge the parts, get exactly the whole-corpus scores.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../../src/cli/commands/shard.js';
import { run } from '../../src/cli/program.js';
import { syntheticRows, SYNTHETIC_COLUMNS, type SyntheticRow } from '../../src/scale/index.js';

async function cli(argv: string[], cwd: string, expected = 0): Promise<string> {
  let stderr = '';
  const code = await run(argv, { stdout: () => undefined, stderr: (s) => void (stderr += s), stderrIsTty: false, cwd });
  expect(code, stderr).toBe(expected);
  return stderr;
}

function csv(rows: SyntheticRow[]): string {
  return Papa.unparse(rows, { columns: [...SYNTHETIC_COLUMNS] }) + '\n';
}

describe('sharding a corpus', () => {
  it('merges per-shard score files into byte-for-byte the scores of the whole corpus', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-shards-'));
    const rows = [...syntheticRows({ turns: 900, seed: 21, minTurns: 4, maxTurns: 12 })];
    writeFileSync(join(dir, 'all.csv'), csv(rows));
    // Three shards that keep each conversation's rows together, as a scheduler's array job would get them.
    const ids = [...new Set(rows.map((r) => r.transcript_id))];
    const shardOf = new Map(ids.map((id, i) => [id, i % 3]));
    for (let s = 0; s < 3; s++) writeFileSync(join(dir, `shard-${s}.csv`), csv(rows.filter((r) => shardOf.get(r.transcript_id) === s)));

    const options = ['--format', 'json', '--seed', '7', '--resamples', '200', '--by', 'site'];
    await cli(['score', 'all.csv', ...options, '--output', 'whole.json'], dir);
    for (let s = 0; s < 3; s++) await cli(['score', `shard-${s}.csv`, ...options, '--output', `part-${s}.json`], dir);
    await cli(['merge', 'part-0.json', 'part-1.json', 'part-2.json', '--format', 'json', '--output', 'merged.json'], dir);

    const whole = readFileSync(join(dir, 'whole.json'), 'utf8');
    expect((JSON.parse(whole) as { summaries: unknown[] }).summaries).toHaveLength(ids.length);
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(whole);
  });
});

describe('peer-fidelity shard', () => {
  it('gives each conversation to the shard where its middle falls: in order, about equal, never split', () => {
    const sizes = [5, 1, 1, 30, 2, 8, 8, 8, 3, 1, 12, 6, 4, 4, 9];
    const total = sizes.reduce((a, b) => a + b, 0);
    let done = 0;
    const shards = sizes.map((turns) => {
      const s = shardOf(done, turns, total, 4);
      done += turns;
      return s;
    });
    expect([...shards].sort((a, b) => a - b)).toEqual(shards);
    expect(Math.min(...shards)).toBe(0);
    expect(Math.max(...shards)).toBe(3);
    // One conversation longer than two shards' share leaves a shard empty rather than being cut.
    expect([shardOf(0, 1, 100, 4), shardOf(1, 90, 100, 4), shardOf(91, 9, 100, 4)]).toEqual([0, 1, 3]);
  });

  it('cuts a corpus into shards whose merged scores are byte for byte those of the whole corpus', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-shard-cmd-'));
    const rows = [...syntheticRows({ turns: 900, seed: 23, minTurns: 4, maxTurns: 12 })];
    writeFileSync(join(dir, 'all.csv'), csv(rows));
    const message = await cli(['shard', 'all.csv', '--shards', '3', '--out-dir', 'shards'], dir);
    expect(message).toMatch(/wrote 3 shards of \d+–\d+ turns \(900 turns in all\) → shards/);
    const files = readdirSync(join(dir, 'shards')).sort();
    expect(files).toEqual(['shard-1.jsonl', 'shard-2.jsonl', 'shard-3.jsonl']);
    const lines = files.flatMap((f) => readFileSync(join(dir, 'shards', f), 'utf8').trim().split('\n'));
    // Every conversation once, in the corpus's order, with no file path of this machine in it.
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([...new Set(rows.map((r) => r.transcript_id))]);
    expect(lines.join('\n')).not.toContain(dir);

    const options = ['--format', 'json', '--seed', '7', '--resamples', '200', '--by', 'site'];
    await cli(['score', 'all.csv', ...options, '--output', 'whole.json'], dir);
    for (const f of files) await cli(['score', `shards/${f}`, ...options, '--output', `${f}.json`], dir);
    await cli(['merge', ...files.map((f) => `${f}.json`), '--format', 'json', '--output', 'merged.json'], dir);
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'));
  });

  it('refuses a folder that already holds files, bad input and a bad count, and writes nothing then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-shard-bad-'));
    writeFileSync(join(dir, 'ok.csv'), 'transcript_id,speaker,role,text\na,Sam,supporter,hi\nb,Sam,supporter,hello\n');
    mkdirSync(join(dir, 'full'));
    writeFileSync(join(dir, 'full', 'keep.txt'), 'mine');
    expect(await cli(['shard', 'ok.csv', '--shards', '2', '--out-dir', 'full'], dir, 2)).toContain('already holds files');
    expect(readdirSync(join(dir, 'full'))).toEqual(['keep.txt']);

    writeFileSync(join(dir, 'unsorted.csv'), 'transcript_id,speaker,role,text\na,Sam,supporter,hi\nb,Sam,supporter,hello\na,Ari,supported,back again\n');
    expect(await cli(['shard', 'unsorted.csv', '--shards', '2', '--out-dir', 'out'], dir, 2)).toContain('unsorted.csv:4');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.peer-fidelity-tmp'))).toEqual([]);

    expect(await cli(['shard', 'ok.csv', '--shards', '0', '--out-dir', 'out'], dir, 2)).toContain('--shards "0"');
  });
});
