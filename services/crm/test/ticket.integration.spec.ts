import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, type crmV1, deadLetterTopic, TOPICS } from '@salesflow/contracts';
import {
  catalogTopics,
  createEventConsumer,
  createKafka,
  createLogger,
  createOutboxRelay,
  type DomainEvent,
  decodeEnvelope,
  ensureTopics,
  type ServiceError,
} from '@salesflow/platform';
import { createTestDatabase, eventually, type TestDatabase, testKafkaBrokers } from '@salesflow/platform/testing';
import { handOver } from '../src/consumers/employee-departed.consumer';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { CustomerLifecycleService } from '../src/modules/customer/customer-lifecycle';
import { SatisfactionService } from '../src/modules/satisfaction/satisfaction.service';
import { ServiceSettingsService } from '../src/modules/service-settings/service-settings.service';
import { TicketService } from '../src/modules/ticket/ticket.service';
import { ageDemoTickets } from '../src/seed/demo-tickets';

/** Service tickets, satisfaction, service settings and the customer lifecycle on real PostgreSQL. */
describe('service tickets, satisfaction and customer lifecycle', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let customers: CustomerService;
  let settings: ServiceSettingsService;
  let tickets: TicketService;
  let satisfaction: SatisfactionService;
  let lifecycle: CustomerLifecycleService;
  const outbox = { source: '/salesflow/crm' };
  const tenantId = randomUUID();
  const east = { id: 'dept-east', path: '/root/sales/east/' };
  const shanghai = { id: 'dept-sh', path: '/root/sales/east/sh/' };
  const south = { id: 'dept-south', path: '/root/sales/south/' };
  const people = { manager: randomUUID(), repSh: randomUUID(), repSouth: randomUUID(), engineer: randomUUID() };
  // The clock the services see; tests move it.
  let clock = new Date('2026-12-01T09:00:00.000Z');
  const principal = (employeeId: string, scope: commonV1.DataScope, dept: { id: string; path: string }) =>
    commonV1.Principal.fromPartial({
      tenantId,
      employeeId,
      permissions: [
        'crm.customer.read',
        'crm.customer.write',
        'crm.ticket.read',
        'crm.ticket.write',
        'crm.settings.write',
      ],
      dataScope: scope,
      departmentId: dept.id,
      departmentPath: dept.path,
    });
  const repSh = () => principal(people.repSh, 'DATA_SCOPE_SELF', shanghai);
  const repSouth = () => principal(people.repSouth, 'DATA_SCOPE_SELF', south);
  const manager = () => principal(people.manager, 'DATA_SCOPE_DEPARTMENT_TREE', east);
  const admin = () => principal(randomUUID(), 'DATA_SCOPE_TENANT', east);
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      const e = error as ServiceError;
      return { code: e.code, reason: e.details?.reason, message: e.message, fields: e.details?.fieldErrors };
    }
    throw new Error('expected a failure');
  };
  const outboxOf = (aggregateId: string) =>
    db.$queryRaw<{ event_type: string; value: Buffer }[]>`
      SELECT event_type, value FROM salesflow_outbox WHERE message_key = ${`${tenantId}:${aggregateId}`} ORDER BY seq`;

  beforeAll(async () => {
    database = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    db = createCrmDatabase(database.url);
    const now = () => clock;
    customers = new CustomerService(db, new CustomFieldService(db), outbox);
    settings = new ServiceSettingsService(db);
    tickets = new TicketService(db, settings, outbox, now);
    satisfaction = new SatisfactionService(db, outbox, now);
    lifecycle = new CustomerLifecycleService(db, customers, outbox, now);
    for (const [id, dept] of [
      [people.manager, east],
      [people.repSh, shanghai],
      [people.repSouth, south],
      [people.engineer, shanghai],
    ] as const) {
      await db.$executeRaw`
        INSERT INTO salesflow_employee_replica (id, tenant_id, department_id, department_path, version)
        VALUES (${id}::uuid, ${tenantId}::uuid, ${dept.id}, ${dept.path}, 1)`;
    }
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('runs open -> in progress -> resolved -> closed -> reopened with a history row and event per move', async () => {
    clock = new Date('2026-12-01T09:00:00.000Z');
    const customer = await customers.create(repSh(), { name: '上海精工', region: '华东', tier: 'A' });
    const ticket = await tickets.create(repSh(), {
      type: 'COMPLAINT',
      severity: 'HIGH',
      customerId: customer.id,
      title: '设备异响',
      assigneeId: people.engineer,
    });
    // HIGH = 24 h by default: 1 Dec 09:00 + 24 h = 2 Dec 09:00.
    expect(ticket).toMatchObject({ status: 'OPEN', assigneeId: people.engineer, version: 1 });
    expect(ticket.dueAt.toISOString()).toBe('2026-12-02T09:00:00.000Z');

    clock = new Date('2026-12-01T10:00:00.000Z');
    await tickets.changeStatus(repSh(), ticket.id, { status: 'IN_PROGRESS', comment: '已派工程师' });
    clock = new Date('2026-12-01T15:00:00.000Z');
    const resolved = await tickets.changeStatus(repSh(), ticket.id, {
      status: 'RESOLVED',
      resolution: '更换轴承',
      expectedVersion: '2',
    });
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolution: '更换轴承', version: 3 });
    expect(resolved.resolvedAt?.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    clock = new Date('2026-12-02T09:00:00.000Z');
    const closed = await tickets.changeStatus(repSh(), ticket.id, { status: 'CLOSED' });
    expect(closed.closedAt?.toISOString()).toBe('2026-12-02T09:00:00.000Z');

    clock = new Date('2026-12-03T08:00:00.000Z');
    const reopened = await tickets.changeStatus(repSh(), ticket.id, { status: 'OPEN', comment: '又响了' });
    // A reopened ticket owes a fresh HIGH response: 3 Dec 08:00 + 24 h = 4 Dec 08:00; the old resolution is void.
    expect(reopened).toMatchObject({
      status: 'OPEN',
      resolution: '',
      resolvedAt: null,
      closedAt: null,
      reopenCount: 1,
    });
    expect(reopened.dueAt.toISOString()).toBe('2026-12-04T08:00:00.000Z');

    const history = await tickets.history(repSh(), ticket.id);
    expect(history.map((h) => [h.action, h.fromStatus, h.toStatus, h.actorId, h.comment])).toEqual([
      ['opened', null, 'OPEN', people.repSh, ''],
      ['started', 'OPEN', 'IN_PROGRESS', people.repSh, '已派工程师'],
      ['resolved', 'IN_PROGRESS', 'RESOLVED', people.repSh, ''],
      ['closed', 'RESOLVED', 'CLOSED', people.repSh, ''],
      ['reopened', 'CLOSED', 'OPEN', people.repSh, '又响了'],
    ]);
    expect(history[2]?.occurredAt.toISOString()).toBe('2026-12-01T15:00:00.000Z');

    const events = await outboxOf(ticket.id);
    expect(events.map((e) => e.event_type)).toEqual([
      'crm.ticket.opened',
      'crm.ticket.status_changed',
      'crm.ticket.resolved',
      'crm.ticket.status_changed',
      'crm.ticket.reopened',
    ]);
    // The attribution is the customer's owner and card, frozen at opening.
    const opened = decodeEnvelope(events[0]?.value as Buffer).payload as crmV1.TicketChanged;
    expect(opened.attribution).toEqual({
      ownerId: people.repSh,
      departmentId: shanghai.id,
      departmentPath: shanghai.path,
      customerId: customer.id,
      region: '华东',
      customerSegment: 'A',
    });
    expect(opened.ticket).toMatchObject({ id: ticket.id, status: 'TICKET_STATUS_OPEN', type: 'TICKET_TYPE_COMPLAINT' });
    // One line on the customer's timeline.
    expect(await db.timelineEntry.findMany({ where: { customerId: customer.id } })).toEqual([
      expect.objectContaining({ kind: 'ticket', sourceId: ticket.id, title: 'complaint', summary: '设备异响' }),
    ]);
  });

  it('refuses an illegal move or a resolution-less resolve and changes nothing', async () => {
    const customer = await customers.create(repSh(), { name: '无锡电机' });
    const ticket = await tickets.create(repSh(), {
      type: 'SERVICE',
      severity: 'LOW',
      customerId: customer.id,
      title: '保养',
    });
    const eventsBefore = (await outboxOf(ticket.id)).length;

    expect(await failure(tickets.changeStatus(repSh(), ticket.id, { status: 'CLOSED' }))).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'ILLEGAL_TICKET_TRANSITION',
      message: 'a OPEN ticket cannot move to CLOSED (allowed: IN_PROGRESS, RESOLVED)',
    });
    expect(
      await failure(tickets.changeStatus(repSh(), ticket.id, { status: 'RESOLVED', resolution: ' ' })),
    ).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: 'a ticket needs a resolution to be resolved',
    });
    expect(await failure(tickets.changeStatus(repSh(), ticket.id, { status: 'BOGUS' as never }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(
      await failure(tickets.changeStatus(repSh(), ticket.id, { status: 'IN_PROGRESS', expectedVersion: '9' })),
    ).toMatchObject({ code: 'CONFLICT' });

    expect(await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({
      status: 'OPEN',
      version: 1,
    });
    expect(await db.ticketTransition.count({ where: { ticketId: ticket.id } })).toBe(1);
    expect(await outboxOf(ticket.id)).toHaveLength(eventsBefore);
  });

  it('rejects a bad new ticket with field errors', async () => {
    const e = await failure(tickets.create(repSh(), { customerId: 'nope', title: '', type: 'WHAT' as never } as never));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.fields?.map((f) => f.field).sort()).toEqual(['customerId', 'severity', 'title', 'type']);
  });

  it("computes the due time from the tenant's service settings per severity and lists the overdue", async () => {
    // Defaults first: version 0, the documented hours.
    expect(await settings.get(admin())).toMatchObject({
      criticalHours: 4,
      highHours: 24,
      mediumHours: 72,
      lowHours: 168,
      dormancyDays: 90,
      version: 0,
    });
    expect(await failure(settings.update(admin(), { criticalHours: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const saved = await settings.update(admin(), { criticalHours: 2, mediumHours: 48 });
    expect(saved).toMatchObject({ criticalHours: 2, highHours: 24, mediumHours: 48, lowHours: 168, version: 1 });
    expect(await failure(settings.update(admin(), { lowHours: 100, expectedVersion: '5' }))).toMatchObject({
      code: 'CONFLICT',
    });

    clock = new Date('2026-12-10T08:30:00.000Z');
    const customer = await customers.create(repSh(), { name: '苏州光电' });
    const open = (severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL') =>
      tickets.create(repSh(), { type: 'INQUIRY', severity, customerId: customer.id, title: severity });
    const critical = await open('CRITICAL');
    const high = await open('HIGH');
    const medium = await open('MEDIUM');
    const low = await open('LOW');
    // 10 Dec 08:30 + 2 h = 10:30; + 24 h = 11 Dec 08:30; + 48 h = 12 Dec 08:30; + 168 h = 17 Dec 08:30.
    expect(critical.dueAt.toISOString()).toBe('2026-12-10T10:30:00.000Z');
    expect(high.dueAt.toISOString()).toBe('2026-12-11T08:30:00.000Z');
    expect(medium.dueAt.toISOString()).toBe('2026-12-12T08:30:00.000Z');
    expect(low.dueAt.toISOString()).toBe('2026-12-17T08:30:00.000Z');

    // 11 Dec 12:00: CRITICAL (10 Dec 10:30) and HIGH (11 Dec 08:30) are late; MEDIUM and LOW are not.
    // The HIGH one is resolved, so only the CRITICAL one stays on the overdue list.
    clock = new Date('2026-12-11T12:00:00.000Z');
    await tickets.changeStatus(repSh(), high.id, { status: 'RESOLVED', resolution: '已答复' });
    const { tickets: overdue } = await tickets.list(repSh(), { overdue: true, customerId: customer.id });
    expect(overdue.map((t) => t.id)).toEqual([critical.id]);
  });

  it('takes one rating 1-5 per resolved or closed ticket', async () => {
    const customer = await customers.create(repSh(), { name: '常州机械' });
    const ticket = await tickets.create(repSh(), {
      type: 'SERVICE',
      severity: 'MEDIUM',
      customerId: customer.id,
      title: '安装',
    });
    expect(await failure(tickets.rate(repSh(), ticket.id, { rating: 5 }))).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'TICKET_NOT_RESOLVED',
    });
    await tickets.changeStatus(repSh(), ticket.id, { status: 'RESOLVED', resolution: '安装完成' });
    expect(await failure(tickets.rate(repSh(), ticket.id, { rating: 6 }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await failure(tickets.rate(repSh(), ticket.id, { rating: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const rated = await tickets.rate(repSh(), ticket.id, { rating: 4, comment: '及时' });
    expect(rated).toMatchObject({ satisfactionRating: 4, satisfactionComment: '及时' });
    expect(await failure(tickets.rate(repSh(), ticket.id, { rating: 1 }))).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'TICKET_ALREADY_RATED',
    });
    expect(await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({ satisfactionRating: 4 });
    const types = (await outboxOf(ticket.id)).map((e) => e.event_type);
    expect(types.filter((t) => t === 'crm.ticket.rated')).toHaveLength(1);
  });

  it('records standalone satisfaction surveys per visible customer', async () => {
    clock = new Date('2026-12-12T09:00:00.000Z');
    const mine = await customers.create(repSh(), { name: '杭州纺织', region: '华东' });
    const theirs = await customers.create(repSouth(), { name: '广州贸易' });
    const first = await satisfaction.record(repSh(), {
      customerId: mine.id,
      score: 5,
      surveyedAt: new Date('2026-12-01T00:00:00Z'),
    });
    const second = await satisfaction.record(repSh(), { customerId: mine.id, score: 3, comment: '交付慢' });
    expect(second.surveyedAt.toISOString()).toBe('2026-12-12T09:00:00.000Z');
    expect(await failure(satisfaction.record(repSh(), { customerId: mine.id, score: 9 }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(
      await failure(
        satisfaction.record(repSh(), { customerId: mine.id, score: 4, surveyedAt: new Date('2027-01-01') }),
      ),
    ).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await failure(satisfaction.record(repSh(), { customerId: theirs.id, score: 4 }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    // Newest survey first.
    const { surveys } = await satisfaction.list(repSh(), { customerId: mine.id });
    expect(surveys.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(await failure(satisfaction.list(repSouth(), { customerId: mine.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await satisfaction.list(repSouth(), {})).surveys.map((s) => s.customerId)).not.toContain(mine.id);
    const [event] = await outboxOf(first.id);
    expect(event?.event_type).toBe('crm.satisfaction.recorded');
    expect((decodeEnvelope(event?.value as Buffer).payload as crmV1.SatisfactionRecorded).attribution).toMatchObject({
      ownerId: people.repSh,
      customerId: mine.id,
      region: '华东',
    });
  });

  it('shows a ticket to its assignee and to those who see the customer, to nobody else', async () => {
    const customer = await customers.create(repSouth(), { name: '深圳电子' });
    const ticket = await tickets.create(repSouth(), {
      type: 'COMPLAINT',
      severity: 'LOW',
      customerId: customer.id,
      title: '发票错误',
      assigneeId: people.engineer,
    });
    const engineer = principal(people.engineer, 'DATA_SCOPE_SELF', shanghai);
    // The engineer sees it as assignee, the Shanghai manager through the engineer, the Shanghai rep not.
    expect((await tickets.get(engineer, ticket.id)).id).toBe(ticket.id);
    expect((await tickets.list(manager(), { customerId: customer.id })).tickets.map((t) => t.id)).toEqual([ticket.id]);
    expect(await failure(tickets.get(repSh(), ticket.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(tickets.changeStatus(repSh(), ticket.id, { status: 'IN_PROGRESS' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await tickets.list(repSh(), {})).tickets.map((t) => t.id)).not.toContain(ticket.id);
    // A rep cannot open a ticket on a customer outside their scope.
    expect(
      await failure(tickets.create(repSh(), { type: 'SERVICE', severity: 'LOW', customerId: customer.id, title: 'x' })),
    ).toMatchObject({ code: 'NOT_FOUND' });
    // Only to an active employee of the tenant; nothing changes otherwise.
    expect(await failure(tickets.assign(repSouth(), ticket.id, randomUUID()))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      fields: [{ field: 'assigneeId', message: 'is not an employee of this tenant' }],
    });
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).version).toBe(1);
    // A new severity is an update (its own event); the due time promised at opening stays.
    const raised = await tickets.update(repSouth(), ticket.id, { severity: 'CRITICAL', expectedVersion: '1' });
    expect(raised).toMatchObject({ severity: 'CRITICAL', version: 2, dueAt: ticket.dueAt });
    expect((await outboxOf(ticket.id)).map((e) => e.event_type)).toEqual(['crm.ticket.opened', 'crm.ticket.updated']);
    // Reassigning to the Shanghai rep makes it theirs.
    await tickets.assign(repSouth(), ticket.id, people.repSh, { comment: '转上海' });
    expect((await tickets.get(repSh(), ticket.id)).assigneeId).toBe(people.repSh);
  });

  it('moves ACTIVE customers quiet for the dormancy period to DORMANT once', async () => {
    clock = new Date('2026-12-20T00:00:00.000Z');
    // This tenant keeps the 90 days default (the settings above did not change dormancy_days).
    const quiet = await customers.create(repSh(), { name: '沉睡客户', lifecycle: 'ACTIVE' });
    const recent = await customers.create(repSh(), { name: '活跃客户', lifecycle: 'ACTIVE' });
    const prospect = await customers.create(repSh(), { name: '潜在客户' });
    // quiet: last follow-up 91 days before 20 Dec = 20 Sep; created before that.
    // recent: last follow-up 89 days before = 22 Sep.  20 Dec - 90 days = 21 Sep is the cut.
    await db.$executeRaw`UPDATE customers SET created_at = '2026-01-01T00:00:00Z',
      last_follow_up_at = '2026-09-20T00:00:00Z' WHERE id IN (${quiet.id}::uuid, ${prospect.id}::uuid)`;
    await db.$executeRaw`UPDATE customers SET created_at = '2026-01-01T00:00:00Z',
      last_follow_up_at = '2026-09-22T00:00:00Z' WHERE id = ${recent.id}::uuid`;

    // Only `quiet`: the other customers of this file are prospects or were created on the real clock.
    expect(await lifecycle.sweepAll()).toBe(1);
    expect(await lifecycle.sweepAll()).toBe(0);
    expect(await db.customer.findUniqueOrThrow({ where: { id: quiet.id } })).toMatchObject({
      lifecycle: 'DORMANT',
      version: 2,
      lifecycleChangedAt: clock,
    });
    expect(await db.customer.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ lifecycle: 'ACTIVE' });
    expect(await db.customer.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({
      lifecycle: 'PROSPECT',
    });
    const events = (await outboxOf(quiet.id)).map((e) => e.event_type);
    expect(events.filter((t) => t === 'crm.customer.lifecycle_changed')).toHaveLength(1);

    // While another replica's sweep holds the lock, this one skips the run.
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x63726d5f646f726dn}::bigint)`;
      expect(await lifecycle.sweepOnce()).toEqual({ ran: false, movedToDormant: 0 });
    });

    // A shorter tenant period (60 days) catches `recent` too: 20 Dec - 60 days = 21 Oct > 22 Sep.
    await settings.update(admin(), { dormancyDays: 60 });
    await lifecycle.sweepAll();
    expect(await db.customer.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ lifecycle: 'DORMANT' });
  });

  it('churns only through churn, with a reason', async () => {
    clock = new Date('2026-12-21T00:00:00.000Z');
    const customer = await customers.create(repSh(), { name: '流失客户', lifecycle: 'ACTIVE' });
    expect(await failure(lifecycle.churn(repSh(), customer.id, { reason: '  ' }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      fields: [{ field: 'reason', message: 'is required' }],
    });
    expect(await failure(customers.update(repSh(), customer.id, { lifecycle: 'CHURNED' }))).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'CHURN_NEEDS_REASON',
    });
    expect(await failure(lifecycle.churn(repSouth(), customer.id, { reason: '价格' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      lifecycle: 'ACTIVE',
      version: 1,
    });

    const churned = await lifecycle.churn(repSh(), customer.id, { reason: '被竞品低价抢走', expectedVersion: '1' });
    expect(churned).toMatchObject({ lifecycle: 'CHURNED', churnReason: '被竞品低价抢走', version: 2 });
    expect(churned.lifecycleChangedAt?.toISOString()).toBe('2026-12-21T00:00:00.000Z');
    expect(await failure(lifecycle.churn(repSh(), customer.id, { reason: '再次' }))).toMatchObject({
      code: 'FAILED_PRECONDITION',
    });
    const events = await outboxOf(customer.id);
    const last = events.at(-1);
    expect(last?.event_type).toBe('crm.customer.lifecycle_changed');
    expect((decodeEnvelope(last?.value as Buffer).payload as crmV1.CustomerChanged).customer).toMatchObject({
      lifecycle: 'CUSTOMER_LIFECYCLE_CHURNED',
      churnReason: '被竞品低价抢走',
    });
    // Won back by hand: PATCH to ACTIVE clears the reason.
    const back = await customers.update(repSh(), customer.id, { lifecycle: 'ACTIVE' });
    expect(back).toMatchObject({ lifecycle: 'ACTIVE', churnReason: '' });
  });

  it("hands the departed employee's open tickets to the successor, not the closed ones", async () => {
    const leaver = randomUUID();
    const successor = randomUUID();
    await db.$executeRaw`
      INSERT INTO salesflow_employee_replica (id, tenant_id, department_id, department_path, version)
      VALUES (${leaver}::uuid, ${tenantId}::uuid, ${shanghai.id}, ${shanghai.path}, 1)`;
    const customer = await customers.create(repSh(), { name: '交接客户' });
    const make = (title: string) =>
      tickets.create(repSh(), { type: 'SERVICE', severity: 'LOW', customerId: customer.id, title, assigneeId: leaver });
    const open = await make('待处理');
    const working = await make('处理中');
    await tickets.changeStatus(repSh(), working.id, { status: 'IN_PROGRESS' });
    const done = await make('已关闭');
    await tickets.changeStatus(repSh(), done.id, { status: 'RESOLVED', resolution: 'ok' });
    await tickets.changeStatus(repSh(), done.id, { status: 'CLOSED' });
    const departed = {
      id: randomUUID(),
      type: 'identity.employee.departed',
      tenantId,
      aggregateId: leaver,
      aggregateVersion: 2,
      occurredAt: new Date(),
      actorId: '',
      payload: { employeeId: leaver, successorId: successor },
    };

    await db.$transaction((tx) => handOver(tx, departed, outbox));
    expect((await db.ticket.findUniqueOrThrow({ where: { id: open.id } })).assigneeId).toBe(successor);
    expect((await db.ticket.findUniqueOrThrow({ where: { id: working.id } })).assigneeId).toBe(successor);
    expect((await db.ticket.findUniqueOrThrow({ where: { id: done.id } })).assigneeId).toBe(leaver);
    const [summary] = await db.$queryRaw<{ value: Buffer }[]>`
      SELECT value FROM salesflow_outbox WHERE event_type = 'crm.handover.completed'
        AND message_key = ${`${tenantId}:${leaver}`}`;
    expect((decodeEnvelope(summary?.value as Buffer).payload as crmV1.HandoverCompleted).ticketIds.sort()).toEqual(
      [open.id, working.id].sort(),
    );
    // (The handover runs on the real clock, the tickets were opened on the test clock: find it by action.)
    const history = await tickets.history(repSh(), open.id);
    expect(history.find((h) => h.action === 'assigned')).toMatchObject({
      actorId: '',
      fromStatus: 'OPEN',
      toStatus: 'OPEN',
    });

    // Redelivered as a new event: nothing left to move, no second summary.
    await db.$transaction((tx) => handOver(tx, { ...departed, id: randomUUID() }, outbox));
    expect(await db.ticketTransition.count({ where: { ticketId: open.id, action: 'assigned' } })).toBe(1);
  });

  it('lets the demo seed backdate a ticket into the overdue list', async () => {
    clock = new Date();
    const customer = await customers.create(repSh(), { name: '演示客户' });
    const ticket = await tickets.create(repSh(), {
      type: 'COMPLAINT',
      severity: 'CRITICAL',
      customerId: customer.id,
      title: '停机',
    });
    expect((await tickets.list(repSh(), { overdue: true, customerId: customer.id })).tickets).toEqual([]);
    // Opened 6 h ago with CRITICAL = 2 h in this tenant: due 4 h ago, overdue now.
    await ageDemoTickets(db, [{ ticketId: ticket.id, hours: 6 }]);
    const aged = await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(aged.dueAt.getTime()).toBe(ticket.dueAt.getTime() - 6 * 3_600_000);
    expect((await tickets.list(repSh(), { overdue: true, customerId: customer.id })).tickets.map((t) => t.id)).toEqual([
      ticket.id,
    ]);
  });

  it('publishes ticket events through the outbox to Kafka, with the attribution on the wire', async () => {
    clock = new Date();
    const log = createLogger('crm-ticket-test', 'silent');
    const kafka = createKafka({ clientId: 'ticket-test', brokers: testKafkaBrokers(), log });
    const group = `crm.ticket.test.${randomUUID()}`;
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
    const customer = await customers.create(repSh(), { name: '线上客户', region: '华南', tier: 'B' });
    const ticket = await tickets.create(repSh(), {
      type: 'SERVICE',
      severity: 'MEDIUM',
      customerId: customer.id,
      title: '上门安装',
    });
    await tickets.changeStatus(repSh(), ticket.id, { status: 'RESOLVED', resolution: '已安装' });
    await tickets.rate(repSh(), ticket.id, { rating: 5 });
    const relay = createOutboxRelay({ databaseUrl: database.url, kafka, log, idleDelayMs: 50 });
    const received: DomainEvent<crmV1.TicketChanged>[] = [];
    const collect = async (event: DomainEvent) => {
      const changed = event as DomainEvent<crmV1.TicketChanged>;
      if (changed.aggregateId === ticket.id) received.push(changed);
    };
    const consumer = createEventConsumer({
      kafka,
      groupId: group,
      topics: [TOPICS.crmTicket],
      transaction: (fn) => db.$transaction(fn),
      handlers: { 'crm.ticket.opened': collect, 'crm.ticket.resolved': collect, 'crm.ticket.rated': collect },
      log,
      fromBeginning: true,
    });
    try {
      await relay.flush();
      await consumer.start();
      await eventually(
        async () => received.length,
        (n) => n === 3,
        { what: 'the three ticket events from Kafka' },
      );
    } finally {
      await consumer.stop();
      await relay.stop().catch(() => undefined);
    }
    expect(received.map((e) => [e.type, e.aggregateVersion])).toEqual([
      ['crm.ticket.opened', 1],
      ['crm.ticket.resolved', 2],
      ['crm.ticket.rated', 3],
    ]);
    expect(received[2]?.payload.ticket).toMatchObject({ satisfactionRating: 5, status: 'TICKET_STATUS_RESOLVED' });
    expect(received[2]?.payload.attribution).toMatchObject({
      ownerId: people.repSh,
      departmentPath: shanghai.path,
      customerId: customer.id,
      region: '华南',
      customerSegment: 'B',
    });
  }, 60_000);

  it("moves the merged customer's tickets and surveys to the survivor", async () => {
    const survivor = await customers.create(repSh(), { name: '合并目标' });
    const duplicate = await customers.create(repSh(), { name: '合并来源', force: true });
    const ticket = await tickets.create(repSh(), {
      type: 'INQUIRY',
      severity: 'LOW',
      customerId: duplicate.id,
      title: '询价',
    });
    const survey = await satisfaction.record(repSh(), { customerId: duplicate.id, score: 4 });
    await customers.merge(repSh(), survivor.id, duplicate.id);
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).customerId).toBe(survivor.id);
    expect((await db.satisfactionSurvey.findUniqueOrThrow({ where: { id: survey.id } })).customerId).toBe(survivor.id);
    expect(await db.customer.findUnique({ where: { id: duplicate.id } })).toBeNull();
  });
});
