import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import type { ServiceError } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { ContactService } from '../src/modules/contact/contact.service';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';

/** Customers, custom fields and contacts against a real PostgreSQL database of their own. */
describe('customers, custom fields and contacts', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let customFields: CustomFieldService;
  let customers: CustomerService;
  let contacts: ContactService;
  const tenantId = randomUUID();
  const east = { id: 'dept-east', path: '/root/sales/east/' };
  const shanghai = { id: 'dept-sh', path: '/root/sales/east/sh/' };
  const south = { id: 'dept-south', path: '/root/sales/south/' };
  const people = { manager: randomUUID(), repShanghai: randomUUID(), repSouth: randomUUID() };
  const ALL = [
    'crm.customer.read',
    'crm.customer.write',
    'crm.contact.read',
    'crm.contact.write',
    'crm.settings.write',
  ];
  const principal = (
    employeeId: string,
    scope: commonV1.DataScope,
    dept: { id: string; path: string },
    tenant = tenantId,
  ) =>
    commonV1.Principal.fromPartial({
      tenantId: tenant,
      employeeId,
      permissions: ALL,
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
    customFields = new CustomFieldService(db);
    const outbox = { source: '/salesflow/crm' };
    customers = new CustomerService(db, customFields, outbox);
    // "Now" is 16:30 UTC on 23 Nov 2026: already the 24th in Shanghai.
    contacts = new ContactService(db, customers, {
      ...outbox,
      timeZone: 'Asia/Shanghai',
      now: () => new Date('2026-11-23T16:30:00Z'),
    });
    for (const [id, dept] of [
      [people.manager, east],
      [people.repShanghai, shanghai],
      [people.repSouth, south],
    ] as const) {
      await db.$executeRaw`
        INSERT INTO salesflow_employee_replica (id, tenant_id, department_id, department_path, version)
        VALUES (${id}::uuid, ${tenantId}::uuid, ${dept.id}, ${dept.path}, 1)`;
    }
    const admin = principal(randomUUID(), 'DATA_SCOPE_TENANT', east);
    await customFields.create(admin, { key: 'annual_revenue', label: '年营业额', type: 'NUMBER' });
    await customFields.create(admin, {
      key: 'channels',
      label: '渠道',
      type: 'MULTI_SELECT',
      options: ['online', 'retail', 'wholesale'],
    });
    await customFields.create(admin, { key: 'founded', label: '成立日期', type: 'DATE' });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const counts = async () => ({
    customers: await db.customer.count(),
    contacts: await db.contact.count(),
    outbox: Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`)[0]?.n),
  });
  const lastEvents = (n: number) =>
    db.$queryRaw<{ event_type: string; topic: string; message_key: string }[]>`
      SELECT event_type, topic, message_key FROM salesflow_outbox ORDER BY seq DESC LIMIT ${n}`;

  describe('custom fields', () => {
    it('refuses a taken key, a select without options and a bad key, writing nothing', async () => {
      const admin = principal(randomUUID(), 'DATA_SCOPE_TENANT', east);
      await expect(
        customFields.create(admin, { key: 'annual_revenue', label: 'x', type: 'TEXT' }),
      ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      const bad = (await customFields
        .create(admin, { key: 'Bad Key', label: '', type: 'SINGLE_SELECT' })
        .catch((e: unknown) => e)) as ServiceError;
      expect(bad.details.fieldErrors?.map((f) => f.field).sort()).toEqual(['key', 'label', 'options']);
      expect((await customFields.list(admin)).map((f) => f.key)).toEqual(['annual_revenue', 'channels', 'founded']);
    });

    it('renames one, toggles required and adds choices; key, type and current choices stay', async () => {
      const admin = principal(randomUUID(), 'DATA_SCOPE_TENANT', east);
      const grade = await customFields.create(admin, {
        key: 'grade',
        label: '等级',
        type: 'SINGLE_SELECT',
        options: ['A', 'B'],
      });
      const notes = await customFields.create(admin, { key: 'site_notes', label: '现场', type: 'TEXT' });
      const refusal = (change: Parameters<typeof customFields.update>[1]) =>
        customFields.update(admin, change).catch((e: unknown) => e as ServiceError);

      const dropped = await refusal({ id: grade.id, options: ['A', 'C'] });
      expect(dropped).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect((dropped as ServiceError).details.fieldErrors).toEqual([
        { field: 'options', message: 'must keep the current options (B missing)' },
      ]);
      const notSelect = (await refusal({ id: notes.id, options: ['x'] })) as ServiceError;
      expect(notSelect.details.fieldErrors).toEqual([{ field: 'options', message: 'only selects have options' }]);
      const blank = (await refusal({ id: grade.id, label: '  ' })) as ServiceError;
      expect(blank.details.fieldErrors?.map((f) => f.field)).toEqual(['label']);
      expect(await refusal({ id: grade.id, expectedVersion: '9', label: '客户等级' })).toMatchObject({
        code: 'CONFLICT',
      });
      expect(await refusal({ id: randomUUID(), label: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
      const rep = { ...repSh(), permissions: ['crm.customer.read', 'crm.customer.write'] };
      await expect(customFields.update(rep, { id: grade.id, label: 'x' })).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
      expect(await db.customField.findUnique({ where: { id: grade.id } })).toMatchObject({
        label: '等级',
        options: ['A', 'B'],
        version: 1,
      });

      const changed = await customFields.update(admin, {
        id: grade.id,
        expectedVersion: '1',
        label: ' 客户等级 ',
        required: true,
        options: ['A', 'B', 'C', 'C'],
      });
      expect(changed).toMatchObject({
        key: 'grade',
        type: 'SINGLE_SELECT',
        label: '客户等级',
        required: true,
        options: ['A', 'B', 'C'],
        version: 2,
      });
      // Not required again, and gone, so the other tests' customers need no grade.
      await customFields.update(admin, { id: grade.id, expectedVersion: '2', required: false });
      await db.customField.deleteMany({ where: { id: { in: [grade.id, notes.id] } } });
    });

    it('needs crm.settings.write to define one', async () => {
      const rep = { ...repSh(), permissions: ['crm.customer.read'] };
      await expect(customFields.create(rep, { key: 'x', label: 'x', type: 'TEXT' })).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
    });
  });

  describe('customers', () => {
    it('stores a customer with its card, custom values and crm.customer.created', async () => {
      const before = await counts();
      const customer = await customers.create(repSh(), {
        name: ' 华信贸易 ',
        industry: '制造业',
        region: '华东',
        address: '上海市浦东新区世纪大道100号',
        location: { latitude: 31.2397, longitude: 121.4998 },
        tier: 'A',
        tags: ['重点', ' 重点', 'VIP'],
        groups: ['重点客户'],
        customFields: { annual_revenue: 12_000_000, channels: ['online', 'retail'], founded: '2008-05-12' },
      });
      expect(customer).toMatchObject({
        name: '华信贸易',
        lifecycle: 'PROSPECT',
        tags: ['重点', 'VIP'],
        ownerId: people.repShanghai,
        latitude: 31.2397,
        longitude: 121.4998,
        customFields: { annual_revenue: 12_000_000, channels: ['online', 'retail'], founded: '2008-05-12' },
        version: 1,
      });
      expect(await counts()).toEqual({ ...before, customers: before.customers + 1, outbox: before.outbox + 1 });
      expect(await lastEvents(1)).toEqual([
        {
          event_type: 'crm.customer.created',
          topic: 'salesflow.crm.customer.v1',
          message_key: `${tenantId}:${customer.id}`,
        },
      ]);
    });

    it('refuses bad card fields and bad custom values all at once, writing nothing', async () => {
      const before = await counts();
      const error = (await customers
        .create(repSh(), {
          name: '',
          location: { latitude: 95, longitude: 121 },
          lifecycle: 'CHURNED',
          customFields: { annual_revenue: 'lots', channels: ['fax'], founded: '2026-02-30', unknown: 1 },
        })
        .catch((e: unknown) => e)) as ServiceError;
      expect(error.code).toBe('INVALID_ARGUMENT');
      // CHURNED needs a reason, so only POST /customers/{id}/churn sets it.
      expect(error.details.fieldErrors?.map((f) => f.field).sort()).toEqual(['lifecycle', 'location.latitude', 'name']);
      const values = (await customers
        .create(repSh(), {
          name: 'ok',
          customFields: { annual_revenue: 'lots', channels: ['fax'], founded: '2026-02-30', unknown: 1 },
        })
        .catch((e: unknown) => e)) as ServiceError;
      expect(values.details.fieldErrors).toEqual([
        { field: 'customFields.annual_revenue', message: 'must be a number' },
        { field: 'customFields.channels', message: 'must be a list of online, retail, wholesale' },
        { field: 'customFields.founded', message: 'must be a date (YYYY-MM-DD)' },
        { field: 'customFields.unknown', message: 'is not a custom field of this tenant' },
      ]);
      expect(await counts()).toEqual(before);
    });

    it('filters by card fields and custom fields', async () => {
      await customers.create(repSh(), {
        name: '东方物流',
        region: '华东',
        lifecycle: 'ACTIVE',
        customFields: { annual_revenue: 500_000, channels: ['wholesale'] },
      });
      const names = async (query: Parameters<CustomerService['list']>[1]) =>
        (await customers.list(repSh(), query)).customers.map((c) => c.name);
      expect(await names({ region: '华东' })).toEqual(['东方物流', '华信贸易']);
      expect(await names({ lifecycle: 'ACTIVE' })).toEqual(['东方物流']);
      expect(await names({ tag: 'VIP' })).toEqual(['华信贸易']);
      expect(await names({ query: '物流' })).toEqual(['东方物流']);
      expect(await names({ customFieldFilters: { channels: 'retail' } })).toEqual(['华信贸易']);
      expect(await names({ customFieldFilters: { annual_revenue: '500000' } })).toEqual(['东方物流']);
      expect(await names({ customFieldFilters: { annual_revenue: 'abc' } })).toEqual([]);
      await expect(names({ customFieldFilters: { colour: 'red' } })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    });

    it('scopes by owner: rep sees own, manager the subtree, other tenant nothing', async () => {
      const southCustomer = await customers.create(repSouth(), { name: '南方电子' });
      expect((await customers.list(repSouth(), {})).customers.map((c) => c.name)).toEqual(['南方电子']);
      expect((await customers.list(manager(), {})).customers.map((c) => c.name)).toEqual(['东方物流', '华信贸易']);
      await expect(customers.get(manager(), southCustomer.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(customers.get(repSh(), southCustomer.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const stranger = principal(randomUUID(), 'DATA_SCOPE_TENANT', east, randomUUID());
      await expect(customers.get(stranger, southCustomer.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await customers.list(stranger, {})).customers).toHaveLength(0);
    });

    it('pages newest first with a cursor', async () => {
      const rep = principal(randomUUID(), 'DATA_SCOPE_SELF', south);
      for (const name of ['一', '二', '三']) await customers.create(rep, { name });
      const first = await customers.list(rep, { limit: 2 });
      const second = await customers.list(rep, { limit: 2, cursor: first.nextCursor });
      expect([...first.customers, ...second.customers].map((c) => c.name)).toEqual(['三', '二', '一']);
      expect(second.nextCursor).toBe('');
    });

    it('updates with optimistic concurrency and merges custom values', async () => {
      const [customer] = (await customers.list(repSh(), { query: '华信' })).customers;
      if (!customer) throw new Error('fixture missing');
      const updated = await customers.update(repSh(), customer.id, {
        expectedVersion: '1',
        lifecycle: 'ACTIVE',
        location: null,
        customFields: { founded: null, annual_revenue: 13_000_000 },
      });
      expect(updated).toMatchObject({
        version: 2,
        lifecycle: 'ACTIVE',
        latitude: null,
        longitude: null,
        customFields: { annual_revenue: 13_000_000, channels: ['online', 'retail'] },
      });
      expect((await lastEvents(1))[0]?.event_type).toBe('crm.customer.updated');
      const before = await counts();
      await expect(customers.update(repSh(), customer.id, { expectedVersion: '1', tier: 'B' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(customers.update(repSouth(), customer.id, { tier: 'B' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await counts()).toEqual(before);
      expect((await customers.get(repSh(), customer.id)).tier).toBe('A');
    });
  });

  describe('contacts', () => {
    it('keeps exactly one primary contact per customer', async () => {
      const customer = await customers.create(repSh(), { name: '联系人测试公司' });
      const first = await contacts.create(repSh(), customer.id, {
        name: '李娜',
        phones: ['138 0013 8000'],
        email: 'Li.Na@Example.cn',
      });
      expect(first).toMatchObject({ primary: true, phones: ['13800138000'], email: 'li.na@example.cn' });
      const second = await contacts.create(repSh(), customer.id, { name: '赵强' });
      expect(second.primary).toBe(false);

      const third = await contacts.create(repSh(), customer.id, { name: '孙丽', primary: true });
      expect(third.primary).toBe(true);
      // created (third) + updated (first, demoted)
      expect((await lastEvents(2)).map((e) => e.event_type)).toEqual(['crm.contact.created', 'crm.contact.updated']);
      const list = await contacts.list(repSh(), customer.id);
      expect(list.map((c) => [c.name, c.primary])).toEqual([
        ['孙丽', true],
        ['李娜', false],
        ['赵强', false],
      ]);

      await contacts.update(repSh(), customer.id, second.id, { primary: true });
      expect((await contacts.list(repSh(), customer.id)).filter((c) => c.primary).map((c) => c.name)).toEqual(['赵强']);
      const before = await counts();
      await expect(contacts.update(repSh(), customer.id, second.id, { primary: false })).rejects.toMatchObject({
        code: 'FAILED_PRECONDITION',
      });
      await expect(
        contacts.create(repSh(), customer.id, { name: '', email: 'nope', birthday: '1990-13-01' }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(contacts.create(repSouth(), customer.id, { name: '外人' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await counts()).toEqual(before);
    });

    it('lists birthdays from today (Shanghai) within N days, under data scope', async () => {
      const mine = await customers.create(repSh(), { name: '生日客户' });
      const theirs = await customers.create(repSouth(), { name: '南方生日客户' });
      // Today in Shanghai is 2026-11-24.
      await contacts.create(repSh(), mine.id, { name: '今天', birthday: '1985-11-24' });
      await contacts.create(repSh(), mine.id, { name: '七天后', birthday: '1990-12-01' });
      await contacts.create(repSh(), mine.id, { name: '八天后', birthday: '1990-12-02' });
      await contacts.create(repSh(), mine.id, { name: '昨天', birthday: '1990-11-23' });
      await contacts.create(repSouth(), theirs.id, { name: '别人的', birthday: '1990-11-25' });

      const within7 = await contacts.upcomingBirthdays(repSh(), 7);
      expect(within7.map((b) => [b.contact.name, b.date, b.daysUntil, b.customerName])).toEqual([
        ['今天', '2026-11-24', 0, '生日客户'],
        ['七天后', '2026-12-01', 7, '生日客户'],
      ]);
      expect((await contacts.upcomingBirthdays(manager(), 1)).map((b) => b.contact.name)).toEqual(['今天']);
      expect((await contacts.upcomingBirthdays(repSouth(), 1)).map((b) => b.contact.name)).toEqual(['别人的']);
      await expect(contacts.upcomingBirthdays(repSh(), 61)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(contacts.upcomingBirthdays(repSh(), 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
});
