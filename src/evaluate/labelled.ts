// Measures the engine against a labelled corpus (one coded turn per record): per-code precision, recall and F1.
import { PeerFidelityError } from '../core/errors.js';
import type { Role, Transcript, Turn } from '../core/types.js';
import { ROLES } from '../core/types.js';
import type { CompiledCodebook } from '../coding/compiled.js';
import { codeTranscript, type CodingOptions } from '../coding/engine.js';

export interface LabelledTurn {
  id: string;
  role: Role;
  previous: { role: Role; text: string } | null;
  text: string;
  codes: string[];
  note?: string;
}

export interface CodeScore {
  code: string;
  /** Turns the gold standard gives this code. */
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface EvaluationError {
  id: string;
  code: string;
  kind: 'false-positive' | 'missed';
  text: string;
  evidence?: string;
}

export interface Evaluation {
  records: number;
  codes: CodeScore[];
  macro: { precision: number; recall: number; f1: number };
  errors: EvaluationError[];
}

/** Parses JSONL records; every problem names the file and line. */
export function parseLabelled(content: string, file: string): LabelledTurn[] {
  const records: LabelledTurn[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = { file, line: i + 1 };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new PeerFidelityError('eval/invalid-json', `line ${i + 1} is not valid JSON (${(error as Error).message}); each line must be one JSON object`, { location: where });
    }
    const r = value as Partial<LabelledTurn>;
    if (typeof r.text !== 'string' || !Array.isArray(r.codes) || typeof r.role !== 'string' || !ROLES.includes(r.role as Role)) {
      throw new PeerFidelityError('eval/invalid-record', `line ${i + 1} needs "text" (string), "role" (one of ${ROLES.join(', ')}) and "codes" (a list of code ids)`, { location: where });
    }
    records.push({ id: r.id ?? `${file}:${i + 1}`, role: r.role as Role, previous: r.previous ?? null, text: r.text, codes: r.codes });
  });
  return records;
}

function recordTranscript(record: LabelledTurn): Transcript {
  const turns: Turn[] = [];
  if (record.previous) turns.push({ index: 1, speaker: record.previous.role, role: record.previous.role, text: record.previous.text, sourceLine: 1 });
  turns.push({ index: turns.length + 1, speaker: record.role, role: record.role, text: record.text, sourceLine: 1 });
  return { id: record.id, source: { file: record.id, format: 'jsonl' }, turns, meta: {} };
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export function evaluateCodebook(records: LabelledTurn[], codebook: CompiledCodebook, options: CodingOptions = {}): Evaluation {
  const counts = new Map(codebook.codes.map((c) => [c.id, { tp: 0, fp: 0, fn: 0, support: 0 }]));
  const errors: EvaluationError[] = [];
  for (const record of records) {
    const transcript = recordTranscript(record);
    const target = transcript.turns.length;
    const found = codeTranscript(transcript, codebook, options).findings.filter((f) => f.turn === target);
    const predicted = new Map(found.map((f) => [f.code, f]));
    const gold = new Set(record.codes);
    for (const [code, c] of counts) {
      const p = predicted.get(code);
      const g = gold.has(code);
      if (g) c.support++;
      if (p && g) c.tp++;
      else if (p) {
        c.fp++;
        errors.push({ id: record.id, code, kind: 'false-positive', text: record.text, evidence: p.evidence });
      } else if (g) {
        c.fn++;
        errors.push({ id: record.id, code, kind: 'missed', text: record.text });
      }
    }
  }
  const codes: CodeScore[] = [...counts].map(([code, c]) => {
    const precision = ratio(c.tp, c.tp + c.fp);
    const recall = ratio(c.tp, c.tp + c.fn);
    const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { code, support: c.support, truePositives: c.tp, falsePositives: c.fp, falseNegatives: c.fn, precision, recall, f1 };
  });
  const scored = codes.filter((c) => c.support > 0);
  const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    records: records.length,
    codes,
    macro: {
      precision: mean(scored.map((c) => c.precision ?? 0)),
      recall: mean(scored.map((c) => c.recall ?? 0)),
      f1: mean(scored.map((c) => c.f1 ?? 0)),
    },
    errors,
  };
}

const pct = (x: number | null): string => (x === null ? '   –' : (x * 100).toFixed(0).padStart(4));

export function formatEvaluation(evaluation: Evaluation, worst = 15): string {
  const lines = [`code                          support  prec  rec   F1   (tp/fp/fn)`];
  for (const c of evaluation.codes) {
    lines.push(`${c.code.padEnd(30)}${String(c.support).padStart(7)} ${pct(c.precision)}  ${pct(c.recall)} ${pct(c.f1)}   (${c.truePositives}/${c.falsePositives}/${c.falseNegatives})`);
  }
  const m = evaluation.macro;
  lines.push(`${'macro average'.padEnd(30)}${String(evaluation.records).padStart(7)} ${pct(m.precision)}  ${pct(m.recall)} ${pct(m.f1)}`);
  if (worst > 0 && evaluation.errors.length > 0) {
    lines.push('', `first ${Math.min(worst, evaluation.errors.length)} of ${evaluation.errors.length} disagreements (by code):`);
    const byCode = [...evaluation.errors].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    for (const e of byCode.slice(0, worst)) {
      lines.push(`  ${e.kind === 'missed' ? 'missed   ' : 'false pos'} ${e.code.padEnd(26)} ${e.id}: “${e.text.replace(/\s+/g, ' ').slice(0, 90)}”${e.evidence ? ` ← “${e.evidence}”` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}
