import type { commonV1 } from '@salesflow/contracts';
import { type FieldError, requirePermission } from '@salesflow/platform';
import type { FieldDatabase, FieldTransaction } from '../../database';
import { REPORT_SETTINGS_PERMISSION } from '../report-settings/report-settings.service';
import { FieldWorkError } from '../shared/field-work.errors';
import { dateColumn, fromDateColumn, isLocalDate, isoWeekday } from '../shared/local-date';
import type { CalendarDayKind, CalendarOverrides } from './working-days';

// Tenant-wide rules are the admin's (like the report settings); anyone who sees attendance
// may read the calendar it is counted against.
export const HOLIDAY_CALENDAR_WRITE = REPORT_SETTINGS_PERMISSION;
export const HOLIDAY_CALENDAR_READ = 'field.attendance.read';

const KINDS: readonly CalendarDayKind[] = ['HOLIDAY', 'WORKING_DAY'];
const MAX_NAME = 100;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export interface HolidayCalendar {
  year: number;
  days: CalendarDay[];
}

export interface CalendarDayInput {
  date?: string;
  kind?: string;
  name?: string;
}

/** A tenant's holidays and weekend working days, set one year at a time. */
export class HolidayCalendarService {
  constructor(private readonly db: FieldDatabase) {}

  async get(principal: commonV1.Principal, year: number): Promise<HolidayCalendar> {
    requirePermission(principal, HOLIDAY_CALENDAR_READ);
    const errors = yearErrors(year);
    if (errors.length > 0) throw FieldWorkError.invalid(errors);
    const rows = await this.db.holidayCalendarDay.findMany({
      where: {
        tenantId: principal.tenantId,
        day: { gte: dateColumn(`${year}-01-01`), lte: dateColumn(`${year}-12-31`) },
      },
      orderBy: { day: 'asc' },
    });
    return {
      year,
      days: rows.map((r) => ({ date: fromDateColumn(r.day), kind: r.kind as CalendarDayKind, name: r.name })),
    };
  }

  /** Replaces the year's entries with `days` (an empty list clears the year). */
  async set(principal: commonV1.Principal, year: number, days: readonly CalendarDayInput[]): Promise<HolidayCalendar> {
    requirePermission(principal, HOLIDAY_CALENDAR_WRITE);
    const { errors, valid } = validateCalendar(year, days);
    if (errors.length > 0) throw FieldWorkError.invalid(errors, 'holiday calendar is invalid');
    const tenantId = principal.tenantId;
    await this.db.$transaction(async (tx) => {
      await tx.holidayCalendarDay.deleteMany({
        where: { tenantId, day: { gte: dateColumn(`${year}-01-01`), lte: dateColumn(`${year}-12-31`) } },
      });
      await tx.holidayCalendarDay.createMany({
        data: valid.map((d) => ({ tenantId, day: dateColumn(d.date), kind: d.kind, name: d.name })),
      });
    });
    return { year, days: [...valid].sort((a, b) => a.date.localeCompare(b.date)) };
  }
}

function yearErrors(year: number): FieldError[] {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR
    ? []
    : [{ field: 'year', message: `must be a year from ${MIN_YEAR} to ${MAX_YEAR}` }];
}

/** Every problem of the whole list at once; `valid` is only complete when there are none. */
export function validateCalendar(
  year: number,
  days: readonly CalendarDayInput[],
): { errors: FieldError[]; valid: CalendarDay[] } {
  const errors = yearErrors(year);
  if (days.length > 366) errors.push({ field: 'days', message: 'has more than 366 entries' });
  const seen = new Set<string>();
  const valid: CalendarDay[] = [];
  days.forEach((day, i) => {
    const at = (field: string) => `days[${i}].${field}`;
    const date = day.date?.trim() ?? '';
    const kind = day.kind?.trim().toUpperCase() ?? '';
    const name = day.name?.trim() ?? '';
    let ok = true;
    if (!isLocalDate(date) || !date.startsWith(`${year}-`)) {
      errors.push({ field: at('date'), message: `must be a date YYYY-MM-DD in ${year}` });
      ok = false;
    } else if (seen.has(date)) {
      errors.push({ field: at('date'), message: `${date} is listed twice` });
      ok = false;
    }
    seen.add(date);
    if (!(KINDS as readonly string[]).includes(kind)) {
      errors.push({ field: at('kind'), message: 'must be HOLIDAY or WORKING_DAY' });
      ok = false;
    } else if (kind === 'WORKING_DAY' && isLocalDate(date) && isoWeekday(date) <= 5) {
      // Monday to Friday already are working days; only a weekend day can be made one (调休).
      errors.push({ field: at('kind'), message: 'a working day must be a Saturday or Sunday' });
      ok = false;
    }
    if (name.length > MAX_NAME) {
      errors.push({ field: at('name'), message: `is longer than ${MAX_NAME} characters` });
      ok = false;
    }
    if (ok) valid.push({ date, kind: kind as CalendarDayKind, name });
  });
  return { errors, valid };
}

/** The tenant's calendar entries from `from` to `to`, both included. */
export async function calendarOverrides(
  db: FieldDatabase | FieldTransaction,
  tenantId: string,
  from: string,
  to: string,
): Promise<CalendarOverrides> {
  const rows = await db.holidayCalendarDay.findMany({
    where: { tenantId, day: { gte: dateColumn(from), lte: dateColumn(to) } },
    select: { day: true, kind: true },
  });
  return new Map(rows.map((r) => [fromDateColumn(r.day), r.kind as CalendarDayKind]));
}
