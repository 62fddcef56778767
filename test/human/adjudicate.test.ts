// Adjudication: agreed and disputed codes per turn, and a consensus sheet that reads back once settled.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { PeerFidelityError } from '../../src/core/errors.js';
import { adjudicate, formatConsensusSheet } from '../../src/human/adjudicate.js';
import { readCodingSheets } from '../../src/human/read-sheets.js';
import { fullCoverage, makeTranscript, manualFinding, testCodebook, testTranscripts } from './helpers.js';

const codebook = testCodebook();
const transcripts = testTranscripts();
const fixture = (name: string) => ({ path: name, content: readFileSync(new URL(`../fixtures/human/${name}`, import.meta.url), 'utf8') });
const coded = readCodingSheets([fixture('alice.csv'), fixture('bob.csv')], transcripts, codebook);
const result = adjudicate(coded.findings, coded.coverage, codebook);

describe('adjudicate', () => {
  it('lists each marked code per turn with who marked it, leaving out what everyone left blank', () => {
    expect(result.rows.map((r) => `${r.transcriptId}#${r.turn} ${r.code} ${r.status} +${r.markedBy.join(',')} -${r.notMarkedBy.join(',')}`)).toEqual([
      't1#1 shared-experience agreed +alice,bob -',
      't1#3 shared-experience agreed +alice,bob -',
      't1#3 curiosity agreed +alice,bob -',
      't1#5 fixing agreed +alice,bob -',
      't1#6 hope agreed +alice,bob -',
      't2#1 curiosity disagreed +alice -bob',
      't2#2 hope disagreed +bob -alice',
      't2#3 shared-experience agreed +alice -',
      't2#4 hope agreed +alice -',
    ]);
  });

  it('sums up agreements, disagreements and turns only one coder saw', () => {
    expect(result.summary).toMatchObject({ coders: ['alice', 'bob'], turns: 10, turnsWithDisagreement: 2, singleCoderTurns: 2, agreed: 7, disagreed: 2 });
    expect(result.summary.byCode).toEqual([
      { code: 'shared-experience', agreed: 3, disagreed: 0 },
      { code: 'curiosity', agreed: 1, disagreed: 1 },
      { code: 'fixing', agreed: 1, disagreed: 0 },
      { code: 'hope', agreed: 2, disagreed: 1 },
    ]);
  });

  it('needs two coders', () => {
    const t = makeTranscript('x', ['a']);
    expect(() => adjudicate([manualFinding(codebook, t, 1, 'hope', 'solo')], fullCoverage([t], ['solo']), codebook)).toThrow(/at least two coders/);
  });
});

describe('the consensus sheet', () => {
  const csv = formatConsensusSheet(result, transcripts, codebook, { notes: coded.notes });
  const [header, ...rows] = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data as [string[], ...string[][]];
  const cell = (row: number, column: string): string => rows[row]![header.indexOf(column)]!;

  it('is in the sheet format with a disagreements column', () => {
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
      'disagreements',
      'notes',
      'coder',
    ]);
    expect(rows).toHaveLength(10);
  });

  it('holds 1 where all agreed, ? where they disagree, and who said what', () => {
    expect(cell(2, 'curiosity')).toBe('1');
    expect(cell(6, 'curiosity')).toBe('?');
    expect(cell(6, 'disagreements')).toBe('curiosity: alice yes / bob no');
    expect(cell(7, 'hope')).toBe('?');
    expect(cell(7, 'disagreements')).toBe('hope: bob yes / alice no');
    expect(cell(8, 'disagreements')).toBe('coded by alice only');
    expect(cell(2, 'notes')).toBe('alice: asks, then waits');
    expect(cell(3, 'notes')).toBe('bob: not sure about hope here');
  });

  it('cannot be read as the gold set while a ? is left', () => {
    let error: unknown;
    try {
      readCodingSheets([{ path: 'consensus.csv', content: csv }], transcripts, codebook);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeerFidelityError);
    // Turns 4 and 5 of t1 each hold a cell over two lines, so t2's turns 1 and 2 are on lines 10 and 11.
    expect((error as PeerFidelityError).details.map((d) => [d.line, d.message])).toEqual([
      [10, expect.stringMatching(/unresolved disagreement on "curiosity" for turn 1 of "t2" \(curiosity: alice yes \/ bob no\).*replace \? with 1 or leave it blank/)],
      [11, expect.stringMatching(/unresolved disagreement on "hope"/)],
    ]);
  });

  it('reads back as the gold set once settled', () => {
    const settled = csv.replace(/,\?,/g, ',1,');
    const gold = readCodingSheets([{ path: 'out/consensus.csv', content: settled }], transcripts, codebook);
    expect(gold.coders).toEqual(['consensus']);
    expect(gold.findings.map((f) => `${f.transcriptId}#${f.turn} ${f.code}`)).toEqual([
      't1#1 shared-experience',
      't1#3 curiosity',
      't1#3 shared-experience',
      't1#5 fixing',
      't1#6 hope',
      't2#1 curiosity',
      't2#2 hope',
      't2#3 shared-experience',
      't2#4 hope',
    ]);
  });
});
