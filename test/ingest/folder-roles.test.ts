// A folder's roles.csv maps its speakers to roles; the user's own --roles still win.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';

const SEEDS = join(import.meta.dirname, '../../corpora/seed-dialogues');

describe('roles.csv in a folder', () => {
  it('is read as a roles file, not as a transcript', async () => {
    const { transcripts, problems } = await ingestPaths([SEEDS]);
    const d5 = transcripts.find((t) => t.id === 'seed-002-d5');
    expect(d5?.turns.map((t) => [t.speaker, t.role])).toEqual([['Peer 1', 'supported'], ['Peer 2', 'supporter']]);
    expect(transcripts.some((t) => t.source.file.endsWith('roles.csv'))).toBe(false);
    expect(problems.filter((p) => p.code === 'ingest/unmapped-speaker')).toEqual([]);
  });

  it('gives way to roles the user names', async () => {
    const { transcripts } = await ingestPaths([SEEDS], { roles: { 'Peer 1': 'supporter' } });
    expect(transcripts.find((t) => t.id === 'seed-002-d5')?.turns[0]?.role).toBe('supporter');
  });
});
