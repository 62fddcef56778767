// The seed dialogues are coded the way Mead & MacNeil judge them, turn by turn (regression fixture for issue 5).
// Reading chosen for D1 (the seed's commentary numbers the helpers off by one): we follow the content —
// Helper 1 discloses inside the illness frame, Helper 2 "borders on coercion", Helper 3 is advocacy inside the medication frame.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCodebookDir, loadCodebook } from '../../src/codebook/index.js';
import { codeTranscript } from '../../src/coding/index.js';
import type { CodedTranscript } from '../../src/core/types.js';
import { ingestPaths, loadRolesFile } from '../../src/ingest/index.js';

const DIR = join(import.meta.dirname, '../../corpora/seed-dialogues');
const codebook = await loadCodebook(defaultCodebookDir());
const roles = loadRolesFile(join(DIR, 'roles.csv'));

async function coded(file: string): Promise<CodedTranscript> {
  const { transcripts } = await ingestPaths([join(DIR, file)], { roles });
  const transcript = transcripts[0];
  if (!transcript) throw new Error(`no transcript in ${file}`);
  return codeTranscript(transcript, codebook);
}

function codesAt(c: CodedTranscript, turn: number): string[] {
  return c.findings.filter((f) => f.turn === turn).map((f) => f.code);
}

const DRIFT = codebook.codes.filter((c) => c.polarity === 'drifts').map((c) => c.id);

describe('seed dialogue D1: three typical helpers fall short of critical learning', () => {
  it('does not treat the helpee’s “My depression is really acting up” as drift', async () => {
    for (const file of ['d1-peer-helper-1.txt', 'd1-peer-helper-2.txt', 'd1-peer-helper-3.txt']) {
      expect(codesAt(await coded(file), 1)).toEqual([]);
    }
  });
  it('Helper 1: disclosure that reinforces the illness frame → medical-frame', async () => {
    expect(codesAt(await coded('d1-peer-helper-1.txt'), 2)).toContain('medical-frame');
  });
  it('Helper 2: hospital as leverage → compliance-pressure', async () => {
    expect(codesAt(await coded('d1-peer-helper-2.txt'), 2)).toContain('compliance-pressure');
  });
  it('Helper 3: advocacy inside the medication frame → medical-frame, not an exploratory question', async () => {
    const codes = codesAt(await coded('d1-peer-helper-3.txt'), 2);
    expect(codes).toContain('medical-frame');
    expect(codes).not.toContain('exploratory-question');
    expect(codes).not.toContain('compliance-pressure');
  });
});

describe('seed dialogue D2: the exemplary helper', () => {
  it('asks an exploratory question, reframes through disclosure, uses experiential language, and never drifts', async () => {
    const c = await coded('d2-critical-learning.txt');
    expect(codesAt(c, 2)).toContain('exploratory-question');
    expect(codesAt(c, 4)).toEqual(expect.arrayContaining(['reframing-disclosure', 'experiential-language']));
    const helperTurns = c.transcript.turns.filter((t) => t.role === 'supporter').map((t) => t.index);
    const drift = c.findings.filter((f) => helperTurns.includes(f.turn) && DRIFT.includes(f.code));
    expect(drift.map((f) => `${f.turn}:${f.code}:${f.evidence}`)).toEqual([]);
  });
  it('does not code the helpee’s clinical words', async () => {
    const c = await coded('d2-critical-learning.txt');
    const helpee = c.transcript.turns.filter((t) => t.role === 'supported').map((t) => t.index);
    expect(c.findings.filter((f) => helpee.includes(f.turn))).toEqual([]);
  });
});

describe('seed dialogue D3: mutuality', () => {
  it('the gym invitation shows shared vulnerability and doing together; the helpee turned helper helps back', async () => {
    const c = await coded('d3-mutuality-continuation.txt');
    expect(codesAt(c, 1)).toEqual(expect.arrayContaining(['shared-vulnerability', 'doing-together']));
    expect(codesAt(c, 2)).toContain('reciprocal-help');
  });
});

describe('seed dialogue D4: the Dr. A hallway exchange', () => {
  it('the peer specialist’s line talks about an absent person in clinical language', async () => {
    const c = await coded('d4-dr-a-hallway.txt');
    expect(codesAt(c, 2)).toEqual(expect.arrayContaining(['talking-about-absent', 'clinical-language']));
    expect(codesAt(c, 1)).toEqual([]);
  });
});

describe('seed dialogue D5: the language of suicide', () => {
  it('is say-see-feel-need and negotiating the relationship, not a risk assessment', async () => {
    const c = await coded('d5-language-of-suicide.txt');
    const codes = codesAt(c, 2);
    expect(codes).toEqual(expect.arrayContaining(['say-see-feel-need', 'negotiating-relationship']));
    expect(codes.filter((code) => DRIFT.includes(code))).toEqual([]);
    expect(codesAt(c, 1)).toEqual([]);
  });
});
