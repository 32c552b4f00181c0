import { isoWeekBounds } from './iso-week';

describe('isoWeekBounds', () => {
  it('finds Monday and Sunday of ISO weeks', () => {
    // 4 January 2026 is a Sunday, so week 1 runs from Monday 29 December 2025.
    expect(isoWeekBounds('2026W01')).toEqual({ week: '2026W01', start: '2025-12-29', end: '2026-01-04' });
    // + 26 weeks = 182 days: 29 Dec 2025 + 182 days = 29 June 2026.
    expect(isoWeekBounds('2026W27')).toEqual({ week: '2026W27', start: '2026-06-29', end: '2026-07-05' });
    expect(isoWeekBounds('2026-W47')?.start).toBe('2026-11-16');
  });

  it('refuses weeks that do not exist', () => {
    // 2026 has 53 ISO weeks (1 January 2026 is a Thursday); 2025 does not.
    expect(isoWeekBounds('2026W53')?.start).toBe('2026-12-28');
    expect(isoWeekBounds('2025W53')).toBeUndefined();
    expect(isoWeekBounds('2026W00')).toBeUndefined();
    expect(isoWeekBounds('27/2026')).toBeUndefined();
  });
});
