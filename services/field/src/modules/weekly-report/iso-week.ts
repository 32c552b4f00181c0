import { addDays, isoWeekday } from '../shared/local-date';

const WEEK = /^(\d{4})-?W(\d{2})$/;

/** Monday and Sunday of an ISO week "2026W27" (or "2026-W27"); undefined when there is no such week. */
export function isoWeekBounds(week: string): { week: string; start: string; end: string } | undefined {
  const match = WEEK.exec(week.trim().toUpperCase());
  if (!match) return undefined;
  const year = Number(match[1]);
  const number = Number(match[2]);
  if (number < 1 || number > 53) return undefined;
  // Week 1 is the week with 4 January in it.
  const jan4 = `${year}-01-04`;
  const firstMonday = addDays(jan4, 1 - isoWeekday(jan4));
  const start = addDays(firstMonday, 7 * (number - 1));
  // A week belongs to the year of its Thursday; week 53 exists only in some years.
  if (addDays(start, 3).slice(0, 4) !== String(year)) return undefined;
  return { week: `${year}W${String(number).padStart(2, '0')}`, start, end: addDays(start, 6) };
}
