import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Period } from '../kpi/period';

/**
 * What the customer-value query returns (aggregates only) and the cache keeps: the number of
 * paying customers, the revenue and the top 20 %'s revenue (minor units, as text), customers
 * per RFM score triple, and the top 100 by value.
 */
export interface CustomerValueAggregates {
  customers: string;
  revenue: string;
  top_revenue: string;
  scores: { r: number; f: number; m: number; customers: number }[] | null;
  top:
    | {
        customer_id: string;
        recency_days: number;
        frequency: string;
        monetary: string;
        r: number;
        f: number;
        m: number;
      }[]
    | null;
}

/** A cached answer older than this is dropped when another is saved (keeps the table small). */
const KEEP_FOR = '1 day';

/**
 * The cache key of a viewer's scope: the whole tenant, or the exact set of owners visible to
 * them (from the org replica at asking time), so a change in who a manager sees is a new key.
 */
export function scopeKeyOf(owners: readonly string[] | undefined): string {
  if (!owners) return 'tenant';
  return `owners:${createHash('sha256')
    .update([...new Set(owners)].sort().join(','))
    .digest('base64url')}`;
}

/**
 * SQL for the sum of the epochs of the period's months (migration 20261214000100): it grows
 * with every change of a payment received in the period. `from` and `to` are parameter
 * placeholders of the caller's statement, so the sum is read in the caller's snapshot.
 */
export function periodEpochSql(tenantId: string, from: string, to: string): string {
  return `(SELECT coalesce(sum(e.epoch), 0) FROM payment_month_epochs e
           WHERE e.tenant_id = ${tenantId}::uuid AND e.month >= date_trunc('month', ${from}::date)::date
             AND e.month <= ${to}::date)`;
}

/** Which answer: a tenant, a viewer's scope (scopeKeyOf) and a period. */
export interface CustomerValueKey {
  tenantId: string;
  scopeKey: string;
  period: Period;
}

/** A freshly computed answer and the epoch of the period's payments it was computed at. */
export interface ComputedCustomerValue {
  epoch: string;
  result: CustomerValueAggregates;
}

export interface CustomerValueCacheOptions {
  /**
   * How old a saved answer may be and still be served while payments of its period have
   * changed since (it is then computed again in the background); 0 serves only answers
   * computed at the current epoch.
   */
  maxStalenessMs: number;
  /** Reports a failed background computation (the next ask tries again). */
  onRefreshError: (error: unknown) => void;
}

/**
 * Customer value answers per tenant, scope and period, valid while no payment of the period's
 * months has changed since they were computed (the projector bumps the month epochs in the
 * batch that changes a payment; src/projections/payment-epochs.ts); a rebuild empties it.
 * In a busy tenant payments arrive every few seconds, so an answer up to `maxStalenessMs` old
 * is served meanwhile and replaced in the background. One computation per key at a time in
 * this process: concurrent asks for the same answer wait for the same computation.
 */
export class CustomerValueCache {
  private readonly inFlight = new Map<string, Promise<CustomerValueAggregates>>();

  constructor(
    private readonly pool: Pool,
    private readonly options: CustomerValueCacheOptions,
  ) {}

  async answer(key: CustomerValueKey, compute: () => Promise<ComputedCustomerValue>): Promise<CustomerValueAggregates> {
    const saved = await this.read(key);
    if (saved?.current) return saved.result;
    if (saved && saved.age_ms <= this.options.maxStalenessMs) {
      this.recompute(key, compute).catch(this.options.onRefreshError);
      return saved.result;
    }
    return this.recompute(key, compute);
  }

  private recompute(
    key: CustomerValueKey,
    compute: () => Promise<ComputedCustomerValue>,
  ): Promise<CustomerValueAggregates> {
    const id = [key.tenantId, key.scopeKey, key.period.from, key.period.to].join('|');
    const running = this.inFlight.get(id);
    if (running) return running;
    const computation = (async () => {
      const { epoch, result } = await compute();
      await this.write(key, epoch, result);
      return result;
    })().finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, computation);
    return computation;
  }

  /** The saved answer, whether it was computed at the period's current epoch, and its age. */
  private async read(
    key: CustomerValueKey,
  ): Promise<{ result: CustomerValueAggregates; current: boolean; age_ms: number } | undefined> {
    const result = await this.pool.query<{ result: CustomerValueAggregates; current: boolean; age_ms: number }>(
      `SELECT r.result, r.payments_epoch = ${periodEpochSql('$1', '$3', '$4')} AS current,
              (extract(epoch FROM clock_timestamp() - r.computed_at) * 1000)::float8 AS age_ms
       FROM customer_value_results r
       WHERE r.tenant_id = $1::uuid AND r.scope_key = $2 AND r.period_from = $3::date AND r.period_to = $4::date`,
      [key.tenantId, key.scopeKey, key.period.from, key.period.to],
    );
    return result.rows[0];
  }

  /**
   * Saves an answer computed at `epoch` (read in the same snapshot as the payments), unless
   * one computed at a later epoch is already there; drops answers older than a day.
   */
  private async write(key: CustomerValueKey, epoch: string, result: CustomerValueAggregates): Promise<void> {
    await this.pool.query(
      `WITH pruned AS (
         DELETE FROM customer_value_results
         WHERE tenant_id = $1::uuid AND computed_at < now() - $6::interval
           AND (scope_key, period_from, period_to) <> ($2, $3::date, $4::date))
       INSERT INTO customer_value_results AS r (tenant_id, scope_key, period_from, period_to, payments_epoch, result)
       VALUES ($1::uuid, $2, $3::date, $4::date, $5::bigint, $7::jsonb)
       ON CONFLICT (tenant_id, scope_key, period_from, period_to) DO UPDATE
         SET payments_epoch = EXCLUDED.payments_epoch, result = EXCLUDED.result, computed_at = now()
         WHERE r.payments_epoch <= EXCLUDED.payments_epoch`,
      [key.tenantId, key.scopeKey, key.period.from, key.period.to, epoch, KEEP_FOR, JSON.stringify(result)],
    );
  }
}
