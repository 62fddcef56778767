// JSON and JSONL reader: transcript objects, arrays, turn rows, line numbers.
import { describe, expect, it } from 'vitest';
import { parseContent } from '../../src/ingest/index.js';
import { accountedFor, parseFixture } from './fixtures.js';

describe('JSON and JSONL readers', () => {
  it('reads one transcript object with metadata, a role field and times, and finds each turn line', async () => {
    const parsed = await parseFixture('transcript.json');
    expect(parsed.problems).toEqual([]);
    const [t] = parsed.transcripts;
    expect(t).toMatchObject({ id: 'json-one', program: 'Warmline', date: '2024-04-02', setting: 'phone', meta: { coder: 'team-a' } });
    expect(t?.turns.map((x) => x.sourceLine)).toEqual([8, 9, 10]);
    expect(t?.turns[2]).toMatchObject({ role: 'supporter', start: 12.5, end: 14 });
  });

  it('reads an array of transcripts', async () => {
    const parsed = await parseFixture('transcripts.json');
    expect(parsed.transcripts.map((t) => [t.id, t.site ?? null, t.turns.map((x) => x.role).join(',')])).toEqual([
      ['arr-1', null, 'supporter,supported'],
      ['arr-2', 'East', 'other,staff'],
    ]);
    expect(parsed.transcripts[1]?.turns[0]?.sourceLine).toBe(13);
  });

  it('reads JSONL turn rows grouped by transcript_id, with role fields', async () => {
    const parsed = await parseFixture('turns.jsonl');
    expect(parsed.problems).toEqual([]);
    expect(parsed.transcripts.map((t) => [t.id, t.turns.map((x) => `${x.index}:${x.speaker}:${x.role}@${x.sourceLine}`)])).toEqual([
      ['l-1', ['1:Helper:supporter@1', '2:Helpee:supported@2']],
      ['l-2', ['1:Peer 1:supported@4', '2:Peer 2:supporter@5']],
    ]);
  });

  it('reads JSONL with one transcript object per line', async () => {
    const parsed = await parseFixture('transcripts.jsonl');
    expect(parsed.transcripts.map((t) => [t.id, t.program, t.turns.length, t.turns[0]?.sourceLine])).toEqual([
      ['t-1', 'Drop-in', 2, 1],
      ['t-2', 'Drop-in', 1, 2],
    ]);
  });

  it('skips and counts list items that are not turns', async () => {
    const parsed = await parseContent('{"id":"x","turns":[{"speaker":"Helper","text":"Hi"}, 42, "oops"]}', 'x.json');
    expect(parsed.transcripts[0]?.turns).toHaveLength(1);
    expect(parsed.skipped).toHaveLength(2);
    expect(accountedFor(parsed)).toBe(true);
  });
});
