import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeTranscript } from '../../src/aggregate/summary.js';
import type { CodebookInfo, CodedTranscript } from '../../src/core/types.js';
import { formatHtml } from '../../src/report/html.js';
import { assessReliability, parseProgramInfo } from '../../src/report/inputs.js';
import { readValidationCard } from '../../src/validate/card.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { type ReportOptions, buildReportModel } from '../../src/report/model.js';
import { STANDARD_CORPUS, TEST_CODEBOOK, generateCorpus } from '../fixtures/report/synthetic.js';

const fixture = (name: string): string => new URL(`../fixtures/report/${name}`, import.meta.url).pathname;
const corpus = generateCorpus(STANDARD_CORPUS);
const summaries = corpus.map((c) => summarizeTranscript(c, TEST_CODEBOOK));
const programInfo = parseProgramInfo(readFileSync(fixture('program.yml'), 'utf8'), 'program.yml');
const card = readValidationCard(readFileSync(fixture('card.json'), 'utf8'), 'card.json');

function render(coded: CodedTranscript[], options: ReportOptions = {}, codebook: CodebookInfo = TEST_CODEBOOK) {
  const model = buildReportModel(
    coded.map((c) => summarizeTranscript(c, codebook)),
    coded,
    codebook,
    options,
  );
  return { model, md: formatMarkdown(model), html: formatHtml(model) };
}

const plain = render(corpus);
const full = render(corpus, { includeEvidence: true, programInfo, reliability: assessReliability(card, TEST_CODEBOOK) });
const speakers = [...new Set(corpus.flatMap((c) => c.transcript.turns.map((t) => t.speaker)))];
const firstNames = [...new Set(speakers.map((s) => s.split(' ')[0] as string))];

/** The report's own voice: quoted passages (at any depth of “…”) and codebook labels removed. */
function ownVoice(text: string, codebook: CodebookInfo): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '“') depth += 1;
    else if (ch === '”') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  const labels = [...codebook.codes.map((c) => c.label), ...codebook.standards.map((s) => s.label)].sort((a, b) => b.length - a.length);
  for (const label of labels) out = out.split(label).join(' ');
  return out;
}

const CLINICAL = /symptom|patient|client|non-?complian|complian|decompensat|illness|disorder|diagnos|psychiatr|clinical|mentally ill|relapse|treatment/i;

function htmlText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('the narrative report as a reader sees it', () => {
  it('matches the reviewed Markdown (no quotes)', async () => {
    await expect(plain.md).toMatchFileSnapshot('./__snapshots__/report.md');
  });

  it('matches the reviewed Markdown (quotes, program facts, validation card)', async () => {
    await expect(full.md).toMatchFileSnapshot('./__snapshots__/report-evidence.md');
  });

  it('gives the same bytes for the same input', () => {
    const again = render(corpus, { includeEvidence: true, programInfo, reliability: assessReliability(card, TEST_CODEBOOK) });
    expect(again.md).toBe(full.md);
    expect(again.html).toBe(full.html);
  });

  it('has the seven sections in order, in both formats', () => {
    const titles = ['At a glance', 'What is going well', 'Where practice drifts', 'Change over time', 'Context and structure', 'Questions for reflection', 'How this was made'];
    const mdHeadings = [...plain.md.matchAll(/^## \d\. (.+)$/gm)].map((m) => m[1]);
    const htmlHeadings = [...plain.html.matchAll(/<h2 id="[^"]+">\d\. ([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(mdHeadings).toEqual(titles);
    expect(htmlHeadings).toEqual(titles);
  });

  it('never uses clinical language in its own voice', () => {
    for (const { md, html } of [plain, full]) {
      const voice = ownVoice(md, TEST_CODEBOOK);
      expect(voice.match(CLINICAL)?.[0]).toBeUndefined();
      expect(ownVoice(htmlText(html), TEST_CODEBOOK).match(CLINICAL)?.[0]).toBeUndefined();
    }
    // The check itself can fail: the codebook's own words, quoted in the report, do use such words.
    expect(plain.md).toMatch(/“Symptom and illness words/);
    expect(plain.md.match(CLINICAL)).not.toBeNull();
  });

  it('quotes conversations only with evidence asked for, masked and with the notice', () => {
    expect(plain.md).not.toMatch(/^> /m);
    expect(plain.md).not.toMatch(/Automated de-identification/);
    expect(plain.md).toMatch(/--include-evidence/);
    expect(full.md).toMatch(/^> Supporter: “/m);
    expect(full.md).toMatch(/\*\*Automated de-identification is incomplete\. Review before sharing\.\*\*/);
    expect(full.html).toMatch(/class="deidentification"[^>]*>Automated de-identification is incomplete\. Review before sharing\./);
    expect(full.md).toMatch(/\[NAME \d+\], /);
  });

  it('names no one: speakers appear only as roles, with or without quotes', () => {
    for (const text of [plain.md, plain.html, full.md, full.html]) {
      for (const name of [...speakers, ...firstNames]) expect(text).not.toContain(name);
    }
  });

  it('shows quotes unmasked only when de-identification is turned off, and says so', () => {
    const raw = render(corpus, { includeEvidence: true, deidentify: false });
    expect(raw.md).toMatch(new RegExp(`(${firstNames.join('|')}), `));
    expect(raw.md).toMatch(/Quotes in this report have not been de-identified/);
    expect(raw.md).not.toMatch(/Automated de-identification is incomplete/);
  });

  it('reports the drifting program’s flagged drop, with its uncertainty', () => {
    expect(plain.model.headline[2]).toMatch(/Northside Team/);
    expect(plain.md).toMatch(/### Northside Team\n\n[^\n]+\n\nIn Q\d 2025, \d+% of all coded moments were in line with the standards, against \d+% over Q1 2025 to Q\d 2025: about \d+ points lower \(\d+(\.\d)?% interval for the drop: \d+ to \d+ points;/);
    expect(plain.md).toMatch(/### Harbor Peer Center\n\n[^\n]+\n\nNo quarter fell clearly below/);
  });

  it('leaves codes that people and the coder disagree on out of every score', () => {
    expect(full.md).toMatch(/\| Symptom language \| 40 \| 0\.22 \| 0\.38 \| not reliable enough on your transcripts to report \|/);
    expect(full.md).toMatch(/\| Exploring what words mean \| 12 \| – \| – \| not reliable enough on your transcripts to report \|/);
    expect(full.md).toMatch(/\| Risk assessment \| 48 \| 0\.74 \| 0\.83 \| reliable enough to report \|/);
    expect(full.md).toMatch(/\| Safety contract \| – \| – \| – \| not checked against people’s coding \|/);
    expect(full.md).not.toMatch(/^### Symptom language$/m);
    expect(plain.md).toMatch(/^### Symptom language$/m);
    // With every code on one side of a standard unreliable, the standard is left out rather than scored one-sidedly.
    const unscored = full.model.glance.standards.filter((s) => !s.reportable).map((s) => s.id);
    expect(unscored).toEqual(['critical-learning', 'language']);
    expect(full.md).toMatch(/\| Language \| – \| +\| – \| – \| not reliable enough on your transcripts to report \|/);
    expect(full.md).toMatch(/Critical learning and Language cannot be scored fairly here/);
    expect(full.model.headline[1]).not.toMatch(/Critical learning|Language/);
  });

  it('frames structural facts as pressures on the program, with the seeds’ reasons', () => {
    expect(full.md).toMatch(/pressures on the program, not faults of the people working in it/);
    expect(full.md).toMatch(/Peer workers here carry caseloads/);
    expect(full.md).toMatch(/requires proof of medical necessity/);
    expect(full.md).toMatch(/Notes from the program description: “The peer worker joined/);
    expect(plain.md).toMatch(/No program description was given/);
  });

  it('chooses reflection questions from what the data shows', () => {
    const questions = full.model.questions.items.map((q) => q.text);
    expect(questions).toContain('When risk came up, did the conversation shift to risk assessment?');
    expect(questions).toContain('Is documentation recovery-oriented or deficit-based?');
    expect(questions.length).toBeGreaterThanOrEqual(3);
  });
});

describe('what the report cannot say, said plainly', () => {
  const agree = /\b1 (conversations|moments|turns|times|programs|patterns|codes|places|quarters)\b|\b(?:[02-9]|\d{2,}) (conversation|moment|turn|time|program|pattern|code)\b(?!s)/;

  it('with no conversations', () => {
    const { md, html, model } = render([]);
    expect(md).toMatch(/No conversations were found, so this report cannot say anything about practice yet/);
    expect(md).toMatch(/With no conversations, there is no change over time to show/);
    expect(model.headline[0]).toBe('No conversations were found.');
    expect(html).not.toMatch(/<svg/);
    expect(md).not.toMatch(agree);
  });

  it('with a single conversation', () => {
    const { md } = render(corpus.slice(0, 1));
    expect(md).toMatch(/This report reads 1 conversation from Harbor Peer Center, all held on/);
    expect(md).toMatch(/rests on a single conversation/);
    expect(md).toMatch(/there is no change to show yet/);
    expect(md).not.toMatch(agree);
  });

  it('with no dates', () => {
    const undated = generateCorpus({ ...STANDARD_CORPUS, quarters: [1, 2], perQuarter: 3, undated: true });
    const { md, model } = render(undated);
    expect(md).toMatch(/None of the conversations carries a date, so this report cannot show change over time/);
    expect(model.change.programs).toEqual([]);
    expect(model.headline[2]).toBe('No dates, so no change over time.');
    expect(md).not.toMatch(agree);
  });

  it('with a codebook of one standard', () => {
    const one: CodebookInfo = {
      ...TEST_CODEBOOK,
      standards: TEST_CODEBOOK.standards.filter((s) => s.id === 'sharing-risk'),
      codes: TEST_CODEBOOK.codes.filter((c) => c.standard === 'sharing-risk'),
    };
    const coded = generateCorpus({ ...STANDARD_CORPUS, perQuarter: 2 }).map((c) => ({
      ...c,
      findings: c.findings.filter((f) => f.standard === 'sharing-risk'),
    }));
    const { md } = render(coded, {}, one);
    expect(md).toMatch(/The codebook has a single standard, Redefining safety: sharing risk, so there are no other standards to compare it with/);
    expect(md).toMatch(/The codebook has only one standard/);
    expect(md).not.toMatch(agree);
  });

  it('for a program that is not in the data', () => {
    expect(() => render(corpus, { program: 'Nowhere' })).toThrowError(expect.objectContaining({ code: 'report/unknown-program' }));
  });

  it('keeps to one program when asked', () => {
    const { md, model } = render(corpus, { program: 'Valley Warmline' });
    expect(model.title).toBe('Peer support fidelity: Valley Warmline');
    expect(md).not.toMatch(/Northside|Harbor/);
    expect(md).not.toMatch(agree);
  });
});

describe('report inputs', () => {
  it('reads program.yml and reports every problem with its line', () => {
    expect(programInfo).toMatchObject({ program: 'Northside Team', supervision: 'clinical', caseloads: true, onlyPeerWorker: true, medicaidBilling: true });
    try {
      parseProgramInfo(readFileSync(fixture('program-bad.yml'), 'utf8'), 'program-bad.yml');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'report/invalid-program-info' });
      const details = (error as { details: { line?: number; message: string }[] }).details;
      expect(details.map((d) => d.line).sort()).toEqual([2, 3]);
      expect(details.map((d) => d.message).join('\n')).toMatch(/unknown key "caseload"/);
    }
  });

  it('reads a validation card and rejects one that is not', () => {
    expect(Object.keys(card.codes)).toHaveLength(4);
    expect(() => readValidationCard('{"codes": {}}', 'x.json')).toThrowError(expect.objectContaining({ code: 'validate/invalid-card' }));
    const r = assessReliability(card, { ...TEST_CODEBOOK, version: '2.0.0' }, 0.7);
    expect(r.mismatch).toMatch(/made for codebook test-standards 1\.2\.0; this report used test-standards 2\.0\.0/);
    expect(r.excluded).toEqual(['exploring-meaning', 'self-disclosure', 'symptom-language']);
  });

  it('does not report a code whose high kappa rests on too few hand-coded examples, and says why', () => {
    const [first, second] = Object.keys(card.codes) as [string, string];
    const few = { ...card, codes: { ...card.codes, [first]: { n: 2, precision: 1, recall: 1, f1: 1, kappa: 1, reliable: true }, [second]: { n: 12, precision: 1, recall: 1, f1: 1, kappa: 1, reliable: true } } };
    const r = assessReliability(few, TEST_CODEBOOK, 0.4);
    expect(r.excluded).toContain(first);
    expect(r.excluded).not.toContain(second);
    const md = render(corpus, { reliability: r }).md;
    expect(md).toContain('too few hand-coded examples to judge (2; at least 5 needed)');
  });
});

describe('summaries stand in for transcripts', () => {
  it('builds the same report without coded transcripts when no quotes are wanted', () => {
    const model = buildReportModel(summaries, undefined, TEST_CODEBOOK);
    expect(formatMarkdown(model)).toBe(plain.md);
  });
});
