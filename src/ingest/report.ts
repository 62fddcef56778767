// Collects problems, skipped items and the turn count for one file while a reader works on it.
import type { InputProblem } from '../core/types.js';
import type { SkippedItem } from './types.js';

export class FileReport {
  readonly problems: InputProblem[] = [];
  readonly skipped: SkippedItem[] = [];
  turnsRead = 0;

  constructor(readonly file: string) {}

  private add(severity: InputProblem['severity'], code: string, line: number | undefined, message: string): void {
    const problem: InputProblem = { severity, code, file: this.file, message };
    if (line !== undefined) problem.line = line;
    this.problems.push(problem);
  }

  warn(code: string, line: number | undefined, message: string): void {
    this.add('warning', code, line, message);
  }

  error(code: string, line: number | undefined, message: string): void {
    this.add('error', code, line, message);
  }

  /** Records a turn the reader found but will not keep; it still counts as read. */
  skipTurn(line: number | undefined, reason: string): void {
    this.turnsRead++;
    const item: SkippedItem = { kind: 'turn', file: this.file, reason };
    if (line !== undefined) item.line = line;
    this.skipped.push(item);
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }
}
