// Agreement on codings: per-code present/absent variables, missing turns, overall figures, warnings, bootstrap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, Transcript } from '../../src/core/types.js';
import { computeAgreement } from '../../src/reliability/agreement.js';
import { formatAgreementCsv, formatAgreementJson, formatAgreementTable } from '../../src/reliability/format.js';
import { type ReliabilityData, cohenKappa, krippendorffAlpha, percentAgreement } from '../../src/reliability/stats.js';
import { addToCoverage, emptyCoverage } from '../../src/reliability/units.js';
import { fullCoverage, makeTranscript, manualFinding, testCodebook, testTranscripts } from '../human/helpers.js';
import { thrown } from '../helpers/thrown.js';

const codebook = testCodebook();
const SEED = 424242;

describe('computeAgreement on a small hand-checked case', () => {
  const [t1, t2] = testTranscripts() as [Transcript, Transcript];
  const f = (t: Transcript, turn: number, code: string, coder: string): Finding => manualFinding(codebook, t, turn, code, coder);
  // Supporter turns: t1 1, 3, 5; t2 1, 3. Alice and Bob agree on shared-experience except t1 turn 3.
  const codings = [
    f(t1, 1, 'shared-experience', 'alice'),
    f(t1, 1, 'shared-experience', 'bob'),
    f(t1, 3, 'shared-experience', 'alice'),
    f(t2, 3, 'shared-experience', 'alice'),
    f(t2, 3, 'shared-experience', 'bob'),
    f(t1, 3, 'curiosity', 'alice'),
    f(t1, 3, 'curiosity', 'bob'),
    f(t2, 1, 'curiosity', 'bob'),
  ];
  const coverage = fullCoverage([t1, t2], ['alice', 'bob']);
  const report = computeAgreement(codings, { codebook, coverage, bootstrap: { replicates: 300, seed: 3 } });
  const byCode = (id: string) => report.codes.find((c) => c.code === id)!;

  it('uses the turns of the roles a code applies to', () => {
    expect(byCode('shared-experience').units).toBe(5);
    expect(byCode('hope').units).toBe(10);
  });

  it('computes percent agreement, kappa and alpha per code', () => {
    // shared-experience: alice 1,1,0,0,1 / bob 1,0,0,0,1 → 4 of 5 agree.
    const se = byCode('shared-experience');
    expect(se.percentAgreement.value).toBeCloseTo(0.8, 12);
    expect(se.cohenKappa?.value).toBeCloseTo(cohenKappa([[1, 1], [1, 0], [0, 0], [0, 0], [1, 1]]).value!, 12);
    expect(se.krippendorffAlpha.value).toBeCloseTo(krippendorffAlpha([[1, 1], [1, 0], [0, 0], [0, 0], [1, 1]]).value!, 12);
    expect(se.marks).toBe(5);
    expect(se.judgements).toBe(10);
    expect(se.prevalence).toBeCloseTo(0.5, 12);
  });

  it('says why a code nobody used has no alpha, and still counts the agreement on its absence', () => {
    const fixing = byCode('fixing');
    expect(fixing.krippendorffAlpha.value).toBeNull();
    if (fixing.krippendorffAlpha.value === null) expect(fixing.krippendorffAlpha.reason).toMatch(/no coder marked this code/);
    expect(fixing.cohenKappa?.value).toBeNull();
    expect(fixing.percentAgreement.value).toBe(1);
    expect(fixing.prevalence).toBe(0);
  });

  it('reports the coders, the units, and the bootstrap method, B and seed', () => {
    expect(report.coders).toEqual(['alice', 'bob']);
    expect(report.units).toEqual({ coded: 10, pairable: 10, byCoder: { alice: 10, bob: 10 } });
    expect(report.transcripts).toBe(2);
    expect(report.bootstrap).toMatchObject({ replicates: 300, seed: 3, level: 0.95 });
    expect(report.bootstrap?.method).toMatch(/cluster bootstrap over transcripts/);
  });

  it('averages the codes for the overall mean and pools them for the pooled figure', () => {
    const alphas = report.codes.map((c) => c.krippendorffAlpha.value).filter((v): v is number => v !== null);
    expect(report.overall.mean.krippendorffAlpha.value).toBeCloseTo(alphas.reduce((s, x) => s + x, 0) / alphas.length, 12);
    expect(report.overall.pooled.judgements).toBe(report.codes.reduce((s, c) => s + c.judgements, 0));
  });

  it('is deterministic for a seed', () => {
    const again = computeAgreement(codings, { codebook, coverage, bootstrap: { replicates: 300, seed: 3 } });
    expect(again).toEqual(report);
  });

  it('can leave out the bootstrap', () => {
    const plain = computeAgreement(codings, { codebook, coverage, bootstrap: false });
    expect(plain.bootstrap).toBeNull();
    expect(plain.codes[0]!.krippendorffAlpha.ci).toBeNull();
    expect(plain.codes[0]!.krippendorffAlpha.value).toBe(report.codes[0]!.krippendorffAlpha.value);
  });

  it('formats as a table, CSV and JSON', () => {
    const text = formatAgreementTable(report);
    expect(text).toMatch(/^shared-experience\s+5\s+50\.0%\s+80\.0% \[/m);
    expect(text).toContain('B = 300, seed = 3');
    expect(text).toMatch(/^  - fixing, hope: kappa and alpha undefined: no coder marked this code/m);
    const csv = formatAgreementCsv(report).trim().split('\n');
    expect(csv[0]).toMatch(/^code,label,turns,marks,judgements,prevalence,percent_agreement,/);
    expect(csv).toHaveLength(1 + codebook.codes.length + 2);
    expect(JSON.parse(formatAgreementJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe('missing turns are missing, not absent', () => {
  const t = makeTranscript('m', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  const coverage = emptyCoverage();
  for (const turn of t.turns) {
    addToCoverage(coverage, 'alice', { transcriptId: 'm', turn: turn.index, role: turn.role });
    if (turn.index <= 6) addToCoverage(coverage, 'bob', { transcriptId: 'm', turn: turn.index, role: turn.role });
  }
  // Alice marks hope on turns 1, 2, 7; Bob on 1 and 2. Bob never saw turns 7 and 8.
  const codings = [1, 2, 7].map((n) => manualFinding(codebook, t, n, 'hope', 'alice')).concat([1, 2].map((n) => manualFinding(codebook, t, n, 'hope', 'bob')));
  const report = computeAgreement(codings, { codebook, coverage, bootstrap: false });
  const hope = report.codes.find((c) => c.code === 'hope')!;

  it('drops the turns only one coder saw', () => {
    expect(hope.units).toBe(6);
    expect(hope.percentAgreement.value).toBe(1);
    expect(hope.krippendorffAlpha.value).toBe(1);
    expect(report.units).toMatchObject({ coded: 8, pairable: 6, byCoder: { alice: 8, bob: 6 } });
  });

  it('warns that a coder did not code every turn', () => {
    expect(report.warnings.join('\n')).toMatch(/bob coded 6 of the 8 turns.*missing for bob/);
    expect(report.warnings.join('\n')).toMatch(/2 turns were coded by only one coder/);
  });

  it('treats a finding outside the coverage as a coded turn', () => {
    const extra = computeAgreement([...codings, manualFinding(codebook, t, 8, 'hope', 'bob')], { codebook, coverage, bootstrap: false });
    expect(extra.codes.find((c) => c.code === 'hope')!.units).toBe(7);
  });
});

describe('degenerate and invalid input', () => {
  const t = makeTranscript('s', ['a', 'b', 'c']);

  it('refuses a single coder with a clear error', () => {
    const error = thrown(() =>
      computeAgreement([manualFinding(codebook, t, 1, 'hope', 'alice')], { codebook, coverage: fullCoverage([t], ['alice']) }),
    );
    expect(error.code).toBe('reliability/one-coder');
    expect(error.message).toMatch(/agreement needs at least two coders.*"alice"/);
  });

  it('refuses a code that is not in the codebook', () => {
    const finding = { ...manualFinding(codebook, t, 1, 'hope', 'alice'), code: 'nope' };
    expect(thrown(() => computeAgreement([finding], { codebook, coverage: fullCoverage([t], ['alice', 'bob']) })).code).toBe('reliability/unknown-code');
  });

  it('gives no interval with a single transcript, and says so', () => {
    const codings = [manualFinding(codebook, t, 1, 'hope', 'alice'), manualFinding(codebook, t, 1, 'hope', 'bob')];
    const report = computeAgreement(codings, { codebook, coverage: fullCoverage([t], ['alice', 'bob']) });
    const alpha = report.codes.find((c) => c.code === 'hope')!.krippendorffAlpha;
    expect(alpha.value).toBe(1);
    expect(alpha.ci).toMatchObject({ lower: null, upper: null });
    expect(report.warnings.join('\n')).toMatch(/Only one transcript/);
  });

  it('leaves kappa out with three coders', () => {
    const codings = ['a', 'b', 'c'].map((coder) => manualFinding(codebook, t, 1, 'hope', coder));
    const report = computeAgreement(codings, { codebook, coverage: fullCoverage([t], ['a', 'b', 'c']), bootstrap: false });
    expect(report.codes.every((c) => c.cohenKappa === null)).toBe(true);
    expect(report.codes.find((c) => c.code === 'hope')!.krippendorffAlpha.value).not.toBeNull();
  });
});

describe('the kappa paradox', () => {
  it('warns when a rare code has high agreement but low kappa and alpha', () => {
    const texts = Array.from({ length: 120 }, (_, i) => `turn ${i + 1}`);
    const transcripts = [makeTranscript('p1', texts.slice(0, 60)), makeTranscript('p2', texts.slice(60))];
    const [p1, p2] = transcripts as [Transcript, Transcript];
    // 60 supporter turns; curiosity marked by alice on 2, by bob on 1 of those and 1 other.
    const codings = [
      manualFinding(codebook, p1, 1, 'curiosity', 'alice'),
      manualFinding(codebook, p1, 1, 'curiosity', 'bob'),
      manualFinding(codebook, p1, 3, 'curiosity', 'alice'),
      manualFinding(codebook, p2, 5, 'curiosity', 'bob'),
      // shared-experience is common, and agreed, so it draws no warning.
      ...[1, 3, 5, 7, 9, 11].flatMap((n) => [manualFinding(codebook, p1, n, 'shared-experience', 'alice'), manualFinding(codebook, p1, n, 'shared-experience', 'bob')]),
    ];
    const report = computeAgreement(codings, { codebook, coverage: fullCoverage(transcripts, ['alice', 'bob']), bootstrap: false });
    const curiosity = report.codes.find((c) => c.code === 'curiosity')!;
    expect(curiosity.percentAgreement.value).toBeCloseTo(58 / 60, 12);
    expect(curiosity.krippendorffAlpha.value).toBeLessThan(0.667);
    expect(curiosity.warnings.join('\n')).toMatch(/rarely marked.*kappa paradox/);
    expect(report.codes.find((c) => c.code === 'shared-experience')!.warnings).toEqual([]);
  });
});

describe('agreement on codings equals the statistics on the equivalent data table', () => {
  const scenario = fc
    .record({
      coders: fc.integer({ min: 2, max: 3 }),
      lengths: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
      seen: fc.array(fc.boolean(), { minLength: 84, maxLength: 84 }),
      marks: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 336, maxLength: 336 }),
    })
    .map(({ coders, lengths, seen, marks }) => {
      const names = ['ana', 'ben', 'cy'].slice(0, coders);
      const transcripts = lengths.map((n, i) => makeTranscript(`x${i}`, Array.from({ length: n }, (_, j) => `text ${j}`)));
      const coverage = emptyCoverage();
      const codings: Finding[] = [];
      let s = 0;
      let m = 0;
      for (const t of transcripts) {
        for (const turn of t.turns) {
          for (const coder of names) {
            // Most turns seen, a few missing; codes marked with varied frequency.
            if (!seen[s++ % seen.length] && s % 3 === 0) continue;
            addToCoverage(coverage, coder, { transcriptId: t.id, turn: turn.index, role: turn.role });
            codebook.codes.forEach((code, c) => {
              const roll = marks[m++ % marks.length]!;
              const applies = code.roles.includes(turn.role);
              if ((applies && roll < 3 + c) || (!applies && roll === 9 && c === 0)) codings.push(manualFinding(codebook, t, turn.index, code.id, coder));
            });
          }
        }
      }
      return { names, transcripts, coverage, codings };
    });

  it('per code and pooled', () => {
    fc.assert(
      fc.property(scenario, ({ names, transcripts, coverage, codings }) => {
        const report = computeAgreement(codings, { codebook, coverage, bootstrap: false });
        const pooled: (number | null)[][] = [];
        codebook.codes.forEach((code, c) => {
          const data: (number | null)[][] = [];
          for (const t of transcripts) {
            for (const turn of t.turns) {
              const row = names.map((coder) => {
                if (!coverage.coders.get(coder)?.has(`${t.id}\u0000${turn.index}`)) return null;
                return codings.some((f) => f.coder === coder && f.transcriptId === t.id && f.turn === turn.index && f.code === code.id) ? 1 : 0;
              });
              if (code.roles.includes(turn.role) || row.includes(1)) data.push(row);
            }
          }
          pooled.push(...data);
          const got = report.codes[c]!;
          const check = (actual: { value: number | null }, expected: () => { value: number | null }): void => {
            const e = expected();
            if (e.value === null) expect(actual.value).toBeNull();
            else expect(actual.value).toBeCloseTo(e.value, 9);
          };
          check(got.krippendorffAlpha, () => krippendorffAlpha(data as ReliabilityData));
          check(got.percentAgreement, () => percentAgreement(data as ReliabilityData));
          if (names.length === 2) check(got.cohenKappa!, () => cohenKappa(data as ReliabilityData));
        });
        const pooledAlpha = krippendorffAlpha(pooled);
        if (pooledAlpha.value === null) expect(report.overall.pooled.krippendorffAlpha.value).toBeNull();
        else expect(report.overall.pooled.krippendorffAlpha.value).toBeCloseTo(pooledAlpha.value, 9);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('the bootstrap is deterministic for a seed and its interval brackets plausible values', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 1000 }), ({ coverage, codings }, seed) => {
        const a = computeAgreement(codings, { codebook, coverage, bootstrap: { replicates: 50, seed } });
        const b = computeAgreement(codings, { codebook, coverage, bootstrap: { replicates: 50, seed } });
        expect(b).toEqual(a);
        for (const c of a.codes) {
          const ci = c.percentAgreement.ci;
          if (ci && ci.lower !== null) {
            expect(ci.lower).toBeLessThanOrEqual(ci.upper);
            expect(ci.lower).toBeGreaterThanOrEqual(0);
            expect(ci.upper).toBeLessThanOrEqual(1);
          }
        }
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
