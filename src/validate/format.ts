// Plain-text tables for validation (auto vs human) and for training (rules alone vs rules + classifier).
import type { Validation } from './compare.js';
import type { CvCounts, TrainingResult } from './train.js';

export type ValidationFormat = 'table' | 'json';
export const VALIDATION_FORMATS: readonly ValidationFormat[] = ['table', 'json'];

const num = (x: number | null, width = 5): string => (x === null ? '–' : x.toFixed(2)).padStart(width);
const flat = (text: string, max = 110): string => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

export interface ValidationTableOptions {
  /** Disagreements listed per code and kind; Infinity for all (default 10). */
  maxDisagreements?: number;
}

export function formatValidationTable(v: Validation, options: ValidationTableOptions = {}): string {
  const max = options.maxDisagreements ?? 10;
  const lines = [
    `${v.codebook.id} ${v.codebook.version}${v.classifier ? ' (rules + classifier)' : ''} against ${v.gold.coder}: ${v.gold.turns} turns of ${v.gold.transcripts} transcript${v.gold.transcripts === 1 ? '' : 's'}; reliable = kappa ≥ ${v.threshold.kappa}`,
    '',
    `${'code'.padEnd(26)} turns    n  prec   rec    F1  kappa  reliable  (tp/fp/fn)`,
  ];
  for (const c of v.codes) {
    lines.push(
      `${c.code.padEnd(26)} ${String(c.turns).padStart(5)} ${String(c.n).padStart(4)} ${num(c.precision)} ${num(c.recall)} ${num(c.f1)} ${num(c.kappa, 6)}  ${(c.reliable ? 'yes' : 'no').padEnd(8)}  (${c.truePositives}/${c.falsePositives}/${c.falseNegatives})`,
    );
  }
  for (const w of v.warnings) lines.push('', `note: ${w}`);
  const withDisagreements = v.codes.filter((c) => c.disagreements.length > 0);
  if (max > 0 && withDisagreements.length > 0) {
    lines.push('', `Disagreements${Number.isFinite(max) ? ` (up to ${max} of each kind per code)` : ''}: "false pos" = the engine coded it and people did not (with the engine's evidence); "missed" = people coded it and the engine did not.`);
    for (const c of withDisagreements) {
      lines.push('', `${c.code}`);
      for (const kind of ['false-positive', 'missed'] as const) {
        const list = c.disagreements.filter((d) => d.kind === kind);
        for (const d of list.slice(0, max)) {
          const where = `${d.transcriptId} turn ${d.turn} (${d.speaker})`;
          lines.push(
            kind === 'missed'
              ? `  missed     ${where}: “${flat(d.text)}”`
              : `  false pos  ${where}: “${flat(d.evidence ?? '')}” ← ${d.matcher} ${d.confidence?.toFixed(2)} in “${flat(d.text, 80)}”`,
          );
        }
        if (list.length > max) lines.push(`  … and ${list.length - max} more ${kind === 'missed' ? 'missed' : 'false positives'}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

export function formatValidation(v: Validation, format: ValidationFormat, options: ValidationTableOptions = {}): string {
  return format === 'json' ? JSON.stringify(v, null, 2) + '\n' : formatValidationTable(v, options);
}

const scores = (c: CvCounts | null): string => (c ? `${num(c.precision)} ${num(c.recall)} ${num(c.f1)}` : `${'–'.padStart(5)} ${'–'.padStart(5)} ${'–'.padStart(5)}`);

const STATUS = { kept: 'kept', 'no-gain': 'left out: no gain', 'too-few-positives': 'left out: too few positives' } as const;

export function formatTrainingTable(r: TrainingResult): string {
  const lines = [
    `Cross-validated by transcript: ${r.folds} folds (seed ${r.seed}), ${r.transcripts} transcripts, ${r.turns} gold turns (coder: ${r.coder}).`,
    'Each fold trains on the other transcripts and chooses its threshold there; the figures are on the held-out transcripts.',
    '',
    `${''.padEnd(26)} ${''.padStart(5)} ${''.padStart(4)}  ${'rules only'.padEnd(17)}  ${'rules + classifier'.padEnd(17)}`,
    `${'code'.padEnd(26)} turns  pos   prec   rec    F1   prec   rec    F1  threshold  model`,
  ];
  for (const c of r.codes) {
    lines.push(
      `${c.code.padEnd(26)} ${String(c.turns).padStart(5)} ${String(c.positives).padStart(4)}  ${scores(c.rules)}  ${scores(c.combined)}  ${(c.threshold === null ? '–' : c.threshold.toFixed(2)).padStart(9)}  ${STATUS[c.status]}`,
    );
  }
  const kept = r.codes.filter((c) => c.status === 'kept').length;
  lines.push('', `${kept} of ${r.codes.length} code${r.codes.length === 1 ? '' : 's'} gained from a classifier and ${kept === 1 ? 'goes' : 'go'} into the model.`);
  for (const w of r.warnings) lines.push(`note: ${w}`);
  return lines.join('\n') + '\n';
}
