// Runs every code's examples through the engine: positives must produce the code, negatives must not.
import type { Role, Transcript, Turn } from '../core/types.js';
import type { CompiledCodebook } from '../coding/compiled.js';
import { codeTranscript } from '../coding/engine.js';
import type { CodebookSource } from './load.js';
import type { CodeDefinition, ExampleDefinition } from './schema.js';

export interface ExampleFailure {
  code: string;
  kind: 'positive' | 'negative';
  index: number;
  file: string;
  line?: number;
  text: string;
  /** What went wrong, in plain words. */
  reason: string;
}

export interface CodeSelfTest {
  code: string;
  positive: { passed: number; total: number };
  negative: { passed: number; total: number };
}

export interface SelfTestReport {
  codes: CodeSelfTest[];
  failures: ExampleFailure[];
  passed: boolean;
}

function otherRole(role: Role): Role {
  return role === 'supporter' ? 'supported' : 'supporter';
}

/** A two-turn transcript (previous turn, if any, then the example) for one example. */
export function exampleTranscript(code: CodeDefinition, example: ExampleDefinition): Transcript {
  const role = (example.role ?? code.roles[0] ?? 'supporter') as Role;
  const turns: Turn[] = [];
  if (example.previous !== undefined) {
    const previousRole = (example['previous-role'] ?? otherRole(role)) as Role;
    turns.push({ index: 1, speaker: previousRole, role: previousRole, text: example.previous, sourceLine: 1 });
  }
  turns.push({ index: turns.length + 1, speaker: role, role, text: example.text, sourceLine: turns.length + 1 });
  return { id: `example:${code.id}`, source: { file: `${code.id}.yml`, format: 'txt' }, turns, meta: {} };
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export function runSelfTest(source: CodebookSource, codebook: CompiledCodebook): SelfTestReport {
  const failures: ExampleFailure[] = [];
  const codes: CodeSelfTest[] = [];
  for (const code of source.codes) {
    const file = source.files.get(code.id) ?? code.id;
    const result: CodeSelfTest = { code: code.id, positive: { passed: 0, total: 0 }, negative: { passed: 0, total: 0 } };
    for (const kind of ['positive', 'negative'] as const) {
      code.examples[kind].forEach((example, index) => {
        const transcript = exampleTranscript(code, example);
        const turn = transcript.turns.length;
        const finding = codeTranscript(transcript, codebook).findings.find((f) => f.code === code.id && f.turn === turn);
        let reason: string | undefined;
        if (kind === 'positive' && !finding) reason = 'expected this code, but the matchers found nothing';
        if (kind === 'positive' && finding && example.evidence !== undefined) {
          const at = example.text.indexOf(example.evidence);
          if (!overlaps(finding.span, { start: at, end: at + example.evidence.length })) {
            reason = `expected evidence "${example.evidence}", but the code was found at "${finding.evidence}"`;
          }
        }
        if (kind === 'negative' && finding) reason = `expected no ${code.id}, but it was found at "${finding.evidence}" (matcher ${finding.matcher.id})`;
        result[kind].total++;
        if (reason) {
          failures.push({ code: code.id, kind, index, file, ...source.locate(file, ['examples', kind, index]), text: example.text, reason });
        } else {
          result[kind].passed++;
        }
      });
    }
    codes.push(result);
  }
  return { codes, failures, passed: failures.length === 0 };
}
