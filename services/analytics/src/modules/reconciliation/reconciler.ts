import { commonV1 } from '@salesflow/contracts';
import type { DomainEvent, Logger } from '@salesflow/platform';
import type { Pool, PoolClient } from 'pg';
import type { ReconciledFamily, SourceReader, SourceRecord } from './reconciled-family';

/** One day's measures (daily_rollups column -> value), e.g. { payments: 2, payment_amount_minor: 5000 }. */
export type DayTotals = Record<string, number>;

export interface DayDrift {
  day: string;
  source: DayTotals;
  projected: DayTotals;
}

export interface ReconciliationReport {
  family: string;
  tenantId: string;
  from: string;
  to: string;
  /** Days whose projected totals differed from the source's before the repair. */
  drift: DayDrift[];
  /** Records whose source state was projected again. */
  repaired: number;
  /** Days still differing after the repair (facts agree but rollups do not, or the source is older): rebuild / next run. */
  unresolved: string[];
}

type ApplyEvents = (events: readonly DomainEvent[], client: PoolClient) => Promise<void>;

interface FactRow {
  id: string;
  version: string;
  day: string | null;
  counted: boolean;
  owner_id: string;
  department_path: string;
  customer_id: string;
  region: string;
  segment: string;
}

/**
 * Reconciliation of one family with its source service, per tenant and day: the source's
 * counts and sums against what the KPIs read (daily_rollups). For a drifting day, every
 * source record of that day (or whose fact sits on that day) in a newer version than the
 * projection holds, or that the projection lacks, and every fact the KPIs count on that day
 * that the source no longer lists there (read one by one), is projected again from the
 * source's current state through the consumer's own projector. The fact versions keep that
 * from ever undoing a newer event, so a repair and a late event may meet in any order.
 */
export class Reconciler<R> {
  constructor(
    private readonly pool: Pool,
    readonly family: ReconciledFamily<R>,
    private readonly reader: SourceReader<R>,
    private readonly applyEvents: ApplyEvents,
    private readonly log: Logger,
  ) {}

  async reconcile(tenantId: string, from: string, to: string): Promise<ReconciliationReport> {
    const records = (await this.reader.list(tenantId, from, to))
      .map((state) => this.family.recordOf(state))
      .filter((r) => r.day >= from && r.day <= to);
    const sourceDays = new Map<string, DayTotals>();
    for (const record of records) {
      const totals = sourceDays.get(record.day) ?? this.empty();
      for (const measure of this.family.measures)
        totals[measure] = (totals[measure] ?? 0) + (record.measures[measure] ?? 0);
      sourceDays.set(record.day, totals);
    }
    const drift = this.diff(sourceDays, await this.projectedDays(tenantId, from, to));
    const repaired =
      drift.length > 0
        ? await this.repair(
            tenantId,
            records,
            drift.map((d) => d.day),
          )
        : 0;
    const unresolved = this.diff(sourceDays, await this.projectedDays(tenantId, from, to)).map((d) => d.day);
    const report = { family: this.family.name, tenantId, from, to, drift, repaired, unresolved };
    if (drift.length > 0) this.log.warn(report, `analytics ${this.family.name} drifted from ${this.family.source}`);
    return report;
  }

  private empty(): DayTotals {
    return Object.fromEntries(this.family.measures.map((m) => [m, 0]));
  }

  /** The family's measures per day as the KPIs see them (days where all are zero left out). */
  private async projectedDays(tenantId: string, from: string, to: string): Promise<Map<string, DayTotals>> {
    const measures = this.family.measures;
    const result = await this.pool.query<Record<string, string>>(
      `SELECT day::text AS day, ${measures.map((m) => `sum(${m})::text AS ${m}`).join(', ')}
       FROM daily_rollups WHERE tenant_id = $1::uuid AND day BETWEEN $2::date AND $3::date
       GROUP BY day HAVING ${measures.map((m) => `sum(${m}) <> 0`).join(' OR ')}`,
      [tenantId, from, to],
    );
    return new Map(
      result.rows.map((row) => [row.day ?? '', Object.fromEntries(measures.map((m) => [m, Number(row[m] ?? 0)]))]),
    );
  }

  private diff(source: Map<string, DayTotals>, projected: Map<string, DayTotals>): DayDrift[] {
    const days = [...new Set([...source.keys(), ...projected.keys()])].sort();
    return days
      .map((day) => ({ day, source: source.get(day) ?? this.empty(), projected: projected.get(day) ?? this.empty() }))
      .filter((d) => this.family.measures.some((m) => d.source[m] !== d.projected[m]));
  }

  private async repair(tenantId: string, records: SourceRecord<R>[], days: string[]): Promise<number> {
    const { facts: f } = this.family;
    const onDriftDays = new Set(days);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // As a consumer batch does: a rebuild waits for this transaction (or this waits for it).
      await client.query('SELECT generation FROM projection_generation WHERE id = 1 FOR SHARE');
      const attribution = f.attributed
        ? 'customer_id, region, segment'
        : `'' AS customer_id, '' AS region, '' AS segment`;
      const rows = await client.query<FactRow>(
        `SELECT ${f.id} AS id, version::text, ${f.day}::text AS day, (${f.counted}) AS counted,
                ${f.owner} AS owner_id, department_path, ${attribution}
         FROM ${f.table} WHERE tenant_id = $1::uuid AND (${f.day} = ANY($2::date[]) OR ${f.id} = ANY($3::text[]))`,
        [tenantId, days, records.filter((r) => onDriftDays.has(r.day)).map((r) => r.id)],
      );
      const facts = new Map(rows.rows.map((row) => [row.id, row]));
      const newer = (r: SourceRecord<R>) => r.version > Number(facts.get(r.id)?.version ?? 0);
      // On a drifting day in the source, or counted on one by the projection (re-dated since).
      const changed = records.filter(
        (r) => (onDriftDays.has(r.day) || onDriftDays.has(facts.get(r.id)?.day ?? '')) && newer(r),
      );
      // Counted on a drifting day but not listed by the source there: moved out of the range, or gone.
      const listed = new Set(records.map((r) => r.id));
      for (const fact of facts.values()) {
        if (!fact.counted || !onDriftDays.has(fact.day ?? '') || listed.has(fact.id)) continue;
        const state = await this.reader.get(tenantId, fact.id);
        const current = state === undefined ? undefined : this.family.recordOf(state);
        if (current && newer(current)) changed.push(current);
      }
      const owners = await departmentPaths(
        client,
        tenantId,
        changed.map((r) => r.ownerId),
      );
      const events = changed.map((record) => {
        const fact = facts.get(record.id);
        // The attribution frozen on the fact when there is one; else the owner's now.
        const frozen = commonV1.Attribution.fromPartial(
          fact
            ? {
                ownerId: fact.owner_id,
                departmentPath: fact.department_path,
                customerId: fact.customer_id,
                region: fact.region,
                customerSegment: fact.segment,
              }
            : {
                ownerId: record.ownerId,
                departmentPath: owners.get(record.ownerId) ?? '',
                customerId: record.customerId,
              },
        );
        return this.family.eventOf(record, tenantId, frozen);
      });
      if (events.length > 0) await this.applyEvents(events, client);
      await client.query('COMMIT');
      return events.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

async function departmentPaths(client: PoolClient, tenantId: string, owners: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(owners)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return new Map();
  const rows = await client.query<{ id: string; department_path: string }>(
    'SELECT id::text, department_path FROM salesflow_employee_replica WHERE tenant_id = $1::uuid AND id = ANY($2::uuid[])',
    [tenantId, ids],
  );
  return new Map(rows.rows.map((r) => [r.id, r.department_path]));
}
