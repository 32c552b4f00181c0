// Period keys <-> date ranges, under a tenant's fiscal-year start month and week start day.
// Pure: no clock, no database. Every range is [start, end) in whole days (00:00 UTC Dates, how
// Prisma reads a DATE column).

export type PeriodKind = 'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK';

export interface CalendarSettings {
  /** 1 = January ... 12 = December: fiscal year 2026 starts on the 1st of this month of 2026. */
  fiscalYearStartMonth: number;
  /** 1 = Monday ... 7 = Sunday (ISO numbering). */
  weekStart: number;
}

export const DEFAULT_CALENDAR: CalendarSettings = { fiscalYearStartMonth: 1, weekStart: 1 };

export interface Period {
  kind: PeriodKind;
  /** Canonical key: 2026, 2026Q3, 2026-07, 2026W27. */
  key: string;
  start: Date;
  end: Date;
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})Q([1-4])$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const WEEK = /^(\d{4})W(\d{2})$/;

function day(year: number, monthIndex: number, date = 1): Date {
  return new Date(Date.UTC(year, monthIndex, date));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/**
 * Fiscal years are named after the calendar year they start in: with an April start,
 * 2026 is 2026-04-01 .. 2027-04-01 and 2026Q1 is April-June 2026. Months are calendar
 * months whatever the fiscal year. Weeks follow ISO 8601 with the tenant's first weekday:
 * week 1 is the week that holds 4 January (so at least four of its days are in the year).
 */
export function parsePeriodKey(raw: string, settings: CalendarSettings = DEFAULT_CALENDAR): Period | undefined {
  const key = raw.trim().toUpperCase();
  let m = YEAR.exec(key);
  if (m) {
    const year = Number(m[1]);
    const start = day(year, settings.fiscalYearStartMonth - 1);
    return { kind: 'YEAR', key, start, end: day(year + 1, settings.fiscalYearStartMonth - 1) };
  }
  m = QUARTER.exec(key);
  if (m) {
    const year = Number(m[1]);
    const first = settings.fiscalYearStartMonth - 1 + (Number(m[2]) - 1) * 3;
    return { kind: 'QUARTER', key, start: day(year, first), end: day(year, first + 3) };
  }
  m = MONTH.exec(key);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return undefined;
    const year = Number(m[1]);
    return { kind: 'MONTH', key, start: day(year, month - 1), end: day(year, month) };
  }
  m = WEEK.exec(key);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    if (week < 1 || week > weeksInYear(year, settings.weekStart)) return undefined;
    const start = addDays(firstWeekStart(year, settings.weekStart), (week - 1) * 7);
    return { kind: 'WEEK', key, start, end: addDays(start, 7) };
  }
  return undefined;
}

/** The first day of week 1 of `year`: the week-start day on or before 4 January. */
function firstWeekStart(year: number, weekStart: number): Date {
  const jan4 = day(year, 0, 4);
  const isoWeekday = ((jan4.getUTCDay() + 6) % 7) + 1; // 1 = Monday ... 7 = Sunday
  const back = (isoWeekday - weekStart + 7) % 7;
  return addDays(jan4, -back);
}

function weeksInYear(year: number, weekStart: number): number {
  const days = (firstWeekStart(year + 1, weekStart).getTime() - firstWeekStart(year, weekStart).getTime()) / 86_400_000;
  return days / 7;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The period of `kind` that holds `date` (a day at 00:00 UTC). */
export function periodContaining(kind: PeriodKind, date: Date, settings: CalendarSettings = DEFAULT_CALENDAR): Period {
  const y = date.getUTCFullYear();
  const month = date.getUTCMonth(); // 0-based
  switch (kind) {
    case 'MONTH':
      return parsePeriodKey(`${y}-${pad(month + 1)}`, settings) as Period;
    case 'YEAR':
    case 'QUARTER': {
      const fiscalStart = settings.fiscalYearStartMonth - 1;
      const fiscalYear = month >= fiscalStart ? y : y - 1;
      if (kind === 'YEAR') return parsePeriodKey(String(fiscalYear), settings) as Period;
      const monthsIn = (month - fiscalStart + 12) % 12;
      return parsePeriodKey(`${fiscalYear}Q${Math.floor(monthsIn / 3) + 1}`, settings) as Period;
    }
    case 'WEEK': {
      // The week's year is the year of its 4th day (the ISO rule, for any first weekday).
      const isoWeekday = ((date.getUTCDay() + 6) % 7) + 1;
      const weekStartDay = addDays(date, -((isoWeekday - settings.weekStart + 7) % 7));
      const weekYear = addDays(weekStartDay, 3).getUTCFullYear();
      const week = (weekStartDay.getTime() - firstWeekStart(weekYear, settings.weekStart).getTime()) / (7 * 86_400_000);
      return parsePeriodKey(`${weekYear}W${pad(week + 1)}`, settings) as Period;
    }
  }
}

/**
 * The periods of `childKind` that tile `parent` exactly, in order; undefined when they do not
 * tile it (weeks do not tile a month or a year).
 */
export function subPeriods(parent: Period, childKind: PeriodKind, settings: CalendarSettings): Period[] | undefined {
  const order: PeriodKind[] = ['YEAR', 'QUARTER', 'MONTH'];
  if (!order.includes(childKind) || order.indexOf(childKind) <= order.indexOf(parent.kind)) return undefined;
  const parts: Period[] = [];
  let cursor = parent.start;
  while (cursor.getTime() < parent.end.getTime()) {
    const part = periodContaining(childKind, cursor, settings);
    parts.push(part);
    cursor = part.end;
  }
  return cursor.getTime() === parent.end.getTime() ? parts : undefined;
}

/** Kind and key of a stored range, when it is exactly one calendar period. */
export function periodOfRange(start: Date, end: Date, settings: CalendarSettings): Period | undefined {
  for (const kind of ['YEAR', 'QUARTER', 'MONTH', 'WEEK'] as const) {
    const candidate = periodContaining(kind, start, settings);
    if (candidate.start.getTime() === start.getTime() && candidate.end.getTime() === end.getTime()) return candidate;
  }
  return undefined;
}

/**
 * How much of the period should be done by `now`, linearly in days: 0 before it starts, 1
 * after it ends. Whole days elapsed count, plus the fraction of today.
 */
export function elapsedFraction(start: Date, end: Date, now: Date): number {
  const total = end.getTime() - start.getTime();
  if (total <= 0) return 1;
  const elapsed = now.getTime() - start.getTime();
  return Math.min(1, Math.max(0, elapsed / total));
}
