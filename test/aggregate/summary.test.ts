import { describe, expect, it } from 'vitest';
import { canonicalSummary, summarizeTranscript } from '../../src/aggregate/summary.js';
import { fidelityIndex } from '../../src/aggregate/stats.js';
import { aggregate } from '../../src/aggregate/scores.js';
import { periodOf, describePeriod } from '../../src/aggregate/period.js';
import type { CodedTranscript, Finding, Turn } from '../../src/core/types.js';
import { TEST_CODEBOOK } from '../fixtures/report/synthetic.js';

function turn(index: number, role: Turn['role'], text: string): Turn {
  return { index, role, speaker: role === 'supporter' ? 'Alex' : 'Maria', text, sourceLine: index };
}

function find(turnIndex: number, role: Turn['role'], code: string, confidence = 1): Finding {
  const info = TEST_CODEBOOK.codes.find((c) => c.id === code);
  if (!info) throw new Error(code);
  return {
    code,
    standard: info.standard,
    polarity: info.polarity,
    codebook: { id: TEST_CODEBOOK.id, version: TEST_CODEBOOK.version },
    transcriptId: 't1',
    turn: turnIndex,
    speaker: role === 'supporter' ? 'Alex' : 'Maria',
    role,
    span: { start: 0, end: 3 },
    evidence: 'abc',
    matcher: { kind: 'pattern', id: 'x' },
    coder: 'auto@test',
    confidence,
    modifiers: {},
  };
}

function coded(turns: Turn[], findings: Finding[], meta: Partial<CodedTranscript['transcript']> = {}): CodedTranscript {
  return {
    transcript: { id: 't1', source: { file: 't1.txt', format: 'txt' }, turns, meta: {}, ...meta },
    findings,
    coverage: [],
    uncodedTurns: [],
    warnings: [],
  };
}

const TURNS = [
  turn(1, 'supported', 'My week was rough. Would you like to come with me to the garden?'),
  turn(2, 'supporter', 'When I was in a rough patch I stopped going out. What was it like?'),
  turn(3, 'supported', 'Hard. What do you do on bad days?'),
  turn(4, 'supporter', 'Are you safe right now?'),
  turn(5, 'supporter', 'Okay.'),
];

describe('summarizeTranscript', () => {
  it('counts supporter findings per code with confidence weights, and what each role did', () => {
    const s = summarizeTranscript(
      coded(TURNS, [find(2, 'supporter', 'self-disclosure', 0.8), find(4, 'supporter', 'risk-assessment', 0.5), find(1, 'supported', 'reciprocal-help')], {
        program: 'P',
        date: '2025-02-03',
      }),
      TEST_CODEBOOK,
    );
    expect(s.supporterTurns).toBe(3);
    expect(s.uncodedSupporterTurns).toBe(1);
    expect(s.codes).toEqual({
      'risk-assessment': { standard: 'sharing-risk', polarity: 'drifts', count: 1, weight: 0.5 },
      'self-disclosure': { standard: 'mutuality', polarity: 'meets', count: 1, weight: 0.8 },
    });
    expect(s.roles.supported).toMatchObject({ turns: 2, questionTurns: 2, offerTurns: 1, codes: { 'reciprocal-help': 1 } });
    expect(s.roles.supporter).toMatchObject({ turns: 3, questionTurns: 2, sharingTurns: 1 });
    expect(s.program).toBe('P');
  });

  it('round-trips through JSON to the same bytes', () => {
    const s = summarizeTranscript(coded(TURNS, [find(2, 'supporter', 'self-disclosure')], { site: 'S', setting: 'group' }), TEST_CODEBOOK);
    const back = canonicalSummary(JSON.parse(JSON.stringify(s)) as typeof s);
    expect(JSON.stringify(back)).toBe(JSON.stringify(s));
  });
});

describe('fidelity index', () => {
  it('is 50 with no evidence and never 0 or 100 from a single finding', () => {
    expect(fidelityIndex(0, 0)).toBe(50);
    expect(fidelityIndex(0, 1)).toBeCloseTo(33.33, 1);
    expect(fidelityIndex(1, 0)).toBeCloseTo(66.67, 1);
    expect(fidelityIndex(30, 0)).toBeGreaterThan(95);
  });

  it('gives every transcript an overall index, flagging low evidence', () => {
    const thin = summarizeTranscript(coded(TURNS, [find(4, 'supporter', 'risk-assessment')]), TEST_CODEBOOK);
    const table = aggregate([thin], { standards: TEST_CODEBOOK.standards, by: 'transcript' });
    const row = table.rows[0];
    expect(row?.overall.value).toBeCloseTo(33.3, 1);
    expect(row?.overall.low).toBeUndefined();
    expect(row?.overallLowEvidence).toBe(true);
    expect(row?.warnings).toContain('low-evidence');
    expect(row?.driftIndex.value).toBeCloseTo(33.3, 1);
    const risk = row?.standards.find((s) => s.standard === 'sharing-risk');
    expect(risk).toMatchObject({ meets: 0, drifts: 1, driftsPer100: 33.3, lowEvidence: true });
  });

  it('leaves excluded codes out of every score', () => {
    const s = summarizeTranscript(coded(TURNS, [find(2, 'supporter', 'self-disclosure'), find(4, 'supporter', 'risk-assessment')]), TEST_CODEBOOK);
    const all = aggregate([s], { standards: TEST_CODEBOOK.standards, by: 'transcript' }).rows[0];
    const without = aggregate([s], { standards: TEST_CODEBOOK.standards, by: 'transcript', excludeCodes: ['risk-assessment'] }).rows[0];
    expect(all?.overall.value).toBe(50);
    expect(without?.overall.value).toBeCloseTo(66.7, 1);
    expect(without?.driftIndex.value).toBe(0);
  });
});

describe('periods', () => {
  it('maps ISO dates to quarters and months, and nothing else', () => {
    expect(periodOf('2025-02-03', 'quarter')).toBe('2025-Q1');
    expect(periodOf('2025-12-31', 'quarter')).toBe('2025-Q4');
    expect(periodOf('2025-07-01', 'month')).toBe('2025-07');
    expect(periodOf('03/02/2025', 'quarter')).toBeUndefined();
    expect(periodOf('2025-13-01', 'month')).toBeUndefined();
    expect(periodOf(undefined, 'month')).toBeUndefined();
    expect(describePeriod('2025-Q3')).toBe('Q3 2025');
    expect(describePeriod('2025-07')).toBe('July 2025');
  });
});
