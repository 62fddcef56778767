// Builds the narrative report's content from summaries (and, for quotes, coded transcripts): all words and numbers, no layout.
import { FEW_POSITIVES } from '../validate/compare.js';
import { describePeriod, periodOf, type PeriodUnit } from '../aggregate/period.js';
import {
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  type Estimate,
  LOW_EVIDENCE_FINDINGS,
  MIN_CONVERSATIONS,
  NOT_GIVEN,
  type ScoreRow,
  type StandardRef,
  aggregate,
  scoreGroup,
  standardsFor,
} from '../aggregate/scores.js';
import { groupRandom } from '../aggregate/stats.js';
import type { TranscriptSummary } from '../aggregate/summary.js';
import { sortSummaries } from '../aggregate/summary.js';
import { MIN_COMPARISON_CONVERSATIONS, MIN_COMPARISON_MOMENTS, OVERALL, type StandardTrend, detectRegressions } from '../aggregate/trends.js';
import { PeerFidelityError } from '../core/errors.js';
import { compareFindings, compareText } from '../core/order.js';
import type { CodeInfo, CodebookInfo, CodedTranscript, Finding, Role } from '../core/types.js';
import { DEIDENTIFICATION_NOTICE, createDeidentifier, speakerNames } from '../deidentify/index.js';
import { type ProgramInfo, type ReliabilityAssessment } from './inputs.js';
import {
  REFLECTION_PROMPTS,
  type ReflectionTopic,
  STRUCTURAL_LINKS,
  STRUCTURE_QUOTE,
  type SeedQuote,
  TEAM_LANGUAGE_QUOTE,
  reflectionTopicFor,
  seedQuoteFor,
} from './seed-text.js';
import {
  capitalize,
  count,
  describeIndex,
  formatNumber,
  formatPercent,
  formatScore,
  listJoin,
  sentenceCount,
  variant,
  verb,
} from './words.js';

export interface ReportOptions {
  /** Only this program's conversations. */
  program?: string;
  /** Quote short exemplar turns (de-identified unless `deidentify` is false). */
  includeEvidence?: boolean;
  deidentify?: boolean;
  programInfo?: ProgramInfo;
  reliability?: ReliabilityAssessment;
  period?: PeriodUnit;
  seed?: number;
  resamples?: number;
  title?: string;
  /** Codes for which the codebook's learned classifiers were used besides its written rules. */
  learnedCodes?: readonly string[];
}

/** A table as strings, laid out the same way in Markdown and HTML. */
export interface DataTable {
  caption: string;
  head: string[];
  rows: string[][];
  /** Columns holding numbers (right-aligned). */
  numeric: boolean[];
}

export interface Quote {
  /** The speaker's role, never their name. */
  role: string;
  text: string;
  when?: string;
}

export interface StandardGlance {
  id: string;
  label: string;
  fidelity: Estimate;
  meets: number;
  drifts: number;
  lowEvidence: boolean;
  /** False when the validation card leaves the standard unscorable. */
  reportable: boolean;
}

export interface DriftPattern {
  code: string;
  label: string;
  standardLabel: string;
  count: number;
  conversations: number;
  summary: string;
  note?: string;
  definition?: string;
  seedQuote?: SeedQuote;
  exemplars: Quote[];
}

export interface TrendSeries {
  standard: string;
  label: string;
  points: { period: string; label: string; conversations: number; value: number; low?: number; high?: number; flagged: boolean }[];
}

export interface ProgramTrend {
  program: string;
  paragraphs: string[];
  series: TrendSeries[];
  table: DataTable;
}

export interface ReportModel {
  title: string;
  subtitle: string;
  /** Three plain lines for a terminal: scope and overall index, strongest and weakest standard, flagged drops. */
  headline: [string, string, string];
  codebook: { id: string; version: string; title: string };
  /** What the report cannot say, stated up front. */
  notices: string[];
  /** Present when quotes were de-identified. */
  deidentification?: string;
  glance: { paragraphs: string[]; standards: StandardGlance[]; standardsTable: DataTable | null; programs: DataTable | null };
  well: {
    paragraphs: string[];
    items: { standard: string; label: string; text: string; exemplars: Quote[] }[];
    mutuality: { paragraphs: string[]; table: DataTable | null };
  };
  drift: { paragraphs: string[]; patterns: DriftPattern[]; table: DataTable | null };
  change: { paragraphs: string[]; programs: ProgramTrend[] };
  context: {
    paragraphs: string[];
    settings: DataTable | null;
    structure: { paragraphs: string[]; facts: DataTable | null; pressures: { text: string; quote: SeedQuote }[]; notes?: string };
  };
  questions: { paragraphs: string[]; items: { text: string; because: string }[] };
  method: { paragraphs: string[]; facts: DataTable; reliability: DataTable | null; limits: string[] };
}

const ROLE_LABELS: Record<Role, string> = {
  supporter: 'Supporter',
  supported: 'Person supported',
  staff: 'Staff member',
  narrator: 'Narrator',
  other: 'Another speaker',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function describeDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : iso;
}

const UNRELIABLE = 'not reliable enough on your transcripts to report';

function interval(e: Estimate): string {
  return e.low !== undefined && e.high !== undefined ? `${formatScore(e.low)}–${formatScore(e.high)}` : '';
}

function withInterval(e: Estimate): string {
  const i = interval(e);
  return i ? `${formatScore(e.value)} (${i})` : formatScore(e.value);
}

function groupLabel(key: string): string {
  return key === NOT_GIVEN ? 'not given' : key;
}

interface Context {
  summaries: TranscriptSummary[];
  codebook: CodebookInfo;
  standards: StandardRef[];
  codes: Map<string, CodeInfo>;
  options: ReportOptions;
  excluded: Set<string>;
  /** Standards left out entirely because one side of their evidence is not reliable enough. */
  unreportable: Set<string>;
  period: PeriodUnit;
  seed: number;
  resamples: number;
  all: ScoreRow | undefined;
  trends: StandardTrend[];
  quotes: QuoteSource | undefined;
  programRows: ScoreRow[];
}

/** Picks exemplar turns and masks them. */
interface QuoteSource {
  pick(filter: (f: Finding) => boolean, limit: number): Quote[];
}

const QUOTE_LIMIT = 220;

/** A window of the turn around the evidence, cut at word boundaries. */
function excerpt(text: string, span: { start: number; end: number }): string {
  if (text.length <= QUOTE_LIMIT) return text.trim();
  const room = Math.max(0, QUOTE_LIMIT - (span.end - span.start));
  let start = Math.max(0, span.start - Math.floor(room / 2));
  let end = Math.min(text.length, span.end + Math.ceil(room / 2));
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > span.end ? text.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

function quoteSource(coded: readonly CodedTranscript[], deidentify: boolean, period: PeriodUnit): QuoteSource {
  const masker = deidentify ? createDeidentifier({ names: speakerNames(coded.map((c) => c.transcript)) }) : undefined;
  const turns = new Map<string, CodedTranscript>(coded.map((c) => [c.transcript.id, c]));
  const findings = coded.flatMap((c) => c.findings).sort(compareFindings);
  return {
    pick(filter, limit) {
      const quotes: Quote[] = [];
      const usedConversations = new Set<string>();
      const usedTexts = new Set<string>();
      // Highest confidence first; one quote per conversation and no repeated wording, so no single
      // conversation or stock phrase dominates.
      const candidates = findings.filter(filter).sort((a, b) => b.confidence - a.confidence || compareFindings(a, b));
      for (const f of candidates) {
        if (quotes.length >= limit) break;
        if (usedConversations.has(f.transcriptId)) continue;
        const ct = turns.get(f.transcriptId);
        const turn = ct?.transcript.turns.find((t) => t.index === f.turn);
        const raw = turn ? excerpt(turn.text, f.span) : f.evidence;
        const text = masker ? masker.mask(raw) : raw;
        const key = text.toLowerCase().replace(/\[name \d+\],?\s*/g, '').trim();
        if (usedTexts.has(key)) continue;
        usedConversations.add(f.transcriptId);
        usedTexts.add(key);
        const quote: Quote = { role: ROLE_LABELS[f.role], text };
        const p = periodOf(ct?.transcript.date, period);
        if (p) quote.when = describePeriod(p);
        quotes.push(quote);
      }
      return quotes;
    },
  };
}

function standardsTable(glance: StandardGlance[]): DataTable {
  return {
    caption: 'Fidelity index per standard (0–100), all conversations in this report',
    head: ['Standard', 'Fidelity index', '95% interval', 'In line', 'Drifted', 'Note'],
    numeric: [false, true, false, true, true, false],
    rows: glance.map((s) =>
      s.reportable
        ? [s.label, formatScore(s.fidelity.value), interval(s.fidelity), formatNumber(s.meets), formatNumber(s.drifts), s.lowEvidence ? `fewer than ${LOW_EVIDENCE_FINDINGS} coded moments` : '']
        : [s.label, '–', '', '–', '–', UNRELIABLE],
    ),
  };
}

function programsTable(ctx: Context, rows: ScoreRow[]): DataTable {
  return {
    caption: 'Fidelity index by program (0–100, with 95% intervals over conversations)',
    head: ['Program', 'Conversations', 'Overall', ...ctx.standards.map((s) => s.label)],
    numeric: [false, true, true, ...ctx.standards.map(() => true)],
    rows: rows.map((r) => [
      groupLabel(r.key),
      formatNumber(r.conversations) + (r.conversations < MIN_CONVERSATIONS ? ' (few)' : ''),
      withInterval(r.overall),
      ...r.standards.map((s) => (ctx.unreportable.has(s.standard) ? '–' : withInterval(s.fidelity))),
    ]),
  };
}

function buildGlance(ctx: Context, programRows: ScoreRow[], regressions: RegressionNote[]): ReportModel['glance'] {
  const { all, summaries } = ctx;
  if (!all || summaries.length === 0) {
    return {
      paragraphs: ['No conversations were found, so this report cannot say anything about practice yet. Give the report one or more transcript files or folders.'],
      standards: [],
      standardsTable: null,
      programs: null,
    };
  }
  const n = summaries.length;
  const programs = new Set(summaries.map((s) => s.program ?? NOT_GIVEN));
  const dates = summaries.map((s) => s.date).filter((d): d is string => d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const meets = all.standards.reduce((a, s) => a + s.meets, 0);
  const drifts = all.standards.reduce((a, s) => a + s.drifts, 0);
  const from =
    ctx.options.program !== undefined
      ? ` from ${ctx.options.program}`
      : programs.size > 1
        ? ` from ${count(programs.size, 'program')}`
        : [...programs][0] !== NOT_GIVEN
          ? ` from ${[...programs][0]}`
          : '';
  const when =
    dates.length === 0
      ? ''
      : dates[0] === dates.at(-1)
        ? `, all held on ${describeDate(dates[0] as string)}`
        : `, held between ${describeDate(dates[0] as string)} and ${describeDate(dates.at(-1) as string)}`;
  const paragraphs: string[] = [];
  paragraphs.push(
    `This report reads ${count(n, 'conversation')}${from}${when}. Supporters took ${count(all.supporterTurns, 'turn')} in them; ` +
      `the coding marked ${count(meets, 'moment')} in line with the standards and ${count(drifts, 'moment')} that drifted from them.`,
  );
  if (meets + drifts === 0) {
    paragraphs.push(
      'With nothing coded either way, every index sits at its starting point of 50. That says the codebook found nothing to mark here, not that practice was half right.',
    );
  } else {
    const i = interval(all.overall);
    paragraphs.push(
      `Overall, practice was ${describeIndex(all.overall.value, true)}: a fidelity index of ${formatScore(all.overall.value)} out of 100` +
        (n > 1 && i ? ` (95% interval ${i.replace('–', ' to ')}).` : '.'),
    );
  }
  if (n === 1) {
    paragraphs.push('With only 1 conversation there is no telling how typical it is. Read these figures as a starting point for talking together, not as a measure of the program.');
  } else if (n < MIN_CONVERSATIONS) {
    paragraphs.push(`${sentenceCount(n, 'conversation')} ${verb(n, 'is', 'are')} a small sample: the intervals are wide, and a different handful of conversations could tell a different story.`);
  }
  const scored = all.standards.filter((s) => s.meets + s.drifts > 0 && !ctx.unreportable.has(s.standard));
  const label = (id: string): string => ctx.standards.find((s) => s.id === id)?.label ?? id;
  if (ctx.standards.length === 1) {
    paragraphs.push(`The codebook has a single standard, ${label(ctx.standards[0]?.id ?? '')}, so there are no other standards to compare it with.`);
  } else if (scored.length >= 2) {
    const sorted = [...scored].sort((a, b) => b.fidelity.value - a.fidelity.value || compareText(a.standard, b.standard));
    const best = sorted[0];
    const worst = sorted.at(-1);
    if (best && worst && best.fidelity.value - worst.fidelity.value >= 5) {
      paragraphs.push(
        `Practice was closest to ${label(best.standard)} (${formatScore(best.fidelity.value)}) and furthest from ${label(worst.standard)} (${formatScore(worst.fidelity.value)}).`,
      );
    } else if (best && worst) {
      paragraphs.push(`The standards scored within a few points of each other, between ${formatScore(worst.fidelity.value)} and ${formatScore(best.fidelity.value)}.`);
    }
  }
  const thin = all.standards.filter((s) => s.lowEvidence && !ctx.unreportable.has(s.standard)).map((s) => label(s.standard));
  if (thin.length > 0 && thin.length < all.standards.length - ctx.unreportable.size) {
    paragraphs.push(
      `For ${listJoin(thin)}, the coding found fewer than ${LOW_EVIDENCE_FINDINGS} moments either way, too few to read much into; ${verb(thin.length, 'its index stays', 'their indices stay')} close to 50.`,
    );
  }
  if (regressions.length > 0) {
    const programsWithDrops = [...new Set(regressions.map((r) => r.program))];
    paragraphs.push(
      `${capitalize(listJoin(programsWithDrops.map(groupLabel)))} ${verb(programsWithDrops.length, 'shows', 'show')} a clear drop below ${verb(programsWithDrops.length, 'its', 'their')} own earlier baseline in ${count(regressions.length, 'place')}; “Change over time” says where, and how sure the figures are.`,
    );
  }
  const glance: StandardGlance[] = all.standards.map((s) => ({
    id: s.standard,
    label: label(s.standard),
    fidelity: s.fidelity,
    meets: s.meets,
    drifts: s.drifts,
    lowEvidence: s.lowEvidence,
    reportable: !ctx.unreportable.has(s.standard),
  }));
  return {
    paragraphs,
    standards: glance,
    standardsTable: standardsTable(glance),
    programs: programRows.length > 1 ? programsTable(ctx, programRows) : null,
  };
}

function conversationsWith(summaries: readonly TranscriptSummary[], test: (code: string, t: TranscriptSummary['codes'][string]) => boolean): number {
  return summaries.filter((s) => Object.entries(s.codes).some(([code, t]) => test(code, t))).length;
}

function evidenceNote(ctx: Context): string | undefined {
  if (!ctx.options.includeEvidence) return 'Quotes from the conversations are left out. Run the report with --include-evidence to add short, de-identified examples.';
  if (!ctx.quotes) return 'Quotes were asked for, but the coded conversations were not available to this report.';
  return undefined;
}

function buildWell(ctx: Context): ReportModel['well'] {
  const { all, summaries } = ctx;
  const mutuality = buildMutuality(ctx);
  if (!all || summaries.length === 0) {
    return { paragraphs: ['With no conversations, there is nothing to describe here yet.'], items: [], mutuality };
  }
  const ranked = all.standards
    .filter((s) => s.meets > 0)
    .sort((a, b) => b.meetsPer100 - a.meetsPer100 || compareText(a.standard, b.standard))
    .slice(0, 3);
  if (ranked.length === 0) {
    return {
      paragraphs: [
        'The coding found no moments in line with the standards. That may say more about what the codebook can recognise in these transcripts than about the conversations themselves; “How this was made” shows how many supporter turns got no code at all.',
      ],
      items: [],
      mutuality,
    };
  }
  const label = (id: string): string => ctx.standards.find((s) => s.id === id)?.label ?? id;
  const paragraphs = [
    ranked.length === 1
      ? 'One standard was practised more than the others.'
      : `These ${ranked.length} standards were practised most often, counting moments in line with each for every 100 supporter turns.`,
  ];
  const note = evidenceNote(ctx);
  if (note) paragraphs.push(note);
  const items = ranked.map((s, i) => {
    const conversations = conversationsWith(summaries, (code, t) => t.standard === s.standard && t.polarity === 'meets' && !ctx.excluded.has(code));
    const rate = formatScore(s.meetsPer100);
    const templates = [
      `${count(s.meets, 'moment')} in line with ${label(s.standard)}, about ${rate} for every 100 supporter turns, across ${count(conversations, 'conversation')}.`,
      `${label(s.standard)} showed up in ${count(conversations, 'conversation')}: ${count(s.meets, 'moment')} in all, or ${rate} per 100 supporter turns.`,
      `Supporters practised ${label(s.standard)} ${count(s.meets, 'time')} in ${count(conversations, 'conversation')} (${rate} per 100 supporter turns).`,
    ];
    const text = i === 0 ? (templates[0] as string) : variant(s.standard, templates);
    const exemplars =
      ctx.options.includeEvidence && ctx.quotes
        ? ctx.quotes.pick((f) => f.role === 'supporter' && f.polarity === 'meets' && f.standard === s.standard && !ctx.excluded.has(f.code), 2)
        : [];
    return { standard: s.standard, label: label(s.standard), text: capitalize(text), exemplars };
  });
  return { paragraphs, items, mutuality };
}

function shareText(b: ScoreRow['mutuality']['questions']): string {
  return b.supportedShare === null ? '–' : formatPercent(b.supportedShare);
}

function buildMutuality(ctx: Context): ReportModel['well']['mutuality'] {
  const { all } = ctx;
  if (!all || all.conversations === 0) return { paragraphs: [], table: null };
  const m = all.mutuality;
  const paragraphs: string[] = [];
  const q = m.questions;
  if (q.supportedShare === null) {
    paragraphs.push('Neither side asked a question, as far as the transcripts show.');
  } else {
    const share = q.supportedShare;
    const tilt =
      share >= 0.4 && share <= 0.6
        ? 'Questions went both ways in roughly equal measure'
        : share < 0.4
          ? 'Supporters asked most of the questions'
          : 'People supported asked most of the questions';
    paragraphs.push(
      `${tilt}: people supported asked in ${count(q.supported, 'turn')} and supporters in ${count(q.supporter, 'turn')}, so ${formatPercent(share)} of the asking came from the person supported.`,
    );
  }
  const s = m.sharing;
  const o = m.offers;
  paragraphs.push(
    `Supporters spoke from their own experience in ${count(s.supporter, 'turn')} and people supported in ${count(s.supported, 'turn')}; ` +
      `offers of help or company came ${count(o.supporter, 'time')} from supporters and ${count(o.supported, 'time')} from people supported.`,
  );
  const contributions = Object.entries(m.supportedCodes).filter(([code]) => ctx.codes.get(code)?.polarity !== 'drifts');
  if (contributions.length > 0) {
    const parts = contributions.map(([code, k]) => `${ctx.codes.get(code)?.label ?? code} (${formatNumber(k)})`);
    paragraphs.push(`The coding also marked the person supported’s own contributions: ${listJoin(parts)}. Help flowing back is part of mutuality, not a reversal of roles.`);
  } else {
    paragraphs.push('The coding marked no contributions from the people supported, such as help offered back. The codebook may not look for them, or they may not have happened.');
  }
  paragraphs.push('These counts rest on simple cues (a question mark, “when I…”, “would you like…”), so read them as a rough balance rather than a measure.');
  const rows = ctx.programRows;
  const table: DataTable = {
    caption: 'Who asks, shares and offers (turns), by program',
    head: ['Program', 'Questions: supporter / person supported', 'Share asked by person supported', 'Own experience: supporter / person supported', 'Offers: supporter / person supported', 'Contributions coded for the person supported'],
    numeric: [false, true, true, true, true, true],
    rows: rows.map((r) => [
      groupLabel(r.key),
      `${formatNumber(r.mutuality.questions.supporter)} / ${formatNumber(r.mutuality.questions.supported)}`,
      shareText(r.mutuality.questions),
      `${formatNumber(r.mutuality.sharing.supporter)} / ${formatNumber(r.mutuality.sharing.supported)}`,
      `${formatNumber(r.mutuality.offers.supporter)} / ${formatNumber(r.mutuality.offers.supported)}`,
      formatNumber(Object.entries(r.mutuality.supportedCodes).filter(([c]) => ctx.codes.get(c)?.polarity !== 'drifts').reduce((a, [, k]) => a + k, 0)),
    ]),
  };
  return { paragraphs, table };
}

function buildDrift(ctx: Context): ReportModel['drift'] {
  const { summaries, all } = ctx;
  if (!all || summaries.length === 0) return { paragraphs: ['With no conversations, there is no drift to describe.'], patterns: [], table: null };
  const totals = new Map<string, { count: number; conversations: number; standard: string }>();
  for (const s of summaries) {
    for (const [code, t] of Object.entries(s.codes)) {
      if (t.polarity !== 'drifts' || ctx.excluded.has(code)) continue;
      const entry = totals.get(code) ?? { count: 0, conversations: 0, standard: t.standard };
      entry.count += t.count;
      entry.conversations += 1;
      totals.set(code, entry);
    }
  }
  const codes = [...totals.entries()].sort((a, b) => b[1].count - a[1].count || compareText(a[0], b[0]));
  const label = (id: string): string => ctx.standards.find((s) => s.id === id)?.label ?? id;
  if (codes.length === 0) {
    return {
      paragraphs: [
        `The coding found no drift from the standards in ${count(summaries.length, 'conversation')}. ` +
          'Automated coding only finds what its codebook describes, so this is worth checking by reading a few conversations together.',
      ],
      patterns: [],
      table: null,
    };
  }
  const total = codes.reduce((a, [, t]) => a + t.count, 0);
  const paragraphs = [
    `The coding marked ${count(total, 'moment')} of drift, in ${count(codes.length, 'pattern')}. Each pattern below is a kind of moment the codebook describes as departing from a standard; the reasons given are the codebook’s and the seed texts’ own words.`,
  ];
  const note = evidenceNote(ctx);
  if (note) paragraphs.push(note);
  const patterns: DriftPattern[] = codes.map(([code, t], i) => {
    const info = ctx.codes.get(code);
    const codeLabel = info?.label ?? code;
    const rate = formatScore((100 * t.count) / Math.max(1, all.supporterTurns));
    const templates = [
      `${count(t.count, 'moment')} in ${count(t.conversations, 'conversation')} (${rate} per 100 supporter turns), departing from ${label(t.standard)}.`,
      `Marked ${count(t.count, 'time')} across ${count(t.conversations, 'conversation')}, or ${rate} per 100 supporter turns. It departs from ${label(t.standard)}.`,
      `This pattern departs from ${label(t.standard)}. It came up ${count(t.count, 'time')} in ${count(t.conversations, 'conversation')} (${rate} per 100 supporter turns).`,
    ];
    const standard = ctx.codebook.standards.find((s) => s.id === t.standard);
    const pattern: DriftPattern = {
      code,
      label: codeLabel,
      standardLabel: label(t.standard),
      count: t.count,
      conversations: t.conversations,
      summary: i === 0 ? (templates[0] as string) : variant(code, templates),
      exemplars:
        ctx.options.includeEvidence && ctx.quotes
          ? ctx.quotes.pick((f) => f.code === code && f.role === 'supporter', 2)
          : [],
    };
    if (info?.note) pattern.note = info.note;
    if (standard?.definition) pattern.definition = standard.definition;
    const quote = seedQuoteFor({ id: t.standard, label: label(t.standard) });
    if (quote) pattern.seedQuote = quote;
    return pattern;
  });
  const table: DataTable = {
    caption: 'Drift patterns: moments marked, conversations they came up in, and the standard each departs from',
    head: ['Pattern', 'Standard', 'Moments', 'Conversations', 'Per 100 supporter turns'],
    numeric: [false, false, true, true, true],
    rows: patterns.map((p) => [p.label, p.standardLabel, formatNumber(p.count), formatNumber(p.conversations), formatScore((100 * p.count) / Math.max(1, all.supporterTurns))]),
  };
  return { paragraphs, patterns, table };
}

interface RegressionNote {
  program: string;
  standard: string;
  period: string;
  text: string;
}

function regressionNotes(ctx: Context): RegressionNote[] {
  const label = (id: string): string => (id === OVERALL ? 'all standards together' : ctx.standards.find((s) => s.id === id)?.label ?? id);
  const notes: RegressionNote[] = [];
  for (const trend of ctx.trends) {
    if (ctx.unreportable.has(trend.standard)) continue;
    for (const check of trend.checks) {
      const d = check.difference;
      if (check.status !== 'regression' || !d || check.share === undefined || check.baselineShare === undefined) continue;
      const level = check.level !== undefined ? `${formatScore(check.level * 100)}%` : '95%';
      const first = check.baseline[0] as string;
      const last = check.baseline.at(-1) as string;
      const since = first === last ? describePeriod(first) : `${describePeriod(first)} to ${describePeriod(last)}`;
      notes.push({
        program: trend.program,
        standard: trend.standard,
        period: check.period,
        text:
          `In ${describePeriod(check.period)}, ${Math.round(check.share)}% of ${trend.standard === OVERALL ? 'all coded moments were in line with the standards' : `the moments coded for ${label(trend.standard)} were in line with it`}, ` +
          `against ${Math.round(check.baselineShare)}% over ${since}: about ${Math.round(-d.value)} points lower ` +
          `(${level} interval for the drop: ${Math.round(-(d.high ?? d.value))} to ${Math.round(-(d.low ?? d.value))} points; ` +
          `${count(check.conversations, 'conversation')} against ${formatNumber(check.baselineConversations)}).`,
      });
    }
  }
  return notes;
}

function buildChange(ctx: Context, regressions: RegressionNote[], undated: number): ReportModel['change'] {
  const { summaries } = ctx;
  if (summaries.length === 0) return { paragraphs: ['With no conversations, there is no change over time to show.'], programs: [] };
  const unit = ctx.period === 'month' ? 'month' : 'quarter';
  if (undated === summaries.length) {
    return {
      paragraphs: [
        `None of the conversations carries a date, so this report cannot show change over time. Give each conversation a date (YYYY-MM-DD) to see each program’s ${unit}s side by side.`,
      ],
      programs: [],
    };
  }
  const paragraphs: string[] = [];
  if (undated > 0) paragraphs.push(`${sentenceCount(undated, 'conversation')} ${verb(undated, 'has', 'have')} no date and ${verb(undated, 'is', 'are')} left out of this section.`);
  paragraphs.push(
    `Each line is a program’s fidelity index ${unit} by ${unit}; the band around it is its 95% interval. ` +
      `Each ${unit} is also compared with all of the program’s earlier ${unit}s pooled: a drop is flagged only when the whole interval for the difference lies more than 5 points below that baseline. ` +
      `The interval is widened for small samples and for the number of comparisons made, and ${unit}s with fewer than ${MIN_COMPARISON_CONVERSATIONS} conversations, or a standard with fewer than ${MIN_COMPARISON_MOMENTS} coded moments, are not compared.`,
  );
  const programs = [...new Set(ctx.trends.map((t) => t.program))];
  const label = (id: string): string => (id === OVERALL ? 'Overall' : ctx.standards.find((s) => s.id === id)?.label ?? id);
  const views: ProgramTrend[] = programs.map((program) => {
    const trends = ctx.trends.filter((t) => t.program === program && !ctx.unreportable.has(t.standard));
    const overall = trends.find((t) => t.standard === OVERALL);
    const periods = overall?.points.map((p) => p.period) ?? [];
    const flagged = new Set(regressions.filter((r) => r.program === program).map((r) => `${r.standard}@${r.period}`));
    // The overall index first: it is the summary the standards' small charts are read against.
    const ordered = [...trends.filter((t) => t.standard === OVERALL), ...trends.filter((t) => t.standard !== OVERALL)];
    const series: TrendSeries[] = ordered.map((t) => ({
      standard: t.standard,
      label: label(t.standard),
      points: t.points.map((p) => {
        const point: TrendSeries['points'][number] = {
          period: p.period,
          label: describePeriod(p.period),
          conversations: p.conversations,
          value: p.fidelity.value,
          flagged: flagged.has(`${t.standard}@${p.period}`),
        };
        if (p.fidelity.low !== undefined) point.low = p.fidelity.low;
        if (p.fidelity.high !== undefined) point.high = p.fidelity.high;
        return point;
      }),
    }));
    const texts: string[] = [];
    if (periods.length <= 1) {
      texts.push(
        `All of ${groupLabel(program)}’s dated conversations fall in ${periods[0] ? describePeriod(periods[0]) : 'one period'}, so there is no change to show yet.`,
      );
    } else if (overall) {
      const first = overall.points[0];
      const last = overall.points.at(-1);
      if (first && last) {
        const own = regressions.filter((r) => r.program === program);
        texts.push(
          `${capitalize(groupLabel(program))}’s overall index went from ${formatScore(first.fidelity.value)} in ${describePeriod(first.period)} to ${formatScore(last.fidelity.value)} in ${describePeriod(last.period)}` +
            ` (${count(overall.points.reduce((a, p) => a + p.conversations, 0), 'dated conversation')}).`,
        );
        if (own.length === 0) {
          texts.push(`No ${unit} fell clearly below the program’s own earlier baseline; with this many conversations, ups and downs of this size can come from chance alone.`);
        } else {
          texts.push(...own.map((r) => r.text));
          texts.push(
            own.length === 1
              ? 'Even the smallest drop in that interval is more than 5 points, so chance alone is an unlikely explanation. It is a reason to look closer together, not a verdict.'
              : 'In each case even the smallest drop in the interval is more than 5 points, so chance alone is an unlikely explanation. They are reasons to look closer together, not verdicts.',
          );
        }
      }
      const tooFew = overall.checks.filter((c) => c.status === 'too-few').length;
      if (tooFew > 0) texts.push(`${sentenceCount(tooFew, unit)} had too few conversations to compare.`);
    }
    const table: DataTable = {
      caption: `${capitalize(groupLabel(program))}: fidelity index by ${unit} (95% interval; ▼ marks a flagged drop)`,
      head: ['Standard', ...periods.map(describePeriod)],
      numeric: [false, ...periods.map(() => true)],
      rows: [
        ['Conversations', ...(overall?.points.map((p) => formatNumber(p.conversations)) ?? [])],
        ...series.map((s) => [s.label, ...s.points.map((p) => `${withInterval({ value: p.value, ...(p.low !== undefined ? { low: p.low } : {}), ...(p.high !== undefined ? { high: p.high } : {}) })}${p.flagged ? ' ▼' : ''}`)]),
      ],
    };
    return { program, paragraphs: texts, series, table };
  });
  return { paragraphs, programs: views };
}

function buildContext(ctx: Context, regressions: RegressionNote[]): ReportModel['context'] {
  const { summaries } = ctx;
  const paragraphs: string[] = [];
  let settings: DataTable | null = null;
  const withSetting = summaries.filter((s) => s.setting !== undefined).length;
  if (summaries.length === 0) {
    paragraphs.push('With no conversations, there is no context to describe.');
  } else if (withSetting === 0) {
    paragraphs.push('The conversations do not say where they took place (one-to-one, group, team meeting, hallway…), so drift cannot be grouped by setting.');
  } else {
    const rows = aggregate(summaries, {
      standards: ctx.standards,
      by: 'setting',
      period: ctx.period,
      seed: ctx.seed,
      resamples: ctx.resamples,
      excludeCodes: [...ctx.excluded],
    }).rows;
    settings = {
      caption: 'Drift and fidelity by setting',
      head: ['Setting', 'Conversations', 'Drift per 100 supporter turns', 'Fidelity index (95% interval)'],
      numeric: [false, true, true, true],
      rows: rows.map((r) => [groupLabel(r.key), formatNumber(r.conversations), withInterval(r.driftIndex), withInterval(r.overall)]),
    };
    const known = rows.filter((r) => r.key !== NOT_GIVEN && r.supporterTurns > 0);
    const name = (key: string): string => key.replace(/[-_]+/g, ' ');
    if (known.length >= 2) {
      const sorted = [...known].sort((a, b) => b.driftIndex.value - a.driftIndex.value || compareText(a.key, b.key));
      const most = sorted[0] as ScoreRow;
      const least = sorted.at(-1) as ScoreRow;
      paragraphs.push(
        `Drift was most frequent in the ${name(most.key)} setting (${formatScore(most.driftIndex.value)} per 100 supporter turns, ${count(most.conversations, 'conversation')}) ` +
          `and least frequent in the ${name(least.key)} setting (${formatScore(least.driftIndex.value)}, ${count(least.conversations, 'conversation')}).`,
      );
      const small = rows.filter((r) => r.key !== NOT_GIVEN && r.conversations < MIN_CONVERSATIONS).map((r) => name(r.key));
      if (small.length > 0) {
        paragraphs.push(
          `${capitalize(listJoin(small))} ${verb(small.length, 'has', 'have')} fewer than ${MIN_CONVERSATIONS} conversations${small.length > 1 ? ' each' : ''}, so ${verb(small.length, 'its figures say', 'their figures say')} little on ${verb(small.length, 'its', 'their')} own.`,
        );
      }
      // Team meetings and hallway talk are where the seeds place the pull toward talking about people.
      if (/team|meeting|staff|hallway|corridor/i.test(most.key)) {
        paragraphs.push(`The seed texts expect this pull in such settings: “${TEAM_LANGUAGE_QUOTE.text}” (${TEAM_LANGUAGE_QUOTE.source}).`);
      }
    } else {
      paragraphs.push(`Only one setting with supporter turns is recorded (${known[0] ? name(known[0].key) : 'none'}), so settings cannot be compared.`);
    }
    if (withSetting < summaries.length) {
      paragraphs.push(`${sentenceCount(summaries.length - withSetting, 'conversation')} ${verb(summaries.length - withSetting, 'does', 'do')} not say where it took place.`);
    }
  }
  return { paragraphs, settings, structure: buildStructure(ctx, regressions) };
}

function buildStructure(ctx: Context, regressions: RegressionNote[]): ReportModel['context']['structure'] {
  const info = ctx.options.programInfo;
  if (!info) {
    return {
      paragraphs: [
        'No program description was given. A program.yml can record who supervises the peer workers, whether they carry caseloads, whether a peer worker is the only one on the team, how much documentation the role demands, and whether the program bills Medicaid. The seed texts link each of these to drift, so they help read the figures above as pressures on a program rather than faults of its workers.',
      ],
      facts: null,
      pressures: [],
    };
  }
  const yesNo = (b: boolean | undefined): string => (b === undefined ? 'not given' : b ? 'yes' : 'no');
  const facts: DataTable = {
    caption: `What the program says about its structure${info.program ? ` (${info.program})` : ''}`,
    head: ['Fact', 'As given'],
    numeric: [false, false],
    rows: [
      ['Who supervises the peer workers', info.supervision === undefined ? 'not given' : { peer: 'someone who has worked in a peer role', clinical: 'staff in another discipline', mixed: 'shared between a peer and another discipline', none: 'no one' }[info.supervision]],
      ['Peer workers carry caseloads', yesNo(info.caseloads)],
      ['A peer worker is the only one on the team', yesNo(info.onlyPeerWorker)],
      ['Routine documentation about people', info.documentation ?? 'not given'],
      ['Medicaid billing', yesNo(info.medicaidBilling)],
    ],
  };
  const pressures: { text: string; quote: SeedQuote }[] = [];
  if (info.supervision && info.supervision !== 'peer') pressures.push({ text: STRUCTURAL_LINKS.supervision.pressure, quote: STRUCTURAL_LINKS.supervision.quote });
  if (info.caseloads) pressures.push({ text: STRUCTURAL_LINKS.caseloads.pressure, quote: STRUCTURAL_LINKS.caseloads.quote });
  if (info.onlyPeerWorker) pressures.push({ text: STRUCTURAL_LINKS.onlyPeerWorker.pressure, quote: STRUCTURAL_LINKS.onlyPeerWorker.quote });
  if (info.documentation === 'routine' || info.documentation === 'heavy') pressures.push({ text: STRUCTURAL_LINKS.documentation.pressure, quote: STRUCTURAL_LINKS.documentation.quote });
  if (info.medicaidBilling) pressures.push({ text: STRUCTURAL_LINKS.medicaid.pressure, quote: STRUCTURAL_LINKS.medicaid.quote });
  const paragraphs =
    pressures.length === 0
      ? ['None of the structural facts given is one the seed texts link to drift.']
      : [
          `The program description names ${count(pressures.length, 'pressure')} that the seed texts link to drift. These are pressures on the program, not faults of the people working in it: as Mead & MacNeil put it, “${STRUCTURE_QUOTE.text}”.` +
            (regressions.length > 0 ? ' Where a drop over time is flagged above, these are among the first places to look.' : ''),
        ];
  const out: ReportModel['context']['structure'] = { paragraphs, facts, pressures };
  if (info.notes) out.notes = info.notes;
  return out;
}

function buildQuestions(ctx: Context, regressions: RegressionNote[]): ReportModel['questions'] {
  const chosen = new Map<ReflectionTopic, string>();
  const add = (topic: ReflectionTopic, because: string): void => {
    if (!chosen.has(topic)) chosen.set(topic, because);
  };
  const label = (id: string): string => ctx.standards.find((s) => s.id === id)?.label ?? id;
  for (const r of regressions) {
    if (r.standard === OVERALL) continue;
    add(reflectionTopicFor({ id: r.standard, label: label(r.standard) }), `${label(r.standard)} dropped in ${describePeriod(r.period)} (${groupLabel(r.program)}).`);
  }
  const drifting = (ctx.all?.standards ?? []).filter((s) => s.drifts > 0).sort((a, b) => b.drifts - a.drifts || compareText(a.standard, b.standard));
  for (const s of drifting) {
    add(reflectionTopicFor({ id: s.standard, label: label(s.standard) }), `The coding marked ${count(s.drifts, 'moment')} drifting from ${label(s.standard)}.`);
  }
  const q = ctx.all?.mutuality.questions;
  if (q && q.supportedShare !== null && q.supportedShare < 0.4) {
    add('both-ways', `People supported asked ${formatPercent(q.supportedShare)} of the questions.`);
  }
  const info = ctx.options.programInfo;
  if (info && (info.documentation === 'routine' || info.documentation === 'heavy' || info.medicaidBilling)) {
    add('documentation', 'The program description mentions documentation or Medicaid billing.');
  }
  if (regressions.length > 0) add('environment', 'Practice changed over time, and a change in the work often comes before a change in the conversations.');
  else if (info && (info.caseloads || info.onlyPeerWorker || (info.supervision && info.supervision !== 'peer'))) add('environment', 'The program description names structural pressures.');
  const fallbacks: [ReflectionTopic, string][] = [
    ['agenda', 'A useful question for any conversation.'],
    ['both-ways', 'Mutuality is the heart of the standards.'],
    ['activities', 'From the handbook’s chart of work that is and is not part of a peer role.'],
  ];
  for (const [topic, because] of fallbacks) if (chosen.size < 3) add(topic, because);
  const items = [...chosen.entries()].slice(0, 6).map(([topic, because]) => ({ text: REFLECTION_PROMPTS[topic], because }));
  return {
    paragraphs: [
      'These questions are for supervision and team reflection, not for judging anyone. They are adapted from a peer support handbook’s supervision and self-assessment material, and chosen by what this report found.',
    ],
    items,
  };
}

function notReliableReason(positives: number): string {
  return positives < FEW_POSITIVES
    ? `too few hand-coded examples to judge (${positives}; at least ${FEW_POSITIVES} needed)`
    : 'not reliable enough on your transcripts to report';
}

function codingMethod(learned: number): string {
  if (learned === 0) return 'the codebook’s written rules';
  return `the codebook’s written rules, plus learned classifiers for ${sentenceCount(learned, 'code')} (they only add turns the rules missed)`;
}

function buildMethod(ctx: Context, undated: number): ReportModel['method'] {
  const { summaries, all, codebook } = ctx;
  const turns = all?.supporterTurns ?? 0;
  const uncoded = all?.uncodedSupporterTurns ?? 0;
  const meets = all?.standards.reduce((a, s) => a + s.meets, 0) ?? 0;
  const drifts = all?.standards.reduce((a, s) => a + s.drifts, 0) ?? 0;
  const facts: DataTable = {
    caption: 'How this report was made',
    head: ['', ''],
    numeric: [false, false],
    rows: [
      ['Codebook', `${codebook.title} (${codebook.id} ${codebook.version})`],
      ['How turns were coded', codingMethod(ctx.options.learnedCodes?.length ?? 0)],
      ['Conversations', formatNumber(summaries.length)],
      ['Programs', formatNumber(new Set(summaries.map((s) => s.program ?? NOT_GIVEN)).size)],
      ['Conversations without a date', formatNumber(undated)],
      ['Supporter turns', formatNumber(turns)],
      ['Moments in line / drifting', `${formatNumber(meets)} / ${formatNumber(drifts)}`],
      ['Supporter turns with no code', turns > 0 ? `${formatNumber(uncoded)} (${formatPercent(uncoded / turns)})` : '0'],
      ['Intervals', `95% bootstrap over conversations, ${formatNumber(ctx.resamples)} resamples, seed ${ctx.seed}`],
    ],
  };
  const paragraphs = [
    'Every supporter turn was coded automatically against the codebook. Only what supporters said counts toward the standards; what people supported said is shown separately, under help in both directions. No one is scored as a person: speakers appear only as roles.',
    'A standard’s fidelity index is the share of its coded moments that were in line with it rather than drifting, weighted by the coder’s confidence and started from an even 1-to-1 prior, so a single moment in a short conversation cannot swing it to 0 or 100. The drift index counts drifting moments per 100 supporter turns. docs/scoring.md gives the details.',
  ];
  if (turns > 0) {
    paragraphs.push(
      `${formatPercent(uncoded / turns)} of supporter turns got no code at all. Those turns count neither for nor against any standard; much of ordinary conversation is not about the standards.`,
    );
  }
  let reliability: DataTable | null = null;
  const r = ctx.options.reliability;
  if (r) {
    const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(2));
    reliability = {
      caption: `Agreement between the automated coding and people, per code (threshold: kappa ${r.minKappa.toFixed(2)})`,
      head: ['Code', 'Turns checked', 'Kappa', 'F1', 'Status'],
      numeric: [false, true, true, true, false],
      rows: r.codes.map((c) => [
        c.label,
        c.agreement ? formatNumber(c.agreement.n) : '–',
        fmt(c.agreement?.kappa),
        fmt(c.agreement?.f1),
        c.status === 'reliable' ? 'reliable enough to report' : c.status === 'not-reliable' ? notReliableReason(c.agreement?.n ?? 0) : 'not checked against people’s coding',
      ]),
    };
    paragraphs.push(
      `A validation card compared the coding with people’s own coding (${r.gold}). ` +
        (r.excluded.length > 0
          ? `${sentenceCount(r.excluded.length, 'code')} fell below the agreement threshold and ${verb(r.excluded.length, 'is', 'are')} left out of every score: ${listJoin(r.excluded.map((c) => ctx.codes.get(c)?.label ?? c))}.`
          : 'Every code it checked reached the agreement threshold.'),
    );
    if (r.mismatch) paragraphs.push(`${r.mismatch} Its figures may not apply to this coding.`);
  } else {
    paragraphs.push('No validation card was given, so this report cannot say how well the automated coding agrees with people on these transcripts. Coding a sample by hand and comparing is the way to find out.');
  }
  const limits = [
    'Automated coding helps people read; it does not replace them. It recognises words and phrasings, not intentions, tone or what happened before the recording started.',
    'A conversation about a hard topic is not drift; the codebook marks how something is handled, and it will sometimes get that wrong.',
    'Figures for small groups move a lot with a few conversations. The intervals show how much.',
    'These figures describe practice in a program, not the worth of anyone in it.',
  ];
  return { paragraphs, facts, reliability, limits };
}

function headline(ctx: Context, regressions: RegressionNote[], undated: number, periods: string[]): [string, string, string] {
  const { all, summaries } = ctx;
  if (!all || summaries.length === 0) return ['No conversations were found.', 'Nothing could be scored.', 'There is no change over time to show.'];
  const programs = new Set(summaries.map((s) => s.program ?? NOT_GIVEN)).size;
  const span = periods.length > 1 ? `, ${describePeriod(periods[0] as string)} to ${describePeriod(periods.at(-1) as string)}` : '';
  const i = interval(all.overall);
  const first = `${capitalize(count(summaries.length, 'conversation'))}${programs > 1 ? ` from ${count(programs, 'program')}` : ''}${span}: overall fidelity index ${formatScore(all.overall.value)}${i ? ` (95% interval ${i})` : ''}.`;
  const scored = all.standards
    .filter((s) => s.meets + s.drifts > 0 && !ctx.unreportable.has(s.standard))
    .sort((a, b) => b.fidelity.value - a.fidelity.value || compareText(a.standard, b.standard));
  const label = (id: string): string => ctx.standards.find((s) => s.id === id)?.label ?? id;
  const best = scored[0];
  const worst = scored.at(-1);
  const second =
    !best || !worst
      ? 'The coding marked nothing either way.'
      : best === worst
        ? `Only ${label(best.standard)} has coded moments (${formatScore(best.fidelity.value)}).`
        : `Closest to ${label(best.standard)} (${formatScore(best.fidelity.value)}); furthest from ${label(worst.standard)} (${formatScore(worst.fidelity.value)}).`;
  const third =
    undated === summaries.length
      ? 'No dates, so no change over time.'
      : regressions.length === 0
        ? 'No flagged drops over time.'
        : `${capitalize(count(regressions.length, 'flagged drop'))}: ${regressions
            .map((r) => `${groupLabel(r.program)}, ${r.standard === OVERALL ? 'overall' : label(r.standard)} in ${describePeriod(r.period)}`)
            .join('; ')}.`;
  return [first, second, third];
}

/**
 * Everything the report says, built from per-transcript summaries. Coded transcripts are only needed
 * for quotes (`includeEvidence`). Throws `report/unknown-program` when `program` matches nothing.
 */
export function buildReportModel(
  summaries: readonly TranscriptSummary[],
  coded: readonly CodedTranscript[] | undefined,
  codebook: CodebookInfo,
  options: ReportOptions = {},
): ReportModel {
  let selected = sortSummaries(summaries);
  let selectedCoded = coded;
  if (options.program !== undefined) {
    const programs = [...new Set(selected.map((s) => s.program).filter((p): p is string => p !== undefined))].sort(compareText);
    selected = selected.filter((s) => s.program === options.program);
    if (selected.length === 0) {
      throw new PeerFidelityError(
        'report/unknown-program',
        `No conversation belongs to the program "${options.program}". ` +
          (programs.length > 0 ? `Programs found: ${programs.map((p) => `"${p}"`).join(', ')}.` : 'None of the conversations names a program.'),
      );
    }
    selectedCoded = coded?.filter((c) => c.transcript.program === options.program);
  }
  const period = options.period ?? 'quarter';
  const seed = options.seed ?? DEFAULT_SEED;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const excluded = new Set(options.reliability?.excluded ?? []);
  // A standard whose in-line codes (or drifting codes) are all unreliable would be scored from one side
  // only, which reads as a verdict it cannot support: leave the whole standard out instead.
  const unreportable = new Set<string>();
  for (const standard of codebook.standards) {
    const codes = codebook.codes.filter((c) => c.standard === standard.id && c.roles.includes('supporter'));
    for (const polarity of ['meets', 'drifts'] as const) {
      const side = codes.filter((c) => c.polarity === polarity);
      if (side.length > 0 && side.every((c) => excluded.has(c.id))) unreportable.add(standard.id);
    }
  }
  for (const c of codebook.codes) if (unreportable.has(c.standard)) excluded.add(c.id);
  const standards = standardsFor(selected, codebook.standards);
  const all =
    selected.length > 0
      ? scoreGroup('all', selected, standards, { excluded, resamples, random: groupRandom(seed, 'report:all'), minConversations: MIN_CONVERSATIONS })
      : undefined;
  const trendTable = detectRegressions(selected, { standards, period, seed, resamples, excludeCodes: [...excluded] });
  const deidentify = options.deidentify ?? true;
  const ctx: Context = {
    summaries: selected,
    codebook,
    standards,
    programRows: [],
    codes: new Map(codebook.codes.map((c) => [c.id, c])),
    options,
    excluded,
    unreportable,
    period,
    seed,
    resamples,
    all,
    trends: trendTable.trends,
    quotes: options.includeEvidence && selectedCoded ? quoteSource(selectedCoded, deidentify, period) : undefined,
  };
  const programRows = aggregate(selected, { standards, by: 'program', period, seed, resamples, excludeCodes: [...excluded] }).rows;
  ctx.programRows = programRows;
  const regressions = regressionNotes(ctx);
  const notices: string[] = [];
  if (selected.length === 0) notices.push('No conversations were found. The sections below say what each would show.');
  else if (selected.length === 1) notices.push('This report rests on a single conversation. It can describe that conversation, but not a program.');
  if (trendTable.undated === selected.length && selected.length > 0) notices.push('No conversation carries a date, so there is no section on change over time.');
  if (codebook.standards.length === 1) notices.push('The codebook has only one standard, so standards cannot be compared with each other.');
  const unreliableCodes = options.reliability?.excluded.length ?? 0;
  if (unreportable.size > 0) {
    notices.push(
      `${capitalize(listJoin([...unreportable].map((id) => standards.find((s) => s.id === id)?.label ?? id)))} cannot be scored fairly here: the codes that recognise one side of ${verb(unreportable.size, 'it', 'them')} are not reliable enough on your transcripts, so ${verb(unreportable.size, 'it is', 'they are')} left out.`,
    );
  }
  if (unreliableCodes > 0) notices.push(`${sentenceCount(unreliableCodes, 'code')} ${verb(unreliableCodes, 'is', 'are')} not reliable enough on your transcripts to report and ${verb(unreliableCodes, 'is', 'are')} left out of every score (see “How this was made”).`);

  const scope = options.program ?? (new Set(selected.map((s) => s.program ?? NOT_GIVEN)).size === 1 ? selected[0]?.program : undefined);
  const periods = trendTable.periods;
  const model: ReportModel = {
    headline: headline(ctx, regressions, trendTable.undated, trendTable.periods),
    title: options.title ?? (scope ? `Peer support fidelity: ${scope}` : 'Peer support fidelity report'),
    subtitle: [
      count(selected.length, 'conversation'),
      ...(scope === undefined && selected.length > 0 ? [count(new Set(selected.map((s) => s.program ?? NOT_GIVEN)).size, 'program')] : []),
      ...(periods.length > 0 ? [periods.length === 1 ? describePeriod(periods[0] as string) : `${describePeriod(periods[0] as string)} to ${describePeriod(periods.at(-1) as string)}`] : []),
      `codebook ${codebook.id} ${codebook.version}`,
    ].join(' · '),
    codebook: { id: codebook.id, version: codebook.version, title: codebook.title },
    notices,
    glance: buildGlance(ctx, programRows, regressions),
    well: buildWell(ctx),
    drift: buildDrift(ctx),
    change: buildChange(ctx, regressions, trendTable.undated),
    context: buildContext(ctx, regressions),
    questions: buildQuestions(ctx, regressions),
    method: buildMethod(ctx, trendTable.undated),
  };
  if (options.includeEvidence && ctx.quotes) {
    if (deidentify) model.deidentification = DEIDENTIFICATION_NOTICE;
    else notices.push('Quotes in this report have not been de-identified. Review them before sharing.');
  }
  return model;
}

