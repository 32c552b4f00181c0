import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import type { ServiceError } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { ActivityService } from '../src/modules/activity/activity.service';
import { ContactService } from '../src/modules/contact/contact.service';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { LeadService } from '../src/modules/lead/lead.service';
import { LeadPoolService } from '../src/modules/lead-pool/lead-pool.service';
import { TimelineService } from '../src/modules/timeline/timeline';

/** Follow-up records, the subjects' last/next follow-up, overdue lists and the timeline. */
describe('follow-up records', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let leads: LeadService;
  let customers: CustomerService;
  let contacts: ContactService;
  let activities: ActivityService;
  let timeline: TimelineService;
  const tenantId = randomUUID();
  const east = { id: 'dept-east', path: '/root/sales/east/' };
  const shanghai = { id: 'dept-sh', path: '/root/sales/east/sh/' };
  const south = { id: 'dept-south', path: '/root/sales/south/' };
  const people = { manager: randomUUID(), repShanghai: randomUUID(), repSouth: randomUUID() };
  // "Now": 02:00 UTC on 24 Nov 2026, 10:00 in Shanghai.
  const NOW = new Date('2026-11-24T02:00:00Z');
  const principal = (employeeId: string, scope: commonV1.DataScope, dept: { id: string; path: string }) =>
    commonV1.Principal.fromPartial({
      tenantId,
      employeeId,
      permissions: ['crm.*'],
      dataScope: scope,
      departmentId: dept.id,
      departmentPath: dept.path,
    });
  const repSh = () => principal(people.repShanghai, 'DATA_SCOPE_SELF', shanghai);
  const repSouth = () => principal(people.repSouth, 'DATA_SCOPE_SELF', south);
  const manager = () => principal(people.manager, 'DATA_SCOPE_DEPARTMENT_TREE', east);

  beforeAll(async () => {
    database = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    db = createCrmDatabase(database.url);
    const outbox = { source: '/salesflow/crm' };
    leads = new LeadService(db, outbox, new LeadPoolService(db));
    customers = new CustomerService(db, new CustomFieldService(db), outbox);
    contacts = new ContactService(db, customers, { ...outbox, timeZone: 'Asia/Shanghai' });
    activities = new ActivityService(db, { ...outbox, timeZone: 'Asia/Shanghai', now: () => NOW });
    timeline = new TimelineService(db, customers);
    for (const [id, dept] of [
      [people.manager, east],
      [people.repShanghai, shanghai],
      [people.repSouth, south],
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

  const counts = async () => ({
    activities: await db.activity.count(),
    timeline: await db.timelineEntry.count(),
    outbox: Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`)[0]?.n),
  });
  const lastEvents = async (n: number) =>
    (
      await db.$queryRaw<{ event_type: string }[]>`
        SELECT event_type FROM salesflow_outbox ORDER BY seq DESC LIMIT ${n}`
    ).map((r) => r.event_type);

  it('records a follow-up on a lead and moves its dates and status in the same transaction', async () => {
    const lead = await leads.create(repSh(), { name: '陈明' });
    const activity = await activities.create(repSh(), {
      subjectType: 'LEAD',
      subjectId: lead.id,
      method: 'PHONE',
      content: '介绍产品，客户有兴趣',
      result: '约下周拜访',
      nextStep: '准备报价',
      nextFollowUpOn: '2026-11-30',
      occurredAt: new Date('2026-11-24T01:30:00Z'),
    });
    expect(activity).toMatchObject({ ownerId: people.repShanghai, method: 'PHONE' });
    const after = await db.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after).toMatchObject({
      status: 'CONTACTED',
      version: 2,
      lastFollowUpAt: new Date('2026-11-24T01:30:00Z'),
      nextFollowUpOn: new Date('2026-11-30T00:00:00Z'),
    });
    // Outbox order: lead updated, then the activity.
    expect(await lastEvents(2)).toEqual(['crm.activity.created', 'crm.lead.updated']);

    // A follow-up entered late does not move the dates back.
    await activities.create(repSh(), {
      subjectType: 'LEAD',
      subjectId: lead.id,
      method: 'EMAIL',
      content: '补记：上周发过资料',
      occurredAt: new Date('2026-11-17T02:00:00Z'),
    });
    expect(await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      version: 2,
      nextFollowUpOn: new Date('2026-11-30T00:00:00Z'),
    });
    const listed = await activities.list(repSh(), { subjectType: 'LEAD', subjectId: lead.id });
    expect(listed.activities.map((a) => a.method)).toEqual(['PHONE', 'EMAIL']);
  });

  it('refuses bad input, an unseen subject and a foreign contact, changing nothing', async () => {
    const customer = await customers.create(repSh(), { name: '华信' });
    const other = await customers.create(repSh(), { name: '别家' });
    const otherContact = await contacts.create(repSh(), other.id, { name: '别人' });
    const before = await counts();
    const invalid = (await activities
      .create(repSh(), {
        subjectType: 'CUSTOMER',
        subjectId: customer.id,
        content: ' ',
        nextFollowUpOn: '2026-02-30',
      })
      .catch((e: unknown) => e)) as ServiceError;
    expect(invalid.details.fieldErrors?.map((f) => f.field).sort()).toEqual(['content', 'method', 'nextFollowUpOn']);
    await expect(
      activities.create(repSh(), {
        subjectType: 'CUSTOMER',
        subjectId: customer.id,
        method: 'PHONE',
        content: 'x',
        nextFollowUpOn: '2026-11-23',
      }),
    ).rejects.toMatchObject({ details: { fieldErrors: [{ field: 'nextFollowUpOn' }] } });
    await expect(
      activities.create(repSh(), {
        subjectType: 'CUSTOMER',
        subjectId: customer.id,
        method: 'PHONE',
        content: 'x',
        occurredAt: new Date('2026-11-25T00:00:00Z'),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      activities.create(repSouth(), { subjectType: 'CUSTOMER', subjectId: customer.id, method: 'PHONE', content: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      activities.create(repSh(), {
        subjectType: 'CUSTOMER',
        subjectId: customer.id,
        method: 'VISIT',
        content: 'x',
        contactId: otherContact.id,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await counts()).toEqual(before);
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).version).toBe(1);
  });

  it('puts customer follow-ups on the timeline, newest first, paged', async () => {
    const customer = await customers.create(repSh(), { name: '时间线客户' });
    const contact = await contacts.create(repSh(), customer.id, { name: '王总' });
    for (const [day, method] of [
      ['2026-11-20', 'VISIT'],
      ['2026-11-21', 'WECHAT'],
      ['2026-11-22', 'MEETING'],
    ] as const) {
      await activities.create(repSh(), {
        subjectType: 'CUSTOMER',
        subjectId: customer.id,
        method,
        contactId: contact.id,
        content: `${method} on ${day}`,
        occurredAt: new Date(`${day}T03:00:00Z`),
        nextFollowUpOn: '2026-11-23',
      });
    }
    const first = await timeline.forCustomer(repSh(), customer.id, { limit: 2 });
    const second = await timeline.forCustomer(repSh(), customer.id, { limit: 2, cursor: first.nextCursor });
    expect([...first.entries, ...second.entries].map((e) => [e.kind, e.title])).toEqual([
      ['activity', 'meeting'],
      ['activity', 'wechat'],
      ['activity', 'visit'],
    ]);
    expect(first.entries[0]?.details).toMatchObject({ method: 'meeting', contactId: contact.id });
    expect(second.nextCursor).toBe('');
    await expect(timeline.forCustomer(repSouth(), customer.id, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      version: 4,
      lastFollowUpAt: new Date('2026-11-22T03:00:00Z'),
    });
  });

  it('lists overdue follow-ups: mine, and the team under the manager', async () => {
    // From the timeline test: 时间线客户 is due 2026-11-23 (1 day overdue); 陈明 is due 11-30 (not yet).
    const southCustomer = await customers.create(repSouth(), { name: '南方' });
    await activities.create(repSouth(), {
      subjectType: 'CUSTOMER',
      subjectId: southCustomer.id,
      method: 'PHONE',
      content: 'x',
      occurredAt: new Date('2026-11-10T03:00:00Z'),
      nextFollowUpOn: '2026-11-14',
    });
    const mine = await activities.overdue(repSh(), false);
    expect(mine.map((o) => [o.subjectType, o.name, o.nextFollowUpOn, o.daysOverdue])).toEqual([
      ['CUSTOMER', '时间线客户', '2026-11-23', 1],
    ]);
    expect((await activities.overdue(manager(), false)).length).toBe(0);
    expect((await activities.overdue(manager(), true)).map((o) => o.name)).toEqual(['时间线客户']);
    expect((await activities.overdue(repSouth(), true)).map((o) => [o.name, o.daysOverdue])).toEqual([['南方', 10]]);
  });

  /** An opportunity of the Shanghai rep's customer, written as rows (the sales module is not under test). */
  async function opportunityOf(customerId: string, ownerId: string): Promise<string> {
    const pipelineId = randomUUID();
    const stageId = randomUUID();
    const opportunityId = randomUUID();
    await db.$executeRaw`INSERT INTO pipelines (id, tenant_id, name) VALUES (${pipelineId}::uuid, ${tenantId}::uuid, '销售流程')`;
    await db.$executeRaw`
      INSERT INTO pipeline_stages (id, tenant_id, pipeline_id, key, name, position, kind, probability)
      VALUES (${stageId}::uuid, ${tenantId}::uuid, ${pipelineId}::uuid, 'negotiation', '谈判签约', 5, 'OPEN', 80)`;
    await db.$executeRaw`
      INSERT INTO opportunities (id, tenant_id, name, customer_id, probability, owner_id, pipeline_id, stage_id)
      VALUES (${opportunityId}::uuid, ${tenantId}::uuid, '年度框架协议', ${customerId}::uuid, 80, ${ownerId}::uuid,
              ${pipelineId}::uuid, ${stageId}::uuid)`;
    return opportunityId;
  }

  it("records follow-ups on an opportunity on its customer's timeline, scoped by the opportunity's owner", async () => {
    const customer = await customers.create(repSh(), { name: '商机客户' });
    const opportunityId = await opportunityOf(customer.id, people.repShanghai);
    const before = await counts();
    await activities.create(repSh(), {
      subjectType: 'OPPORTUNITY',
      subjectId: opportunityId,
      method: 'MEETING',
      content: '商务谈判',
    });
    expect(await counts()).toEqual({
      activities: before.activities + 1,
      timeline: before.timeline + 1,
      outbox: before.outbox + 1,
    });
    const seen = async (p: commonV1.Principal) =>
      (await activities.list(p, { subjectType: 'OPPORTUNITY', subjectId: opportunityId })).activities.length;
    expect([await seen(repSh()), await seen(manager())]).toEqual([1, 1]);
    // Another rep neither sees the opportunity's follow-ups nor records one on it.
    await expect(
      activities.list(repSouth(), { subjectType: 'OPPORTUNITY', subjectId: opportunityId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const unchanged = await counts();
    for (const [p, id] of [
      [repSouth(), opportunityId],
      [repSh(), randomUUID()],
    ] as const) {
      await expect(
        activities.create(p, { subjectType: 'OPPORTUNITY', subjectId: id, method: 'PHONE', content: 'x' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await counts()).toEqual(unchanged);
  });
});
