import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, crmV1, deadLetterTopic, fieldV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  type BatchEventConsumer,
  catalogTopics,
  createBatchEventConsumer,
  createKafka,
  createLogger,
  createOutboxRelay,
  ensureTopics,
  type OutboxRelay,
} from '@salesflow/platform';
import { createTestDatabase, eventually, type TestDatabase, testKafkaBrokers } from '@salesflow/platform/testing';
import { Pool } from 'pg';
import { PROGRESS_GROUP, PROGRESS_TOPICS, progressApplier } from '../src/consumers/progress.consumer';
import { createGoalsDatabase, type GoalsDatabase } from '../src/database';
import { DecompositionService } from '../src/modules/decomposition/decomposition.service';
import { fixedTenantCalendar } from '../src/modules/settings/tenant-calendar';
import { TargetNodeService } from '../src/modules/target/target-node.service';

const log = createLogger('goals-progress-test', 'silent');
const outbox = { source: '/salesflow/goals' };
const calendar = fixedTenantCalendar();

/**
 * Real crm/field events through a real broker into the goals.progress consumer: attribution by
 * period (boundaries), owner, department path and product line; redelivery counted once;
 * amendment replaces; reversal removes; a replay by a fresh group changes nothing.
 */
describe('automatic progress', () => {
  const tenantId = randomUUID();
  const east = randomUUID();
  const east1 = randomUUID();
  const west = randomUUID();
  const repA = randomUUID();
  const repC = randomUUID();
  const kafka = createKafka({ clientId: 'goals-progress-test', brokers: testKafkaBrokers(), log });
  const groups: string[] = [];
  const consumers: BatchEventConsumer[] = [];
  let pool: Pool;
  let goalsDb: TestDatabase;
  let crmDb: TestDatabase;
  let db: GoalsDatabase;
  let crm: GoalsDatabase;
  let relay: OutboxRelay;
  let nodes: TargetNodeService;
  let decomposition: DecompositionService;
  const director = commonV1.Principal.fromPartial({
    tenantId,
    employeeId: randomUUID(),
    permissions: ['goals.*'],
    dataScope: commonV1.DataScope.DATA_SCOPE_TENANT,
  });
  const ids: Record<string, string> = {};
  /** Ids of the events this test published (the topics also hold earlier runs' events). */
  const published: string[] = [];

  const attributionOf = (ownerId: string): commonV1.Attribution => ({
    ownerId,
    departmentId: ownerId === repA ? east1 : west,
    departmentPath: ownerId === repA ? `/${east}/${east1}/` : `/${west}/`,
    customerId: randomUUID(),
    region: '华东',
    customerSegment: 'KA',
  });

  function contract(id: string, ownerId: string, signedOn: string, version: number, lines: [string, number][]) {
    const total = lines.reduce((sum, [, amount]) => sum + amount, 0);
    const money = (amount: number) => ({ amountMinor: String(amount), currency: 'CNY' });
    return crmV1.ContractChanged.fromPartial({
      contract: {
        id,
        tenantId,
        ownerId,
        signedOn,
        status: crmV1.ContractStatus.CONTRACT_STATUS_SIGNED,
        version: String(version),
        lines: lines.map(([productLine, amount]) => ({
          productLine,
          amount: money(amount),
          grossMargin: money(amount / 4),
        })),
        totalAmount: money(total),
        grossMargin: money(total / 4),
      },
      attribution: attributionOf(ownerId),
    });
  }

  function payment(id: string, receivedOn: string, amount: number, version: number, reversed = false) {
    return crmV1.PaymentChanged.fromPartial({
      payment: {
        id,
        tenantId,
        ownerId: repA,
        receivedOn,
        amount: { amountMinor: String(amount), currency: 'CNY' },
        status: reversed ? crmV1.PaymentStatus.PAYMENT_STATUS_REVERSED : crmV1.PaymentStatus.PAYMENT_STATUS_RECEIVED,
        version: String(version),
      },
      attribution: attributionOf(repA),
    });
  }

  /** Publishes through crm's side of the pipe: its outbox and a real relay. */
  async function publish(type: string, aggregateId: string, version: number, payload: unknown): Promise<string> {
    const id = await crm.$transaction((tx) =>
      appendToOutbox(
        tx,
        { type, tenantId, aggregateId, aggregateVersion: version, payload },
        { source: type.startsWith('field') ? '/salesflow/field' : '/salesflow/crm' },
      ),
    );
    expect(await relay.flush()).toBe(1);
    published.push(id);
    return id;
  }

  async function startConsumer(): Promise<string> {
    const group = `${PROGRESS_GROUP}.test.${randomUUID()}`;
    groups.push(group);
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
    const consumer = createBatchEventConsumer({
      kafka,
      pool,
      groupId: group,
      topics: PROGRESS_TOPICS,
      apply: progressApplier(calendar, outbox),
      log,
      fromBeginning: true,
    });
    consumers.push(consumer);
    await consumer.start();
    return group;
  }

  async function inboxCount(group: string): Promise<number> {
    const rows = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM salesflow_inbox
      WHERE consumer_group = ${group} AND event_id::text = ANY (${published})`;
    return Number(rows[0]?.n ?? 0);
  }

  async function achieved(): Promise<Record<string, bigint>> {
    const rows = await db.target.findMany({ where: { tenantId } });
    const byId = new Map(rows.map((r) => [r.id, r.achieved]));
    return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, byId.get(id) ?? -1n]));
  }

  beforeAll(async () => {
    goalsDb = await createTestDatabase('goals', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
    // Stands in for crm and field: only its outbox is used, to publish their events.
    crmDb = await createTestDatabase('goals', join(__dirname, '..', 'prisma', 'migrations'));
    db = createGoalsDatabase(goalsDb.url);
    pool = new Pool({ connectionString: goalsDb.url, max: 2 });
    crm = createGoalsDatabase(crmDb.url);
    await ensureTopics(kafka, catalogTopics());
    relay = createOutboxRelay({ databaseUrl: crmDb.url, kafka, log, idleDelayMs: 50 });
    nodes = new TargetNodeService(db, calendar, outbox, () => new Date('2026-07-01T00:00:00Z'));
    decomposition = new DecompositionService(db, nodes, calendar, outbox);
    for (const [id, departmentId, path] of [
      [repA, east1, `/${east}/${east1}/`],
      [repC, west, `/${west}/`],
    ] as const) {
      await db.$executeRaw`
        INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
        VALUES (${id}::uuid, ${tenantId}::uuid, ${id.slice(0, 6)}, ${departmentId}, ${path}, 1)`;
    }

    // The tree: company 2026 contracts 1,000,000 -> East / West (by weight 3:1) ; rep A's own
    // 300,000 ; product line A of the company ; the company's 2026 payments 1,000.
    const company = await nodes.create(director, {
      metric: 'CONTRACT_AMOUNT',
      period: '2026',
      scope: 'TENANT',
      value: 1_000_000,
    });
    ids.company = company.node.target.id;
    const split = await decomposition.decompose(director, ids.company, {
      axis: 'DEPARTMENTS',
      parts: [
        { key: east, weight: 3 },
        { key: west, weight: 1 },
      ],
    });
    ids.east = split.children[0]?.id ?? '';
    ids.west = split.children[1]?.id ?? '';
    ids.repA = (
      await nodes.create(director, {
        metric: 'CONTRACT_AMOUNT',
        period: '2026',
        scope: 'EMPLOYEE',
        scopeId: repA,
        value: 300_000,
      })
    ).node.target.id;
    ids.lineA = (
      await nodes.create(director, {
        metric: 'CONTRACT_AMOUNT',
        period: '2026',
        scope: 'TENANT',
        productLine: 'A',
        value: 500_000,
      })
    ).node.target.id;
    ids.payments = (
      await nodes.create(director, { metric: 'PAYMENT_AMOUNT', period: '2026', scope: 'TENANT', value: 1_000 })
    ).node.target.id;
    ids.visitsQ3 = (
      await nodes.create(director, { metric: 'VISITS', period: '2026Q3', scope: 'EMPLOYEE', scopeId: repA, value: 10 })
    ).node.target.id;
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop().catch(() => undefined);
    await relay?.stop().catch(() => undefined);
    await pool?.end();
    await db?.$disconnect();
    await crm?.$disconnect();
    await goalsDb?.drop();
    await crmDb?.drop();
  });

  it('attributes contracts, payments and visits to every matching node, once each', async () => {
    const c1 = randomUUID();
    const c3 = randomUUID();
    const c4 = randomUUID();
    const c0 = randomUUID();
    const p1 = randomUUID();
    const v1 = randomUUID();
    // Rep A signs 300,000 (A 200,000 + B 100,000) on 2026-03-10 ...
    await publish(
      'crm.contract.signed',
      c1,
      1,
      contract(c1, repA, '2026-03-10', 1, [
        ['A', 200_000],
        ['B', 100_000],
      ]),
    );
    // ... and the relay sends it again (crashed after sending, before marking it sent).
    await crm.$executeRaw`UPDATE salesflow_outbox SET sent_at = NULL`;
    expect(await relay.flush()).toBe(1);
    // Rep C (West): the last day of 2026 counts, the first of 2027 and the last of 2025 do not.
    await publish('crm.contract.signed', c3, 1, contract(c3, repC, '2026-12-31', 1, [['B', 50_000]]));
    await publish('crm.contract.signed', c4, 1, contract(c4, repC, '2027-01-01', 1, [['A', 70_000]]));
    await publish('crm.contract.signed', c0, 1, contract(c0, repC, '2025-12-31', 1, [['A', 90_000]]));
    await publish('crm.payment.received', p1, 1, payment(p1, '2026-05-01', 400, 1));
    await publish(
      'field.visit.completed',
      v1,
      1,
      fieldV1.VisitRecorded.fromPartial({
        visit: { id: v1, tenantId, employeeId: repA, localDate: '2026-07-01', version: '1' },
        attribution: attributionOf(repA),
      }),
    );

    const group = await startConsumer();
    // 6 distinct events (the duplicate copy is dropped by the inbox).
    await eventually(
      () => inboxCount(group),
      (n) => n === 6,
      { what: 'six events in the inbox' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // let any straggler arrive

    expect(await achieved()).toEqual({
      company: 350_000n, // 300,000 (c1) + 50,000 (c3); c4 is 2027, c0 is 2025
      east: 300_000n, // c1: rep A's path /east/east1/ passes through East
      west: 50_000n, // c3
      repA: 300_000n,
      lineA: 200_000n, // the A line of c1 only
      payments: 400n,
      visitsQ3: 1n, // 2026-07-01 is the first day of Q3
    });
    const completed = await db.$queryRaw<{ message_key: string }[]>`
      SELECT message_key FROM salesflow_outbox WHERE event_type = 'goals.target.completed'`;
    // Rep A reached 300,000 of 300,000.
    expect(completed).toEqual([{ message_key: `${tenantId}:${ids.repA}` }]);

    // The amendment replaces: c1 becomes 350,000 (A 250,000 + B 100,000), counted at the new
    // amount, not added; the payment is reversed and counts for nothing.
    await publish(
      'crm.contract.amended',
      c1,
      2,
      contract(c1, repA, '2026-03-10', 2, [
        ['A', 250_000],
        ['B', 100_000],
      ]),
    );
    await publish('crm.payment.reversed', p1, 2, payment(p1, '2026-05-01', 400, 2, true));
    await eventually(
      () => inboxCount(group),
      (n) => n === 8,
      { what: 'eight events in the inbox' },
    );

    const after = {
      company: 400_000n, // 350,000 + 50,000
      east: 350_000n,
      west: 50_000n,
      repA: 350_000n,
      lineA: 250_000n,
      payments: 0n,
      visitsQ3: 1n,
    };
    expect(await achieved()).toEqual(after);
    // Completed went out once; passing the value again says nothing new.
    expect(
      await db.$queryRaw`SELECT count(*)::int AS n FROM salesflow_outbox WHERE event_type = 'goals.target.completed'`,
    ).toEqual([{ n: 1 }]);

    const view = await nodes.get(director, ids.company ?? '');
    // 400,000 / 1,000,000 = 40 %; on 2026-07-01, 181 of 365 days are gone:
    // 1,000,000 * 181 / 365 = 495,890.41 -> 495,890 expected by now.
    expect(view.node).toMatchObject({ achieved: 400_000n, completionPercent: 40, expectedByNow: 495_890n });
    expect(view.children.map((c) => [c.target.id, c.achieved, c.completionPercent])).toEqual([
      [ids.east, 350_000n, 46.66], // 350,000 / 750,000 = 46.666 % -> 46.66
      [ids.west, 50_000n, 20], // 50,000 / 250,000
    ]);

    // A fresh consumer group replays both topics from the beginning: every number stays.
    const replay = await startConsumer();
    await eventually(
      () => inboxCount(replay),
      (n) => n === 8,
      { what: 'the replay in the inbox' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await achieved()).toEqual(after);

    // A target set after the facts counts them at once: rep A's March.
    const march = await nodes.create(director, {
      metric: 'CONTRACT_AMOUNT',
      period: '2026-03',
      scope: 'EMPLOYEE',
      scopeId: repA,
      value: 100_000,
    });
    expect(march.node.achieved).toBe(350_000n);
  }, 120_000);
});
