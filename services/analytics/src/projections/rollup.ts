import type { PoolClient } from 'pg';

/** The measures a daily rollup row sums; each fact contributes to some of them. */
export const ROLLUP_MEASURES = [
  'contract_amount_minor',
  'contracts',
  'payment_amount_minor',
  'payments',
  'new_customers',
  'leads',
  'converted_leads',
  'visits',
  'effective_visits',
  'ratings',
  'satisfied_ratings',
  'won',
  'won_amount_minor',
  'lost',
  'activities',
  'sales_cost_minor',
  'expenses',
  'reports_submitted',
  'reports_on_time',
  'reports_expected',
  'reports_expected_on_time',
  'tasks_due',
  'tasks_done_on_time',
] as const;
export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];

/** Where a contribution lands: tenant x day x employee x department path x product line x region x segment. */
export interface RollupKey {
  tenantId: string;
  day: string;
  employeeId: string;
  departmentPath: string;
  productLine: string;
  region: string;
  segment: string;
}

export interface Contribution {
  key: RollupKey;
  measures: Partial<Record<RollupMeasure, number>>;
}

function keyString(k: RollupKey): string {
  return [k.tenantId, k.day, k.employeeId, k.departmentPath, k.productLine, k.region, k.segment].join('\u0001');
}

/**
 * Net changes of one batch, per rollup cell: a fact's new contributions are added and its
 * previous ones subtracted, so an amended contract moves its amount and a cancelled one
 * takes it back, whatever the order the events arrived in.
 */
export class RollupDelta {
  private readonly cells = new Map<string, { key: RollupKey; measures: Record<string, number> }>();

  add(contributions: readonly Contribution[], sign: 1 | -1): void {
    for (const c of contributions) {
      const id = keyString(c.key);
      let cell = this.cells.get(id);
      if (!cell) {
        cell = { key: c.key, measures: {} };
        this.cells.set(id, cell);
      }
      for (const [measure, value] of Object.entries(c.measures)) {
        cell.measures[measure] = (cell.measures[measure] ?? 0) + sign * (value ?? 0);
      }
    }
  }

  /**
   * One statement adding the deltas to every grain (daily cells as they are, weekly and
   * monthly cells summed from them in SQL), so the coarse rollups can never drift from the
   * daily ones. Each grain's cells are written in key order, and the grains always in the
   * same order, so two consumers of the group touching the same cells lock them in the same
   * order (no deadlock).
   */
  async write(client: PoolClient): Promise<void> {
    const cells = [...this.cells.values()].filter((c) => Object.values(c.measures).some((v) => v !== 0));
    if (cells.length === 0) return;
    const params: unknown[] = [
      ...KEY_COLUMNS.map(([, get]) => cells.map((c) => get(c.key))),
      ...ROLLUP_MEASURES.map((m) => cells.map((c) => String(c.measures[m] ?? 0))),
    ];
    const unnestArgs = params.map((_, i) => `$${i + 1}::text[]`).join(', ');
    const aliases = [...KEY_COLUMNS.map((_, i) => `c${i}`), ...ROLLUP_MEASURES.map((_, i) => `m${i}`)].join(', ');
    const deltaColumns = [
      ...KEY_COLUMNS.map(([name, , cast], i) => `u.c${i}::${cast} AS ${name}`),
      ...ROLLUP_MEASURES.map((m, i) => `u.m${i}::bigint AS ${m}`),
    ];
    const [first, ...others] = ROLLUP_GRAINS.map((grain) => upsertOf(grain));
    await client.query(
      `WITH delta AS MATERIALIZED (SELECT ${deltaColumns.join(', ')} FROM unnest(${unnestArgs}) AS u(${aliases})),
       ${others.map((sql, i) => `g${i} AS (${sql})`).join(',\n       ')}
       ${first}`,
      params,
    );
  }
}

/** The rollup key columns: name, value of a key, PostgreSQL type. */
const KEY_COLUMNS: [string, (k: RollupKey) => string, string][] = [
  ['tenant_id', (k) => k.tenantId, 'uuid'],
  ['day', (k) => k.day, 'date'],
  ['employee_id', (k) => k.employeeId, 'text'],
  ['department_path', (k) => k.departmentPath, 'text'],
  ['product_line', (k) => k.productLine, 'text'],
  ['region', (k) => k.region, 'text'],
  ['segment', (k) => k.segment, 'text'],
];

/**
 * The tables holding the same sums at different time grains, keyed by the grain's first day
 * and `keys` (the daily rows keep every dimension; the dashboards slice weeks and months by
 * employee and department only; the tenant grains by nothing), with one column per measure. Queries read the coarsest grain
 * that covers a range whole (src/modules/kpi/rollup-source.ts).
 */
export const ROLLUP_GRAINS = [
  {
    table: 'daily_rollups',
    column: 'day',
    unit: 'day',
    keys: ['employee_id', 'department_path', 'product_line', 'region', 'segment'],
  },
  { table: 'weekly_rollups', column: 'week', unit: 'week', keys: ['employee_id', 'department_path'] },
  { table: 'monthly_rollups', column: 'month', unit: 'month', keys: ['employee_id', 'department_path'] },
  // The whole tenant per day, week and month: what a TENANT-scope time series or total reads.
  { table: 'tenant_daily_rollups', column: 'day', unit: 'day', keys: [] },
  { table: 'tenant_weekly_rollups', column: 'week', unit: 'week', keys: [] },
  { table: 'tenant_monthly_rollups', column: 'month', unit: 'month', keys: [] },
] as const;
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];

/** INSERT of the batch's deltas (CTE `delta`) into one grain, summed per cell of that grain. */
function upsertOf(grain: RollupGrain): string {
  const bucket = grain.unit === 'day' ? 'day' : `date_trunc('${grain.unit}', day::timestamp)::date`;
  const keys = ['tenant_id', grain.column, ...grain.keys];
  const selectKeys = ['tenant_id', bucket, ...grain.keys];
  const positions = keys.map((_, i) => i + 1).join(', ');
  return `INSERT INTO ${grain.table} AS r (${[...keys, ...ROLLUP_MEASURES].join(', ')})
         SELECT ${[...selectKeys, ...ROLLUP_MEASURES.map((m) => `sum(${m})::bigint`)].join(', ')}
         FROM delta GROUP BY ${positions} ORDER BY ${positions}
         ON CONFLICT (${keys.join(', ')}) DO UPDATE SET
         ${ROLLUP_MEASURES.map((m) => `${m} = r.${m} + EXCLUDED.${m}`).join(', ')}`;
}

/**
 * Every rollup table has a column for every measure (a migration that adds a measure to
 * daily_rollups but forgets the coarser grains would otherwise fail on the first batch).
 */
export async function missingRollupColumns(db: Pick<PoolClient, 'query'>): Promise<string[]> {
  const result = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name::text, column_name::text FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
    [ROLLUP_GRAINS.map((g) => g.table)],
  );
  const present = new Set(result.rows.map((r) => `${r.table_name}.${r.column_name}`));
  return ROLLUP_GRAINS.flatMap((g) =>
    ROLLUP_MEASURES.filter((m) => !present.has(`${g.table}.${m}`)).map((m) => `${g.table}.${m}`),
  );
}
