import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import { createTestDatabase, eventually, type TestDatabase } from '@salesflow/platform/testing';
import { Pool } from 'pg';
import { CustomerValueService } from '../src/modules/customer-value/customer-value.service';
import { CustomerValueCache } from '../src/modules/customer-value/customer-value-cache';
import { parsePeriod } from '../src/modules/kpi/period';
import { startNewGeneration } from '../src/projections/projection-generation';
import { createProjector } from '../src/projections/projector';
import { at, money, projectBatch, TIME_ZONE } from './support/test-events';

/**
 * Customer value (Pareto + RFM, README "Customer value") against values worked out by hand,
 * and its cached answers: served again while no payment of the period changes, computed
 * again after a receipt or a reversal in the period, never shared between scopes. The
 * projector is driven directly, one transaction per batch as the consumer runs it.
 */
describe('customer value and its cached answers', () => {
  const tenantId = randomUUID();
  const repA = randomUUID();
  const repB = randomUUID();
  // Fixed ids so that ties (ordered by customer id) are known by hand.
  const suffix = tenantId.slice(0, 8);
  const customer = (n: number) => `cv-${n}-${suffix}`;
  const [c1, c2, c3, c4, c5, c6] = [customer(1), customer(2), customer(3), customer(4), customer(5), customer(6)];
  const project = createProjector({ timeZone: TIME_ZONE });
  let db: TestDatabase;
  let pool: Pool;
  let service: CustomerValueService;

  const principal = (employeeId: string, dataScope: commonV1.DataScope) =>
    commonV1.Principal.fromPartial({ tenantId, employeeId, permissions: ['analytics.read'], dataScope });
  const director = principal(randomUUID(), 'DATA_SCOPE_TENANT');
  const cny = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'CNY' });

  function payment(
    id: string,
    version: number,
    customerId: string,
    receivedOn: string,
    amount: number,
    ownerId = repA,
    status: crmV1.PaymentStatus = 'PAYMENT_STATUS_RECEIVED',
  ): DomainEvent<crmV1.PaymentChanged> {
    return {
      id: randomUUID(),
      type: status === 'PAYMENT_STATUS_REVERSED' ? 'crm.payment.reversed' : 'crm.payment.received',
      tenantId,
      aggregateId: id,
      aggregateVersion: version,
      occurredAt: at(receivedOn),
      actorId: '',
      payload: crmV1.PaymentChanged.fromPartial({
        payment: {
          id,
          tenantId,
          customerId,
          ownerId,
          receivedOn,
          amount: money(amount),
          status,
          version: String(version),
        },
        attribution: commonV1.Attribution.fromPartial({ ownerId, departmentPath: 'root/d/', customerId }),
        productLineSplit: [{ productLine: 'P1', amountMinor: String(amount) }],
      }),
    };
  }

  const apply = (events: DomainEvent[]) => projectBatch(pool, project, events);

  /** Replaces the saved answers' revenue, to see whether the next answer comes from them. */
  async function markCachedAnswers(): Promise<number> {
    const result = await pool.query(
      `UPDATE customer_value_results SET result = jsonb_set(result, '{revenue}', '"1"') WHERE tenant_id = $1`,
      [tenantId],
    );
    return result.rowCount ?? 0;
  }

  const july = () => service.getCustomerValue(director, { period: '2026-07' });

  // July 2026 (period end 07-31). c1: 07-05 100,000 and 07-25 150,000; c2: 07-10 90,000 (and
  // 06-20 40,000, another month); c3: 07-30 100,000; c4: 07-01 20,000; c5 (rep B): 07-15
  // 500,000; c6: 07-12 80,000, reversed.
  const p5 = `p5-${suffix}`;
  const p6 = `p6-${suffix}`;
  const history = () => [
    payment(`p1a-${suffix}`, 1, c1, '2026-07-05', 100_000),
    payment(`p1b-${suffix}`, 1, c1, '2026-07-25', 150_000),
    payment(`p2-${suffix}`, 1, c2, '2026-07-10', 90_000),
    payment(`p2j-${suffix}`, 1, c2, '2026-06-20', 40_000),
    payment(`p3-${suffix}`, 1, c3, '2026-07-30', 100_000),
    payment(`p4-${suffix}`, 1, c4, '2026-07-01', 20_000),
    payment(p5, 1, c5, '2026-07-15', 500_000, repB),
    payment(p6, 1, c6, '2026-07-12', 80_000),
    payment(p6, 2, c6, '2026-07-12', 80_000, repA, 'PAYMENT_STATUS_REVERSED'),
  ];

  beforeAll(async () => {
    db = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    pool = new Pool({ connectionString: db.url, max: 4 });
    for (const id of [repA, repB]) {
      await pool.query(
        `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
         VALUES ($1, $2, 'x', 'd', 'root/d/', 1)`,
        [id, tenantId],
      );
    }
    service = new CustomerValueService(pool, TIME_ZONE, async () => 'CNY');
    for (const e of history()) await apply([e]);
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('computes Pareto, RFM scores and tiers, and the customers by value in amount order', async () => {
    const value = await july();
    // Five paying customers (c6 reversed): 250,000 + 90,000 + 100,000 + 20,000 + 500,000 = 960,000;
    // the top 20 % is ceil(1.0) = 1 customer, c5 with 500,000.
    expect(value).toMatchObject({
      customers: '5',
      topCustomers: '1',
      revenue: cny(960_000),
      topRevenue: cny(500_000),
    });
    expect(value.topShare).toBeCloseTo(500_000 / 960_000, 10);
    // ntile(5) of five customers is each one's position. Recency (days before 07-31, most days
    // first): c4 30, c2 21, c5 16, c1 6, c3 1 -> r 1..5. Frequency (fewest first, ties by id):
    // c2, c3, c4, c5 one payment, c1 two -> f 1..5. Monetary (least first): c4 20,000, c2 90,000,
    // c3 100,000, c1 250,000, c5 500,000 -> m 1..5. Sums: c1 4+5+4 = 13 champion, c2 2+1+2 = 5
    // at_risk, c3 5+2+3 = 10 loyal, c4 1+3+1 = 5 at_risk, c5 3+4+5 = 12 loyal.
    expect(value.tiers).toEqual([
      { tier: 'champion', customers: '1' },
      { tier: 'loyal', customers: '2' },
      { tier: 'potential', customers: '0' },
      { tier: 'at_risk', customers: '2' },
      { tier: 'lost', customers: '0' },
    ]);
    // Largest amount first (as numbers: 500,000 before 90,000).
    expect(value.customersByValue).toEqual([
      {
        customerId: c5,
        recencyDays: 16,
        frequency: '1',
        monetary: cny(500_000),
        rScore: 3,
        fScore: 4,
        mScore: 5,
        tier: 'loyal',
      },
      {
        customerId: c1,
        recencyDays: 6,
        frequency: '2',
        monetary: cny(250_000),
        rScore: 4,
        fScore: 5,
        mScore: 4,
        tier: 'champion',
      },
      {
        customerId: c3,
        recencyDays: 1,
        frequency: '1',
        monetary: cny(100_000),
        rScore: 5,
        fScore: 2,
        mScore: 3,
        tier: 'loyal',
      },
      {
        customerId: c2,
        recencyDays: 21,
        frequency: '1',
        monetary: cny(90_000),
        rScore: 2,
        fScore: 1,
        mScore: 2,
        tier: 'at_risk',
      },
      {
        customerId: c4,
        recencyDays: 30,
        frequency: '1',
        monetary: cny(20_000),
        rScore: 1,
        fScore: 3,
        mScore: 1,
        tier: 'at_risk',
      },
    ]);
  });

  it('answers from the saved answer while no payment of the period changes', async () => {
    await july();
    expect(await markCachedAnswers()).toBe(1);
    expect((await july()).revenue).toEqual(cny(1));
    // A payment of another month and a redelivered July receipt (no fact changes) leave it valid.
    await apply([payment(`p2j2-${suffix}`, 1, c2, '2026-06-25', 10_000)]);
    await apply([payment(`p3-${suffix}`, 1, c3, '2026-07-30', 100_000)]);
    expect((await july()).revenue).toEqual(cny(1));
  });

  it('computes again after a receipt or a reversal in the period', async () => {
    // c4 pays 300,000 on 07-31: c4 two payments, 320,000, recency 0. Revenue 1,260,000.
    await apply([payment(`p4b-${suffix}`, 1, c4, '2026-07-31', 300_000)]);
    const afterReceipt = await july();
    expect(afterReceipt).toMatchObject({ customers: '5', revenue: cny(1_260_000), topRevenue: cny(500_000) });
    // Recency c2 21, c5 16, c1 6, c3 1, c4 0 -> r 1..5; frequency c2, c3, c5 one, c1, c4 two ->
    // f 1..5; monetary c2 90,000, c3 100,000, c1 250,000, c4 320,000, c5 500,000 -> m 1..5.
    // c1 3+4+3 = 10 loyal, c2 1+1+1 = 3 lost, c3 4+2+2 = 8 potential, c4 5+5+4 = 14 champion,
    // c5 2+3+5 = 10 loyal.
    expect(afterReceipt.tiers.map((t) => Number(t.customers))).toEqual([1, 2, 1, 0, 1]);
    expect(afterReceipt.customersByValue.map((c) => c.customerId)).toEqual([c5, c4, c1, c3, c2]);

    await markCachedAnswers();
    // c5's 500,000 reversed: four customers, 760,000; top ceil(0.8) = 1, c4 with 320,000.
    await apply([payment(p5, 2, c5, '2026-07-15', 500_000, repB, 'PAYMENT_STATUS_REVERSED')]);
    expect(await july()).toMatchObject({
      customers: '4',
      topCustomers: '1',
      revenue: cny(760_000),
      topRevenue: cny(320_000),
    });
  });

  it("keeps each scope's answer apart", async () => {
    const repBSelf = principal(repB, 'DATA_SCOPE_SELF');
    const repASelf = principal(repA, 'DATA_SCOPE_SELF');
    // Rep B's only payment (c5) is reversed by now: nothing; rep A has all of the 760,000.
    expect(await service.getCustomerValue(repBSelf, { period: '2026-07' })).toMatchObject({
      customers: '0',
      revenue: cny(0),
    });
    expect(await service.getCustomerValue(repASelf, { period: '2026-07' })).toMatchObject({
      customers: '4',
      revenue: cny(760_000),
    });
    const saved = await pool.query(
      `SELECT scope_key FROM customer_value_results WHERE tenant_id = $1 AND period_from = '2026-07-01'`,
      [tenantId],
    );
    expect(saved.rowCount).toBe(3);
  });

  it('serves a saved answer up to the staleness bound after a change, and computes it again meanwhile', async () => {
    const failures: unknown[] = [];
    const tolerant = new CustomerValueService(pool, TIME_ZONE, async () => 'CNY', {
      maxStalenessMs: 60_000,
      onRefreshError: (error) => failures.push(error),
    });
    const ask = () => tolerant.getCustomerValue(director, { period: '2026-07' });
    expect((await ask()).revenue).toEqual(cny(760_000));
    await markCachedAnswers();
    // c3 pays 40,000 more on 07-31 (760,000 -> 800,000): the saved answer (just computed) is
    // served once more while the new one is computed in the background.
    await apply([payment(`p3b-${suffix}`, 1, c3, '2026-07-31', 40_000)]);
    expect((await ask()).revenue).toEqual(cny(1));
    const recomputed = await eventually(ask, (value) => value.revenue?.amountMinor === '800000', {
      timeoutMs: 10_000,
      what: 'the answer computed in the background',
    });
    expect(recomputed.customers).toBe('4');
    // Older than the bound: the ask waits for the new answer.
    await markCachedAnswers();
    await pool.query(
      `UPDATE customer_value_results SET computed_at = now() - interval '2 minutes' WHERE tenant_id = $1`,
      [tenantId],
    );
    await apply([payment(`p3b-${suffix}`, 2, c3, '2026-07-31', 40_000, repA, 'PAYMENT_STATUS_REVERSED')]);
    expect((await ask()).revenue).toEqual(cny(760_000));
    expect(failures).toEqual([]);
  });

  it('computes an answer once for concurrent asks', async () => {
    const cache = new CustomerValueCache(pool, { maxStalenessMs: 0, onRefreshError: () => {} });
    let computations = 0;
    const result = { customers: '7', revenue: '700', top_revenue: '100', scores: [], top: [] };
    const compute = async () => {
      computations += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { epoch: '0', result };
    };
    const key = { tenantId: randomUUID(), scopeKey: 'tenant', period: parsePeriod('2026-08') };
    const answers = await Promise.all([cache.answer(key, compute), cache.answer(key, compute)]);
    expect(answers).toEqual([result, result]);
    expect(computations).toBe(1);
    // Saved at epoch 0, which is the period's epoch while it has no payments: served from now on.
    expect(await cache.answer(key, compute)).toEqual(result);
    expect(computations).toBe(1);
  });

  it('is emptied by a rebuild and answers as before once the events are replayed', async () => {
    await startNewGeneration(pool);
    const left = await pool.query(
      'SELECT (SELECT count(*) FROM payment_month_epochs)::int AS epochs, (SELECT count(*) FROM customer_value_results)::int AS answers',
    );
    expect(left.rows[0]).toEqual({ epochs: 0, answers: 0 });
    expect(await july()).toMatchObject({ customers: '0', revenue: cny(0) });
    // Everything the tests above projected, replayed in one batch: the state they ended in.
    await apply([
      ...history(),
      payment(`p2j2-${suffix}`, 1, c2, '2026-06-25', 10_000),
      payment(`p4b-${suffix}`, 1, c4, '2026-07-31', 300_000),
      payment(p5, 2, c5, '2026-07-15', 500_000, repB, 'PAYMENT_STATUS_REVERSED'),
      payment(`p3b-${suffix}`, 1, c3, '2026-07-31', 40_000),
      payment(`p3b-${suffix}`, 2, c3, '2026-07-31', 40_000, repA, 'PAYMENT_STATUS_REVERSED'),
    ]);
    expect(await july()).toMatchObject({ customers: '4', revenue: cny(760_000), topRevenue: cny(320_000) });
  });
});
