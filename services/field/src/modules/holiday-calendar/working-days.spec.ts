import { workingDaysBetween } from './working-days';

describe('workingDaysBetween', () => {
  it('is Mon-Fri without a calendar', () => {
    // 28 Sep 2026 is a Monday: Mon-Fri 28 Sep-2 Oct, then the weekend 3-4 Oct.
    expect(workingDaysBetween('2026-09-28', '2026-10-04', new Map())).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-01',
      '2026-10-02',
    ]);
  });

  it('drops holidays and adds weekend working days (调休)', () => {
    // National Day: Thu 1 and Fri 2 October are holidays; Sunday 27 September is worked instead.
    const calendar = new Map([
      ['2026-10-01', 'HOLIDAY'],
      ['2026-10-02', 'HOLIDAY'],
      ['2026-09-27', 'WORKING_DAY'],
    ] as const);
    expect(workingDaysBetween('2026-09-27', '2026-10-04', calendar)).toEqual([
      '2026-09-27', // Sunday, worked
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
    ]);
  });

  it('treats a holiday on a weekend as the weekend it already is', () => {
    expect(workingDaysBetween('2026-10-03', '2026-10-04', new Map([['2026-10-03', 'HOLIDAY']]))).toEqual([]);
  });
});
