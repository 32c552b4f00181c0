import { DEADLINE_LOOKAHEAD_DAYS, reportDeadline } from '../daily-report/report-deadline';
import { type CalendarOverrides, isWorkingDay } from '../holiday-calendar/working-days';
import type { ReportSettingsValues } from '../report-settings/report-settings';
import { addDays, datesBetween } from '../shared/local-date';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DueDatesInput {
  /** Today in the tenant's zone, "YYYY-MM-DD". */
  today: string;
  now: Date;
  /** A day is settled at most this many days after its deadline (field down longer: never). */
  lookbackDays: number;
  settings: ReportSettingsValues;
  timeZone: string;
  /** Must cover [firstCandidate(today, lookbackDays), today + DEADLINE_LOOKAHEAD_DAYS]. */
  calendar: CalendarOverrides;
  /** Days of the tenant already settled. */
  settled: ReadonlySet<string>;
}

/**
 * The earliest report date that can still be due: a deadline falls at most
 * DEADLINE_LOOKAHEAD_DAYS after its report date, and is settled within `lookbackDays` of it.
 */
export function firstCandidate(today: string, lookbackDays: number): string {
  return addDays(today, -(lookbackDays + DEADLINE_LOOKAHEAD_DAYS));
}

/**
 * The report dates to settle now, oldest first, each with its deadline: working days (the
 * tenant's holiday calendar) not settled yet whose deadline has passed (exactly at the deadline
 * a report is still on time, so strictly after) no more than `lookbackDays` ago. The window is
 * counted from the deadline, not the report date, so a deadline pushed out by a long holiday
 * is not missed.
 */
export function dueReportDates(input: DueDatesInput): { reportDate: string; deadline: Date }[] {
  const due: { reportDate: string; deadline: Date }[] = [];
  const oldestDeadline = input.now.getTime() - input.lookbackDays * DAY_MS;
  for (const reportDate of datesBetween(firstCandidate(input.today, input.lookbackDays), input.today)) {
    if (input.settled.has(reportDate) || !isWorkingDay(reportDate, input.calendar)) continue;
    const deadline = reportDeadline(reportDate, input.settings, input.timeZone, input.calendar);
    if (deadline.getTime() < input.now.getTime() && deadline.getTime() >= oldestDeadline) {
      due.push({ reportDate, deadline });
    }
  }
  return due;
}
