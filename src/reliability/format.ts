// Formatters for an agreement report: a plain-text table for people, CSV and JSON for other tools.
import Papa from 'papaparse';
import type { BootstrapInterval } from './bootstrap.js';
import type { AgreementMeasures, AgreementReport, MeasuredEstimate } from './agreement.js';

export type AgreementFormat = 'table' | 'json' | 'csv';
export const AGREEMENT_FORMATS: readonly AgreementFormat[] = ['table', 'json', 'csv'];

const DASH = '—';

function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function share(x: number | null): string {
  return x === null ? DASH : `${(x * 100).toFixed(1)}%`;
}

function interval(ci: BootstrapInterval | null, digits: (x: number) => string): string {
  if (!ci) return '';
  return ci.lower === null ? ' [no CI]' : ` [${digits(ci.lower)}, ${digits(ci.upper)}]`;
}

function statistic(e: MeasuredEstimate | null): string {
  if (!e) return DASH;
  return e.value === null ? DASH : `${e.value.toFixed(3)}${interval(e.ci, (x) => x.toFixed(2))}`;
}

function agreement(e: MeasuredEstimate): string {
  return e.value === null ? DASH : `${share(e.value)}${interval(e.ci, (x) => `${(x * 100).toFixed(0)}%`)}`;
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c]! - [...cell].length);
          return rightAligned.has(c) ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Why each undefined statistic (or interval) is undefined, one line per distinct reason. */
function reasons(name: string, m: AgreementMeasures): string[] {
  return reasonParts(m).map((text) => `${name}: ${text}`);
}

function reasonParts(m: AgreementMeasures): string[] {
  const undefinedFor = new Map<string, string[]>();
  const noInterval = new Map<string, string[]>();
  const add = (what: string, e: MeasuredEstimate | null): void => {
    if (!e) return;
    const [map, reason] = e.value === null ? [undefinedFor, e.reason] : e.ci && e.ci.lower === null ? [noInterval, e.ci.reason] : [null, ''];
    if (map) map.set(reason, [...(map.get(reason) ?? []), what]);
  };
  add('percent agreement', m.percentAgreement);
  add('kappa', m.cohenKappa);
  add('alpha', m.krippendorffAlpha);
  return [
    ...[...undefinedFor].map(([reason, what]) => `${what.join(' and ')} undefined: ${reason}.`),
    ...[...noInterval].map(([reason, what]) => `no confidence interval for ${what.join(' and ')}: ${reason}.`),
  ];
}

/** The same note for many codes is written once, naming them all. */
function groupedReasons(named: readonly { name: string; m: AgreementMeasures }[]): string[] {
  const byText = new Map<string, string[]>();
  for (const { name, m } of named) for (const text of reasonParts(m)) byText.set(text, [...(byText.get(text) ?? []), name]);
  return [...byText].map(([text, names]) => `${names.join(', ')}: ${text}`);
}

export function formatAgreementTable(report: AgreementReport): string {
  const twoCoders = report.coders.length === 2;
  const header = ['code', 'turns', 'marked', 'agreement', ...(twoCoders ? ['kappa'] : []), 'alpha'];
  const row = (name: string, units: number, prevalence: number | null, m: AgreementMeasures): string[] => [
    name,
    String(units),
    share(prevalence),
    agreement(m.percentAgreement),
    ...(twoCoders ? [statistic(m.cohenKappa)] : []),
    statistic(m.krippendorffAlpha),
  ];
  const rows = [header, ...report.codes.map((c) => row(c.code, c.units, c.prevalence, c))];
  const { mean, pooled } = report.overall;
  rows.push(row('overall (mean of codes)', pooled.units, null, mean));
  rows.push(row('overall (pooled)', pooled.units, pooled.prevalence, pooled));

  const lines = [
    `Agreement between ${listWords(report.coders)} on codebook ${report.codebook.id} ${report.codebook.version}`,
    `${report.units.pairable} turns coded by two or more coders, in ${report.transcripts} transcript${report.transcripts === 1 ? '' : 's'} (${report.units.coded} turns coded in all).`,
    report.bootstrap
      ? `95% intervals in brackets: ${report.bootstrap.method}, B = ${report.bootstrap.replicates}, seed = ${report.bootstrap.seed}.`
      : 'No confidence intervals (bootstrap turned off).',
    '',
    table(rows, new Set(rows[0]!.map((_, i) => i).filter((i) => i > 0))),
    '',
    '"turns": turns the code applies to that two or more coders coded; "marked": share of coder judgements on them that marked the code.',
    `Kappa${twoCoders ? '' : ' (two coders only)'} and alpha correct for chance agreement. As guidance (not a pass/fail rule), Krippendorff suggests alpha ≥ 0.800 to rely on a code and 0.667 as the lowest for tentative conclusions.`,
  ];
  const notes = [
    ...report.codes.flatMap((c) => c.warnings),
    ...groupedReasons([...report.codes.map((c) => ({ name: c.code, m: c })), { name: 'overall (mean)', m: mean }, { name: 'overall (pooled)', m: pooled }]),
  ];
  if (notes.length > 0) lines.push('', 'Notes:', ...notes.map((n) => `  - ${n}`));
  if (report.warnings.length > 0) lines.push('', 'Warnings:', ...report.warnings.map((w) => `  - ${w}`));
  return lines.join('\n') + '\n';
}

function cells(prefix: string, e: MeasuredEstimate | null): Record<string, number | string> {
  const value = e && e.value !== null ? e.value : '';
  const lower = e && e.ci && e.ci.lower !== null ? e.ci.lower : '';
  const upper = e && e.ci && e.ci.upper !== null ? e.ci.upper : '';
  return { [prefix]: value, [`${prefix}_ci_lower`]: lower, [`${prefix}_ci_upper`]: upper };
}

export function formatAgreementCsv(report: AgreementReport): string {
  const row = (code: string, label: string, units: number, marks: number, judgements: number, prevalence: number | null, m: AgreementMeasures, notes: string[]) => ({
    code,
    label,
    turns: units,
    marks,
    judgements,
    prevalence: prevalence ?? '',
    ...cells('percent_agreement', m.percentAgreement),
    ...cells('cohen_kappa', m.cohenKappa),
    ...cells('krippendorff_alpha', m.krippendorffAlpha),
    notes: notes.join(' | '),
  });
  const { mean, pooled } = report.overall;
  const data = [
    ...report.codes.map((c) => row(c.code, c.label, c.units, c.marks, c.judgements, c.prevalence, c, [...c.warnings, ...reasons(c.code, c)])),
    row('(mean)', 'overall, mean of codes', pooled.units, pooled.marks, pooled.judgements, null, mean, reasons('overall (mean)', mean)),
    row('(pooled)', 'overall, all codes pooled', pooled.units, pooled.marks, pooled.judgements, pooled.prevalence, pooled, reasons('overall (pooled)', pooled)),
  ];
  return Papa.unparse(data, { newline: '\n', escapeFormulae: true }) + '\n';
}

export function formatAgreementJson(report: AgreementReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export function formatAgreement(report: AgreementReport, format: AgreementFormat): string {
  switch (format) {
    case 'table':
      return formatAgreementTable(report);
    case 'json':
      return formatAgreementJson(report);
    case 'csv':
      return formatAgreementCsv(report);
  }
}
