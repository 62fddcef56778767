// Reading filled-in coding sheets: marks, the codes column, coders, notes, and every kind of mistake a person makes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type SheetFile, readCodingSheets } from '../../src/human/read-sheets.js';
import { unitKey } from '../../src/reliability/units.js';
import { testCodebook, testTranscripts } from './helpers.js';
import { thrown } from '../helpers/thrown.js';

const codebook = testCodebook();
const transcripts = testTranscripts();
const fixture = (name: string): SheetFile => ({
  path: `test/fixtures/human/${name}`,
  content: readFileSync(new URL(`../fixtures/human/${name}`, import.meta.url), 'utf8'),
});

const summary = (findings: { transcriptId: string; turn: number; code: string; coder: string }[]) =>
  findings.map((f) => `${f.coder} ${f.transcriptId}#${f.turn} ${f.code}`);

describe('a sheet with code columns (BOM, CRLF, a cell over two lines, spreadsheet-escaped text)', () => {
  const read = readCodingSheets([fixture('alice.csv')], transcripts, codebook);

  it('reads 1, x, Yes, ✓ and TRUE as present and blank, 0 and no as absent', () => {
    expect(summary(read.findings)).toEqual([
      'alice t1#1 shared-experience',
      'alice t1#3 curiosity',
      'alice t1#3 shared-experience',
      'alice t1#5 fixing',
      'alice t1#6 hope',
      'alice t2#1 curiosity',
      'alice t2#3 shared-experience',
      'alice t2#4 hope',
    ]);
  });

  it('names the coder after the file when there is no coder in the row', () => {
    expect(read.coders).toEqual(['alice']);
  });

  it('makes findings in the engine\'s shape, spanning the whole turn', () => {
    const f = read.findings.find((x) => x.transcriptId === 't1' && x.turn === 4 - 1)!;
    expect(f).toEqual({
      code: 'curiosity',
      standard: 'mutuality',
      polarity: 'meets',
      codebook: { id: 'test-book', version: '1.2.0' },
      transcriptId: 't1',
      turn: 3,
      speaker: 'Sam',
      role: 'supporter',
      span: { start: 0, end: 35 },
      evidence: 'What was the hardest part, for you?',
      matcher: { kind: 'manual', id: 'sheet' },
      coder: 'alice',
      confidence: 1,
      modifiers: {},
    });
  });

  it('covers every row, marked or blank', () => {
    expect(read.coverage.coders.get('alice')?.size).toBe(10);
    expect(read.coverage.units.get(unitKey('t1', 4))).toEqual({ transcriptId: 't1', turn: 4, role: 'supported' });
  });

  it('keeps notes with their real line number', () => {
    expect(read.notes).toEqual([{ coder: 'alice', transcriptId: 't1', turn: 3, note: 'asks, then waits', file: 'test/fixtures/human/alice.csv', line: 4 }]);
    expect(read.problems).toEqual([]);
  });
});

describe('a sheet with a codes column, semicolons, and a coder column', () => {
  const read = readCodingSheets([fixture('bob.csv')], transcripts, codebook);

  it('reads code ids separated by ; or , in any case', () => {
    expect(summary(read.findings)).toEqual([
      'bob t1#1 shared-experience',
      'bob t1#3 curiosity',
      'bob t1#3 shared-experience',
      'bob t1#5 fixing',
      'bob t1#6 hope',
      'bob t2#2 hope',
    ]);
    expect(read.coverage.coders.get('bob')?.size).toBe(8);
  });

  it('counts lines across a cell with a line break', () => {
    expect(read.notes).toEqual([{ coder: 'bob', transcriptId: 't1', turn: 4, note: 'not sure about hope here', file: 'test/fixtures/human/bob.csv', line: 5 }]);
  });

  it('reads several sheets together', () => {
    const both = readCodingSheets([fixture('alice.csv'), fixture('bob.csv')], transcripts, codebook);
    expect(both.coders).toEqual(['alice', 'bob']);
    expect(both.findings).toHaveLength(14);
  });
});

describe('mistakes are all reported together, with file and line', () => {
  const error = thrown(() => readCodingSheets([fixture('broken.csv')], transcripts, codebook));
  const at = (line: number): string[] => error.details.filter((d) => d.line === line).map((d) => `${d.code}: ${d.message}`);

  it('throws one error listing every problem', () => {
    expect(error.code).toBe('human/invalid-sheets');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/8 problems/);
    expect(error.details.every((d) => d.file === 'test/fixtures/human/broken.csv')).toBe(true);
    expect(error.details.map((d) => d.line)).toEqual([2, 4, 5, 6, 7, 8, 10, 11]);
    // Line 8's text cell runs over two lines, so the next row starts on line 10.
  });

  it('names a cell that is neither a mark nor blank', () => {
    expect(at(2)).toEqual([expect.stringMatching(/^human\/bad-mark: the "curiosity" cell holds "maybe"; write 1/)]);
  });

  it('names a turn or transcript that does not exist, suggesting close ids', () => {
    expect(at(4)).toEqual([expect.stringMatching(/^human\/unknown-turn: transcript "t1" has no turn 9 \(it has 6 turns\).*make a new sheet/)]);
    expect(at(5)).toEqual([expect.stringMatching(/^human\/unknown-transcript: there is no transcript "t3".*did you mean 't1' or 't2'/)]);
    expect(at(10)).toEqual([expect.stringMatching(/unknown-transcript: there is no transcript "T1".*did you mean 't1'/)]);
    expect(at(11)).toEqual([expect.stringMatching(/^human\/bad-turn: the turn cell holds "five"/)]);
  });

  it('refuses a second row for the same coder and turn, naming the first', () => {
    expect(at(6)).toEqual([expect.stringMatching(/^human\/duplicate-row: broken already coded turn 2 of "t1" at test\/fixtures\/human\/broken.csv:3/)]);
  });

  it('notices that the transcript changed since the sheet was made', () => {
    expect(at(7)).toEqual([expect.stringMatching(/^human\/text-changed: .*the transcript changed since this sheet was made; make a new sheet/)]);
  });

  it('refuses an unresolved ? from adjudication', () => {
    expect(at(8)).toEqual([expect.stringMatching(/^human\/unresolved: unresolved disagreement on "shared-experience".*replace \? with 1 or leave it blank/)]);
  });
});

describe('other mistakes', () => {
  it('lists close matches for an unknown code id in the codes column', () => {
    const error = thrown(() => readCodingSheets([fixture('codes-typo.csv')], transcripts, codebook));
    expect(error.details.map((d) => [d.line, d.message.match(/"(.*?)".*did you mean (.*)\?\)/)?.slice(1)])).toEqual([
      [2, ['curiousity', "'curiosity'"]],
      [2, ['hpoe', "'hope'"]],
      [3, ['shared experience', "'shared-experience'"]],
    ]);
  });

  it('warns about values in a column that is not a code, and still reads the rest', () => {
    const content = 'transcript_id,turn,hope,empathy\nt1,1,1,\nt1,2,,yes\nt1,3,,1\n';
    const read = readCodingSheets([{ path: 'c.csv', content }], transcripts, codebook);
    expect(read.findings).toHaveLength(1);
    expect(read.problems).toEqual([
      {
        severity: 'warning',
        code: 'human/unknown-column',
        file: 'c.csv',
        line: 3,
        message: expect.stringMatching(/the column "empathy" is not a code.*\(lines 3, 4\) were not read/),
      },
    ]);
  });

  it('warns about cells beyond the header', () => {
    const read = readCodingSheets([{ path: 'c.csv', content: 'transcript_id,turn,hope\nt1,1,1,oops\n' }], transcripts, codebook);
    expect(read.problems.map((p) => p.code)).toEqual(['human/extra-cells']);
  });

  it('needs the transcript_id and turn columns and at least one code column', () => {
    expect(thrown(() => readCodingSheets([{ path: 'c.csv', content: 'id,turn,hope\nt1,1,1\n' }], transcripts, codebook)).details[0]).toMatchObject({
      code: 'human/missing-column',
      line: 1,
      message: expect.stringMatching(/no "transcript_id" column/),
    });
    expect(thrown(() => readCodingSheets([{ path: 'c.csv', content: 'transcript_id,turn,note\nt1,1,1\n' }], transcripts, codebook)).details[0]?.code).toBe(
      'human/no-code-columns',
    );
  });

  it('refuses a column given twice', () => {
    const error = thrown(() => readCodingSheets([{ path: 'c.csv', content: 'transcript_id,turn,hope,Hope\nt1,1,1,\n' }], transcripts, codebook));
    expect(error.details[0]?.message).toMatch(/"Hope" appears twice.*columns 3 and 4/);
  });

  it('refuses duplicate rows across files for the same coder', () => {
    const content = 'transcript_id,turn,hope,coder\nt1,1,1,dana\n';
    const error = thrown(() => readCodingSheets([{ path: 'a.csv', content }, { path: 'b.csv', content }], transcripts, codebook));
    expect(error.details).toMatchObject([{ file: 'b.csv', line: 2, message: expect.stringMatching(/dana already coded turn 1 of "t1" at a.csv:2/) }]);
  });

  it('reports malformed CSV', () => {
    const error = thrown(() => readCodingSheets([{ path: 'c.csv', content: 'transcript_id,turn,hope\nt1,1,"1\n' }], transcripts, codebook));
    expect(error.details.map((d) => d.code)).toContain('human/malformed-csv');
  });

  it('sums up a long run of the same problem', () => {
    const rows = Array.from({ length: 15 }, (_, i) => `t1,${i + 100},1`);
    const error = thrown(() => readCodingSheets([{ path: 'c.csv', content: ['transcript_id,turn,hope', ...rows].join('\n') }], transcripts, codebook));
    expect(error.message).toMatch(/15 problems/);
    expect(error.details).toHaveLength(11);
    expect(error.details[10]?.message).toMatch(/and 5 more problems like the ones above/);
  });

  it('skips blank rows and warns about an empty sheet', () => {
    const read = readCodingSheets([{ path: 'e.csv', content: '\n\n' }, { path: 'f.csv', content: 'transcript_id,turn,hope\n\n,,\nt1,2,1\n' }], transcripts, codebook);
    expect(read.problems.map((p) => p.code)).toEqual(['human/empty-sheet']);
    expect(summary(read.findings)).toEqual(['f t1#2 hope']);
  });

  it('accepts a turn number a spreadsheet saved as 3.0', () => {
    const read = readCodingSheets([{ path: 'g.csv', content: 'transcript_id,turn,hope\nt1,3.0,1\n' }], transcripts, codebook);
    expect(summary(read.findings)).toEqual(['g t1#3 hope']);
  });

  it('lets the caller name the coder', () => {
    const read = readCodingSheets([{ path: 'x.csv', content: 'transcript_id,turn,hope,coder\nt1,2,1,someone\n' }], transcripts, codebook, { coder: 'erin' });
    expect(read.coders).toEqual(['erin']);
  });
});
