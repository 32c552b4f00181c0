import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import type { ServiceError } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { ContactService } from '../src/modules/contact/contact.service';
import { ConversionService } from '../src/modules/conversion/conversion.service';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { LeadService } from '../src/modules/lead/lead.service';
import { LeadPoolService } from '../src/modules/lead-pool/lead-pool.service';

/** 转客户: one transaction, mapping rules, refused twice, nothing left behind on failure. */
describe('lead conversion', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let leads: LeadService;
  let pools: LeadPoolService;
  let customFields: CustomFieldService;
  let conversion: ConversionService;
  const tenantId = randomUUID();
  const sh = { id: 'dept-sh', path: '/root/sales/east/sh/' };
  const south = { id: 'dept-south', path: '/root/sales/south/' };
  const people = { rep: randomUUID(), repSouth: randomUUID(), admin: randomUUID() };
  const principal = (
    employeeId: string,
    dept: { id: string; path: string },
    scope: commonV1.DataScope = 'DATA_SCOPE_SELF',
  ) =>
    commonV1.Principal.fromPartial({
      tenantId,
      employeeId,
      permissions: ['crm.*'],
      dataScope: scope,
      departmentId: dept.id,
      departmentPath: dept.path,
    });
  const rep = () => principal(people.rep, sh);
  const admin = () => principal(people.admin, sh, 'DATA_SCOPE_TENANT');

  beforeAll(async () => {
    database = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    db = createCrmDatabase(database.url);
    const outbox = { source: '/salesflow/crm' };
    pools = new LeadPoolService(db);
    leads = new LeadService(db, outbox, pools);
    customFields = new CustomFieldService(db);
    const customers = new CustomerService(db, customFields, outbox);
    const contacts = new ContactService(db, customers, { ...outbox, timeZone: 'Asia/Shanghai' });
    conversion = new ConversionService(db, leads, customers, contacts);
    for (const [id, dept] of [
      [people.rep, sh],
      [people.repSouth, south],
      [people.admin, sh],
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
    customers: await db.customer.count(),
    contacts: await db.contact.count(),
    operations: await db.leadOperation.count(),
    outbox: Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`)[0]?.n),
  });

  it('converts by the built-in rules into a customer and its primary contact, and links the lead', async () => {
    const lead = await leads.create(rep(), {
      name: '王建国',
      company: '华信贸易',
      phone: '138 0013 8000',
      email: 'wang@huaxin.example.cn',
      region: '华东',
    });
    const before = await counts();
    const { lead: converted, customer, contact } = await conversion.convert(rep(), lead.id);
    expect(customer).toMatchObject({ name: '华信贸易', region: '华东', ownerId: people.rep, lifecycle: 'PROSPECT' });
    expect(contact).toMatchObject({
      customerId: customer.id,
      name: '王建国',
      phones: ['13800138000'],
      email: 'wang@huaxin.example.cn',
      primary: true,
    });
    expect(converted).toMatchObject({
      status: 'CONVERTED',
      convertedCustomerId: customer.id,
      convertedContactId: contact.id,
      version: 2,
    });
    expect(await counts()).toEqual({
      customers: before.customers + 1,
      contacts: before.contacts + 1,
      operations: before.operations + 1,
      outbox: before.outbox + 3,
    });
    const events = await db.$queryRaw<{ event_type: string }[]>`
      SELECT event_type FROM salesflow_outbox ORDER BY seq DESC LIMIT 3`;
    expect(events.map((e) => e.event_type)).toEqual([
      'crm.lead.converted',
      'crm.contact.created',
      'crm.customer.created',
    ]);
    expect((await leads.history(rep(), lead.id))[0]).toMatchObject({
      action: 'converted',
      after: { status: 'CONVERTED', customerId: customer.id, contactId: contact.id },
    });

    // Twice: refused, nothing written.
    const again = await counts();
    await expect(conversion.convert(rep(), lead.id)).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      details: { reason: 'LEAD_ALREADY_CONVERTED' },
    });
    expect(await counts()).toEqual(again);
  });

  it("applies the tenant's rules, saved with optimistic concurrency", async () => {
    await customFields.create(admin(), { key: 'lead_channel', label: '来源', type: 'TEXT' });
    await expect(
      conversion.updateRules(admin(), {
        mappings: [{ source: 'name', target: 'customer.custom_fields.nope', defaultValue: '' }],
      }),
    ).rejects.toMatchObject({ details: { fieldErrors: [{ field: 'mappings.0.target' }] } });
    expect((await conversion.rules(rep())).version).toBe(0);

    const saved = await conversion.updateRules(admin(), {
      expectedVersion: '0',
      mappings: [
        { source: 'company', target: 'customer.name', defaultValue: '' },
        { source: 'notes', target: 'customer.industry', defaultValue: '未分类' },
        { source: '', target: 'customer.tags', defaultValue: '转化客户' },
        { source: 'source', target: 'customer.custom_fields.lead_channel', defaultValue: '' },
        { source: 'name', target: 'contact.name', defaultValue: '' },
        { source: '', target: 'contact.title', defaultValue: '联系人' },
      ],
    });
    expect(saved.version).toBe(1);
    await expect(conversion.updateRules(admin(), { expectedVersion: '7', mappings: [] })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const reader = { ...rep(), permissions: ['crm.lead.read', 'crm.lead.write'] };
    await expect(conversion.updateRules(reader, { mappings: [] })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((await conversion.rules(reader)).version).toBe(1);

    const lead = await leads.create(rep(), { name: '李娜', company: '东方物流', source: 'EXHIBITION' });
    const { customer, contact } = await conversion.convert(rep(), lead.id);
    expect(customer).toMatchObject({
      name: '东方物流',
      industry: '未分类',
      tags: ['转化客户'],
      customFields: { lead_channel: 'exhibition' },
    });
    expect(contact).toMatchObject({ name: '李娜', title: '联系人', phones: [], email: '' });
  });

  it('leaves nothing behind when a step fails mid-conversion', async () => {
    // A 150-character name is a valid lead but too long for a contact (100): the customer is
    // written first, then the contact fails, and the transaction takes the customer back.
    const lead = await leads.create(rep(), { name: '长'.repeat(150), company: '回滚公司' });
    const before = await counts();
    const error = (await conversion.convert(rep(), lead.id).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors).toEqual([{ field: 'name', message: 'is longer than 100 characters' }]);
    expect(await counts()).toEqual(before);
    expect(await db.customer.count({ where: { name: '回滚公司' } })).toBe(0);
    expect(await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      status: 'NEW',
      convertedCustomerId: null,
      version: 1,
    });
  });

  it('refuses a lead waiting in a pool and one outside the scope', async () => {
    const pool = await pools.create(admin(), { name: '公海' });
    const pooled = await leads.create(admin(), { name: '池中', poolId: pool.id });
    await expect(conversion.convert(rep(), pooled.id)).rejects.toMatchObject({ details: { reason: 'LEAD_IN_POOL' } });
    const theirs = await leads.create(principal(people.repSouth, south), { name: '南方' });
    await expect(conversion.convert(rep(), theirs.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
