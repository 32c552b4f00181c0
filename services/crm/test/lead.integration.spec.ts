import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { LeadService } from '../src/modules/lead/lead.service';
import { LeadPoolService } from '../src/modules/lead-pool/lead-pool.service';

/** LeadService against a real PostgreSQL database of its own. */
describe('LeadService', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let leads: LeadService;
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const east = { id: 'dept-east', path: '/root/sales/east/' };
  const shanghai = { id: 'dept-sh', path: '/root/sales/east/sh/' };
  const south = { id: 'dept-south', path: '/root/sales/south/' };
  const people = {
    manager: randomUUID(), // East, DEPARTMENT_TREE
    repShanghai: randomUUID(),
    repSouth: randomUUID(),
  };
  const principal = (
    employeeId: string,
    scope: commonV1.DataScope,
    dept: { id: string; path: string },
    tenant = tenantId,
  ) =>
    commonV1.Principal.fromPartial({
      tenantId: tenant,
      employeeId,
      permissions: ['crm.lead.read', 'crm.lead.write'],
      dataScope: scope,
      departmentId: dept.id,
      departmentPath: dept.path,
    });

  beforeAll(async () => {
    database = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    db = createCrmDatabase(database.url);
    leads = new LeadService(db, { source: '/salesflow/crm' }, new LeadPoolService(db));
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

  const outboxCount = async () =>
    Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`)[0]?.n);

  it('stores a lead and its crm.lead.created event in one transaction', async () => {
    const before = await outboxCount();
    const lead = await leads.create(principal(people.repShanghai, 'DATA_SCOPE_SELF', shanghai), {
      name: '  王建国 ',
      phone: '+86 138-0013-8000',
      email: 'Wang@HuaXin.example.cn',
      source: 'EXHIBITION',
    });
    expect(lead).toMatchObject({
      name: '王建国',
      phone: '+8613800138000',
      email: 'wang@huaxin.example.cn',
      status: 'NEW',
      ownerId: people.repShanghai,
      version: 1,
    });
    expect(await outboxCount()).toBe(before + 1);
    const [row] = await db.$queryRaw<{ event_type: string; message_key: string; topic: string }[]>`
      SELECT event_type, message_key, topic FROM salesflow_outbox ORDER BY seq DESC LIMIT 1`;
    expect(row).toEqual({
      event_type: 'crm.lead.created',
      message_key: `${tenantId}:${lead.id}`,
      topic: 'salesflow.crm.lead.v1',
    });
  });

  it('refuses bad input with every field named, and writes nothing', async () => {
    const leadsBefore = await db.lead.count();
    const outboxBefore = await outboxCount();
    const attempt = leads.create(principal(people.repShanghai, 'DATA_SCOPE_SELF', shanghai), {
      name: ' ',
      email: 'not-an-email',
      phone: '12',
      ownerId: 'not-a-uuid',
    });
    await expect(attempt).rejects.toBeInstanceOf(ServiceError);
    const error = (await attempt.catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors?.map((f) => f.field).sort()).toEqual(['email', 'name', 'ownerId', 'phone']);
    expect(await db.lead.count()).toBe(leadsBefore);
    expect(await outboxCount()).toBe(outboxBefore);
  });

  it('refuses a caller without crm.lead.write', async () => {
    const reader = { ...principal(people.repSouth, 'DATA_SCOPE_SELF', south), permissions: ['crm.lead.read'] };
    await expect(leads.create(reader, { name: '刘洋' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('shows each caller only what their data scope allows, and other tenants nothing', async () => {
    const south1 = await leads.create(principal(people.repSouth, 'DATA_SCOPE_SELF', south), {
      name: '黄磊',
      source: 'WEB',
    });
    const mine = await leads.list(principal(people.repSouth, 'DATA_SCOPE_SELF', south), {});
    expect(mine.leads.map((l) => l.id)).toEqual([south1.id]);

    // The East manager sees the Shanghai rep's lead (subtree), not the South rep's.
    const east1 = await leads.list(principal(people.manager, 'DATA_SCOPE_DEPARTMENT_TREE', east), {});
    expect(east1.leads.map((l) => l.name)).toEqual(['王建国']);
    await expect(
      leads.get(principal(people.manager, 'DATA_SCOPE_DEPARTMENT_TREE', east), south1.id),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const director = principal(randomUUID(), 'DATA_SCOPE_TENANT', east);
    expect((await leads.list(director, {})).leads).toHaveLength(2);

    // Another tenant's admin: not found, never forbidden.
    const stranger = principal(randomUUID(), 'DATA_SCOPE_TENANT', east, otherTenantId);
    await expect(leads.get(stranger, south1.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await leads.list(stranger, {})).leads).toHaveLength(0);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const rep = principal(randomUUID(), 'DATA_SCOPE_SELF', south);
    const names = ['一', '二', '三', '四', '五'];
    for (const name of names) await leads.create(rep, { name });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await leads.list(rep, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.leads.map((l) => l.name));
      cursor = page.nextCursor || undefined;
    } while (cursor);
    expect(seen).toEqual(['五', '四', '三', '二', '一']);
    await expect(leads.list(rep, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
