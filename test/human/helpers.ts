// Hand-built codebook, transcripts and findings shared by the reliability and human-coding tests.
import type { CodebookInfo, Finding, Role, Transcript } from '../../src/core/types.js';
import { type CoderCoverage, addToCoverage, emptyCoverage } from '../../src/reliability/units.js';

export function testCodebook(): CodebookInfo {
  const code = (id: string, polarity: 'meets' | 'drifts', roles: Role[]) => ({
    id,
    label: id.replace(/-/g, ' '),
    standard: polarity === 'meets' ? 'mutuality' : 'worldview',
    polarity,
    roles,
    definition: `test code ${id}`,
    weight: 1,
  });
  return {
    id: 'test-book',
    version: '1.2.0',
    title: 'A test codebook',
    language: 'en',
    standards: [
      { id: 'mutuality', label: 'Mutuality', definition: 'test' },
      { id: 'worldview', label: 'Worldview', definition: 'test' },
    ],
    codes: [
      code('shared-experience', 'meets', ['supporter']),
      code('curiosity', 'meets', ['supporter']),
      code('fixing', 'drifts', ['supporter']),
      code('hope', 'meets', ['supporter', 'supported']),
    ],
  };
}

/** A transcript whose turns alternate supporter / person supported, with the given texts. */
export function makeTranscript(id: string, texts: string[]): Transcript {
  return {
    id,
    source: { file: `${id}.txt`, format: 'txt' },
    meta: {},
    turns: texts.map((text, i) => ({
      index: i + 1,
      speaker: i % 2 === 0 ? 'Sam' : 'Jo',
      role: i % 2 === 0 ? 'supporter' : 'supported',
      text,
      sourceLine: i + 1,
    })),
  };
}

export function testTranscripts(): Transcript[] {
  return [
    makeTranscript('t1', [
      'I have been there too, honestly.',
      'It has been a hard week.',
      'What was the hardest part, for you?',
      'Nobody listens.\nNot even at home.',
      'You should just call the office.',
      'Maybe things can get better.',
    ]),
    makeTranscript('t2', ['How are you doing today?', 'Better, I think.', '=SUM(A1) is not a formula here', '- a list, "quoted" too']),
  ];
}

/** A human coder's finding on a whole turn, as the sheet reader makes them. */
export function manualFinding(codebook: CodebookInfo, transcript: Transcript, turn: number, code: string, coder: string): Finding {
  const t = transcript.turns[turn - 1]!;
  const info = codebook.codes.find((c) => c.id === code)!;
  return {
    code,
    standard: info.standard,
    polarity: info.polarity,
    codebook: { id: codebook.id, version: codebook.version },
    transcriptId: transcript.id,
    turn,
    speaker: t.speaker,
    role: t.role,
    span: { start: 0, end: t.text.length },
    evidence: t.text,
    matcher: { kind: 'manual', id: 'sheet' },
    coder,
    confidence: 1,
    modifiers: {},
  };
}

/** Coverage of every turn of the transcripts for each coder. */
export function fullCoverage(transcripts: Transcript[], coders: string[]): CoderCoverage {
  const coverage = emptyCoverage();
  for (const coder of coders) {
    for (const t of transcripts) for (const turn of t.turns) addToCoverage(coverage, coder, { transcriptId: t.id, turn: turn.index, role: turn.role });
  }
  return coverage;
}
