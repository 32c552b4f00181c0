import { elapsedFraction, type Period, parsePeriodKey, periodContaining, subPeriods } from './period-calendar';

const CALENDAR = { fiscalYearStartMonth: 1, weekStart: 1 };
const APRIL_FISCAL = { fiscalYearStartMonth: 4, weekStart: 1 };
const SUNDAY_WEEKS = { fiscalYearStartMonth: 1, weekStart: 7 };

function range(p: Period | undefined): [string, string] | undefined {
  return p && [p.start.toISOString().slice(0, 10), p.end.toISOString().slice(0, 10)];
}

const d = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe('parsePeriodKey', () => {
  it('reads calendar years, quarters and months', () => {
    expect(range(parsePeriodKey('2026', CALENDAR))).toEqual(['2026-01-01', '2027-01-01']);
    expect(range(parsePeriodKey('2026Q3', CALENDAR))).toEqual(['2026-07-01', '2026-10-01']);
    expect(range(parsePeriodKey('2026-07', CALENDAR))).toEqual(['2026-07-01', '2026-08-01']);
    expect(range(parsePeriodKey('2026-12', CALENDAR))).toEqual(['2026-12-01', '2027-01-01']);
  });

  it('names a fiscal year starting in April after the year it starts in', () => {
    // FY2026 = April 2026 .. March 2027; Q1 = Apr-Jun, Q3 = Oct-Dec, Q4 = Jan-Mar of 2027.
    expect(range(parsePeriodKey('2026', APRIL_FISCAL))).toEqual(['2026-04-01', '2027-04-01']);
    expect(range(parsePeriodKey('2026Q1', APRIL_FISCAL))).toEqual(['2026-04-01', '2026-07-01']);
    expect(range(parsePeriodKey('2026Q3', APRIL_FISCAL))).toEqual(['2026-10-01', '2027-01-01']);
    expect(range(parsePeriodKey('2026Q4', APRIL_FISCAL))).toEqual(['2027-01-01', '2027-04-01']);
    // Months stay calendar months.
    expect(range(parsePeriodKey('2026-07', APRIL_FISCAL))).toEqual(['2026-07-01', '2026-08-01']);
  });

  it('reads ISO weeks starting on Monday', () => {
    // 2026-01-04 is a Sunday, so week 1 starts Monday 2025-12-29; week 27 starts 26 * 7 = 182
    // days later: 2025-12-29 + 3 = 2026-01-01, + 151 (Jan..May) = 06-01, + 28 = 2026-06-29.
    expect(range(parsePeriodKey('2026W01', CALENDAR))).toEqual(['2025-12-29', '2026-01-05']);
    expect(range(parsePeriodKey('2026W27', CALENDAR))).toEqual(['2026-06-29', '2026-07-06']);
    // 2026 starts on a Thursday: it has 53 ISO weeks, 2027 (starts Friday, not leap) has 52.
    expect(range(parsePeriodKey('2026W53', CALENDAR))).toEqual(['2026-12-28', '2027-01-04']);
    expect(parsePeriodKey('2027W53', CALENDAR)).toBeUndefined();
  });

  it('reads weeks starting on Sunday', () => {
    // Week 1 is the Sunday-started week holding 4 January: 2026-01-04 itself (a Sunday);
    // week 27 = 2026-01-04 + 182 days = 2026-07-05.
    expect(range(parsePeriodKey('2026W01', SUNDAY_WEEKS))).toEqual(['2026-01-04', '2026-01-11']);
    expect(range(parsePeriodKey('2026W27', SUNDAY_WEEKS))).toEqual(['2026-07-05', '2026-07-12']);
  });

  it.each(['2026Q5', '2026-13', '2026-00', '2026W00', 'Q3', '26', '2026-7', ''])('rejects %p', (key) => {
    expect(parsePeriodKey(key, CALENDAR)).toBeUndefined();
  });
});

describe('periodContaining', () => {
  it('finds the fiscal year and quarter of a day', () => {
    // 2027-02-15 is in FY2026 (April 2026 .. March 2027), its 4th quarter.
    expect(periodContaining('YEAR', d('2027-02-15'), APRIL_FISCAL).key).toBe('2026');
    expect(periodContaining('QUARTER', d('2027-02-15'), APRIL_FISCAL).key).toBe('2026Q4');
    expect(periodContaining('QUARTER', d('2026-04-01'), APRIL_FISCAL).key).toBe('2026Q1');
    expect(periodContaining('QUARTER', d('2026-03-31'), APRIL_FISCAL).key).toBe('2025Q4');
  });

  it('gives the days around new year to the week year that holds their Thursday', () => {
    expect(periodContaining('WEEK', d('2027-01-01'), CALENDAR).key).toBe('2026W53');
    expect(periodContaining('WEEK', d('2025-12-29'), CALENDAR).key).toBe('2026W01');
    expect(periodContaining('WEEK', d('2026-07-05'), CALENDAR).key).toBe('2026W27'); // a Sunday, last day
    expect(periodContaining('WEEK', d('2026-07-05'), SUNDAY_WEEKS).key).toBe('2026W27'); // first day
    // Sunday weeks: 2027-01-01 (Friday) is in the week from Sunday 2026-12-27, week 52.
    expect(periodContaining('WEEK', d('2027-01-01'), SUNDAY_WEEKS).key).toBe('2026W52');
  });
});

describe('subPeriods', () => {
  it('tiles a fiscal year with twelve months from April', () => {
    const year = parsePeriodKey('2026', APRIL_FISCAL) as Period;
    const months = subPeriods(year, 'MONTH', APRIL_FISCAL);
    expect(months?.map((m) => m.key)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
    ]);
    expect(subPeriods(year, 'QUARTER', APRIL_FISCAL)?.map((q) => q.key)).toEqual([
      '2026Q1',
      '2026Q2',
      '2026Q3',
      '2026Q4',
    ]);
  });

  it('refuses splits that do not tile or do not go down', () => {
    const month = parsePeriodKey('2026-07', CALENDAR) as Period;
    expect(subPeriods(month, 'WEEK', CALENDAR)).toBeUndefined();
    expect(subPeriods(month, 'YEAR', CALENDAR)).toBeUndefined();
  });
});

describe('elapsedFraction', () => {
  it('is linear in the period', () => {
    // July 2026 has 31 days; at 2026-07-11 00:00, 10 days are gone: 10 / 31.
    expect(elapsedFraction(d('2026-07-01'), d('2026-08-01'), d('2026-07-11'))).toBeCloseTo(10 / 31, 10);
    expect(elapsedFraction(d('2026-07-01'), d('2026-08-01'), d('2026-06-01'))).toBe(0);
    expect(elapsedFraction(d('2026-07-01'), d('2026-08-01'), d('2026-09-01'))).toBe(1);
  });
});
