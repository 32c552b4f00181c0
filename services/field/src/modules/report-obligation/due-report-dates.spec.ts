import type { CalendarOverrides } from '../holiday-calendar/working-days';
import { dueReportDates } from './due-report-dates';

const SETTINGS = { reportDeadlineTime: '09:00', reportDeadlineDaysAfter: 1, workStartTime: '09:00' };
const TZ = 'Asia/Shanghai'; // UTC+8: 09:00 local = 01:00Z

const base = {
  lookbackDays: 14,
  settings: SETTINGS,
  timeZone: TZ,
  calendar: new Map([['2026-11-19', 'HOLIDAY']]) as CalendarOverrides,
  settled: new Set(['2026-11-16']),
};

describe('dueReportDates', () => {
  it('settles the working days whose deadline passed within the look-back, not settled yet', () => {
    // Wednesday 25 November 2026, 10:00 in Shanghai. Thursday the 19th is a holiday; the 16th
    // is already settled. Look-back 14 days: deadlines from 11 November 10:00 on.
    const due = dueReportDates({ ...base, today: '2026-11-25', now: new Date('2026-11-25T02:00:00Z') });
    expect(due.map((d) => d.reportDate)).toEqual([
      // 11-10's deadline (11-11 09:00) is an hour before the look-back starts.
      '2026-11-11', // due Thu 11-12 09:00
      '2026-11-12', // due Fri 11-13
      '2026-11-13', // Fri, due Mon 11-16
      '2026-11-17',
      '2026-11-18', // due Fri 11-20: Thu 11-19 is the holiday
      '2026-11-20', // Fri, due Mon 11-23
      '2026-11-23',
      '2026-11-24', // due 11-25 09:00, an hour ago
      // 11-25 is due tomorrow; weekends and the holiday owe no report.
    ]);
    expect(due.find((d) => d.reportDate === '2026-11-18')?.deadline).toEqual(new Date('2026-11-20T01:00:00Z'));
  });

  it('waits until the deadline has passed: exactly at it a report is still on time', () => {
    const at = dueReportDates({ ...base, today: '2026-11-25', now: new Date('2026-11-25T01:00:00.000Z') });
    expect(at.map((d) => d.reportDate)).not.toContain('2026-11-24');
    const after = dueReportDates({ ...base, today: '2026-11-25', now: new Date('2026-11-25T01:00:00.001Z') });
    expect(after.map((d) => d.reportDate)).toContain('2026-11-24');
  });

  it('counts the look-back from the deadline, so a day before a long holiday is still settled', () => {
    // 1-7 October off: 30 September's report is due on 8 October 09:00. A look-back of one day
    // on 8 October at 10:00 still reaches it, but not 29 September (due 30 September).
    const nationalDay: CalendarOverrides = new Map(
      ['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, 'HOLIDAY'] as const),
    );
    const due = dueReportDates({
      ...base,
      lookbackDays: 1,
      calendar: nationalDay,
      settled: new Set(),
      today: '2026-10-08',
      now: new Date('2026-10-08T02:00:00Z'),
    });
    expect(due).toEqual([{ reportDate: '2026-09-30', deadline: new Date('2026-10-08T01:00:00Z') }]);
  });
});
