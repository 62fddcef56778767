// Formats a score file for people and programs: the mergeable JSON, a long CSV, or terminal tables.
import Papa from 'papaparse';
import { describePeriod } from '../aggregate/period.js';
import type { ScoreFile } from '../aggregate/score-file.js';
import type { Estimate, ScoreRow } from '../aggregate/scores.js';
import { OVERALL } from '../aggregate/trends.js';
import { formatScore } from './words.js';

export type ScoreFormat = 'json' | 'csv' | 'table';
export const SCORE_FORMATS: readonly ScoreFormat[] = ['json', 'csv', 'table'];

const CSV_COLUMNS = [
  'group_by',
  'group',
  'conversations',
  'supporter_turns',
  'uncoded_supporter_turns',
  'standard',
  'meets',
  'drifts',
  'meets_per_100_turns',
  'drifts_per_100_turns',
  'fidelity_index',
  'fidelity_low',
  'fidelity_high',
  'low_evidence',
  'drift_index',
  'drift_low',
  'drift_high',
  'questions_supporter',
  'questions_supported',
  'sharing_supporter',
  'sharing_supported',
  'offers_supporter',
  'offers_supported',
  'supported_findings',
  'warnings',
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | number>;

const opt = (x: number | undefined): string | number => (x === undefined ? '' : x);

function csvRows(file: ScoreFile, row: ScoreRow): CsvRow[] {
  const shared = {
    group_by: file.table.by,
    group: row.key,
    conversations: row.conversations,
    supporter_turns: row.supporterTurns,
    uncoded_supporter_turns: row.uncodedSupporterTurns,
    drift_index: row.driftIndex.value,
    drift_low: opt(row.driftIndex.low),
    drift_high: opt(row.driftIndex.high),
    questions_supporter: row.mutuality.questions.supporter,
    questions_supported: row.mutuality.questions.supported,
    sharing_supporter: row.mutuality.sharing.supporter,
    sharing_supported: row.mutuality.sharing.supported,
    offers_supporter: row.mutuality.offers.supporter,
    offers_supported: row.mutuality.offers.supported,
    supported_findings: row.mutuality.supportedFindings,
    warnings: row.warnings.join(' '),
  };
  const meets = row.standards.reduce((a, s) => a + s.meets, 0);
  const drifts = row.standards.reduce((a, s) => a + s.drifts, 0);
  return [
    ...row.standards.map((s) => ({
      ...shared,
      standard: s.standard,
      meets: s.meets,
      drifts: s.drifts,
      meets_per_100_turns: s.meetsPer100,
      drifts_per_100_turns: s.driftsPer100,
      fidelity_index: s.fidelity.value,
      fidelity_low: opt(s.fidelity.low),
      fidelity_high: opt(s.fidelity.high),
      low_evidence: s.lowEvidence ? 'yes' : 'no',
    })),
    {
      ...shared,
      standard: OVERALL,
      meets,
      drifts,
      meets_per_100_turns: row.supporterTurns > 0 ? Math.round((1000 * meets) / row.supporterTurns) / 10 : 0,
      drifts_per_100_turns: row.driftIndex.value,
      fidelity_index: row.overall.value,
      fidelity_low: opt(row.overall.low),
      fidelity_high: opt(row.overall.high),
      low_evidence: row.overallLowEvidence ? 'yes' : 'no',
    },
  ];
}

/** Pads columns to a plain-text table; numbers right-aligned. */
function textTable(head: string[], rows: string[][], numeric: boolean[]): string {
  const widths = head.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...c].length));
        return numeric[i] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

function est(e: Estimate): string {
  return e.low !== undefined && e.high !== undefined ? `${formatScore(e.value)} [${formatScore(e.low)}–${formatScore(e.high)}]` : formatScore(e.value);
}

function tables(file: ScoreFile): string {
  const { table, trends } = file;
  const ids = table.standards.map((s) => s.id);
  const out: string[] = [];
  out.push(`Fidelity by ${table.by} (index 0–100, 95% interval over conversations; codebook ${file.codebook.id} ${file.codebook.version})`, '');
  out.push(
    textTable(
      [table.by, 'conversations', 'supporter turns', 'overall', 'drift /100 turns', ...ids, 'notes'],
      table.rows.map((r) => [
        r.key,
        String(r.conversations),
        String(r.supporterTurns),
        est(r.overall),
        est(r.driftIndex),
        ...r.standards.map((s) => `${formatScore(s.fidelity.value)}${s.lowEvidence ? '*' : ''}`),
        r.warnings.join(', '),
      ]),
      [false, true, true, true, true, ...ids.map(() => true), false],
    ),
  );
  out.push('', `* fewer than 3 coded moments. Standards: ${table.standards.map((s) => `${s.id} = ${s.label}`).join('; ')}.`);
  out.push('', 'Help in both directions (turns: supporter / person supported)', '');
  out.push(
    textTable(
      [table.by, 'questions', 'own experience', 'offers', 'contributions of the person supported'],
      table.rows.map((r) => [
        r.key,
        `${r.mutuality.questions.supporter} / ${r.mutuality.questions.supported}`,
        `${r.mutuality.sharing.supporter} / ${r.mutuality.sharing.supported}`,
        `${r.mutuality.offers.supporter} / ${r.mutuality.offers.supported}`,
        String(r.mutuality.supportedFindings),
      ]),
      [false, true, true, true, true],
    ),
  );
  if (trends.trends.length > 0) {
    const flagged = trends.trends.flatMap((t) => t.checks.filter((c) => c.status === 'regression').map((c) => `${t.program}: ${t.standard} in ${describePeriod(c.period)}`));
    out.push('', `Change over time, by program (fidelity index per ${trends.period}; ▼ a flagged drop below the program's earlier ${trends.period}s)`, '');
    out.push(
      textTable(
        ['program', 'standard', ...trends.periods.map(describePeriod)],
        trends.trends.map((t) => [
          t.program,
          t.standard,
          ...trends.periods.map((p) => {
            const point = t.points.find((x) => x.period === p);
            if (!point) return '';
            const drop = t.checks.some((c) => c.period === p && c.status === 'regression');
            return `${formatScore(point.fidelity.value)}${drop ? ' ▼' : ''}`;
          }),
        ]),
        [false, false, ...trends.periods.map(() => true)],
      ),
    );
    out.push('', flagged.length > 0 ? `Flagged drops: ${flagged.join('; ')}.` : 'No flagged drops.');
    if (trends.undated > 0) out.push(`${trends.undated} conversation${trends.undated === 1 ? '' : 's'} without a date left out of the change over time.`);
  }
  return `${out.join('\n')}\n`;
}

/** The score file as JSON (mergeable), CSV (one row per group × standard, plus `overall`) or terminal tables. */
export function formatScores(file: ScoreFile, format: ScoreFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(file, null, 2)}\n`;
    case 'csv':
      return `${Papa.unparse(file.table.rows.flatMap((r) => csvRows(file, r)), { columns: [...CSV_COLUMNS], newline: '\n' })}\n`;
    case 'table':
      return tables(file);
  }
}
