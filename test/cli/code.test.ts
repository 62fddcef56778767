// The code and codebook commands, run in-process as a user would call them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '../..');

const cli = (argv: string[], cwd = ROOT) => runCli(argv, cwd);

describe('peer-fidelity code', () => {
  it('shows the seed dialogues coded as a table', async () => {
    const { code, stdout, stderr } = await cli(['code', 'corpora/seed-dialogues', '--format', 'table']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('seed-002-d4');
    expect(stdout).toMatch(/talking-about-absent/);
    expect(stderr).toMatch(/coded 8 transcripts with mead-macneil/);
  });

  it('writes one CSV row per finding, and one row per turn with --turns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-code-'));
    expect((await cli(['code', 'corpora/seed-dialogues', '--format', 'csv', '--output', join(dir, 'f.csv')])).code).toBe(0);
    const findings = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'f.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(findings.length).toBeGreaterThan(5);
    expect(Object.keys(findings[0] ?? {})).toEqual(expect.arrayContaining(['transcript_id', 'turn', 'code', 'polarity', 'evidence', 'confidence']));
    expect((await cli(['code', 'corpora/seed-dialogues', '--turns', '--format', 'csv', '--output', join(dir, 't.csv')])).code).toBe(0);
    const turns = Papa.parse(readFileSync(join(dir, 't.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(turns).toHaveLength(56);
  });

  it('codes an organisation’s own document as one narrator text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-doc-'));
    writeFileSync(
      join(dir, 'mission.txt'),
      'Our peer specialists help clients manage their symptoms and improve medication compliance.\n\nWe support people to build a life of their own choosing in the community.\n',
    );
    const { code, stdout } = await cli(['code', 'mission.txt', '--format', 'json'], dir);
    expect(code).toBe(0);
    const [coded] = JSON.parse(stdout) as { findings: { code: string; role: string }[] }[];
    expect(coded?.findings.every((f) => f.role === 'narrator')).toBe(true);
    expect(coded?.findings.map((f) => f.code)).toContain('clinical-language');
  });

  it('refuses a broken codebook with exit 2 and codes nothing', async () => {
    const { code, stdout, stderr } = await cli(['code', 'corpora/seed-dialogues', '--codebook', 'test/fixtures/codebooks/broken/invalid-regex']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/good-code\.yml:10:12/);
  });
});

describe('peer-fidelity codebook', () => {
  it('check passes for a sound codebook and exits 1 when an example misbehaves', async () => {
    expect((await cli(['codebook', 'check', 'test/fixtures/codebooks/local-standards'])).code).toBe(0);
    const failing = await cli(['codebook', 'check', 'test/fixtures/codebooks/failing-example']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/FAIL\s+gives-orders/);
    expect(failing.stdout).toContain('You have to admit the meeting was long.');
  });

  it('init scaffolds a codebook that checks clean, and refuses to overwrite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-init-'));
    expect((await cli(['codebook', 'init', 'ours'], dir)).code).toBe(0);
    expect((await cli(['codebook', 'check', 'ours'], dir)).code).toBe(0);
    const again = await cli(['codebook', 'init', 'ours'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already has files');
  });

  it('docs prints the coders’ handout', async () => {
    const { code, stdout } = await cli(['codebook', 'docs', 'test/fixtures/codebooks/local-standards', '--output', '-']);
    expect(code).toBe(0);
    expect(stdout).toContain('### Asks what matters to the person (`asks-what-matters`)');
  });
});
