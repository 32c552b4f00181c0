import { chartValue, formatMetricValue, formatRate, NO_VALUE } from './dashboard-format.js';

describe('dashboard formatting', () => {
  it('shows a share as a percentage and a missing one as a dash', () => {
    expect(formatRate(0.256)).toBe('25.6%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(-0.5)).toBe('-50%');
    expect(formatRate(null)).toBe(NO_VALUE);
    expect(formatRate(undefined)).toBe('—');
  });

  it('reads a value the way its metric counts', () => {
    // 12,345,678 fen are ¥123,456.78.
    expect(formatMetricValue('sales_amount', 12_345_678)).toBe('¥123,456.78');
    expect(formatMetricValue('collections', 5_000_000, 'en')).toBe('CN¥50,000.00');
    expect(formatMetricValue('win_rate', 0.5)).toBe('50%');
    expect(formatMetricValue('leads', 1234)).toBe('1,234');
    expect(formatMetricValue('win_rate', null)).toBe('—');
  });

  it('plots money in yuan and shares in percent points', () => {
    expect(chartValue('sales_amount', 12_345_678)).toBe(123_456.78);
    expect(chartValue('lead_conversion', 0.3333)).toBe(33.3);
    expect(chartValue('contracts', 7)).toBe(7);
    expect(chartValue('satisfaction', null)).toBeNull();
  });
});
