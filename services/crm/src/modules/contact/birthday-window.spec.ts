import { birthdayWindow, calendarDate } from './birthday-window';

describe('birthdayWindow', () => {
  it('covers today through today + N, crossing the year end', () => {
    expect(birthdayWindow('2026-12-30', 3)).toEqual([
      { monthDay: '12-30', date: '2026-12-30', daysUntil: 0 },
      { monthDay: '12-31', date: '2026-12-31', daysUntil: 1 },
      { monthDay: '01-01', date: '2027-01-01', daysUntil: 2 },
      { monthDay: '01-02', date: '2027-01-02', daysUntil: 3 },
    ]);
  });

  it('celebrates 29 February on the 28th in a common year, and on the 29th in a leap year', () => {
    expect(birthdayWindow('2027-02-28', 1).map((d) => `${d.monthDay}@${d.date}`)).toEqual([
      '02-28@2027-02-28',
      '02-29@2027-02-28',
      '03-01@2027-03-01',
    ]);
    expect(birthdayWindow('2028-02-28', 1).map((d) => `${d.monthDay}@${d.date}`)).toEqual([
      '02-28@2028-02-28',
      '02-29@2028-02-29',
    ]);
  });

  it('reads the calendar date in the tenant time zone, not UTC', () => {
    // 16:30 UTC on the 23rd is 00:30 on the 24th in Shanghai (UTC+8).
    expect(calendarDate(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(calendarDate(new Date('2026-11-23T16:30:00Z'), 'UTC')).toBe('2026-11-23');
  });
});
