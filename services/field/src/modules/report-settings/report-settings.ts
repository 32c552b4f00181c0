import type { FieldError } from '@salesflow/platform';
import type { FieldDatabase, FieldTransaction } from '../../database';
import { minutesOfDay } from '../shared/local-date';

/** A tenant's field rules. Tenants that never changed them get the defaults. */
export interface ReportSettingsValues {
  /** "HH:MM" local: a daily report is late when submitted after this time ... */
  reportDeadlineTime: string;
  /** ... on this many days after the report date (1 = the next day). */
  reportDeadlineDaysAfter: number;
  /** "HH:MM" local: a clock-in after this is late. */
  workStartTime: string;
}

export const DEFAULT_REPORT_SETTINGS: ReportSettingsValues = {
  reportDeadlineTime: '09:00',
  reportDeadlineDaysAfter: 1,
  workStartTime: '09:00',
};

export async function reportSettingsOf(
  db: FieldDatabase | FieldTransaction,
  tenantId: string,
): Promise<ReportSettingsValues> {
  const row = await db.reportSettings.findUnique({ where: { tenantId } });
  if (!row) return DEFAULT_REPORT_SETTINGS;
  return {
    reportDeadlineTime: row.reportDeadlineTime,
    reportDeadlineDaysAfter: row.reportDeadlineDaysAfter,
    workStartTime: row.workStartTime,
  };
}

export function validateReportSettings(input: Partial<ReportSettingsValues>): FieldError[] {
  const errors: FieldError[] = [];
  if (input.reportDeadlineTime !== undefined && minutesOfDay(input.reportDeadlineTime) === undefined) {
    errors.push({ field: 'reportDeadlineTime', message: 'must be a time of day HH:MM' });
  }
  if (input.workStartTime !== undefined && minutesOfDay(input.workStartTime) === undefined) {
    errors.push({ field: 'workStartTime', message: 'must be a time of day HH:MM' });
  }
  const days = input.reportDeadlineDaysAfter;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 7)) {
    errors.push({ field: 'reportDeadlineDaysAfter', message: 'must be a whole number from 1 to 7' });
  }
  return errors;
}
