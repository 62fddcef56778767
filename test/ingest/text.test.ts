// Plain-text reader: seed dialogues as extracted from PDF, mixed labels, Otter blocks, stories.
import { describe, expect, it } from 'vitest';
import { parseContent } from '../../src/ingest/index.js';
import { accountedFor, codes, parseFixture } from './fixtures.js';

describe('plain text dialogues', () => {
  it('reads the seed D2 dialogue as extracted from PDF: labels with ";" and ":", wrapped lines, a page number', async () => {
    const parsed = await parseFixture('seed-d2-critical-learning.txt');
    const [t] = parsed.transcripts;
    expect(t?.turns.map((x) => x.speaker)).toEqual(['Helpee', 'Helper', 'Helpee', 'Helper', 'Helpee', 'Helper', 'Helpee', 'Helper', 'Helpee', 'Helper']);
    expect(t?.turns.map((x) => x.role).slice(0, 2)).toEqual(['supported', 'supporter']);
    // Wrapped lines are joined with one space; the seed's own double spaces stay.
    expect(t?.turns[0]?.text).toBe('My depression is really acting up lately and my doctor says I need to  increase my medication but I don’t really want to.');
    expect(t?.turns[3]?.text.startsWith('Boy I can remember a time')).toBe(true);
    expect(t?.turns[3]?.text.endsWith('I’m exhausted or frustrated.')).toBe(true);
    expect(t?.turns[8]).toMatchObject({ text: 'Like what?', sourceLine: 41 });
    expect(t?.turns.some((x) => /\b10\b/.test(x.text))).toBe(false);
    expect(parsed.problems).toMatchObject([
      { code: 'ingest/artifact', line: 39 },
      { code: 'ingest/no-speaker', line: 1 },
    ]);
    expect(parsed.skipped).toEqual([{ kind: 'turn', file: 'seed-d2-critical-learning.txt', line: 1, reason: 'text before the first speaker label' }]);
    expect(accountedFor(parsed)).toBe(true);
  });

  it('reads "Peer Helper 3 What…" (a known label without punctuation) as a turn', async () => {
    const parsed = await parseFixture('seed-d1-three-helpers.txt');
    expect(parsed.transcripts[0]?.turns.map((t) => [t.speaker, t.role])).toEqual([
      ['Helpee', 'supported'],
      ['Peer Helper 1', 'supporter'],
      ['Peer Helper 2', 'supporter'],
      ['Peer Helper 3', 'supporter'],
    ]);
    expect(parsed.transcripts[0]?.turns[3]?.text).toBe('What do you need to say to the Doctor so that he doesn’t increase them?');
    expect(parsed.problems).toEqual([]);
  });

  it('reads "Peer 1 :" and warns once per speaker it cannot give a role', async () => {
    const parsed = await parseFixture('seed-d5-peers.txt');
    expect(parsed.transcripts[0]?.turns.map((t) => [t.speaker, t.role])).toEqual([
      ['Peer 1', 'other'],
      ['Peer 2', 'other'],
    ]);
    expect(parsed.problems).toMatchObject([
      { code: 'ingest/unmapped-speaker', line: 1, message: expect.stringContaining('--roles "Peer 1=supporter"') },
      { code: 'ingest/unmapped-speaker', line: 3 },
    ]);
    const mapped = await parseFixture('seed-d5-peers.txt', { roles: { 'Peer 1': 'supported', 'Peer 2': 'supporter' } });
    expect(mapped.problems).toEqual([]);
    expect(mapped.transcripts[0]?.turns.map((t) => t.role)).toEqual(['supported', 'supporter']);
  });

  it('reads timestamped, bracketed, upper-case and spaced labels, joining continuation lines', async () => {
    const parsed = await parseFixture('mixed-labels.txt');
    expect(parsed.transcripts[0]?.turns.map((t) => [t.speaker, t.text, t.start ?? null])).toEqual([
      ['Jordan', 'Thanks for joining.', 5],
      ['Sam', "I almost didn't come.", null],
      ['SPEAKER', 'this line is from an unnamed speaker label', null],
      ['Peer 1', "I can't go with you today and I'm not sure about tomorrow either.", null],
      ['Helpee', 'Okay.', null],
    ]);
  });

  it('reads Otter blocks with their start times', async () => {
    const parsed = await parseFixture('otter.txt');
    expect(parsed.transcripts[0]?.turns.map((t) => [t.speaker, t.text, t.start, t.sourceLine])).toEqual([
      ['Jamie Ortiz', 'Thanks for being here. I wanted to start by asking how the move went.', 3, 1],
      ['Riley', 'It went okay. Boxes everywhere, but okay.', 11, 4],
      ['Jamie Ortiz', 'What felt hardest about it?', 62, 8],
      ['Riley', 'Leaving the neighbours, honestly.', 3909, 11],
    ]);
    expect(parsed.problems.find((p) => p.code === 'ingest/artifact')?.line).toBe(14);
  });
});

describe('stories', () => {
  it('reads a text with no speaker labels as narrator paragraphs, even with a "Note:" sentence', async () => {
    const parsed = await parseFixture('story.txt');
    const turns = parsed.transcripts[0]?.turns ?? [];
    expect(turns.map((t) => [t.speaker, t.role, t.sourceLine])).toEqual([
      ['narrator', 'narrator', 1],
      ['narrator', 'narrator', 4],
      ['narrator', 'narrator', 6],
      ['narrator', 'narrator', 11],
    ]);
    expect(turns[0]?.text).toBe(
      'When I first came to the drop-in centre I did not say a word for three weeks. People let me sit with my coffee and nobody asked me to fill in a form.',
    );
    expect(turns[1]?.text).toBe('Note: names in this story have been changed.');
    expect(codes(parsed)).toEqual(['ingest/artifact']);
  });

  it('does not take a sentence ending in a colon or a lower-case word for a speaker', async () => {
    const story = 'I remember what she said to me: you are not alone.\nIt changed how I saw things.\nAnother line here.\n';
    const parsed = await parseContent(story, 'memory.txt');
    expect(parsed.transcripts[0]?.turns).toHaveLength(1);
    expect(parsed.transcripts[0]?.turns[0]?.speaker).toBe('narrator');
  });

  it('treats a file where most lines carry labels as a dialogue', async () => {
    const parsed = await parseContent('Alex: Hi.\nSam: Hello.\nAlex: How are you?\n', 'chat.txt');
    expect(parsed.transcripts[0]?.turns.map((t) => t.speaker)).toEqual(['Alex', 'Sam', 'Alex']);
  });
});
