// Which days are working days: Mon-Fri, unless the tenant's holiday calendar says otherwise
// (a public holiday on a weekday, or a weekend day made a working day, 调休). Pure.
import { datesBetween, isoWeekday } from '../shared/local-date';

export type CalendarDayKind = 'HOLIDAY' | 'WORKING_DAY';

/** The calendar's entries, date "YYYY-MM-DD" -> kind. */
export type CalendarOverrides = ReadonlyMap<string, CalendarDayKind>;

export function isWorkingDay(date: string, overrides: CalendarOverrides): boolean {
  const kind = overrides.get(date);
  if (kind) return kind === 'WORKING_DAY';
  return isoWeekday(date) <= 5;
}

/** The working days from `from` to `to`, both included, in order. */
export function workingDaysBetween(from: string, to: string, overrides: CalendarOverrides): string[] {
  return datesBetween(from, to).filter((date) => isWorkingDay(date, overrides));
}
