import { SqlParams } from './query-scope';
import { coverRange, rollupRows } from './rollup-source';

describe('covering a day range with coarse rollup buckets', () => {
  it('reads a whole month, quarter or year from monthly rows only', () => {
    expect(coverRange({ from: '2026-07-01', to: '2026-07-31' }, 'month')).toEqual({
      whole: { from: '2026-07-01', to: '2026-07-01' },
      days: [],
    });
    // Q3: July, August, September; the last whole month starts 09-01.
    expect(coverRange({ from: '2026-07-01', to: '2026-09-30' }, 'month')).toEqual({
      whole: { from: '2026-07-01', to: '2026-09-01' },
      days: [],
    });
    expect(coverRange({ from: '2026-01-01', to: '2026-12-31' }, 'month').whole).toEqual({
      from: '2026-01-01',
      to: '2026-12-01',
    });
  });

  it('leaves partial months at either edge to daily rows', () => {
    // 06-15..08-10: June 15-30 and August 1-10 are partial; July is whole.
    expect(coverRange({ from: '2026-06-15', to: '2026-08-10' }, 'month')).toEqual({
      whole: { from: '2026-07-01', to: '2026-07-01' },
      days: [
        { from: '2026-06-15', to: '2026-06-30' },
        { from: '2026-08-01', to: '2026-08-10' },
      ],
    });
    // Inside one month: nothing whole.
    expect(coverRange({ from: '2026-07-02', to: '2026-07-31' }, 'month')).toEqual({
      whole: undefined,
      days: [{ from: '2026-07-02', to: '2026-07-31' }],
    });
    // February of a leap year ends on the 29th.
    expect(coverRange({ from: '2024-02-01', to: '2024-02-29' }, 'month').days).toEqual([]);
  });

  it('splits weeks on Mondays', () => {
    // 2026-01-01 is a Thursday: Jan 1-4 is partial; whole weeks Mon 01-05 .. Mon 12-21
    // (12-21..12-27); 12-28 (Mon)..12-31 (Thu) is partial.
    expect(coverRange({ from: '2026-01-01', to: '2026-12-31' }, 'week')).toEqual({
      whole: { from: '2026-01-05', to: '2026-12-21' },
      days: [
        { from: '2026-01-01', to: '2026-01-04' },
        { from: '2026-12-28', to: '2026-12-31' },
      ],
    });
    // Mon 07-06 .. Sun 07-12 is exactly one week.
    expect(coverRange({ from: '2026-07-06', to: '2026-07-12' }, 'week')).toEqual({
      whole: { from: '2026-07-06', to: '2026-07-06' },
      days: [],
    });
  });
});

describe('choosing the rollup tables', () => {
  it('reads the employee grains by default and the tenant-wide grains for the tenant level', () => {
    const params = new SqlParams();
    const range = { from: '2026-01-01', to: '2026-12-31' };
    const employee = rollupRows(params, ['tenant_id = $1::uuid'], range, 'week');
    // Whole weeks 01-05..12-21 from weekly rows, the partial edges from daily rows.
    expect(employee).toMatch(/FROM weekly_rollups\s+WHERE/);
    expect(employee.match(/FROM daily_rollups\s+WHERE/g)).toHaveLength(2);
    expect(employee).toContain('employee_id, department_path, contract_amount_minor');
    const tenant = rollupRows(params, ['tenant_id = $1::uuid'], range, 'week', 'tenant');
    expect(tenant).toMatch(/FROM tenant_weekly_rollups\s+WHERE/);
    expect(tenant.match(/FROM tenant_daily_rollups\s+WHERE/g)).toHaveLength(2);
    expect(tenant).not.toMatch(/FROM (daily|weekly)_rollups/);
    expect(tenant).not.toContain('employee_id');
    expect(rollupRows(params, [], { from: '2026-07-01', to: '2026-09-30' }, 'month', 'tenant')).toMatch(
      /^\(SELECT month AS day, contract_amount_minor, .* FROM tenant_monthly_rollups\s+WHERE month BETWEEN/s,
    );
    // Only the columns asked for (the reps of a period need the employee ids alone).
    expect(rollupRows(params, [], range, 'month', 'employee', ['employee_id'])).toMatch(
      /^\(SELECT month AS day, employee_id FROM monthly_rollups\s+WHERE/,
    );
  });
});
