// Optional report inputs written by people: a program's structural facts (program.yml) and a validation card (JSON).
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { PeerFidelityError, type ProblemDetail } from '../core/errors.js';
import type { CodebookInfo } from '../core/types.js';
import type { ValidationCard, ValidationCardCode } from '../validate/card.js';
import { DEFAULT_MIN_KAPPA, FEW_POSITIVES } from '../validate/compare.js';

/** Structural facts about a program that the seeds link to drift (digest §3.2, §6.3). */
export interface ProgramInfo {
  /** Which program these facts describe; when absent, the report applies them to every program. */
  program?: string;
  /** Who supervises the peer workers. */
  supervision?: 'peer' | 'clinical' | 'mixed' | 'none';
  caseloads?: boolean;
  onlyPeerWorker?: boolean;
  /** How much routine note-writing about people the role carries. */
  documentation?: 'none' | 'light' | 'routine' | 'heavy';
  medicaidBilling?: boolean;
  notes?: string;
}

const programSchema = z.strictObject({
  program: z.string().min(1).optional(),
  supervision: z.enum(['peer', 'clinical', 'mixed', 'none']).optional(),
  caseloads: z.boolean().optional(),
  'only-peer-worker': z.boolean().optional(),
  documentation: z.enum(['none', 'light', 'routine', 'heavy']).optional(),
  'medicaid-billing': z.boolean().optional(),
  notes: z.string().optional(),
});

export const PROGRAM_INFO_EXAMPLE = `program: Northside Team     # optional: which program these facts describe
supervision: clinical        # peer | clinical | mixed | none
caseloads: true              # are people assigned to peer workers?
only-peer-worker: true       # is a peer worker the only one on their team?
documentation: routine       # none | light | routine | heavy
medicaid-billing: true
notes: Free text shown as written.`;

function issueDetails(text: string, file: string, issues: z.core.$ZodIssue[]): ProblemDetail[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = keys.length > 0 ? [...issue.path, keys[0] as string] : issue.path;
    const node = doc.getIn(path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
    const where = path.length > 0 ? path.join('.') : '(top)';
    const message =
      keys.length > 0
        ? `unknown key${keys.length === 1 ? '' : 's'} ${keys.map((k) => `"${k}"`).join(', ')}; known keys: program, supervision, caseloads, only-peer-worker, documentation, medicaid-billing, notes`
        : `${where}: ${issue.message}`;
    const detail: ProblemDetail = { file, message };
    if (pos) {
      detail.line = pos.line;
      detail.column = pos.col;
    }
    return detail;
  });
}

/** Reads program.yml; throws `report/invalid-program-info` listing every problem with its line. */
export function parseProgramInfo(text: string, file: string): ProgramInfo {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new PeerFidelityError('report/invalid-program-info', `${file} is not valid YAML. An example of what it can hold:\n${PROGRAM_INFO_EXAMPLE}`, {
      location: { file },
      details: doc.errors.map((e) => ({ file, message: e.message, line: e.linePos?.[0].line ?? 0 })),
    });
  }
  const parsed = programSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new PeerFidelityError(
      'report/invalid-program-info',
      `${file} has ${parsed.error.issues.length === 1 ? 'a problem' : `${parsed.error.issues.length} problems`}. An example of what it can hold:\n${PROGRAM_INFO_EXAMPLE}`,
      { location: { file }, details: issueDetails(text, file, parsed.error.issues) },
    );
  }
  const d = parsed.data;
  const info: ProgramInfo = {};
  if (d.program !== undefined) info.program = d.program;
  if (d.supervision !== undefined) info.supervision = d.supervision;
  if (d.caseloads !== undefined) info.caseloads = d.caseloads;
  if (d['only-peer-worker'] !== undefined) info.onlyPeerWorker = d['only-peer-worker'];
  if (d.documentation !== undefined) info.documentation = d.documentation;
  if (d['medicaid-billing'] !== undefined) info.medicaidBilling = d['medicaid-billing'];
  if (d.notes !== undefined) info.notes = d.notes;
  return info;
}

/** Agreement between the automated coder and people, per code, on a program's own transcripts. */
/** Per-code agreement of the engine with people, as the validation card (src/validate/card.ts) gives it. */
export type CodeAgreement = ValidationCardCode;

export { DEFAULT_MIN_KAPPA };

export type ReliabilityStatus = 'reliable' | 'not-reliable' | 'not-checked';

export interface CodeReliability {
  code: string;
  label: string;
  status: ReliabilityStatus;
  agreement?: CodeAgreement;
}

export interface ReliabilityAssessment {
  minKappa: number;
  codes: CodeReliability[];
  /** Codes left out of every score because people and the coder did not agree well enough. */
  excluded: string[];
  /** Set when the card was made for another codebook or version. */
  mismatch?: string;
  gold: string;
}

/** Sorts the codebook's codes by the card: kappa below `minKappa` (or unknown), or too few gold positives, means not reliable enough to report. */
export function assessReliability(card: ValidationCard, codebook: CodebookInfo, minKappa = DEFAULT_MIN_KAPPA): ReliabilityAssessment {
  const codes: CodeReliability[] = codebook.codes.map((c) => {
    const agreement = card.codes[c.id];
    if (!agreement) return { code: c.id, label: c.label, status: 'not-checked' };
    // A kappa of 1 on two hand-coded turns says little: below FEW_POSITIVES gold positives a code is not reported either.
    const reliable = agreement.kappa !== null && agreement.kappa >= minKappa && agreement.n >= FEW_POSITIVES;
    return { code: c.id, label: c.label, status: reliable ? 'reliable' : 'not-reliable', agreement };
  });
  const result: ReliabilityAssessment = {
    minKappa,
    codes,
    excluded: codes.filter((c) => c.status === 'not-reliable').map((c) => c.code),
    gold: card.gold.description,
  };
  if (card.codebook.id !== codebook.id || card.codebook.version !== codebook.version) {
    result.mismatch = `The validation card was made for codebook ${card.codebook.id} ${card.codebook.version}; this report used ${codebook.id} ${codebook.version}.`;
  }
  return result;
}
