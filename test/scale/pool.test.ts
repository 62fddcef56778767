// Coding on several threads gives the same bytes as coding on one; streamed output equals the whole-corpus formatter's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCodebook, defaultCodebookDir, readCodebookSource } from '../../src/codebook/index.js';
import { codeTranscript } from '../../src/coding/index.js';
import type { CodedTranscript, Transcript } from '../../src/core/types.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { formatCoded } from '../../src/report/coded-output.js';
import { summarizeTranscript } from '../../src/aggregate/summary.js';
import { codeStream, produceStream, StreamingFormatter, syntheticCsv } from '../../src/scale/index.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/cli/main.js');
const source = readCodebookSource(defaultCodebookDir());
const codebook = compileCodebook(source);

// A few hundred short conversations: several batches per worker, so order across workers is really tested.
const dir = mkdtempSync(join(tmpdir(), 'pf-pool-'));
writeFileSync(join(dir, 'corpus.csv'), [...syntheticCsv({ turns: 700, seed: 11, minTurns: 1, maxTurns: 4 })].join(''));
const { transcripts } = await ingestPaths(['corpus.csv'], { cwd: dir });

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function cli(args: string[]): string {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr;
}

describe('codeStream', () => {
  it('codes in worker threads exactly as on the calling thread, in input order', { timeout: 240_000 }, async () => {
    expect(transcripts.length).toBeGreaterThan(200);
    const single = transcripts.map((t) => codeTranscript(t, codebook));
    expect(single.reduce((n, c) => n + c.findings.length, 0)).toBeGreaterThan(100);
    // Workers either compile the source validated here or read the codebook folder themselves.
    for (const options of [{ source }, {}]) {
      const pooled = await all(codeStream(transcripts, codebook, { jobs: 3, batchTurns: 25, ...options }));
      expect(pooled.map((c) => c.transcript.id)).toEqual(transcripts.map((t) => t.id));
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(single));
    }
  });

  it('hands back summaries or formatted text made in the workers, the same as made from the coded transcripts here', { timeout: 240_000 }, async () => {
    const single = transcripts.map((t) => codeTranscript(t, codebook));
    const summaries = await all(produceStream(transcripts, codebook, { kind: 'summary' }, { jobs: 2, batchTurns: 25, source }));
    expect(summaries).toEqual(single.map((c) => summarizeTranscript(c, codebook)));
    for (const format of ['jsonl', 'csv'] as const) {
      for (const turns of [false, true]) {
        const pieces = await all(produceStream(transcripts, codebook, { kind: 'text', format, turns }, { jobs: 2, batchTurns: 25, source }));
        expect(pieces.map((p) => p.text)).toEqual(single.map((c) => formatCoded([c], format, { turns })));
        expect(pieces.map((p) => [p.findings, p.warnings])).toEqual(single.map((c) => [c.findings.length, c.warnings.length]));
      }
    }
  });

  it('takes transcripts from an async source and stops the workers when the consumer stops early', async () => {
    async function* slowly(): AsyncGenerator<Transcript> {
      for (const t of transcripts.slice(0, 60)) {
        await new Promise((resolve) => setImmediate(resolve));
        yield t;
      }
    }
    const first: CodedTranscript[] = [];
    for await (const c of codeStream(slowly(), codebook, { jobs: 2, batchTurns: 20 })) {
      first.push(c);
      if (first.length === 5) break;
    }
    expect(first.map((c) => c.transcript.id)).toEqual(transcripts.slice(0, 5).map((t) => t.id));
  });

  it('passes a codebook problem found in a worker back as the same kind of error', async () => {
    const broken = { ...codebook, dir: join(ROOT, 'test/fixtures/codebooks/broken/invalid-regex') };
    await expect(all(codeStream(transcripts.slice(0, 40), broken, { jobs: 2, batchTurns: 10 }))).rejects.toMatchObject({ code: 'codebook/invalid' });
  });
});

describe('StreamingFormatter', () => {
  it('writes pieces that join to exactly the whole-corpus output, for findings and turn rows, with and without findings', () => {
    const coded = transcripts.slice(0, 30).map((t) => codeTranscript(t, codebook));
    const empty = coded.map((c) => ({ ...c, findings: [] }));
    for (const set of [coded, empty, []]) {
      for (const format of ['jsonl', 'csv'] as const) {
        for (const turns of [false, true]) {
          const formatter = new StreamingFormatter(format, { turns });
          const streamed = set.map((c) => formatter.piece(c)).join('') + formatter.end();
          expect(streamed).toBe(formatCoded(set, format, { turns }));
        }
      }
    }
  });
});

describe('peer-fidelity code --jobs', () => {
  // Generous limits: each run starts Node and its workers, and CI machines are often busy. Nothing here measures time.
  const SLOW = 240_000;

  it('writes the same bytes with --jobs 1 and --jobs 3 (streamed JSONL)', { timeout: SLOW }, () => {
    const message = cli(['code', 'corpus.csv', '--format', 'jsonl', '--jobs', '1', '--output', 'one.jsonl']);
    // Small batches, so a corpus this size still goes to the workers.
    cli(['code', 'corpus.csv', '--format', 'jsonl', '--jobs', '3', '--batch-turns', '25', '--output', 'three.jsonl']);
    expect(message).toMatch(/coded \d{3} transcripts/);
    const one = readFileSync(join(dir, 'one.jsonl'), 'utf8');
    expect(one.split('\n').length).toBeGreaterThan(100);
    expect(readFileSync(join(dir, 'three.jsonl'), 'utf8')).toBe(one);
  });

  it('writes, with --jobs 3, what the single-threaded formatter gives for the whole corpus (streamed CSV, and JSON)', { timeout: SLOW }, () => {
    const single = transcripts.map((t) => codeTranscript(t, codebook));
    cli(['code', 'corpus.csv', '--format', 'csv', '--jobs', '3', '--batch-turns', '25', '--output', 'three.csv']);
    expect(readFileSync(join(dir, 'three.csv'), 'utf8')).toBe(formatCoded(single, 'csv'));
    cli(['code', 'corpus.csv', '--format', 'json', '--jobs', '3', '--batch-turns', '25', '--output', 'all.json']);
    expect(readFileSync(join(dir, 'all.json'), 'utf8')).toBe(formatCoded(single, 'json'));
  });

  it('refuses a --jobs value that is not a whole number above 0, and leaves no output behind on bad input', { timeout: SLOW }, () => {
    const bad = spawnSync(process.execPath, [BIN, 'code', 'corpus.csv', '--jobs', '0'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--jobs "0"');

    writeFileSync(join(dir, 'unsorted.csv'), 'transcript_id,speaker,role,text\na,Sam,supporter,hi\nb,Sam,supporter,hello\na,Ari,supported,back again\n');
    const failed = spawnSync(process.execPath, [BIN, 'code', 'unsorted.csv', '--format', 'jsonl', '--output', 'never.jsonl'], { cwd: dir, encoding: 'utf8' });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('unsorted.csv:4');
    expect(() => readFileSync(join(dir, 'never.jsonl'))).toThrow();
  });
});
