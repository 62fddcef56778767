// Turns conversation dates into reporting periods (month or quarter) that sort as text.

export type PeriodUnit = 'month' | 'quarter';
export const PERIOD_UNITS: readonly PeriodUnit[] = ['month', 'quarter'];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2025-Q1` or `2025-03`; undefined when the date is missing or not an ISO date. */
export function periodOf(date: string | undefined, unit: PeriodUnit): string | undefined {
  if (date === undefined) return undefined;
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return unit === 'month' ? `${m[1]}-${m[2]}` : `${m[1]}-Q${Math.ceil(month / 3)}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A period as people say it: "Q1 2025", "March 2025". */
export function describePeriod(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `Q${q[2]} ${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
  return period;
}
