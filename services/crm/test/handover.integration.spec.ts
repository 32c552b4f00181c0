import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, deadLetterTopic, identityV1, TOPICS } from '@salesflow/contracts';
import {
  appendToOutbox,
  catalogTopics,
  createEventConsumer,
  createKafka,
  createLogger,
  createOutboxRelay,
  type EventConsumer,
  ensureTopics,
  type OutboxRelay,
} from '@salesflow/platform';
import { createTestDatabase, eventually, type TestDatabase, testKafkaBrokers } from '@salesflow/platform/testing';
import { HANDOVER_GROUP, handOver, handoverHandlers } from '../src/consumers/employee-departed.consumer';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { LeadService } from '../src/modules/lead/lead.service';
import { LeadPoolService } from '../src/modules/lead-pool/lead-pool.service';

const log = createLogger('crm-handover-test', 'silent');

/**
 * identity.employee.departed through real Kafka into crm's handover consumer, delivered twice
 * (a relay that crashed after sending, before marking): the book moves once.
 */
describe('handover on departure', () => {
  const tenantId = randomUUID();
  const leaver = randomUUID();
  const successor = randomUUID();
  const other = randomUUID();
  const kafka = createKafka({ clientId: 'handover-test', brokers: testKafkaBrokers(), log });
  const group = `${HANDOVER_GROUP}.test.${randomUUID()}`;
  const outbox = { source: '/salesflow/crm' };
  let crmDb: TestDatabase;
  let identityDb: TestDatabase;
  let db: CrmDatabase;
  let relay: OutboxRelay;
  let consumer: EventConsumer | undefined;
  const as = (employeeId: string) =>
    commonV1.Principal.fromPartial({
      tenantId,
      employeeId,
      permissions: ['crm.*'],
      dataScope: 'DATA_SCOPE_TENANT',
    });

  beforeAll(async () => {
    crmDb = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    // Stands in for identity: only its outbox is used, to publish the departure event.
    identityDb = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'));
    db = createCrmDatabase(crmDb.url);
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
    relay = createOutboxRelay({ databaseUrl: identityDb.url, kafka, log, idleDelayMs: 50 });
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop().catch(() => undefined);
    await db?.$disconnect();
    await crmDb?.drop();
    await identityDb?.drop();
  });

  it('moves open leads and customers to the successor once, with a log entry each and one summary', async () => {
    const pools = new LeadPoolService(db);
    const leads = new LeadService(db, outbox, pools);
    const customers = new CustomerService(db, new CustomFieldService(db), outbox);
    const open = await leads.create(as(leaver), { name: '进行中' });
    const lost = await leads.create(as(leaver), { name: '无效', force: true });
    await leads.update(as(leaver), lost.id, { status: 'UNQUALIFIED' });
    const someoneElses = await leads.create(as(other), { name: '别人的' });
    const customer = await customers.create(as(leaver), { name: '交接客户' });

    const identity = createCrmDatabase(identityDb.url);
    const departureId = await identity.$transaction((tx) =>
      appendToOutbox(
        tx,
        {
          type: 'identity.employee.departed',
          tenantId,
          aggregateId: leaver,
          aggregateVersion: 7,
          // As identity sends it: with the whole employee, which the org replica reads.
          payload: identityV1.EmployeeDeparted.fromPartial({
            employeeId: leaver,
            successorId: successor,
            employee: {
              id: leaver,
              tenantId,
              name: '离职的人',
              departmentId: randomUUID(),
              departmentPath: '/root/',
              status: identityV1.EmployeeStatus.EMPLOYEE_STATUS_DEPARTED,
              successorId: successor,
              version: '7',
            },
          }),
        },
        { source: '/salesflow/identity' },
      ),
    );
    // Published twice: the second copy must change nothing.
    expect(await relay.flush()).toBe(1);
    await identity.$executeRaw`UPDATE salesflow_outbox SET sent_at = NULL`;
    expect(await relay.flush()).toBe(1);
    await identity.$disconnect();

    consumer = createEventConsumer({
      kafka,
      groupId: group,
      topics: [TOPICS.identityEmployee],
      transaction: (fn) => db.$transaction(fn),
      handlers: handoverHandlers(outbox),
      log,
      fromBeginning: true,
    });
    await consumer.start();

    await eventually(
      () => db.lead.findUniqueOrThrow({ where: { id: open.id } }),
      (lead) => lead.ownerId === successor,
      { what: 'the open lead handed over' },
    );
    // Let the second copy arrive and be dropped by the inbox.
    await eventually(
      async () =>
        Number(
          (
            await db.$queryRaw<{ n: bigint }[]>`
              SELECT count(*) AS n FROM salesflow_inbox WHERE event_id = ${departureId}::uuid`
          )[0]?.n,
        ),
      (n) => n === 1,
      { what: 'the departure in the inbox' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(await db.lead.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({ ownerId: leaver });
    expect(await db.lead.findUniqueOrThrow({ where: { id: someoneElses.id } })).toMatchObject({ ownerId: other });
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      ownerId: successor,
      version: 2,
    });
    expect(await db.lead.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({ version: 2 });
    const leadLog = await db.leadOperation.findMany({ where: { leadId: open.id, action: 'handed_over' } });
    expect(leadLog).toHaveLength(1);
    expect(leadLog[0]).toMatchObject({
      actorId: null,
      before: { ownerId: leaver },
      after: { ownerId: successor, reason: 'departure', from: leaver, to: successor },
    });
    expect(await db.customerOperation.count({ where: { customerId: customer.id, action: 'handed_over' } })).toBe(1);
    const summaries = await db.$queryRaw<{ message_key: string }[]>`
      SELECT message_key FROM salesflow_outbox WHERE event_type = 'crm.handover.completed'`;
    expect(summaries).toEqual([{ message_key: `${tenantId}:${leaver}` }]);
  }, 60_000);

  it('moves nothing on a second departure event, and without a successor sends pooled leads back', async () => {
    const leads = new LeadService(db, outbox, new LeadPoolService(db));
    const pool = await new LeadPoolService(db).create(as(other), { name: '公海' });
    const pooled = await leads.create(as(other), { name: '池中', poolId: pool.id, ownerId: other });
    const own = await leads.create(as(other), { name: '自有' });
    const departed = (successorId: string) => ({
      id: randomUUID(),
      type: 'identity.employee.departed',
      tenantId,
      aggregateId: other,
      aggregateVersion: 3,
      occurredAt: new Date(),
      actorId: '',
      payload: { employeeId: other, successorId },
    });

    expect(await db.$transaction((tx) => handOver(tx, departed(''), outbox))).toEqual({
      leadIds: [pooled.id],
      customerIds: [],
      opportunityIds: [],
      contractIds: [],
    });
    expect(await db.lead.findUniqueOrThrow({ where: { id: pooled.id } })).toMatchObject({ ownerId: null });
    expect(await db.lead.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ ownerId: other });

    const moved = await db.$transaction((tx) => handOver(tx, departed(successor), outbox));
    expect(moved.leadIds).toContain(own.id);
    const outboxBefore = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`;
    expect(await db.$transaction((tx) => handOver(tx, departed(successor), outbox))).toEqual({
      leadIds: [],
      customerIds: [],
      opportunityIds: [],
      contractIds: [],
    });
    expect(await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`).toEqual(outboxBefore);
  });
});
