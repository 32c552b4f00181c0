import { parsePeriod, previousPeriod } from './period';

describe('reporting periods', () => {
  it('spans months, quarters and years with their day counts', () => {
    // July has 31 days; Q3 = 31 + 31 + 30 = 92; 2026 is not a leap year: 365.
    expect(parsePeriod('2026-07')).toEqual({ label: '2026-07', from: '2026-07-01', to: '2026-07-31', days: 31 });
    expect(parsePeriod('2026Q3')).toEqual({ label: '2026Q3', from: '2026-07-01', to: '2026-09-30', days: 92 });
    expect(parsePeriod('2026')).toEqual({ label: '2026', from: '2026-01-01', to: '2026-12-31', days: 365 });
    // 2024 is a leap year: February has 29 days.
    expect(parsePeriod('2024-02').days).toBe(29);
  });

  it('steps back across year boundaries', () => {
    expect(previousPeriod(parsePeriod('2026-01')).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026Q1')).label).toBe('2025Q4');
    expect(previousPeriod(parsePeriod('2026')).label).toBe('2025');
  });

  it('rejects anything else with a field error', () => {
    for (const bad of ['2026-13', '2026Q5', '26', 'July', '']) {
      expect(() => parsePeriod(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});
