// The scale-out recipe of docs/scaling.md: score shards separately, merge the parts, get exactly the whole-corpus scores.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { syntheticRows, SYNTHETIC_COLUMNS, type SyntheticRow } from '../../src/scale/index.js';

async function cli(argv: string[], cwd: string): Promise<string> {
  let stderr = '';
  const code = await run(argv, { stdout: () => undefined, stderr: (s) => void (stderr += s), stderrIsTty: false, cwd });
  expect(code, stderr).toBe(0);
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
