// ingestPaths over folders, manifests, consent, stdin and path order.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { FIXTURES } from './fixtures.js';

describe('ingesting a folder', () => {
  it('reads every transcript file recursively in sorted order, applying the manifest and honouring consent', async () => {
    const result = await ingestPaths(['folder'], { cwd: FIXTURES });
    expect(result.problems).toEqual([]);
    expect(result.transcripts.map((t) => [t.id, t.source.file])).toEqual([
      ['2024/march/session-01', 'folder/2024/march/session-01.vtt'],
      ['s2', 'folder/2024/march/session-02.txt'],
      ['zz-extra', 'folder/zz-extra.json'],
    ]);
    expect(result.transcripts[0]).toMatchObject({
      program: 'Warmline',
      site: 'North',
      date: '2024-03-04',
      setting: 'one-to-one',
      meta: { cohort: 'spring', consent: 'yes' },
    });
    expect(result.transcripts[1]).toMatchObject({ date: '2024-03-05', setting: 'group' });
    expect(result.skipped).toEqual([
      { kind: 'file', file: 'folder/notes.pdf', reason: 'not a transcript format' },
      { kind: 'file', file: 'folder/withdrawn.txt', reason: 'consent is "withdrawn" in manifest.csv; the file was not read' },
    ]);
    expect(result.summary).toEqual({
      files: 3,
      filesSkipped: 2,
      transcripts: 3,
      turns: 6,
      turnsByRole: { supporter: 3, supported: 3, staff: 0, narrator: 0, other: 0 },
      turnsSkipped: 0,
      warnings: 0,
    });
  });

  it('never reads a withdrawn file, even when it is named on its own (its bytes are not UTF-8, yet the run succeeds)', async () => {
    const alone = await ingestPaths(['folder/withdrawn.txt'], { cwd: FIXTURES });
    expect(alone.transcripts).toEqual([]);
    expect(alone.skipped).toEqual([{ kind: 'file', file: 'folder/withdrawn.txt', reason: 'consent is "withdrawn" in manifest.csv; the file was not read' }]);
    await expect(ingestPaths(['folder'], { cwd: FIXTURES })).resolves.toBeDefined();
  });

  it('applies the manifest row to a file named on its own', async () => {
    const result = await ingestPaths(['folder/2024/march/session-02.txt'], { cwd: FIXTURES });
    expect(result.transcripts).toMatchObject([{ id: 's2', program: 'Warmline', date: '2024-03-05', meta: { cohort: 'spring' } }]);
  });

  it('refuses a manifest in a subfolder rather than ignore the consent it records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-ingest-'));
    mkdirSync(join(dir, 'site-b'));
    writeFileSync(join(dir, 'a.txt'), 'Helper: Hi\n');
    writeFileSync(join(dir, 'site-b', 'b.txt'), 'Helper: Hi\n');
    writeFileSync(join(dir, 'site-b', 'manifest.csv'), 'file,consent\nb.txt,no\n');
    await expect(ingestPaths([dir], { cwd: dir })).rejects.toMatchObject({ details: [{ code: 'ingest/manifest', file: 'site-b/manifest.csv' }] });
    const sub = await ingestPaths(['site-b'], { cwd: dir });
    expect(sub.transcripts).toEqual([]);
    expect(sub.skipped[0]?.reason).toContain('consent is "no"');
  });

  it('gives the same result whatever order the paths come in', async () => {
    const a = await ingestPaths(['teams.vtt', 'turns.csv', 'folder'], { cwd: FIXTURES });
    const b = await ingestPaths(['folder', 'turns.csv', 'teams.vtt', 'turns.csv'], { cwd: FIXTURES });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.transcripts.map((t) => t.source.file)).toEqual([
      'folder/2024/march/session-01.vtt',
      'folder/2024/march/session-02.txt',
      'folder/zz-extra.json',
      'teams.vtt',
      'turns.csv',
      'turns.csv',
    ]);
  });

  it('reads stdin content through "-", named by the given file name', async () => {
    const result = await ingestPaths(['-'], { stdin: { content: 'Helper: Hi\nHelpee: Hello\n', fileName: 'notes.txt' } });
    expect(result.transcripts).toMatchObject([{ id: 'notes', source: { file: 'notes.txt', format: 'txt' } }]);
    expect(result.summary.turnsByRole).toMatchObject({ supporter: 1, supported: 1 });
  });

  it('uses a --format override for every file', async () => {
    const result = await ingestPaths(['-'], { format: 'csv', stdin: { content: 'speaker,text\nHelper,Hi\n', fileName: 'paste' } });
    expect(result.transcripts[0]?.source.format).toBe('csv');
  });
});
