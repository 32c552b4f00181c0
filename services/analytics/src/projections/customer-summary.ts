import type { PoolClient } from 'pg';

/** A customer, as the summary keys it. */
interface CustomerKey {
  tenantId: string;
  customerId: string;
}

/**
 * Which customer's summary a fact of a family feeds, by family name: the customer itself, the
 * subject of an activity, the customer of a contract. Other families do not feed it.
 */
const CUSTOMER_OF_FACT: Record<string, (fact: Record<string, unknown>) => CustomerKey | undefined> = {
  customer: (fact) => keyOf(fact.tenantId, fact.customerId),
  activity: (fact) => keyOf(fact.tenantId, fact.subjectId),
  contract: (fact) => keyOf(fact.tenantId, fact.customerId),
};

function keyOf(tenantId: unknown, customerId: unknown): CustomerKey | undefined {
  return typeof tenantId === 'string' && typeof customerId === 'string' && customerId
    ? { tenantId, customerId }
    : undefined;
}

/**
 * Advisory lock class of the summary rows (the two-key form, so it cannot meet the
 * single-key locks of the migrator or the reconciler).
 */
const SUMMARY_LOCK_CLASS = 80_100;

/**
 * The customers whose summary a batch must recompute: collected from the facts it changed,
 * before and after (an amended contract that moved to another customer changes both).
 */
export class TouchedCustomers {
  private readonly keys = new Map<string, CustomerKey>();

  add(familyName: string, fact: object | undefined): void {
    const customerOf = CUSTOMER_OF_FACT[familyName];
    if (!customerOf || fact === undefined) return;
    const key = customerOf(fact as Record<string, unknown>);
    if (key) this.keys.set(`${key.tenantId}:${key.customerId}`, key);
  }

  get size(): number {
    return this.keys.size;
  }

  values(): CustomerKey[] {
    return [...this.keys.values()];
  }
}

/**
 * Recomputes the summaries of the touched customers from their facts, in the batch's
 * transaction and after its facts are written. The row is a function of the facts only, so
 * arrival order, redelivery, amendments, cancellations and reassignments cannot leave it
 * wrong as long as every writer recomputes after its own fact writes and sees the others'.
 * Concurrent batches (three partitions at once) could each miss the other's uncommitted facts
 * and the later write would win with a stale row: each batch therefore first takes a
 * transaction lock per customer (in one global order, so two batches cannot deadlock) and
 * recomputes in the next statement, whose snapshot sees every batch that held the lock before.
 * A customer without a customer fact yet has no row; its customer event recomputes it later.
 */
export async function refreshCustomerSummaries(
  client: PoolClient,
  touched: TouchedCustomers,
  timeZone: string,
): Promise<void> {
  if (touched.size === 0) return;
  const keys = touched.values();
  const tenants = keys.map((k) => k.tenantId);
  const customers = keys.map((k) => k.customerId);
  await client.query(
    `SELECT pg_advisory_xact_lock(${SUMMARY_LOCK_CLASS}, h)
     FROM (SELECT DISTINCT hashtext(k.t || ':' || k.id) AS h FROM unnest($1::text[], $2::text[]) k(t, id) ORDER BY h OFFSET 0) s`,
    [tenants, customers],
  );
  await client.query(
    `INSERT INTO customer_summaries AS s (customer_id, tenant_id, name, owner_id, department_path, lifecycle,
                                          last_follow_up_on, last_activity_on, last_order_on)
     SELECT c.customer_id, c.tenant_id, c.name, c.owner_id, c.department_path, c.lifecycle,
            (c.last_follow_up_at AT TIME ZONE $3)::date,
            (SELECT (max(a.occurred_at) AT TIME ZONE $3)::date FROM activity_facts a
              WHERE a.tenant_id = c.tenant_id AND a.subject_id = c.customer_id),
            (SELECT max(x.signed_on) FROM contract_facts x
              WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.customer_id AND x.status = 'SIGNED')
     FROM unnest($1::uuid[], $2::text[]) k(tenant_id, customer_id)
     JOIN customer_facts c ON c.customer_id = k.customer_id AND c.tenant_id = k.tenant_id
     ON CONFLICT (customer_id) DO UPDATE SET
       tenant_id = EXCLUDED.tenant_id, name = EXCLUDED.name, owner_id = EXCLUDED.owner_id,
       department_path = EXCLUDED.department_path, lifecycle = EXCLUDED.lifecycle,
       last_follow_up_on = EXCLUDED.last_follow_up_on, last_activity_on = EXCLUDED.last_activity_on,
       last_order_on = EXCLUDED.last_order_on`,
    [tenants, customers, timeZone],
  );
}
