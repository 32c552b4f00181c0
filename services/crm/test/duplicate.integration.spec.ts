import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { ActivityService } from '../src/modules/activity/activity.service';
import { ContactService } from '../src/modules/contact/contact.service';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { DuplicateError } from '../src/modules/duplicate/duplicate';
import { LeadService } from '../src/modules/lead/lead.service';
import { TimelineService } from '../src/modules/timeline/timeline';

/** Duplicate detection on create (phone, email, company name) and merging customers. */
describe('duplicates', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let leads: LeadService;
  let customers: CustomerService;
  let contacts: ContactService;
  let activities: ActivityService;
  let timeline: TimelineService;
  const tenantId = randomUUID();
  const sh = { id: 'dept-sh', path: '/root/sales/east/sh/' };
  const south = { id: 'dept-south', path: '/root/sales/south/' };
  const people = { rep: randomUUID(), repSouth: randomUUID() };
  const principal = (employeeId: string, dept: { id: string; path: string }, tenant = tenantId) =>
    commonV1.Principal.fromPartial({
      tenantId: tenant,
      employeeId,
      permissions: ['crm.*'],
      dataScope: 'DATA_SCOPE_SELF',
      departmentId: dept.id,
      departmentPath: dept.path,
    });
  const rep = () => principal(people.rep, sh);
  const repSouth = () => principal(people.repSouth, south);

  beforeAll(async () => {
    database = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    db = createCrmDatabase(database.url);
    const outbox = { source: '/salesflow/crm' };
    leads = new LeadService(db, outbox);
    customers = new CustomerService(db, new CustomFieldService(db), outbox);
    contacts = new ContactService(db, customers, { ...outbox, timeZone: 'Asia/Shanghai' });
    activities = new ActivityService(db, { ...outbox, timeZone: 'Asia/Shanghai' });
    timeline = new TimelineService(db, customers);
    for (const [id, dept] of [
      [people.rep, sh],
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
    leads: await db.lead.count(),
    customers: await db.customer.count(),
    outbox: Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`)[0]?.n),
  });
  const duplicatesOf = async (attempt: Promise<unknown>) => {
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateError);
    return (error as DuplicateError).matches;
  };

  it('finds a lead by normalized phone, email or company, and hides what the caller may not see', async () => {
    const mine = await leads.create(rep(), {
      name: '王建国',
      company: '上海华信贸易有限公司',
      phone: '+86 138-0013-8000',
      email: 'Wang@HuaXin.cn',
    });
    const before = await counts();

    expect(await duplicatesOf(leads.create(rep(), { name: '王总', phone: '+8613800138000' }))).toEqual([
      { kind: 'lead', id: mine.id, matchedOn: ['phone'], visible: true, name: '王建国', ownerId: people.rep },
    ]);
    expect(
      await duplicatesOf(leads.create(rep(), { name: 'x', email: 'wang@huaxin.CN', company: '上海 华信贸易' })),
    ).toEqual([
      {
        kind: 'lead',
        id: mine.id,
        matchedOn: ['email', 'company'],
        visible: true,
        name: '王建国',
        ownerId: people.rep,
      },
    ]);
    // The South rep learns that it exists, not whose it is or what it is called.
    expect(await duplicatesOf(leads.create(repSouth(), { name: 'y', company: '上海华信贸易股份有限公司' }))).toEqual([
      { kind: 'lead', id: mine.id, matchedOn: ['company'], visible: false, name: '', ownerId: '' },
    ]);
    expect(await counts()).toEqual(before);

    // Forced: created. Another tenant: no match at all.
    await expect(leads.create(rep(), { name: '王总', phone: '+8613800138000', force: true })).resolves.toBeDefined();
    await expect(
      leads.create(principal(randomUUID(), sh, randomUUID()), { name: '王建国', phone: '+8613800138000' }),
    ).resolves.toBeDefined();
  });

  it("matches a new lead against customers' names and contacts, and customers against customers", async () => {
    const customer = await customers.create(rep(), { name: '东方物流有限公司' });
    await contacts.create(rep(), customer.id, { name: '李娜', phones: ['13900139000'], email: 'li.na@dongfang.cn' });
    expect(await duplicatesOf(leads.create(rep(), { name: '李', phone: '139 0013 9000' }))).toEqual([
      {
        kind: 'customer',
        id: customer.id,
        matchedOn: ['phone'],
        visible: true,
        name: '东方物流有限公司',
        ownerId: people.rep,
      },
    ]);
    expect((await duplicatesOf(leads.create(rep(), { name: '李', company: '东方物流' })))[0]).toMatchObject({
      kind: 'customer',
      matchedOn: ['company'],
    });
    const before = await counts();
    expect(await duplicatesOf(customers.create(repSouth(), { name: '东方 物流 公司' }))).toEqual([
      { kind: 'customer', id: customer.id, matchedOn: ['company'], visible: false, name: '', ownerId: '' },
    ]);
    expect(await counts()).toEqual(before);
    await expect(customers.create(repSouth(), { name: '东方物流公司', force: true })).resolves.toBeDefined();
  });

  it('merges a duplicate customer into another, moving everything, in one transaction', async () => {
    const target = await customers.create(rep(), { name: '合并目标', tags: ['A'], customFields: {} });
    const source = await customers.create(rep(), {
      name: '合并来源',
      industry: '制造业',
      tags: ['A', 'B'],
      groups: ['重点客户'],
      location: { latitude: 31.2, longitude: 121.5 },
    });
    const targetContact = await contacts.create(rep(), target.id, { name: '目标联系人' });
    const sourceContact = await contacts.create(rep(), source.id, { name: '来源联系人' });
    await activities.create(rep(), {
      subjectType: 'CUSTOMER',
      subjectId: source.id,
      method: 'PHONE',
      content: '来源跟进',
    });
    const versionBefore = (await customers.get(rep(), target.id)).version;

    await expect(customers.merge(rep(), target.id, target.id)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(customers.merge(repSouth(), target.id, source.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(customers.merge(rep(), target.id, source.id, '99')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.customer.count({ where: { id: source.id } })).toBe(1);

    const merged = await customers.merge(rep(), target.id, source.id, String(versionBefore));
    expect(merged).toMatchObject({
      industry: '制造业',
      tags: ['A', 'B'],
      groups: ['重点客户'],
      latitude: 31.2,
      version: versionBefore + 1,
    });
    expect(await db.customer.count({ where: { id: source.id } })).toBe(0);
    const moved = await contacts.list(rep(), target.id);
    expect(moved.map((c) => [c.id, c.primary])).toEqual([
      [targetContact.id, true],
      [sourceContact.id, false],
    ]);
    expect((await timeline.forCustomer(rep(), target.id, {})).entries.map((e) => e.summary)).toEqual(['来源跟进']);
    const [event] = await db.$queryRaw<{ event_type: string; message_key: string }[]>`
      SELECT event_type, message_key FROM salesflow_outbox ORDER BY seq DESC LIMIT 1`;
    expect(event).toEqual({ event_type: 'crm.customer.merged', message_key: `${tenantId}:${target.id}` });
  });
});
