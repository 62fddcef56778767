// The score, merge and report commands run in-process on a generated corpus, with the shipped codebook.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCode } from '../../src/cli/commands/code.js';
import { registerMerge } from '../../src/cli/commands/merge.js';
import { registerReport } from '../../src/cli/commands/report.js';
import { registerScore } from '../../src/cli/commands/score.js';
import type { CliContext } from '../../src/cli/program.js';
import type { CodedTranscript } from '../../src/core/types.js';
import { STANDARD_CORPUS, generateCorpus } from '../fixtures/report/synthetic.js';

async function cli(argv: string[], cwd: string, stderrIsTty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    io: { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTty, cwd },
    setExitCode: () => undefined,
  };
  const program = new Command('peer-fidelity').exitOverride();
  registerCode(program, ctx);
  registerScore(program, ctx);
  registerMerge(program, ctx);
  registerReport(program, ctx);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  let error: unknown;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { stdout: out.join(''), stderr: err.join(''), error };
}

function toCsv(corpus: CodedTranscript[]): string {
  return Papa.unparse(
    corpus.flatMap((c) =>
      c.transcript.turns.map((t) => ({
        transcript_id: c.transcript.id,
        turn: t.index,
        speaker: t.speaker,
        role: t.role,
        text: t.text,
        program: c.transcript.program,
        site: c.transcript.site,
        date: c.transcript.date,
        setting: c.transcript.setting,
      })),
    ),
  );
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'peer-fidelity-report-'));
  const corpus = generateCorpus(STANDARD_CORPUS);
  writeFileSync(join(dir, 'all.csv'), toCsv(corpus));
  // Two batches that cut across programs and quarters.
  writeFileSync(join(dir, 'part1.csv'), toCsv(corpus.filter((_, i) => i % 3 === 0)));
  writeFileSync(join(dir, 'part2.csv'), toCsv(corpus.filter((_, i) => i % 3 !== 0)));
});

describe('score and merge', () => {
  it('merging the scores of two batches gives the bytes of scoring the whole', async () => {
    const common = ['--format', 'json', '--resamples', '200'];
    for (const [input, output] of [['part1.csv', 'part1.json'], ['part2.csv', 'part2.json'], ['all.csv', 'whole.json']] as const) {
      const r = await cli(['score', input, ...common, '--output', output], dir);
      expect(r.error).toBeUndefined();
      expect(r.stderr).toMatch(/^scored \d+ conversations with mead-macneil/);
    }
    const merged = await cli(['merge', 'part1.json', 'part2.json', '--format', 'json', '--output', 'merged.json'], dir);
    expect(merged.error).toBeUndefined();
    expect(merged.stderr).toMatch(/merged 2 files: 72 conversations by program/);
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'));
  });

  it('prints tables and CSV, with one CSV row per group and standard plus overall', async () => {
    const table = await cli(['score', 'all.csv', '--resamples', '100'], dir);
    expect(table.stdout).toMatch(/^Fidelity by program/);
    expect(table.stdout).toMatch(/Change over time, by program/);
    expect(table.stdout).toMatch(/Northside Team/);
    const csv = await cli(['score', 'all.csv', '--by', 'transcript', '--format', 'csv', '--resamples', '10'], dir);
    const rows = Papa.parse<Record<string, string>>(csv.stdout.trim(), { header: true }).data;
    expect(rows.filter((r) => r['standard'] === 'overall')).toHaveLength(72);
    expect(Object.keys(rows[0] ?? {})).toContain('fidelity_index');
    expect(rows.every((r) => r['fidelity_low'] === '')).toBe(true);
  });

  it('gives the same scores whatever --jobs is, and refuses --jobs 0 with a clear error', async () => {
    const one = await cli(['score', 'all.csv', '--format', 'json', '--resamples', '50', '--jobs', '1', '--output', 'jobs1.json'], dir);
    const two = await cli(['score', 'all.csv', '--format', 'json', '--resamples', '50', '--jobs', '2', '--output', 'jobs2.json'], dir);
    expect(one.error ?? two.error).toBeUndefined();
    expect(readFileSync(join(dir, 'jobs2.json'), 'utf8')).toBe(readFileSync(join(dir, 'jobs1.json'), 'utf8'));
    const zero = await cli(['score', 'all.csv', '--jobs', '0'], dir);
    expect(zero.error).toMatchObject({ code: 'cli/invalid-option', message: expect.stringContaining('--jobs "0" should be a whole number above 0, e.g. --jobs 2') });
  });

  it('refuses to merge a file that is not a score file', async () => {
    writeFileSync(join(dir, 'not-scores.json'), '{"hello": 1}');
    const r = await cli(['merge', 'not-scores.json'], dir);
    expect(r.error).toMatchObject({ code: 'merge/not-a-score-file' });
    const missing = await cli(['merge', 'nowhere.json'], dir);
    expect(missing.error).toMatchObject({ code: 'merge/unreadable-file' });
  });

  it('shows a progress bar on stderr only when stderr is a terminal', async () => {
    const tty = await cli(['score', 'all.csv', '--resamples', '10', '--format', 'json', '--output', 'tty.json'], dir, true);
    expect(tty.stderr).toMatch(/coding… \d+ conversations/);
    const pipe = await cli(['score', 'all.csv', '--resamples', '10', '--format', 'json', '--output', 'pipe.json'], dir, false);
    expect(pipe.stderr).not.toMatch(/coding…/);
    // code too, streamed or read whole; the findings themselves are the same with and without it.
    for (const format of ['jsonl', 'json']) {
      const shown = await cli(['code', 'all.csv', '--format', format, '--output', `tty.${format}`], dir, true);
      expect(shown.stderr).toMatch(/coding… \d+ conversations/);
      const quiet = await cli(['code', 'all.csv', '--format', format, '--output', `pipe.${format}`], dir, false);
      expect(quiet.stderr).not.toMatch(/coding…/);
      expect(readFileSync(join(dir, `tty.${format}`), 'utf8')).toBe(readFileSync(join(dir, `pipe.${format}`), 'utf8'));
    }
  });
});

describe('report', () => {
  it('still writes a report for an empty folder, saying plainly why there is nothing in it', async () => {
    mkdirSync(join(dir, 'empty-folder'), { recursive: true });
    const r = await cli(['report', 'empty-folder', '--out', 'empty/report.html'], dir);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toContain('The folder "empty-folder" holds no transcript files');
    expect(readFileSync(join(dir, 'empty/report.md'), 'utf8')).toContain('No conversations were found');
    // Scores cannot: an empty folder is an input problem there (exit 2).
    expect((await cli(['score', 'empty-folder'], dir)).error).toMatchObject({ code: 'ingest/empty-folder' });
  });

  it('writes the HTML and the Markdown side by side and prints where, with a three-line summary', async () => {
    const r = await cli(['report', 'all.csv', '--out', 'out/report.html', '--resamples', '200'], dir);
    expect(r.error).toBeUndefined();
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Wrote out/report.html and out/report.md');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^72 conversations from 3 programs, Q1 2025 to Q4 2025: overall fidelity index/);
    expect(readFileSync(join(dir, 'out/report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(join(dir, 'out/report.md'), 'utf8')).toMatch(/^# Peer support fidelity report/);
  });

  it('reads program facts and a validation card, and keeps to one program', async () => {
    const fixtures = new URL('../fixtures/report/', import.meta.url).pathname;
    writeFileSync(
      join(dir, 'card.json'),
      JSON.stringify({
        codebook: { id: 'mead-macneil', version: '0' },
        created_by: 'peer-fidelity 0.1.0',
        gold: { description: 'none yet', transcripts: 0, turns: 0, coders: ['consensus'] },
        threshold: { kappa: 0.4 },
        codes: {},
      }),
    );
    const r = await cli(
      ['report', 'all.csv', '--program', 'Northside Team', '--program-info', join(fixtures, 'program.yml'), '--validation', 'card.json', '--out', 'northside.md', '--resamples', '100'],
      dir,
    );
    expect(r.error).toBeUndefined();
    const md = readFileSync(join(dir, 'northside.md'), 'utf8');
    expect(md).toMatch(/^# Peer support fidelity: Northside Team/);
    expect(md).toMatch(/The program bills Medicaid for peer support/);
    expect(md).toMatch(/The validation card was made for codebook mead-macneil 0/);
    expect(existsSync(join(dir, 'northside.html'))).toBe(true);
  });

  it('says plainly when a folder holds no transcripts', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'peer-fidelity-empty-'));
    const r = await cli(['report', '.', '--out', 'report.md'], empty);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toMatch(/No conversations were found\./);
    expect(readFileSync(join(empty, 'report.md'), 'utf8')).toMatch(/cannot say anything about practice yet/);
  });

  it('rejects an --out that is neither .html nor .md, and an unknown program', async () => {
    const bad = await cli(['report', 'all.csv', '--out', 'report.pdf'], dir);
    expect(bad.error).toMatchObject({ code: 'report/invalid-out' });
    const unknown = await cli(['report', 'all.csv', '--program', 'Nowhere', '--resamples', '10'], dir);
    expect(unknown.error).toMatchObject({ code: 'report/unknown-program' });
    expect((unknown.error as Error).message).toMatch(/Programs found: "Harbor Peer Center", "Northside Team", "Valley Warmline"/);
  });
});
