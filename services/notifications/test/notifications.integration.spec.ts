import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ALL_TOPICS, commonV1, crmV1, deadLetterTopic, identityV1, notificationsV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  catalogTopics,
  createEventConsumer,
  createKafka,
  createOutboxRelay,
  createServiceClient,
  type EventConsumer,
  ensureTopics,
  type GrpcServerHandle,
  type NewEvent,
  type OutboxRelay,
  startGrpcServer,
} from '@salesflow/platform';
import {
  createTestDatabase,
  eventually,
  rejectionOf,
  type TestDatabase,
  testKafkaBrokers,
} from '@salesflow/platform/testing';
import pino from 'pino';
import { notificationInboxHandlers } from '../src/consumers/notification-inbox.consumer';
import { createNotificationsDatabase, type NotificationsDatabase } from '../src/database';
import { notificationServiceBinding } from '../src/grpc/notification.handlers';
import { NotificationService } from '../src/modules/notification/notification.service';
import { NotificationListener } from '../src/modules/notification/notification-listener';

const log = pino({ level: 'silent' });
const MIGRATIONS = join(__dirname, '../prisma/migrations');

/**
 * Real events written to an outbox, published by the kit's relay to the real broker (twice),
 * consumed by the notifications inbox; then read, marked and streamed over real gRPC.
 */
describe('notifications from real events', () => {
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const manager = randomUUID();
  const repA = randomUUID();
  const repB = randomUUID();
  const repC = randomUUID();
  const kafka = createKafka({ clientId: 'notifications-test', brokers: testKafkaBrokers(), log });
  const group = `notifications.test.${randomUUID()}`;
  let source: TestDatabase;
  let target: TestDatabase;
  let sourceDb: NotificationsDatabase;
  let db: NotificationsDatabase;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  let listener: NotificationListener;
  let server: GrpcServerHandle;

  /** How many of this file's events the group has applied (the broker keeps other tests' events too). */
  const consumedOfOurs = async () => {
    const ids = (await sourceDb.$queryRaw<{ id: string }[]>`SELECT id::text FROM salesflow_outbox`).map((r) => r.id);
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM salesflow_inbox WHERE consumer_group = ${group} AND event_id::text = ANY(${ids})`;
    return Number(row?.n);
  };
  const publish = async (events: NewEvent<unknown>[]) => {
    await sourceDb.$transaction(async (tx) => {
      for (const event of events) await appendToOutbox(tx, event, { source: '/salesflow/crm' });
    });
  };
  const lead = (id: string, ownerId: string, version: number) =>
    crmV1.Lead.fromPartial({
      id,
      tenantId,
      name: '王建国',
      company: '杭州宏达贸易',
      ownerId,
      version: String(version),
    });
  const principal = (employeeId: string, tenant = tenantId) =>
    commonV1.Principal.fromPartial({ tenantId: tenant, employeeId, dataScope: 'DATA_SCOPE_SELF' });

  beforeAll(async () => {
    source = await createTestDatabase('notifsrc', MIGRATIONS);
    target = await createTestDatabase('notifications', MIGRATIONS, { orgReplica: true });
    sourceDb = createNotificationsDatabase(source.url);
    db = createNotificationsDatabase(target.url);
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
    relay = createOutboxRelay({ databaseUrl: source.url, kafka, log, idleDelayMs: 50 });
    listener = new NotificationListener(target.url, log);
    await listener.start();
    server = await startGrpcServer({
      serviceName: 'notifications-test',
      port: 0,
      bindings: [notificationServiceBinding(new NotificationService(db), listener)],
      log,
    });
    server.setServing(true);
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop().catch(() => undefined);
    await server?.drain();
    await listener?.stop();
    await sourceDb?.$disconnect();
    await db?.$disconnect();
    await source?.drop();
    await target?.drop();
  });

  it('routes each event once although it is delivered twice, to the right people only', async () => {
    const leadId = randomUUID();
    const ticketId = randomUUID();
    await publish([
      // repA's manager is the manager (org replica), for the supervisor lookup.
      {
        type: 'identity.employee.created',
        tenantId,
        aggregateId: repA,
        aggregateVersion: 1,
        payload: identityV1.EmployeeChanged.fromPartial({
          employee: {
            id: repA,
            tenantId,
            name: '张伟',
            managerId: manager,
            departmentId: 'd1',
            departmentPath: '/d1/',
          },
        }),
      },
      // Created for repA: not routed, but remembered as the owner.
      {
        type: 'crm.lead.created',
        tenantId,
        aggregateId: leadId,
        aggregateVersion: 1,
        payload: { lead: lead(leadId, repA, 1) },
      },
      // The manager gives it to repB: repB is told.
      {
        type: 'crm.lead.assigned',
        tenantId,
        aggregateId: leadId,
        aggregateVersion: 2,
        actorId: manager,
        payload: { lead: lead(leadId, repB, 2) },
      },
      // Recycled without an owner in the payload: the previous owner (repB) is told.
      {
        type: 'crm.lead.recycled',
        tenantId,
        aggregateId: leadId,
        aggregateVersion: 3,
        payload: { lead: lead(leadId, '', 3) },
      },
      // repC assigns a ticket to themself: nobody is told of their own action.
      {
        type: 'crm.ticket.assigned',
        tenantId,
        aggregateId: ticketId,
        aggregateVersion: 2,
        actorId: repC,
        payload: {
          ticket: crmV1.Ticket.fromPartial({ id: ticketId, tenantId, title: '设备无法开机', assigneeId: repC }),
        },
      },
      // Not routed at all.
      {
        type: 'crm.lead.updated',
        tenantId,
        aggregateId: leadId,
        aggregateVersion: 4,
        payload: { lead: lead(leadId, '', 4) },
      },
    ]);
    // Publish, then publish the same rows again (a relay crash after send, before marking).
    expect(await relay.flush()).toBe(6);
    await sourceDb.$executeRaw`UPDATE salesflow_outbox SET sent_at = NULL`;
    expect(await relay.flush()).toBe(6);

    consumer = createEventConsumer({
      kafka,
      groupId: group,
      topics: ALL_TOPICS,
      transaction: (fn) => db.$transaction(fn),
      handlers: notificationInboxHandlers({ maxAgeMs: 3_600_000 }),
      log,
    });
    await consumer.start();
    // The last of the twelve deliveries is the second copy of crm.lead.updated: once the inbox
    // holds the six ids and every copy was seen, nothing more can come.
    await eventually(consumedOfOurs, (n) => n === 6, { what: 'six events in the inbox', timeoutMs: 180_000 });
    const rows = await eventually(
      () => db.notification.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
      (r) => r.length >= 2,
      { what: 'two notifications' },
    );
    // Expected by hand: assigned -> repB; recycled -> previous owner repB; ticket -> nobody (own action).
    expect(rows.map((r) => [r.recipientId, r.kind, r.subjectType, r.subjectId])).toEqual([
      [repB, 'crm.lead.assigned', 'lead', leadId],
      [repB, 'crm.lead.recycled', 'lead', leadId],
    ]);
    expect(rows[0]?.body).toBe('Lead "王建国" (杭州宏达贸易) is now yours; follow it up before it is recycled.');
    // The text's parameters, kept in jsonb for consoles that word it themselves.
    expect(rows.map((r) => r.params)).toEqual([
      { leadName: '王建国', company: '杭州宏达贸易' },
      { leadName: '王建国' },
    ]);
    expect((rows[1]?.id ?? 0n) > (rows[0]?.id ?? 0n)).toBe(true);
    expect(await db.subjectOwner.findFirst({ where: { tenantId, subjectId: leadId } })).toMatchObject({
      ownerId: '',
      version: 4n,
    });
  });

  it('lists the caller’s own notifications newest first with cursor paging, and marks them read', async () => {
    const notifications = new NotificationService(db);
    const first = await notifications.list(principal(repB), { page: { limit: 1, cursor: '' }, unreadOnly: false });
    expect(first.notifications.map((n) => n.kind)).toEqual(['crm.lead.recycled']);
    expect(first.unreadCount).toBe('2');
    const second = await notifications.list(principal(repB), {
      page: { limit: 1, cursor: first.page?.nextCursor ?? '' },
      unreadOnly: false,
    });
    expect(second.notifications.map((n) => n.kind)).toEqual(['crm.lead.assigned']);
    expect(second.notifications[0]?.params).toEqual({ leadName: '王建国', company: '杭州宏达贸易' });
    expect(second.page?.nextCursor).toBe('');

    // Another person (or the same id in another tenant) sees nothing and cannot mark it.
    expect((await notifications.list(principal(repA), { unreadOnly: false })).notifications).toEqual([]);
    const id = second.notifications[0]?.id ?? '';
    expect((await rejectionOf(notifications.markRead(principal(repA), id))).code).toBe('NOT_FOUND');
    expect((await rejectionOf(notifications.markRead(principal(repB, otherTenantId), id))).code).toBe('NOT_FOUND');
    expect((await rejectionOf(notifications.markRead(principal(repB), 'x1'))).code).toBe('INVALID_ARGUMENT');
    expect(await db.notification.count({ where: { readAt: { not: null } } })).toBe(0);

    const read = await notifications.markRead(principal(repB), id);
    expect(read.readAt).toBeInstanceOf(Date);
    // Marking again keeps the first read time.
    expect((await notifications.markRead(principal(repB), id)).readAt).toEqual(read.readAt);
    const unread = await notifications.list(principal(repB), { unreadOnly: true });
    expect(unread.notifications.map((n) => n.kind)).toEqual(['crm.lead.recycled']);
    expect(unread.unreadCount).toBe('1');
    expect(await notifications.markAllRead(principal(repB))).toBe(1);
    expect(await notifications.markAllRead(principal(repB))).toBe(0);
    expect((await notifications.list(principal(repB), { unreadOnly: false })).unreadCount).toBe('0');
  });

  it('streams over gRPC what came after the given id, then new ones live, until cancelled', async () => {
    const client = createServiceClient(notificationsV1.NotificationServiceService, `127.0.0.1:${server.port}`);
    const [assigned, recycled] = await db.notification.findMany({ where: { tenantId }, orderBy: { id: 'asc' } });
    const stream = client.streamNotifications({ afterId: String(assigned?.id) }, { principal: principal(repB) });
    const received: notificationsV1.Notification[] = [];
    const reading = (async () => {
      for await (const message of stream) {
        if (message.notification) received.push(message.notification);
        if (received.length === 2) stream.cancel();
      }
    })().catch((error: unknown) => error);
    // Resume: only what came after the given id.
    await eventually(
      async () => received.length,
      (n) => n >= 1,
      { what: 'the resumed notification' },
    );
    expect(received[0]?.id).toBe(String(recycled?.id));

    // Live: a new event for repB, through the relay and the consumer, reaches the open stream.
    const leadId = randomUUID();
    await publish([
      {
        type: 'crm.lead.assigned',
        tenantId,
        aggregateId: leadId,
        aggregateVersion: 1,
        payload: { lead: lead(leadId, repB, 1) },
      },
    ]);
    expect(await relay.flush()).toBe(1);
    await eventually(
      async () => received.length,
      (n) => n >= 2,
      { what: 'the live notification' },
    );
    expect(received[1]).toMatchObject({ kind: 'crm.lead.assigned', subjectId: leadId, recipientId: repB });
    expect(BigInt(received[1]?.id ?? 0) > BigInt(received[0]?.id ?? 0)).toBe(true);
    // The caller's cancel ends the iteration quietly.
    expect(await reading).toBeUndefined();

    // Without a resume point only new ones come: nothing is sent for repB's existing history.
    const fresh = client.streamNotifications({ afterId: '0' }, { principal: principal(repB) });
    const early: unknown[] = [];
    const freshReading = (async () => {
      for await (const message of fresh) early.push(message);
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    fresh.cancel();
    await freshReading;
    expect(early).toEqual([]);

    // A call without a principal is refused.
    const anonymous = client.streamNotifications({ afterId: '0' }, {});
    const refusal = await (async () => {
      for await (const _ of anonymous) return undefined;
      return undefined;
    })().catch((error: unknown) => error);
    expect((refusal as { code?: string }).code).toBe('UNAUTHENTICATED');
    client.close();
  });
});
