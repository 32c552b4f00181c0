import { instantOf } from '../calendar/local-day';
import { type CalendarOverrides, isWorkingDay } from '../holiday-calendar/working-days';
import type { ReportSettingsValues } from '../report-settings/report-settings';
import { addDays, minutesOfDay, partsOf } from '../shared/local-date';

/**
 * How far past a report date the holiday calendar must be known to find its deadline day:
 * at most 7 working days (the settings' limit) plus the longest run of days off a Chinese
 * calendar has (the Spring Festival's eight or nine days with the weekends around it).
 */
export const DEADLINE_LOOKAHEAD_DAYS = 40;

/**
 * The day the report of `reportDate` is due: the `reportDeadlineDaysAfter`-th working day after
 * it (a Friday's report is due on Monday, not on Saturday; a report before a holiday is due on
 * the first working day after it). Calendar days are counted instead if the calendar shows no
 * working day within the lookahead, so that a calendar full of holidays still yields a deadline.
 */
export function reportDeadlineDay(reportDate: string, daysAfter: number, calendar: CalendarOverrides): string {
  let day = reportDate;
  let workingDaysLeft = daysAfter;
  for (let offset = 1; offset <= DEADLINE_LOOKAHEAD_DAYS && workingDaysLeft > 0; offset += 1) {
    day = addDays(reportDate, offset);
    if (isWorkingDay(day, calendar)) workingDaysLeft -= 1;
  }
  return workingDaysLeft === 0 ? day : addDays(reportDate, daysAfter);
}

/**
 * The instant after which the report of `reportDate` is late: the tenant's deadline time
 * (default 09:00) on its deadline day (see `reportDeadlineDay`; default the next working day),
 * in the tenant's zone. Submitting exactly at the deadline is on time. `calendar` must cover
 * [reportDate, reportDate + DEADLINE_LOOKAHEAD_DAYS].
 */
export function reportDeadline(
  reportDate: string,
  settings: ReportSettingsValues,
  timeZone: string,
  calendar: CalendarOverrides,
): Date {
  const { year, month, day } = partsOf(reportDeadlineDay(reportDate, settings.reportDeadlineDaysAfter, calendar));
  const minutes = minutesOfDay(settings.reportDeadlineTime) ?? 9 * 60;
  return instantOf({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
}

export function isLate(
  submittedAt: Date,
  reportDate: string,
  settings: ReportSettingsValues,
  timeZone: string,
  calendar: CalendarOverrides,
): boolean {
  return submittedAt.getTime() > reportDeadline(reportDate, settings, timeZone, calendar).getTime();
}
