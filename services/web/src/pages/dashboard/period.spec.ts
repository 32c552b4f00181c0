import { periodKindOf, periodOf, periodOptions, periodRange, trendInterval } from './period.js';

describe('dashboard periods', () => {
  it('names the month, quarter and year that hold a month', () => {
    expect(periodOf('month', { year: 2026, month: 7 })).toBe('2026-07');
    expect(periodOf('quarter', { year: 2026, month: 7 })).toBe('2026Q3');
    expect(periodOf('quarter', { year: 2026, month: 12 })).toBe('2026Q4');
    expect(periodOf('year', { year: 2026, month: 7 })).toBe('2026');
  });

  it('offers the current period first and steps back across year ends', () => {
    expect(periodOptions('month', { year: 2026, month: 2 }).slice(0, 4)).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
    expect(periodOptions('month', { year: 2026, month: 2 })).toHaveLength(12);
    expect(periodOptions('quarter', { year: 2026, month: 5 })).toEqual([
      '2026Q2',
      '2026Q1',
      '2025Q4',
      '2025Q3',
      '2025Q2',
      '2025Q1',
      '2024Q4',
      '2024Q3',
    ]);
    expect(periodOptions('year', { year: 2026, month: 5 })).toEqual(['2026', '2025', '2024', '2023', '2022']);
  });

  it('tells the kind of a period and refuses texts the API would refuse', () => {
    expect(periodKindOf('2026-07')).toBe('month');
    expect(periodKindOf('2026Q3')).toBe('quarter');
    expect(periodKindOf('2026')).toBe('year');
    expect(periodKindOf('2026-13')).toBeUndefined();
    expect(periodKindOf('2026Q5')).toBeUndefined();
    expect(() => periodRange('July')).toThrow('not a period: July');
  });

  it('spans first to last day, leap February and quarter ends included', () => {
    expect(periodRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('2026Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodRange('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodRange('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('plots months across a year and weeks inside shorter periods', () => {
    expect(trendInterval('2026')).toBe('month');
    expect(trendInterval('2026Q3')).toBe('week');
    expect(trendInterval('2026-07')).toBe('week');
  });
});
