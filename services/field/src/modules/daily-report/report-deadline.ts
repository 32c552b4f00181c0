import { instantOf } from '../calendar/local-day';
import type { ReportSettingsValues } from '../report-settings/report-settings';
import { minutesOfDay, partsOf } from '../shared/local-date';

/**
 * The instant after which the report of `reportDate` is late: the tenant's deadline time
 * (default 09:00) on the day `reportDeadlineDaysAfter` (default 1) after the report date, in
 * the tenant's zone. Submitting exactly at the deadline is on time.
 */
export function reportDeadline(reportDate: string, settings: ReportSettingsValues, timeZone: string): Date {
  const { year, month, day } = partsOf(reportDate);
  const minutes = minutesOfDay(settings.reportDeadlineTime) ?? 9 * 60;
  return instantOf(
    {
      year,
      month,
      day: day + settings.reportDeadlineDaysAfter,
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    },
    timeZone,
  );
}

export function isLate(
  submittedAt: Date,
  reportDate: string,
  settings: ReportSettingsValues,
  timeZone: string,
): boolean {
  return submittedAt.getTime() > reportDeadline(reportDate, settings, timeZone).getTime();
}
