// Every kind of bad input gives a problem with its code, file and line; ingestPaths fails once with all of them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PeerFidelityError } from '../../src/core/errors.js';
import { ingestPaths, parseContent } from '../../src/ingest/index.js';
import { accountedFor, FIXTURES, parseFixture } from './fixtures.js';

async function ingestError(paths: string[], options: Parameters<typeof ingestPaths>[1] = {}): Promise<PeerFidelityError> {
  try {
    await ingestPaths(paths, options);
  } catch (error) {
    if (error instanceof PeerFidelityError) return error;
    throw error;
  }
  throw new Error('expected ingestPaths to fail');
}

describe('bad input gives a problem naming the file, the line and the fix', () => {
  it('unknown extension', async () => {
    const parsed = await parseContent('%PDF-1.4', 'notes.pdf');
    expect(parsed.problems).toMatchObject([{ severity: 'error', code: 'ingest/unknown-format', file: 'notes.pdf', message: expect.stringContaining('.txt') }]);
  });

  it('a file that is not UTF-8', async () => {
    const parsed = await parseFixture('latin1.txt');
    expect(parsed.problems).toMatchObject([{ severity: 'error', code: 'ingest/not-utf8', file: 'latin1.txt', line: 1, message: expect.stringContaining('Save it again as UTF-8') }]);
  });

  it('an empty file', async () => {
    expect((await parseFixture('empty.txt')).problems).toMatchObject([{ severity: 'error', code: 'ingest/empty-file', file: 'empty.txt' }]);
    expect((await parseContent(new Uint8Array(0), 'stdin.vtt')).problems[0]?.code).toBe('ingest/empty-file');
  });

  it('a CSV without a text column names the headers found and the --column fix', async () => {
    const parsed = await parseContent('speaker,utterance\nHelper,Hi\n', 'export.csv');
    expect(parsed.problems).toMatchObject([
      { severity: 'error', code: 'ingest/missing-column', file: 'export.csv', line: 1, message: expect.stringMatching(/"speaker", "utterance".*--column text=<header>/) },
    ]);
  });

  it('a --column mapping to a header that is not there', async () => {
    const parsed = await parseContent('speaker,text\nHelper,Hi\n', 'export.csv', { columns: { text: 'utterance' } });
    expect(parsed.problems[0]).toMatchObject({ code: 'ingest/missing-column', line: 1, message: expect.stringContaining('"utterance"') });
    await expect(parseContent('speaker,text\n', 'x.csv', { columns: { words: 'text' } as never })).rejects.toMatchObject({ code: 'ingest/unknown-column' });
  });

  it('an empty text cell: a warning, the turn skipped and counted', async () => {
    const parsed = await parseContent('turn,speaker,text\n1,Helper,Hi\n2,Helpee,\n3,Helper,Still there?\n', 'x.csv');
    expect(parsed.problems).toMatchObject([{ severity: 'warning', code: 'ingest/empty-text', file: 'x.csv', line: 3 }]);
    expect(parsed.transcripts[0]?.turns.map((t) => t.index)).toEqual([1, 3]);
    expect(parsed.skipped).toEqual([{ kind: 'turn', file: 'x.csv', line: 3, reason: 'no text' }]);
    expect(accountedFor(parsed)).toBe(true);
  });

  it('a turn number repeated within a transcript (real line numbers past a quoted newline)', async () => {
    const csv = 'transcript_id,turn,speaker,text\na,1,Helper,"two\nlines"\na,2,Helpee,Hi\na,2,Helper,Again\nb,2,Helper,Other transcript is fine\n';
    const parsed = await parseContent(csv, 'dup.csv');
    expect(parsed.problems).toMatchObject([{ severity: 'error', code: 'ingest/duplicate-turn', file: 'dup.csv', line: 5, message: expect.stringContaining('line 4 and line 5') }]);
    expect(accountedFor(parsed)).toBe(true);
  });

  it('a turn number that is not a whole number', async () => {
    const parsed = await parseContent('turn,speaker,text\n1.5,Helper,Hi\n2,Helpee,Hello\n', 'x.csv');
    expect(parsed.problems).toMatchObject([{ severity: 'error', code: 'ingest/invalid-turn-number', file: 'x.csv', line: 2 }]);
    expect(accountedFor(parsed)).toBe(true);
  });

  it('a date that does not parse, and one that could be read two ways', async () => {
    const parsed = await parseContent('transcript_id,date,speaker,text\na,next tuesday,Helper,Hi\nb,04/03/2024,Helper,Hi\nc,25/12/2024,Helper,Hi\n', 'dates.csv');
    expect(parsed.problems).toMatchObject([
      { severity: 'error', code: 'ingest/invalid-date', file: 'dates.csv', line: 2, message: expect.stringContaining('YYYY-MM-DD') },
      { severity: 'error', code: 'ingest/invalid-date', file: 'dates.csv', line: 3, message: expect.stringContaining('day/month or month/day') },
    ]);
    expect(parsed.transcripts.find((t) => t.id === 'c')?.date).toBe('2024-12-25');
  });

  it('an unterminated quote', async () => {
    const parsed = await parseFixture('unterminated-quote.csv');
    expect(parsed.problems).toMatchObject([{ severity: 'error', code: 'ingest/csv-quotes', file: 'unterminated-quote.csv', line: 2 }]);
  });

  it('a delimiter that cannot be detected when the header reads as one column', async () => {
    const parsed = await parseContent('speaker:text\nHelper:Hi\n', 'odd.csv');
    expect(parsed.problems).toMatchObject([{ code: 'ingest/csv-delimiter', line: 1, message: expect.stringContaining('--delimiter') }]);
  });

  it('JSON that does not parse, and a JSONL line that does not', async () => {
    const json = await parseContent('{\n  "turns": [\n    {"speaker": "Helper", "text": "Hi"},\n  ]\n}\n', 'bad.json');
    expect(json.problems).toMatchObject([{ code: 'ingest/invalid-json', file: 'bad.json', line: 4 }]);
    const jsonl = await parseContent('{"speaker":"Helper","text":"Hi"}\n{"speaker":"Helpee","text":\n', 'bad.jsonl');
    expect(jsonl.problems).toMatchObject([{ code: 'ingest/invalid-json', file: 'bad.jsonl', line: 2 }]);
    expect(accountedFor(jsonl)).toBe(true);
  });

  it('a JSON document of the wrong shape', async () => {
    expect((await parseContent('{"speaker":"x"}', 'x.json')).problems[0]).toMatchObject({ code: 'ingest/json-shape', message: expect.stringContaining('"turns"') });
  });
});

describe('ingestPaths fails once, listing every problem', () => {
  it('throws one PeerFidelityError (exit 2) whose details name each file and line', async () => {
    const error = await ingestError(['latin1.txt', 'unterminated-quote.csv', 'empty.txt', 'story.txt'], { cwd: FIXTURES });
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('ingest/invalid-input');
    expect(error.message).toContain('3 problems');
    expect(error.details.map((d) => [d.code, d.file, d.line])).toEqual([
      ['ingest/empty-file', 'empty.txt', undefined],
      ['ingest/not-utf8', 'latin1.txt', 1],
      ['ingest/csv-quotes', 'unterminated-quote.csv', 2],
      ['ingest/artifact', 'story.txt', 9],
    ]);
    expect(error.details[3]?.message).toMatch(/^\(warning\)/);
  });

  it('uses the problem’s own code when there is only one kind', async () => {
    const error = await ingestError(['notes.pdf'], { cwd: join(FIXTURES, 'folder') });
    expect(error.code).toBe('ingest/unknown-format');
  });

  it('reports a path that does not exist', async () => {
    const error = await ingestError(['nope.vtt'], { cwd: FIXTURES });
    expect(error.details).toMatchObject([{ code: 'ingest/missing-path', file: 'nope.vtt' }]);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const error = await ingestError(['turns.csv'], { cwd: FIXTURES, maxFileSize: 100 });
    expect(error.details).toMatchObject([{ code: 'ingest/file-too-large', file: 'turns.csv', message: expect.stringContaining('--max-file-size') }]);
  });

  it('in strict mode, turns warnings into errors', async () => {
    await expect(ingestPaths(['story.txt'], { cwd: FIXTURES })).resolves.toMatchObject({ problems: [{ code: 'ingest/artifact', severity: 'warning' }] });
    const error = await ingestError(['story.txt'], { cwd: FIXTURES, strict: true });
    expect(error.details).toMatchObject([{ code: 'ingest/artifact', file: 'story.txt', line: 9 }]);
  });

  it('rejects the same transcript id from two files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-ingest-'));
    writeFileSync(join(dir, 'a.csv'), 'transcript_id,speaker,text\nsame,Helper,Hi\n');
    writeFileSync(join(dir, 'b.jsonl'), '{"transcript_id":"same","speaker":"Helper","text":"Hi"}\n');
    const error = await ingestError([dir]);
    expect(error.details).toMatchObject([{ code: 'ingest/duplicate-id', message: expect.stringContaining('"same"') }]);
  });

  it('a manifest row whose file does not exist names the manifest and its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-ingest-'));
    writeFileSync(join(dir, 'a.txt'), 'Helper: Hi\nHelpee: Hello\n');
    writeFileSync(join(dir, 'manifest.csv'), 'file,program\na.txt,Warmline\nmissing.txt,Warmline\n');
    const error = await ingestError([dir], { cwd: dir });
    expect(error.details).toMatchObject([{ code: 'ingest/manifest-missing-file', file: 'manifest.csv', line: 3, message: expect.stringContaining('"missing.txt"') }]);
  });

  it('a "-" path with no stdin content', async () => {
    const error = await ingestError(['-']);
    expect(error.details[0]?.code).toBe('ingest/no-stdin');
  });
});
