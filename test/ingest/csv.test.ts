// CSV/TSV reader against checked-in exports and small inline cases.
import { describe, expect, it } from 'vitest';
import { parseContent } from '../../src/ingest/index.js';
import { accountedFor, codes, parseFixture } from './fixtures.js';

describe('CSV reader', () => {
  it('reads a BOM + CRLF file with a quoted newline into two transcripts, with real line numbers', async () => {
    const parsed = await parseFixture('turns.csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.transcripts.map((t) => t.id)).toEqual(['d3-gym', 'hallway']);
    const [gym, hallway] = parsed.transcripts;
    expect(gym).toMatchObject({ program: 'Warmline', site: 'North', date: '2024-03-01', setting: 'one-to-one', source: { file: 'turns.csv', format: 'csv' } });
    expect(gym?.turns.map((t) => t.sourceLine)).toEqual([2, 3, 5]);
    expect(gym?.turns[1]?.text).toBe(
      "Wow I used to feel that way.\nThat thinking took practice, but now I feel pretty comfortable at the gym. I'd be happy to go with you if you think it might help.",
    );
    expect(hallway?.date).toBe('2024-03-05');
    expect(hallway?.turns.map((t) => [t.speaker, t.role])).toEqual([
      ['Dr. A', 'staff'],
      ['Peer Specialist', 'supporter'],
    ]);
    expect(accountedFor(parsed)).toBe(true);
  });

  it('lets a role column change a speaker role mid-conversation', async () => {
    const [gym] = (await parseFixture('turns.csv')).transcripts;
    expect(gym?.turns.map((t) => `${t.speaker}:${t.role}`)).toEqual(['Helper:supporter', 'Helpee:supporter', 'Helper:supporter']);
    const roles = (await parseContent('speaker,role,text\nHelpee,,Hi\nHelpee,supporter,I can go with you.\n', 'x.csv')).transcripts[0]?.turns.map((t) => t.role);
    expect(roles).toEqual(['supported', 'supporter']);
  });

  it('detects a semicolon delimiter and warns about a row with an unquoted delimiter', async () => {
    const parsed = await parseFixture('semicolon.csv');
    expect(parsed.transcripts[0]?.turns.map((t) => t.text)).toEqual(['Welkom, wie wil beginnen?', 'Ik', 'Natuurlijk; vertel.']);
    expect(parsed.problems).toMatchObject([{ code: 'ingest/field-count', file: 'semicolon.csv', line: 3, severity: 'warning' }]);
  });

  it('maps custom headers with columns and reads times', async () => {
    const parsed = await parseFixture('custom-headers.csv', {
      columns: { transcript_id: 'Conversation', turn: 'Seq', speaker: 'Who', text: 'Utterance', start: 'Started' },
    });
    expect(parsed.problems).toEqual([]);
    const [t] = parsed.transcripts;
    expect(t?.id).toBe('c-01');
    expect(t?.turns.map((x) => [x.index, x.role, x.start])).toEqual([
      [1, 'supporter', 2],
      [2, 'supported', 6.5],
      [3, 'supporter', 11],
    ]);
  });

  it('names the file as the transcript when there is no transcript_id column', async () => {
    const parsed = await parseContent('speaker\ttext\nHelper\tHello\n', 'week-3.tsv');
    expect(parsed.transcripts[0]).toMatchObject({ id: 'week-3', source: { format: 'tsv' } });
  });

  it('detects a tab delimiter in a .csv file', async () => {
    const parsed = await parseContent('speaker\ttext\r\nHelper\tHi, there\r\nHelpee\tHello\r\n', 'export.csv');
    expect(parsed.transcripts[0]?.turns.map((t) => t.text)).toEqual(['Hi, there', 'Hello']);
  });

  it('honours an explicit delimiter', async () => {
    const parsed = await parseContent('speaker|text\nHelper|Hi, there\n', 'x.csv', { delimiter: '|' });
    expect(parsed.transcripts[0]?.turns[0]?.text).toBe('Hi, there');
  });

  it('orders turns by their turn numbers', async () => {
    const parsed = await parseContent('turn,speaker,text\n2,Helpee,Second\n1,Helper,First\n', 'x.csv');
    expect(parsed.transcripts[0]?.turns.map((t) => [t.index, t.text])).toEqual([
      [1, 'First'],
      [2, 'Second'],
    ]);
  });

  it('uses the first value of transcript metadata and warns about a conflicting one', async () => {
    const parsed = await parseContent('transcript_id,program,speaker,text\na,Warmline,Helper,Hi\na,Drop-in,Helpee,Hello\n', 'x.csv');
    expect(parsed.transcripts[0]?.program).toBe('Warmline');
    expect(codes(parsed)).toEqual(['ingest/conflicting-metadata']);
  });
});
