// The ingest command run in-process through run(argv, io).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../src/core/types.js';
import { ingestFromCli, ingestOptionsFrom } from '../../src/cli/ingest-options.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES } from './fixtures.js';

async function cli(argv: string[], cwd = FIXTURES): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(argv, cwd);
  return { code, out: stdout, err: stderr };
}

describe('peer-fidelity ingest', () => {
  it('prints a table per transcript with totals, and warnings on stderr', async () => {
    const { code, out, err } = await cli(['ingest', 'turns.csv', 'seed-d5-peers.txt']);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^transcript\s+program\s+date\s+turns\s+by role\s+speakers$/);
    expect(out).toMatch(/d3-gym\s+Warmline\s+2024-03-01\s+3\s+supporter 3\s+Helper \(supporter\), Helpee \(supporter\)/);
    expect(out).toMatch(/hallway\s+Respite\s+2024-03-05\s+2\s+supporter 1, staff 1/);
    expect(out).toContain('Total: 3 transcripts from 2 files, 7 turns (supporter 4, staff 1, other 2); 0 turns skipped.');
    expect(err).toContain('2 warnings');
    expect(err).toContain('ingest/unmapped-speaker (2)');
    expect(err).toContain('seed-d5-peers.txt:1: Speaker "Peer 1"');
  });

  it('applies --roles, --column and --delimiter', async () => {
    const { code, out, err } = await cli([
      'ingest',
      'custom-headers.csv',
      'seed-d5-peers.txt',
      '--roles',
      'Peer 1=supported,Peer 2=supporter',
      '--column',
      'text=Utterance',
      '--column',
      'speaker=Who',
      '--delimiter',
      'comma',
      '--format',
      'json',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const transcripts = JSON.parse(out) as Transcript[];
    expect(transcripts.map((t) => [t.id, t.turns.map((x) => x.role).join(',')])).toEqual([
      ['custom-headers', 'supporter,supported,supporter'],
      ['seed-d5-peers', 'supported,supporter'],
    ]);
  });

  it('prints JSONL, one transcript per line', async () => {
    const { code, out } = await cli(['ingest', 'transcripts.json', '--format', 'jsonl']);
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n').map((l) => (JSON.parse(l) as Transcript).id)).toEqual(['arr-1', 'arr-2']);
  });

  it('exits 2 with a clear message naming the file and line for a bad file', async () => {
    const { code, out, err } = await cli(['ingest', 'latin1.txt']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('peer-fidelity: The input has a problem');
    expect(err).toMatch(/latin1\.txt:1: The file is not valid UTF-8.*Save it again as UTF-8/);
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 2 for an unknown output format', async () => {
    const { code, err } = await cli(['ingest', 'turns.csv', '--format', 'xml']);
    expect(code).toBe(2);
    expect(err).toContain('xml');
  });

  it('writes --output atomically and leaves a good file untouched when a later run fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-cli-'));
    writeFileSync(join(dir, 'good.csv'), 'speaker,text\nHelper,Hi\n');
    writeFileSync(join(dir, 'bad.csv'), 'speaker,utterance\nHelper,Hi\n');
    const first = await cli(['ingest', 'good.csv', '--format', 'json', '--output', 'out/result.json'], dir);
    expect(first.code).toBe(0);
    expect(first.out).toBe('');
    const good = readFileSync(join(dir, 'out/result.json'), 'utf8');
    expect((JSON.parse(good) as Transcript[])[0]?.id).toBe('good');

    const second = await cli(['ingest', 'bad.csv', '--format', 'json', '--output', 'out/result.json'], dir);
    expect(second.code).toBe(2);
    expect(second.err).toContain('--column text=<header>');
    expect(readFileSync(join(dir, 'out/result.json'), 'utf8')).toBe(good);
  });

  it('reads roles from --roles-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-cli-'));
    writeFileSync(join(dir, 'roles.yml'), 'Alex Rivera: supporter\nSam Okafor: supported\n');
    const { code, out, err } = await cli(['ingest', join(FIXTURES, 'teams.vtt'), '--roles-file', 'roles.yml'], dir);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('Alex Rivera (supporter), Sam Okafor (supported)');
  });

  it('fails on warnings with --strict', async () => {
    const { code, err } = await cli(['ingest', 'story.txt', '--strict']);
    expect(code).toBe(2);
    expect(err).toContain('story.txt:9:');
  });

  it('reads standard input through "-" with --stdin-filename', async () => {
    const stdin = async (): Promise<Uint8Array> => new TextEncoder().encode('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Helper>Hi there</v>\n');
    const result = await ingestFromCli(['-'], { stdinFilename: 'call.vtt', column: [] }, FIXTURES, stdin);
    expect(result.transcripts).toMatchObject([{ id: 'call', source: { format: 'vtt' }, turns: [{ speaker: 'Helper', role: 'supporter', text: 'Hi there' }] }]);
    await expect(ingestFromCli(['-'], {}, FIXTURES, async () => new Uint8Array(0))).rejects.toMatchObject({ code: 'ingest/stdin-filename' });
    await expect(ingestFromCli(['-'], { stdinFilename: 'empty.txt' }, FIXTURES, async () => new Uint8Array(0))).rejects.toMatchObject({ code: 'ingest/empty-file' });
  });

  it('turns commander options into IngestOptions', () => {
    expect(
      ingestOptionsFrom({ roles: 'Helper=supporter', column: ['text=utterance'], delimiter: 'tab', strict: true, inputFormat: 'csv', maxFileSize: '2' }, '/tmp'),
    ).toEqual({
      cwd: '/tmp',
      roles: { Helper: 'supporter' },
      columns: { text: 'utterance' },
      delimiter: '\t',
      strict: true,
      format: 'csv',
      maxFileSize: 2 * 1024 * 1024,
    });
    expect(() => ingestOptionsFrom({ column: ['text'] }, '/tmp')).toThrowError(/key=header/);
    expect(() => ingestOptionsFrom({ delimiter: ';;' }, '/tmp')).toThrowError(/one character/);
  });

  it('asks for --stdin-filename when reading "-"', async () => {
    const { code, err } = await cli(['ingest', '-']);
    expect(code).toBe(2);
    expect(err).toContain('--stdin-filename');
  });

  it('shows examples in --help', async () => {
    const { code, out } = await cli(['ingest', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('Examples:');
    expect(out).toContain('--roles-file');
  });
});
