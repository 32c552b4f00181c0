import type { PoolClient } from 'pg';
import { paymentFamily } from './families/payment.family';

/**
 * The tenant months whose payments a batch changed: the month of a changed payment fact's
 * received day, before and after (a re-dated payment changes both). Customer value's cached
 * answers (src/modules/customer-value/customer-value-cache.ts) are valid while the epochs of
 * their period's months stay as they were.
 */
export class TouchedPaymentMonths {
  private readonly months = new Map<string, { tenantId: string; month: string }>();

  add(familyName: string, fact: object | undefined): void {
    if (familyName !== paymentFamily.name || fact === undefined) return;
    const { tenantId, receivedOn } = fact as { tenantId?: unknown; receivedOn?: unknown };
    if (typeof tenantId !== 'string' || typeof receivedOn !== 'string' || !receivedOn) return;
    const month = `${receivedOn.slice(0, 7)}-01`;
    this.months.set(`${tenantId}:${month}`, { tenantId, month });
  }

  get size(): number {
    return this.months.size;
  }

  values(): { tenantId: string; month: string }[] {
    return [...this.months.values()];
  }
}

/**
 * Adds 1 to the epoch of every touched month, in the batch's transaction (so a reader sees
 * the new epoch exactly when it sees the changed payments), in key order: batches of two
 * consumers touching the same months lock them in the same order.
 */
export async function bumpPaymentEpochs(client: PoolClient, touched: TouchedPaymentMonths): Promise<void> {
  if (touched.size === 0) return;
  const months = touched.values();
  await client.query(
    `INSERT INTO payment_month_epochs AS e (tenant_id, month, epoch)
     SELECT t, m, 1 FROM unnest($1::uuid[], $2::date[]) u(t, m) ORDER BY t, m
     ON CONFLICT (tenant_id, month) DO UPDATE SET epoch = e.epoch + 1`,
    [months.map((m) => m.tenantId), months.map((m) => m.month)],
  );
}
