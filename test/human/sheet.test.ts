// Coding sheets: the columns and rows a person gets, and that a filled-in sheet reads back as the same codes.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { CodedTranscript } from '../../src/core/types.js';
import { readCodingSheets } from '../../src/human/read-sheets.js';
import { buildSheet } from '../../src/human/sheet.js';
import { makeTranscript, manualFinding, testCodebook, testTranscripts } from './helpers.js';

const codebook = testCodebook();
const transcripts = testTranscripts();

function parse(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const result = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('buildSheet', () => {
  const rows = parse(buildSheet(transcripts, codebook));
  const [header, ...body] = rows as [string[], ...string[][]];

  it('has the context columns, one column per code in codebook order, then notes and coder', () => {
    expect(header).toEqual([
      'transcript_id',
      'turn',
      'speaker',
      'role',
      'text',
      'previous_speaker',
      'previous_text',
      'shared-experience',
      'curiosity',
      'fixing',
      'hope',
      'notes',
      'coder',
    ]);
  });

  it('has one row per turn with the turn before it, and blank code cells', () => {
    expect(body).toHaveLength(10);
    expect(body[3]!.slice(0, 7)).toEqual(['t1', '4', 'Jo', 'supported', 'Nobody listens.\nNot even at home.', 'Sam', 'What was the hardest part, for you?']);
    expect(body[6]!.slice(0, 7)).toEqual(['t2', '1', 'Sam', 'supporter', 'How are you doing today?', '', '']);
    expect(body.every((r) => r.slice(7).every((c) => c === ''))).toBe(true);
  });

  it('escapes text that a spreadsheet would run as a formula', () => {
    expect(body[8]![4]).toBe("'=SUM(A1) is not a formula here");
  });

  it('is blind by default and lists the machine codes with prefill', () => {
    const [t1, t2] = transcripts as [typeof transcripts[0], typeof transcripts[0]];
    const coded = (t: typeof t1, findings: ReturnType<typeof manualFinding>[]): CodedTranscript => ({
      transcript: t,
      findings,
      coverage: [],
      uncodedTurns: [],
      warnings: [],
    });
    const prefill = [
      coded(t1, [manualFinding(codebook, t1, 3, 'curiosity', 'auto@0.1.0'), manualFinding(codebook, t1, 3, 'shared-experience', 'auto@0.1.0')]),
      coded(t2, [manualFinding(codebook, t2, 2, 'hope', 'auto@0.1.0'), manualFinding(codebook, t2, 2, 'hope', 'auto@0.1.0')]),
    ];
    const [h, ...b] = parse(buildSheet(transcripts, codebook, { prefill })) as [string[], ...string[][]];
    const at = h.indexOf('machine_codes');
    expect(at).toBe(7);
    expect(h.indexOf('shared-experience')).toBe(8);
    expect(b[2]![at]).toBe('shared-experience; curiosity');
    expect(b[7]![at]).toBe('hope');
    expect(b[0]![at]).toBe('');
    expect(header).not.toContain('machine_codes');
  });

  it('refuses two transcripts with the same id', () => {
    expect(() => buildSheet([makeTranscript('a', ['x']), makeTranscript('a', ['y'])], codebook)).toThrow(/two transcripts have the id "a"/);
  });
});

describe('a sheet filled in and read back', () => {
  it('gives a finding per mark, for the coder named in the coder column', () => {
    const [header, ...body] = parse(buildSheet(transcripts, codebook)) as [string[], ...string[][]];
    const col = (name: string): number => header.indexOf(name);
    body[0]![col('shared-experience')] = '1';
    body[2]![col('curiosity')] = 'x';
    body[2]![col('notes')] = 'open question';
    body[9]![col('hope')] = 'yes';
    for (const row of body) row[col('coder')] = 'casey';
    const content = Papa.unparse({ fields: header, data: body });
    const read = readCodingSheets([{ path: 'sheets/filled.csv', content }], transcripts, codebook);
    expect(read.coders).toEqual(['casey']);
    expect(read.findings.map((f) => [f.transcriptId, f.turn, f.code, f.coder])).toEqual([
      ['t1', 1, 'shared-experience', 'casey'],
      ['t1', 3, 'curiosity', 'casey'],
      ['t2', 4, 'hope', 'casey'],
    ]);
    expect(read.coverage.coders.get('casey')?.size).toBe(10);
    expect(read.notes).toEqual([{ coder: 'casey', transcriptId: 't1', turn: 3, note: 'open question', file: 'sheets/filled.csv', line: 4 }]);
    expect(read.problems).toEqual([]);
  });
});
