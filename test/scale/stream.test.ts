// Streaming ingest: the same transcripts and problems as reading the whole file, whatever the chunk boundaries.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { PeerFidelityError } from '../../src/core/errors.js';
import type { InputProblem, Transcript } from '../../src/core/types.js';
import { ingestPaths, streamPaths, streamTranscripts, type StreamOptions } from '../../src/ingest/index.js';
import { syntheticCsv } from '../../src/scale/index.js';

function tempFile(name: string, content: string | Uint8Array): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pf-stream-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return { dir, path };
}

const byPlace = (problems: InputProblem[]): InputProblem[] => [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));

async function collect(path: string, options: StreamOptions = {}): Promise<{ transcripts: Transcript[]; problems: InputProblem[]; error?: PeerFidelityError }> {
  const transcripts: Transcript[] = [];
  const problems: InputProblem[] = [];
  try {
    for await (const t of streamTranscripts(path, { ...options, onProblem: (p) => problems.push(p) })) transcripts.push(t);
  } catch (error) {
    if (!(error instanceof PeerFidelityError)) throw error;
    return { transcripts, problems, error };
  }
  return { transcripts, problems };
}

/** Errors of a failed batch read, as (code, line) pairs. */
async function batchErrors(dir: string, name: string): Promise<[string | undefined, number | undefined][]> {
  try {
    await ingestPaths([name], { cwd: dir });
  } catch (error) {
    if (error instanceof PeerFidelityError) return error.details.map((d) => [d.code, d.line]);
    throw error;
  }
  return [];
}

const NASTY_CSV =
  '\uFEFFtranscript_id,turn,speaker,role,text,date\r\n' +
  't1,1,Sam,supporter,"What was that like, for you?",2024-03-01\r\n' +
  't1,2,Ari,supported,"It was… a lot 😅\r\nreally, ""a lot""",2024-03-01\r\n' +
  '\r\n' +
  '   \r\n' +
  't1,3,Sam,supporter,Cafe\u0301 on Friday?,2024-03-01\r\n' +
  't2,1,Jo,supporter,You should rest.,2024-04-02\r\n' +
  't2,2,Mei,,mm-hmm,2024-04-02\r\n' +
  't2,3,Kim,supported,,2024-04-02\r\n' +
  't3,1,Dev,supporter,"one, two",2024-05-03,extra\r\n' +
  't3,2,Rosa,supported,"last line, no line break",2024-05-03';

describe('streamTranscripts (CSV)', () => {
  it('gives exactly the transcripts and warnings of a whole-file read, for every chunk size (CRLF split at boundaries, BOM, emoji, NFC)', async () => {
    const { dir, path } = tempFile('nasty.csv', NASTY_CSV);
    const batch = await ingestPaths(['nasty.csv'], { cwd: dir });
    expect(batch.transcripts.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    expect(batch.problems.length).toBeGreaterThan(0);
    for (const highWaterMark of [1, 2, 3, 5, 7, 11, 64, 65536]) {
      const streamed = await collect(path, { cwd: dir, highWaterMark });
      expect(streamed.error).toBeUndefined();
      expect(streamed.transcripts).toEqual(batch.transcripts);
      expect(byPlace(streamed.problems)).toEqual(batch.problems);
    }
  });

  it('matches a whole-file read for any rows, line endings and chunk sizes', async () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => s.trim() !== '');
    const row = fc.record({ speaker: fc.constantFrom('Sam', 'Ari', 'Peer Supporter', 'Member'), text: cell });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(row, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 40 }),
        async (groups, newline, highWaterMark) => {
          const rows = groups.flatMap((turns, g) => turns.map((t) => ({ transcript_id: `c${g}`, ...t })));
          const { dir, path } = tempFile('p.csv', Papa.unparse(rows, { newline }) + newline);
          let batch: Transcript[] | undefined;
          let batchProblems: InputProblem[] | undefined;
          try {
            const result = await ingestPaths(['p.csv'], { cwd: dir });
            batch = result.transcripts;
            batchProblems = result.problems;
          } catch (error) {
            if (!(error instanceof PeerFidelityError)) throw error;
          }
          const streamed = await collect(path, { cwd: dir, highWaterMark });
          if (batch) {
            expect(streamed.error).toBeUndefined();
            expect(streamed.transcripts).toEqual(batch);
            expect(byPlace(streamed.problems)).toEqual(batchProblems);
          } else expect(streamed.error).toBeInstanceOf(PeerFidelityError);
        },
      ),
      { seed: 20241125, numRuns: 60 },
    );
  });

  it('streams a generated corpus with the same result as a whole-file read', async () => {
    const { dir, path } = tempFile('corpus.csv', [...syntheticCsv({ turns: 3000, seed: 7 })].join(''));
    const batch = await ingestPaths(['corpus.csv'], { cwd: dir });
    const streamed = await collect(path, { cwd: dir, highWaterMark: 4096 });
    expect(streamed.transcripts.length).toBeGreaterThan(20);
    expect(streamed.transcripts).toEqual(batch.transcripts);
  });

  it('reports a transcript whose rows come back later, naming the line, and passes on nothing after it', async () => {
    const csv = 'transcript_id,speaker,role,text\na,Sam,supporter,hello\na,Ari,supported,hi\nb,Sam,supporter,how are you\nb,Ari,supported,fine\na,Sam,supporter,one more\nc,Sam,supporter,after\n';
    const { path } = tempFile('order.csv', csv);
    const result = await collect(path);
    // Parsing runs ahead of the consumer, so how much goes out before the problem is known depends on timing; "c" never does.
    expect(['', 'a', 'a,b']).toContain(result.transcripts.map((t) => t.id).join());
    expect(result.error?.code).toBe('ingest/stream-order');
    expect(result.error?.details).toEqual([expect.objectContaining({ code: 'ingest/stream-order', line: 6, file: expect.stringContaining('order.csv') })]);
    expect(result.error?.details[0]?.message).toMatch(/ended at line 3.*sort the file by transcript_id/s);
  });

  it('reports the same errors, with the same lines, as a whole-file read', async () => {
    const csv = 'transcript_id,turn,speaker,text,date\nx,1,Sam,hi,2024-13-40\nx,1,Ari,again,2024-13-40\ny,1,Sam,"broken,2024-01-01\n';
    const { dir, path } = tempFile('bad.csv', csv);
    const expected = await batchErrors(dir, 'bad.csv');
    expect(expected.length).toBeGreaterThan(1);
    const result = await collect(path, { cwd: dir });
    expect(result.transcripts).toEqual([]);
    expect(result.error?.details.map((d) => [d.code, d.line])).toEqual(expected);
  });

  it('says which line is not UTF-8, and treats warnings as errors with strict', async () => {
    const bytes = Buffer.concat([Buffer.from('transcript_id,speaker,role,text\nt,Sam,supporter,hi\nt,Ari,supported,caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const { path } = tempFile('latin1.csv', bytes);
    const bad = await collect(path, { highWaterMark: 8 });
    expect(bad.error?.details).toEqual([expect.objectContaining({ code: 'ingest/not-utf8', line: 3 })]);

    const { path: unmapped } = tempFile('who.csv', 'transcript_id,speaker,text\nt,Somebody,hi\n');
    expect((await collect(unmapped)).error).toBeUndefined();
    expect((await collect(unmapped, { strict: true })).error?.code).toBe('ingest/unmapped-speaker');
  });
});

describe('streamTranscripts (JSONL)', () => {
  it('gives the transcripts of a whole-file read, for turn rows and for whole transcripts', async () => {
    const rows = ['{"transcript_id":"a","speaker":"Sam","role":"supporter","text":"hello"}', '', '{"transcript_id":"a","speaker":"Ari","text":"hi 👋"}', '{"transcript_id":"b","speaker":"Sam","text":"next"}'];
    const whole = ['{"id":"w1","turns":[{"speaker":"Sam","text":"one"}]}', '{"id":"w2","date":"2024-02-02","turns":[{"speaker":"Ari","text":"two"}]}'];
    for (const lines of [rows, whole]) {
      const { dir, path } = tempFile('t.jsonl', lines.join('\r\n') + '\r\n');
      const batch = await ingestPaths(['t.jsonl'], { cwd: dir });
      for (const highWaterMark of [1, 5, 65536]) {
        const streamed = await collect(path, { cwd: dir, highWaterMark });
        expect(streamed.transcripts).toEqual(batch.transcripts);
        expect(byPlace(streamed.problems)).toEqual(batch.problems);
      }
    }
  });

  it('names the line of invalid JSON', async () => {
    const { path } = tempFile('bad.jsonl', '{"transcript_id":"a","speaker":"Sam","role":"supporter","text":"ok"}\n{"transcript_id": "a", oops}\n');
    const result = await collect(path);
    expect(result.error?.details).toEqual([expect.objectContaining({ code: 'ingest/invalid-json', line: 2 })]);
  });
});

describe('streamPaths', () => {
  it('applies a manifest beside a file as a whole-file read does, and skips a file without consent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-stream-'));
    writeFileSync(join(dir, 'manifest.csv'), 'file,transcript_id,program,consent\none.csv,renamed,Riverside,yes\ntwo.csv,ignored,Hilltop,yes\nno.csv,,,withdrawn\n');
    writeFileSync(join(dir, 'one.csv'), 'transcript_id,speaker,role,text\nx,Sam,supporter,hi\nx,Ari,supported,hello\n');
    writeFileSync(join(dir, 'two.csv'), 'transcript_id,speaker,role,text\na,Sam,supporter,hi\nb,Ari,supported,hello\n');
    writeFileSync(join(dir, 'no.csv'), 'transcript_id,speaker,role,text\nz,Sam,supporter,never read\n');
    for (const file of ['one.csv', 'two.csv']) {
      const batch = await ingestPaths([file], { cwd: dir });
      const problems: InputProblem[] = [];
      const streamed: Transcript[] = [];
      for await (const t of streamPaths([file], { cwd: dir, onProblem: (p) => problems.push(p) })) streamed.push(t);
      expect(streamed).toEqual(batch.transcripts);
      // Streaming cannot say how many transcripts the file holds when it warns, so only the message differs.
      const where = (list: InputProblem[]) => list.map(({ message: _, ...rest }) => rest);
      expect(where(byPlace(problems))).toEqual(where(batch.problems));
    }
    expect((await ingestPaths(['two.csv'], { cwd: dir })).problems.map((p) => p.code)).toContain('ingest/manifest');
    const none: Transcript[] = [];
    for await (const t of streamPaths(['no.csv'], { cwd: dir })) none.push(t);
    expect(none).toEqual([]);
  });

  it('reads a folder file by file with its manifest, consent and roles applied, exactly as a whole read does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-stream-'));
    mkdirSync(join(dir, 'archive', '2025'), { recursive: true });
    const at = (name: string, content: string): void => writeFileSync(join(dir, 'archive', name), content);
    at('manifest.csv', 'file,transcript_id,program,site,consent\n2025/jan.csv,,Riverside,North,yes\n2025/one.csv,only-one,Hilltop,,yes\nwithdrawn.csv,,,,no\n2025/secret.csv,,,,withdrawn\nstory.txt,,Riverside,,yes\n');
    at('roles.csv', 'speaker,role\nHelper,supporter\nMember,supported\n');
    // Several conversations in one file; a file without transcript_id (its id comes from its path); a text file.
    at('2025/jan.csv', 'transcript_id,turn,speaker,text,date\nj1,1,Helper,What was that like?,2025-01-03\nj1,2,Member,Loud.,2025-01-03\nj2,1,Helper,Want to walk?,2025-01-09\n');
    at('2025/one.csv', 'speaker,text\nHelper,hi\nMember,hello\nStranger,who?\n');
    at('2025/feb.jsonl', '{"transcript_id":"f1","speaker":"Helper","text":"I get that."}\n{"transcript_id":"f1","speaker":"Member","text":"Thanks."}\n');
    at('story.txt', 'Helper: I used to think it was all me.\nMember: And now?\n');
    // Consent withheld: never read (it is not even valid CSV, which would fail the run).
    at('withdrawn.csv', '"unclosed\n');
    at('2025/secret.csv', '"unclosed\n');
    const batch = await ingestPaths(['archive'], { cwd: dir });
    const problems: InputProblem[] = [];
    const streamed: Transcript[] = [];
    for await (const t of streamPaths(['archive'], { cwd: dir, onProblem: (p) => problems.push(p) })) streamed.push(t);
    expect(streamed.map((t) => t.id)).toEqual(['f1', 'j1', 'j2', 'only-one', 'story']);
    expect(streamed).toEqual(batch.transcripts);
    expect(streamed.find((t) => t.id === 'j1')).toMatchObject({ program: 'Riverside', site: 'North', turns: [{ role: 'supporter' }, { role: 'supported' }] });
    expect(byPlace(problems).map((p) => [p.code, p.file])).toEqual(batch.problems.map((p) => [p.code, p.file]));
    // Streamed, not read whole: the size limit for whole files does not stop a CSV in the folder. A subfolder read on
    // its own obeys the manifest above it, consent included (secret.csv is never opened).
    await expect(ingestPaths(['archive/2025'], { cwd: dir, maxFileSize: 100 })).rejects.toMatchObject({ code: 'ingest/file-too-large' });
    const sub: Transcript[] = [];
    for await (const t of streamPaths(['archive/2025'], { cwd: dir, maxFileSize: 100 })) sub.push(t);
    expect(sub).toEqual((await ingestPaths(['archive/2025'], { cwd: dir })).transcripts);
    expect(sub.map((t) => [t.id, t.program])).toEqual([['f1', undefined], ['j1', 'Riverside'], ['j2', 'Riverside'], ['only-one', 'Hilltop']]);
  });

  it('reads other formats whole and refuses an id used in two files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-stream-'));
    writeFileSync(join(dir, 'a.csv'), 'transcript_id,speaker,text\nsame,Sam,hi\n');
    writeFileSync(join(dir, 'same.txt'), 'Sam: hello\n');
    writeFileSync(join(dir, 'b.txt'), 'Sam: hello again\n');
    const ids: string[] = [];
    await expect(async () => {
      for await (const t of streamPaths(['b.txt', 'a.csv', 'same.txt'], { cwd: dir })) ids.push(t.id);
    }).rejects.toThrow(PeerFidelityError);
    expect(ids).toEqual(['same', 'b']);
  });
});
