import { commonV1, crmV1 } from '@salesflow/contracts';
import type { DomainEvent, Logger } from '@salesflow/platform';
import type { Pool, PoolClient } from 'pg';
import type { ContractSource } from './contract-source';

/** Signed contracts of one day: how many and their amount (minor units). */
export interface DayTotals {
  contracts: number;
  amountMinor: number;
}

export interface DayDrift {
  day: string;
  source: DayTotals;
  projected: DayTotals;
}

export interface ReconciliationReport {
  tenantId: string;
  from: string;
  to: string;
  /** Days whose projected totals differed from crm's before the repair. */
  drift: DayDrift[];
  /** Contracts whose crm state was projected again. */
  repaired: number;
  /** Days still differing after the repair (the facts agree with crm but the rollups do not): rebuild. */
  unresolved: string[];
}

type ApplyEvents = (events: readonly DomainEvent[], client: PoolClient) => Promise<void>;

const empty = (): DayTotals => ({ contracts: 0, amountMinor: 0 });
const same = (a: DayTotals, b: DayTotals) => a.contracts === b.contracts && a.amountMinor === b.amountMinor;

/**
 * Reconciliation of sales (contracts) with crm, per tenant and signed day: crm's SIGNED
 * contracts against what the KPIs read (daily_rollups). For a drifting day, every contract
 * crm holds in a newer version than the projection (or that the projection lacks), and every
 * contract the projection counts as signed that crm no longer does, is projected again from
 * crm's current state through the same projector the consumer uses; the fact versions keep
 * that from ever undoing a newer event, so a repair and a late event may meet in any order.
 */
export class ContractReconciler {
  constructor(
    private readonly pool: Pool,
    private readonly source: ContractSource,
    private readonly applyEvents: ApplyEvents,
    private readonly log: Logger,
  ) {}

  async reconcile(tenantId: string, from: string, to: string): Promise<ReconciliationReport> {
    const signed = (await this.source.signedContracts(tenantId)).filter((c) => c.signedOn >= from && c.signedOn <= to);
    const sourceDays = new Map<string, DayTotals>();
    for (const c of signed) {
      const totals = sourceDays.get(c.signedOn) ?? empty();
      totals.contracts += 1;
      totals.amountMinor += Number(c.totalAmount?.amountMinor ?? 0);
      sourceDays.set(c.signedOn, totals);
    }
    const drift = diff(sourceDays, await this.projectedDays(tenantId, from, to));
    let repaired = 0;
    if (drift.length > 0) {
      repaired = await this.repair(
        tenantId,
        signed,
        drift.map((d) => d.day),
      );
    }
    const unresolved = diff(sourceDays, await this.projectedDays(tenantId, from, to)).map((d) => d.day);
    const report = { tenantId, from, to, drift, repaired, unresolved };
    if (drift.length > 0) this.log.warn(report, 'analytics contracts drifted from crm');
    return report;
  }

  /** Contract count and amount per signed day as the KPIs see them. */
  private async projectedDays(tenantId: string, from: string, to: string): Promise<Map<string, DayTotals>> {
    const result = await this.pool.query<{ day: string; contracts: string; amount: string }>(
      `SELECT day::text AS day, sum(contracts)::text AS contracts, sum(contract_amount_minor)::text AS amount
       FROM daily_rollups WHERE tenant_id = $1::uuid AND day BETWEEN $2::date AND $3::date
       GROUP BY day HAVING sum(contracts) <> 0 OR sum(contract_amount_minor) <> 0`,
      [tenantId, from, to],
    );
    return new Map(result.rows.map((r) => [r.day, { contracts: Number(r.contracts), amountMinor: Number(r.amount) }]));
  }

  private async repair(tenantId: string, signed: crmV1.Contract[], days: string[]): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // As a consumer batch does: a rebuild waits for this transaction (or this waits for it).
      await client.query('SELECT generation FROM projection_generation WHERE id = 1 FOR SHARE');
      const facts = await client.query<{
        contract_id: string;
        version: string;
        owner_id: string;
        department_path: string;
        customer_id: string;
        region: string;
        segment: string;
      }>(
        `SELECT contract_id, version::text, owner_id, department_path, customer_id, region, segment
         FROM contract_facts WHERE tenant_id = $1::uuid AND (signed_on = ANY($2::date[]) OR contract_id = ANY($3::text[]))`,
        [tenantId, days, signed.map((c) => c.id)],
      );
      const projected = new Map(facts.rows.map((f) => [f.contract_id, f]));
      const onDriftDays = new Set(days);
      const stale = signed.filter(
        (c) => onDriftDays.has(c.signedOn) && Number(c.version) > Number(projected.get(c.id)?.version ?? 0),
      );
      // Counted as signed on a drifting day but no longer SIGNED in crm (cancelled, re-dated).
      const signedIds = new Set(signed.map((c) => c.id));
      const gone = await client.query<{ contract_id: string }>(
        `SELECT contract_id FROM contract_facts
         WHERE tenant_id = $1::uuid AND status = 'SIGNED' AND signed_on = ANY($2::date[])`,
        [tenantId, days],
      );
      const changed: crmV1.Contract[] = [...stale];
      for (const row of gone.rows) {
        if (signedIds.has(row.contract_id)) continue;
        const current = await this.source.contract(tenantId, row.contract_id);
        if (current) changed.push(current);
      }
      const owners = await departmentPaths(
        client,
        tenantId,
        changed.map((c) => c.ownerId),
      );
      const events = changed.map((contract) => {
        const fact = projected.get(contract.id);
        // The attribution frozen on the fact when there is one; else the owner's now.
        const attribution = commonV1.Attribution.fromPartial(
          fact
            ? {
                ownerId: fact.owner_id,
                departmentPath: fact.department_path,
                customerId: fact.customer_id,
                region: fact.region,
                customerSegment: fact.segment,
              }
            : {
                ownerId: contract.ownerId,
                departmentPath: owners.get(contract.ownerId) ?? '',
                customerId: contract.customerId,
              },
        );
        return {
          id: `reconcile:${contract.id}:${contract.version}`,
          type: contract.status === 'CONTRACT_STATUS_CANCELLED' ? 'crm.contract.cancelled' : 'crm.contract.signed',
          tenantId,
          aggregateId: contract.id,
          aggregateVersion: Number(contract.version),
          occurredAt: new Date(),
          actorId: '',
          payload: crmV1.ContractChanged.fromPartial({ contract, attribution }),
        } satisfies DomainEvent<crmV1.ContractChanged>;
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

function diff(source: Map<string, DayTotals>, projected: Map<string, DayTotals>): DayDrift[] {
  const days = [...new Set([...source.keys(), ...projected.keys()])].sort();
  return days
    .map((day) => ({ day, source: source.get(day) ?? empty(), projected: projected.get(day) ?? empty() }))
    .filter((d) => !same(d.source, d.projected));
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
