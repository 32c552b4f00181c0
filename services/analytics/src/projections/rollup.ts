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
   * One multi-row upsert adding the deltas. Cells are written in key order so that two
   * consumers of the group touching the same cells lock them in the same order (no deadlock).
   */
  async write(client: PoolClient): Promise<void> {
    const cells = [...this.cells.entries()]
      .filter(([, c]) => Object.values(c.measures).some((v) => v !== 0))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, c]) => c);
    if (cells.length === 0) return;
    const keyColumns: [string, (k: RollupKey) => string][] = [
      ['tenant_id', (k) => k.tenantId],
      ['day', (k) => k.day],
      ['employee_id', (k) => k.employeeId],
      ['department_path', (k) => k.departmentPath],
      ['product_line', (k) => k.productLine],
      ['region', (k) => k.region],
      ['segment', (k) => k.segment],
    ];
    const params: unknown[] = [
      ...keyColumns.map(([, get]) => cells.map((c) => get(c.key))),
      ...ROLLUP_MEASURES.map((m) => cells.map((c) => String(c.measures[m] ?? 0))),
    ];
    const keyCasts = ['uuid', 'date', 'text', 'text', 'text', 'text', 'text'];
    const selects = [
      ...keyColumns.map((_, i) => `u.c${i}::${keyCasts[i]}`),
      ...ROLLUP_MEASURES.map((_, i) => `u.m${i}::bigint`),
    ];
    const unnestArgs = params.map((_, i) => `$${i + 1}::text[]`).join(', ');
    const aliases = [...keyColumns.map((_, i) => `c${i}`), ...ROLLUP_MEASURES.map((_, i) => `m${i}`)].join(', ');
    await client.query(
      `INSERT INTO daily_rollups (${[...keyColumns.map(([n]) => n), ...ROLLUP_MEASURES].join(', ')})
       SELECT ${selects.join(', ')} FROM unnest(${unnestArgs}) AS u(${aliases})
       ON CONFLICT (tenant_id, day, employee_id, department_path, product_line, region, segment) DO UPDATE SET
       ${ROLLUP_MEASURES.map((m) => `${m} = daily_rollups.${m} + EXCLUDED.${m}`).join(', ')}`,
      params,
    );
  }
}
