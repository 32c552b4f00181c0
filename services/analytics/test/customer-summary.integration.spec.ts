import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import { createTestDatabase, eventually, type TestDatabase } from '@salesflow/platform/testing';
import { Pool } from 'pg';
import { CustomerValueService } from '../src/modules/customer-value/customer-value.service';
import { KpiService } from '../src/modules/kpi/kpi.service';
import { createProjector, PROJECTION_TABLES } from '../src/projections/projector';
import { at, money, projectBatch, TIME_ZONE } from './support/test-events';

/**
 * The per-customer summary churn risk reads (customer_summaries): its rows against values
 * worked out by hand from the events, whatever the order and repetition of delivery, through
 * amendments, cancellations and handovers, and after a rebuild; and the churn-risk list read
 * from it against the definition (README "Churn risk"), including an asOf in the past.
 * The projector is driven directly, one transaction per batch as the consumer runs it.
 */
describe('customer summaries and the churn-risk list read from them', () => {
  const tenantId = randomUUID();
  const repA = randomUUID();
  const repB = randomUUID();
  const pathA = 'root/da/';
  const pathB = 'root/db/';
  // Fixed ids so that the list's tie order (by customer id) is known by hand.
  const suffix = tenantId.slice(0, 8);
  const [c1, c2, c3, c4, c5] = [
    `cs-1-${suffix}`,
    `cs-2-${suffix}`,
    `cs-3-${suffix}`,
    `cs-4-${suffix}`,
    `cs-5-${suffix}`,
  ];
  const project = createProjector({ timeZone: TIME_ZONE });
  let db: TestDatabase;
  let pool: Pool;
  let service: CustomerValueService;
  let sequence = 0;

  const principal = (employeeId: string, dataScope: commonV1.DataScope) =>
    commonV1.Principal.fromPartial({ tenantId, employeeId, permissions: ['analytics.read'], dataScope });
  const director = principal(randomUUID(), 'DATA_SCOPE_TENANT');

  function event<P>(type: string, aggregateId: string, payload: P): DomainEvent<P> {
    sequence += 1;
    return {
      id: randomUUID(),
      type,
      tenantId,
      aggregateId,
      aggregateVersion: sequence,
      occurredAt: at('2026-05-01'),
      actorId: '',
      payload,
    };
  }

  function customer(
    id: string,
    version: number,
    options: { ownerId?: string; lifecycle?: crmV1.CustomerLifecycle; lastFollowUp?: string; type?: string } = {},
  ) {
    return event(
      options.type ?? (version === 1 ? 'crm.customer.created' : 'crm.customer.updated'),
      id,
      crmV1.CustomerChanged.fromPartial({
        customer: {
          id,
          tenantId,
          name: `name ${id.slice(0, 4)}`,
          ownerId: options.ownerId ?? repA,
          tier: 'key',
          region: 'east',
          version: String(version),
          createdAt: at('2026-05-01'),
          lifecycle: options.lifecycle ?? 'CUSTOMER_LIFECYCLE_ACTIVE',
          ...(options.lastFollowUp ? { lastFollowUpAt: at(options.lastFollowUp) } : {}),
        },
      }),
    );
  }

  function activity(subjectId: string, day: string, id = randomUUID(), ownerId = repA) {
    return event(
      'crm.activity.created',
      id,
      crmV1.ActivityCreated.fromPartial({
        activity: {
          id,
          tenantId,
          subjectType: 'ACTIVITY_SUBJECT_TYPE_CUSTOMER',
          subjectId,
          ownerId,
          occurredAt: at(day),
        },
      }),
    );
  }

  function contract(
    id: string,
    version: number,
    customerId: string,
    signedOn: string,
    amount: number,
    status: crmV1.ContractStatus = 'CONTRACT_STATUS_SIGNED',
    type = 'crm.contract.signed',
  ) {
    return event(
      type,
      id,
      crmV1.ContractChanged.fromPartial({
        contract: {
          id,
          status,
          signedOn,
          version: String(version),
          ownerId: repA,
          customerId,
          totalAmount: money(amount),
          lines: [{ productLine: 'P1', amount: money(amount) }],
        },
        attribution: commonV1.Attribution.fromPartial({ ownerId: repA, departmentPath: pathA, customerId }),
      }),
    );
  }

  const apply = (events: DomainEvent[]) => projectBatch(pool, project, events);

  async function summaries() {
    const result = await pool.query<{
      customer_id: string;
      owner_id: string;
      lifecycle: string;
      last_follow_up_on: string | null;
      last_activity_on: string | null;
      last_order_on: string | null;
      last_touch_on: string | null;
    }>(
      `SELECT customer_id, owner_id, lifecycle, last_follow_up_on::text, last_activity_on::text, last_order_on::text,
              last_touch_on::text
       FROM customer_summaries WHERE tenant_id = $1 ORDER BY customer_id`,
      [tenantId],
    );
    return result.rows;
  }

  // The events, in the order a producer would emit them. c1: followed up 06-01, activities
  // 06-20 and 07-02, contract x1 06-10 (100,000), x2 signed 07-05 (30,000) and amended to 07-06
  // (40,000), x3 signed 07-20 then cancelled. c2 (rep B): an activity 08-05 only. c3: nothing.
  // c4: churned. c5: an activity 08-08, contracts 07-01 (50,000) and 07-20 (10,000).
  const x1 = `x1-${tenantId}`;
  const x2 = `x2-${tenantId}`;
  const x3 = `x3-${tenantId}`;
  const y1 = `y1-${tenantId}`;
  const y2 = `y2-${tenantId}`;
  const history = () => [
    customer(c1, 1, { lastFollowUp: '2026-06-01' }),
    customer(c2, 1, { ownerId: repB }),
    customer(c3, 1),
    customer(c4, 1),
    customer(c5, 1),
    activity(c1, '2026-06-20', `a1-${tenantId}`),
    activity(c1, '2026-07-02', `a2-${tenantId}`),
    activity(c2, '2026-08-05', `a3-${tenantId}`),
    activity(c5, '2026-08-08', `a4-${tenantId}`),
    contract(x1, 1, c1, '2026-06-10', 100_000),
    contract(x2, 1, c1, '2026-07-05', 30_000),
    contract(x2, 2, c1, '2026-07-06', 40_000, 'CONTRACT_STATUS_SIGNED', 'crm.contract.amended'),
    contract(x3, 1, c1, '2026-07-20', 70_000),
    contract(x3, 2, c1, '2026-07-20', 70_000, 'CONTRACT_STATUS_CANCELLED', 'crm.contract.cancelled'),
    contract(y1, 1, c5, '2026-07-01', 50_000),
    contract(y2, 1, c5, '2026-07-20', 10_000),
    customer(c4, 2, { lifecycle: 'CUSTOMER_LIFECYCLE_CHURNED', type: 'crm.customer.lifecycle_changed' }),
  ];
  // Worked out by hand: the latest activity, the latest SIGNED contract (x3 cancelled, x2 on
  // its amended day), the last touch = the later of follow-up and activity.
  const expected = [
    {
      customer_id: c1,
      owner_id: repA,
      lifecycle: 'ACTIVE',
      last_follow_up_on: '2026-06-01',
      last_activity_on: '2026-07-02',
      last_order_on: '2026-07-06',
      last_touch_on: '2026-07-02',
    },
    {
      customer_id: c2,
      owner_id: repB,
      lifecycle: 'ACTIVE',
      last_follow_up_on: null,
      last_activity_on: '2026-08-05',
      last_order_on: null,
      last_touch_on: '2026-08-05',
    },
    {
      customer_id: c3,
      owner_id: repA,
      lifecycle: 'ACTIVE',
      last_follow_up_on: null,
      last_activity_on: null,
      last_order_on: null,
      last_touch_on: null,
    },
    {
      customer_id: c4,
      owner_id: repA,
      lifecycle: 'CHURNED',
      last_follow_up_on: null,
      last_activity_on: null,
      last_order_on: null,
      last_touch_on: null,
    },
    {
      customer_id: c5,
      owner_id: repA,
      lifecycle: 'ACTIVE',
      last_follow_up_on: null,
      last_activity_on: '2026-08-08',
      last_order_on: '2026-07-20',
      last_touch_on: '2026-08-08',
    },
  ];
  let events: DomainEvent[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    pool = new Pool({ connectionString: db.url, max: 4 });
    for (const [id, path] of [
      [repA, pathA],
      [repB, pathB],
    ] as const) {
      await pool.query(
        `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
         VALUES ($1, $2, 'x', $3, $4, 1)`,
        [id, tenantId, path.slice(5, -1), path],
      );
    }
    const kpis = new KpiService(pool);
    service = new CustomerValueService(pool, TIME_ZONE, (t) => kpis.currency(t));
    events = history();
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('keeps each customer summary as its facts say, one batch per event', async () => {
    for (const e of events) await apply([e]);
    expect(await summaries()).toEqual(expected);
  });

  it('ignores redelivery of every event', async () => {
    await apply(events);
    for (const e of events.slice(0, 6)) await apply([e]);
    expect(await summaries()).toEqual(expected);
  });

  it('gives the same rows after a rebuild that replays the events in reverse order', async () => {
    await pool.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
    expect(await summaries()).toEqual([]);
    // Reversed: activities and contracts arrive before their customer, the amendment and the
    // cancellation before the signing, the churn before the creation.
    for (const e of [...events].reverse()) await apply([e]);
    expect(await summaries()).toEqual(expected);
  });

  it('lists the customers at risk as of a day, oldest touch first', async () => {
    const risks = await service.listChurnRisks(director, { days: 30, limit: 10, asOf: '2026-08-10' });
    // Windows: recent (07-11, 08-10], earlier (06-11, 07-11].
    // c3: never touched, never ordered: first (no touch sorts first). c1: touched 07-02 (39
    // days), ordered 07-06 (35 days), 40,000 in the earlier window and nothing since
    // (x1 06-10 is before it, x3 cancelled): declining too. c5: touched 08-08 (2 days), last
    // order 07-20 (21 days), 10,000 recent against 50,000 earlier: declining only. c2 was
    // touched 5 days ago and never ordered (not declining); c4 churned.
    expect(risks.risks).toEqual([
      { customerId: c3, name: `name ${c3.slice(0, 4)}`, ownerId: repA, reason: 'no_follow_up,no_order' },
      {
        customerId: c1,
        name: `name ${c1.slice(0, 4)}`,
        ownerId: repA,
        daysSinceFollowUp: 39,
        daysSinceOrder: 35,
        reason: 'no_follow_up,no_order,declining_orders',
      },
      {
        customerId: c5,
        name: `name ${c5.slice(0, 4)}`,
        ownerId: repA,
        daysSinceFollowUp: 2,
        daysSinceOrder: 21,
        reason: 'declining_orders',
      },
    ]);
    const first = await service.listChurnRisks(director, { days: 30, limit: 1, asOf: '2026-08-10' });
    expect(first.risks.map((r) => r.customerId)).toEqual([c3]);
  });

  it('counts only what happened up to an asOf in the past', async () => {
    // As of 07-03 (windows (06-03, 07-03] and (05-04, 06-03]): c1 touched 07-02 (1 day) and
    // ordered 06-10 (x2 and x3 came later): not at risk. c2's only activity (08-05) is later:
    // never touched, never ordered. c3 likewise. c5: its activity is later, its order 07-01
    // is 2 days old, 50,000 recent and nothing earlier: not at risk.
    const risks = await service.listChurnRisks(director, { days: 30, limit: 10, asOf: '2026-07-03' });
    expect(risks.risks).toEqual([
      { customerId: c2, name: `name ${c2.slice(0, 4)}`, ownerId: repB, reason: 'no_follow_up,no_order' },
      { customerId: c3, name: `name ${c3.slice(0, 4)}`, ownerId: repA, reason: 'no_follow_up,no_order' },
    ]);
  });

  it('follows a handover of the customer to another owner', async () => {
    await apply([customer(c3, 2, { ownerId: repB })]);
    expect((await summaries()).find((s) => s.customer_id === c3)).toMatchObject({ owner_id: repB });
    const ofA = await service.listChurnRisks(principal(repA, 'DATA_SCOPE_SELF'), {
      days: 30,
      limit: 10,
      asOf: '2026-08-10',
    });
    expect(ofA.risks.map((r) => r.customerId)).toEqual([c1, c5]);
    const ofB = await service.listChurnRisks(principal(repB, 'DATA_SCOPE_SELF'), {
      days: 30,
      limit: 10,
      asOf: '2026-08-10',
    });
    expect(ofB.risks.map((r) => r.customerId)).toEqual([c3]);
    // A late, older version of c3 (owner A) changes nothing.
    await apply([customer(c3, 1)]);
    expect((await summaries()).find((s) => s.customer_id === c3)).toMatchObject({ owner_id: repB });
  });

  it('takes a reversed order back out of the summary when its contract is cancelled', async () => {
    // c5's 07-20 contract is cancelled: its last order is 07-01 again (40 days as of 08-10),
    // and with 50,000 earlier and nothing recent it is still declining; touched 2 days ago.
    await apply([contract(y2, 2, c5, '2026-07-20', 10_000, 'CONTRACT_STATUS_CANCELLED', 'crm.contract.cancelled')]);
    expect((await summaries()).find((s) => s.customer_id === c5)).toMatchObject({ last_order_on: '2026-07-01' });
    const risks = await service.listChurnRisks(director, { days: 30, limit: 10, asOf: '2026-08-10' });
    expect(risks.risks.find((r) => r.customerId === c5)).toEqual({
      customerId: c5,
      name: `name ${c5.slice(0, 4)}`,
      ownerId: repA,
      daysSinceFollowUp: 2,
      daysSinceOrder: 40,
      reason: 'declining_orders',
    });
  });
  it('sees the facts of a concurrent batch that touched the same customer first', async () => {
    // Two partitions' batches at once: one records an activity for c3 (09-01), the other a
    // contract of c3 (10-05: another day, week and month, so that the tenant-wide rollup cells
    // differ too). Each recomputes c3's row; without the per-customer lock the one
    // committing last would write a row computed without the other's facts.
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      // Rep B's activity: no rollup row in common with the contract (rep A, another month), so
      // the only wait is c3's.
      await project([activity(c3, '2026-09-01', randomUUID(), repB)], first);
      await second.query('BEGIN');
      const secondBatch = project([contract(`x9-${tenantId}`, 1, c3, '2026-10-05', 5_000)], second).then(() =>
        second.query('COMMIT'),
      );
      // The second batch waits for c3's lock, held by the first until it commits.
      await eventually(
        async () =>
          (
            await pool.query<{ waiting: number }>(
              `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
            )
          ).rows[0]?.waiting ?? 0,
        (waiting) => waiting > 0,
        { what: 'the second batch waiting for the customer lock' },
      );
      await first.query('COMMIT');
      await secondBatch;
    } finally {
      first.release();
      second.release();
    }
    expect((await summaries()).find((s) => s.customer_id === c3)).toMatchObject({
      last_activity_on: '2026-09-01',
      last_order_on: '2026-10-05',
      last_touch_on: '2026-09-01',
    });
  });
});
