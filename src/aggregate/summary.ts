// Reduces one coded transcript to a small JSON record: the only unit that scores, merges and reports aggregate.
import type { CodebookInfo, CodedTranscript, Polarity, Role, Turn } from '../core/types.js';
import { compareText } from '../core/order.js';
import { ownCopy } from '../core/strings.js';

/** Bumped when the record's shape changes, so merge can refuse files it cannot read. */
export const SUMMARY_FORMAT = 1;

/** Supporter-role findings of one code in one transcript. */
export interface CodeTally {
  standard: string;
  polarity: Polarity;
  count: number;
  /** Sum of confidence × code weight over the findings. */
  weight: number;
}

/** What each role did in the conversation, for the two-way (mutuality) view. */
export interface RoleTally {
  turns: number;
  /** Turns containing a question mark. */
  questionTurns: number;
  /** Turns with a first-person account of the speaker's own experience (a rough text cue). */
  sharingTurns: number;
  /** Turns offering help, company or a suggestion to do something together (a rough text cue). */
  offerTurns: number;
  /** Findings on this role's turns, per code (all polarities). */
  codes: Record<string, number>;
}

export interface TranscriptSummary {
  id: string;
  program?: string;
  site?: string;
  date?: string;
  setting?: string;
  supporterTurns: number;
  /** Supporter turns that got no code at all. */
  uncodedSupporterTurns: number;
  /** Supporter-role findings per code: the basis of every fidelity score. */
  codes: Record<string, CodeTally>;
  roles: Partial<Record<Role, RoleTally>>;
}

// Cues are deliberately simple and symmetric: the same test is applied to every role's turns,
// so the balance between roles is comparable even where the codebook's codes are role-specific.
const SHARING_CUE =
  /\b(?:when I|I(?:'|’)ve been|I have been|I was|I used to|I remember|for me|I(?:'|’)ve had|I have had|happened to me|my own)\b/i;
const OFFER_CUE =
  /\b(?:would you like|do you want (?:me|to come)|want me to|I could|I can (?:come|go|help|show|bring)|I(?:'|’)d be happy|happy to|we could|let(?:'|’)s|I(?:'|’)ll come|come with (?:me|you))\b/i;

function roundWeight(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** An object with keys in sorted order, so JSON output is byte-stable whatever the insertion order. */
export function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort(compareText)) out[key] = record[key] as T;
  return out;
}

function emptyRoleTally(): RoleTally {
  return { turns: 0, questionTurns: 0, sharingTurns: 0, offerTurns: 0, codes: {} };
}

function tallyTurn(tally: RoleTally, turn: Turn): void {
  tally.turns += 1;
  if (turn.text.includes('?')) tally.questionTurns += 1;
  if (SHARING_CUE.test(turn.text)) tally.sharingTurns += 1;
  if (OFFER_CUE.test(turn.text)) tally.offerTurns += 1;
}

/**
 * The per-transcript summary record. Only supporter-role findings count toward fidelity scores
 * (the standards describe what the supporter does); findings on other roles' turns are kept per role
 * for the mutuality view. Codes the codebook does not know are still counted, under the finding's own
 * standard and polarity.
 */
export function summarizeTranscript(coded: CodedTranscript, codebook: CodebookInfo): TranscriptSummary {
  const { transcript } = coded;
  const weights = new Map(codebook.codes.map((c) => [c.id, c.weight]));
  const roles: Partial<Record<Role, RoleTally>> = {};
  for (const turn of transcript.turns) {
    const tally = (roles[turn.role] ??= emptyRoleTally());
    tallyTurn(tally, turn);
  }
  const codes: Record<string, CodeTally> = {};
  for (const finding of coded.findings) {
    const roleTally = (roles[finding.role] ??= emptyRoleTally());
    roleTally.codes[finding.code] = (roleTally.codes[finding.code] ?? 0) + 1;
    if (finding.role !== 'supporter') continue;
    const tally = (codes[finding.code] ??= { standard: finding.standard, polarity: finding.polarity, count: 0, weight: 0 });
    tally.count += 1;
    tally.weight += finding.confidence * (weights.get(finding.code) ?? 1);
  }
  for (const tally of Object.values(codes)) tally.weight = roundWeight(tally.weight);
  const supporterIndices = new Set(transcript.turns.filter((t) => t.role === 'supporter').map((t) => t.index));
  const codedSupporterTurns = new Set(coded.findings.filter((f) => f.role === 'supporter').map((f) => f.turn));
  const uncoded = [...supporterIndices].filter((i) => !codedSupporterTurns.has(i)).length;

  return canonicalSummary({
    id: ownCopy(transcript.id),
    ...optionalFields(transcript),
    supporterTurns: supporterIndices.size,
    uncodedSupporterTurns: uncoded,
    codes,
    roles,
  });
}

function optionalFields(from: { program?: string | undefined; site?: string | undefined; date?: string | undefined; setting?: string | undefined }) {
  const out: Pick<TranscriptSummary, 'program' | 'site' | 'date' | 'setting'> = {};
  if (from.program !== undefined) out.program = ownCopy(from.program);
  if (from.site !== undefined) out.site = ownCopy(from.site);
  if (from.date !== undefined) out.date = ownCopy(from.date);
  if (from.setting !== undefined) out.setting = ownCopy(from.setting);
  return out;
}

/**
 * The same record with keys in one fixed order at every level, so a summary built in memory and one
 * read back from a JSON file serialize to the same bytes.
 */
export function canonicalSummary(summary: TranscriptSummary): TranscriptSummary {
  const codes: Record<string, CodeTally> = {};
  for (const [id, t] of Object.entries(sortedRecord(summary.codes))) {
    codes[id] = { standard: t.standard, polarity: t.polarity, count: t.count, weight: t.weight };
  }
  const roles: Partial<Record<Role, RoleTally>> = {};
  for (const role of Object.keys(summary.roles).sort(compareText) as Role[]) {
    const t = summary.roles[role] as RoleTally;
    roles[role] = {
      turns: t.turns,
      questionTurns: t.questionTurns,
      sharingTurns: t.sharingTurns,
      offerTurns: t.offerTurns,
      codes: sortedRecord(t.codes),
    };
  }
  return {
    id: summary.id,
    ...optionalFields(summary),
    supporterTurns: summary.supporterTurns,
    uncodedSupporterTurns: summary.uncodedSupporterTurns,
    codes,
    roles,
  };
}

/** Canonical order for summaries: by id, so every aggregate sums in the same order however batches were split. */
export function sortSummaries(summaries: readonly TranscriptSummary[]): TranscriptSummary[] {
  return [...summaries].sort((a, b) => compareText(a.id, b.id));
}
