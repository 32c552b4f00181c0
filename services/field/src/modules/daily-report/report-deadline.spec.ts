import type { CalendarOverrides } from '../holiday-calendar/working-days';
import { reportDeadline, reportDeadlineDay } from './report-deadline';

const NO_CALENDAR: CalendarOverrides = new Map();
// The National Day week of 2026 as a tenant might set it: 1-7 October off, Saturday the 10th worked.
const NATIONAL_DAY: CalendarOverrides = new Map([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, 'HOLIDAY'] as const),
  ['2026-10-10', 'WORKING_DAY'],
]);
const SETTINGS = { reportDeadlineTime: '09:00', reportDeadlineDaysAfter: 1, workStartTime: '09:00' };

describe('reportDeadlineDay', () => {
  it('is the next working day by default: a Friday report is due on Monday', () => {
    expect(reportDeadlineDay('2026-11-18', 1, NO_CALENDAR)).toBe('2026-11-19'); // Wed -> Thu
    expect(reportDeadlineDay('2026-11-20', 1, NO_CALENDAR)).toBe('2026-11-23'); // Fri -> Mon
    expect(reportDeadlineDay('2026-11-21', 1, NO_CALENDAR)).toBe('2026-11-23'); // Sat -> Mon
  });

  it('counts working days only when the deadline is several days after', () => {
    expect(reportDeadlineDay('2026-11-19', 2, NO_CALENDAR)).toBe('2026-11-23'); // Thu -> Fri, Mon
    expect(reportDeadlineDay('2026-11-16', 7, NO_CALENDAR)).toBe('2026-11-25'); // Mon + 7 working days
  });

  it('skips the holidays of the tenant calendar and counts a worked weekend day', () => {
    expect(reportDeadlineDay('2026-09-30', 1, NATIONAL_DAY)).toBe('2026-10-08');
    expect(reportDeadlineDay('2026-10-03', 1, NATIONAL_DAY)).toBe('2026-10-08');
    expect(reportDeadlineDay('2026-10-09', 1, NATIONAL_DAY)).toBe('2026-10-10'); // the worked Saturday
  });

  it('falls back to calendar days when the calendar shows no working day in reach', () => {
    const allOff: CalendarOverrides = new Map(
      Array.from({ length: 60 }, (_, i) => [new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), 'HOLIDAY']),
    );
    expect(reportDeadlineDay('2026-01-01', 2, allOff)).toBe('2026-01-03');
  });
});

describe('reportDeadline', () => {
  it('is the deadline time on the deadline day in the tenant zone', () => {
    // 09:00 in Shanghai (UTC+8) on Monday the 23rd.
    expect(reportDeadline('2026-11-20', SETTINGS, 'Asia/Shanghai', NO_CALENDAR).toISOString()).toBe(
      '2026-11-23T01:00:00.000Z',
    );
    expect(
      reportDeadline(
        '2026-09-30',
        { ...SETTINGS, reportDeadlineTime: '12:30' },
        'Asia/Shanghai',
        NATIONAL_DAY,
      ).toISOString(),
    ).toBe('2026-10-08T04:30:00.000Z');
  });
});
