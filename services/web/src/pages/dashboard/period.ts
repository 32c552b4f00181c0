/**
 * The dashboard's periods as the analytics API names them: a month (2026-07), a quarter (2026Q3)
 * or a year (2026). Pure calendar arithmetic on year and month numbers, so no time zone can shift
 * a period's first or last day.
 */
export type PeriodKind = 'month' | 'quarter' | 'year';

/** A calendar month, 1-based like people write it. */
export interface YearMonth {
  year: number;
  month: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})Q([1-4])$/;
const YEAR = /^(\d{4})$/;

const HOW_MANY: Record<PeriodKind, number> = { month: 12, quarter: 8, year: 5 };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The period of a kind that holds a month: 2026-07 → 2026-07, 2026Q3 or 2026. */
export function periodOf(kind: PeriodKind, at: YearMonth): string {
  if (kind === 'month') return `${at.year}-${pad(at.month)}`;
  if (kind === 'quarter') return `${at.year}Q${Math.ceil(at.month / 3)}`;
  return String(at.year);
}

/** Which kind a period text is, or undefined when it is none the API accepts. */
export function periodKindOf(period: string): PeriodKind | undefined {
  if (MONTH.test(period)) return 'month';
  if (QUARTER.test(period)) return 'quarter';
  if (YEAR.test(period)) return 'year';
  return undefined;
}

/** The picker's choices of a kind: the current period first, then the ones before it. */
export function periodOptions(kind: PeriodKind, today: YearMonth): string[] {
  const step = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  const options: string[] = [];
  // Counting in months from year 0 makes stepping back across a new year plain subtraction.
  let index = today.year * 12 + (today.month - 1);
  for (let i = 0; i < HOW_MANY[kind]; i++, index -= step) {
    options.push(periodOf(kind, { year: Math.floor(index / 12), month: (index % 12) + 1 }));
  }
  return options;
}

function daysIn(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (UTC, so no DST edge).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first and last day (inclusive, YYYY-MM-DD) of a period, as the time series API wants them. */
export function periodRange(period: string): { from: string; to: string } {
  const month = MONTH.exec(period);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    return { from: `${year}-${pad(m)}-01`, to: `${year}-${pad(m)}-${pad(daysIn(year, m))}` };
  }
  const quarter = QUARTER.exec(period);
  if (quarter) {
    const year = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    const last = first + 2;
    return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(daysIn(year, last))}` };
  }
  const year = YEAR.exec(period);
  if (year) return { from: `${year[1]}-01-01`, to: `${year[1]}-12-31` };
  throw new Error(`not a period: ${period}`);
}

/** A trend's buckets: weeks inside a month or quarter, months across a year. */
export function trendInterval(period: string): 'week' | 'month' {
  return periodKindOf(period) === 'year' ? 'month' : 'week';
}
