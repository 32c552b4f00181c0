import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { commonV1 } from '@salesflow/contracts';
import type { ServiceError } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { PrismaClient } from '../src/generated/prisma/client';
import { LeadService } from '../src/modules/lead/lead.service';
import { LeadRecycler } from '../src/modules/lead/lead-recycler';
import { LeadPoolService } from '../src/modules/lead-pool/lead-pool.service';

/** Lead pools, claiming/assigning/releasing, the operation log and the recycle job. */
describe('lead pools', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let pools: LeadPoolService;
  let leads: LeadService;
  const tenantId = randomUUID();
  const east = { id: 'dept-east', path: '/root/sales/east/' };
  const shanghai = { id: 'dept-sh', path: '/root/sales/east/sh/' };
  const south = { id: 'dept-south', path: '/root/sales/south/' };
  const people = { manager: randomUUID(), repA: randomUUID(), repB: randomUUID(), repSouth: randomUUID() };
  const principal = (
    employeeId: string,
    scope: commonV1.DataScope,
    dept: { id: string; path: string },
    permissions = ['crm.lead.read', 'crm.lead.write'],
    tenant = tenantId,
  ) =>
    commonV1.Principal.fromPartial({
      tenantId: tenant,
      employeeId,
      permissions,
      dataScope: scope,
      departmentId: dept.id,
      departmentPath: dept.path,
    });
  const repA = () => principal(people.repA, 'DATA_SCOPE_SELF', shanghai);
  const repB = () => principal(people.repB, 'DATA_SCOPE_SELF', shanghai);
  const repSouth = () => principal(people.repSouth, 'DATA_SCOPE_SELF', south);
  const manager = () =>
    principal(people.manager, 'DATA_SCOPE_DEPARTMENT_TREE', east, [
      'crm.lead.read',
      'crm.lead.write',
      'crm.pool.read',
      'crm.pool.write',
    ]);

  beforeAll(async () => {
    database = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    db = createCrmDatabase(database.url);
    pools = new LeadPoolService(db);
    leads = new LeadService(db, { source: '/salesflow/crm' }, pools);
    for (const [id, dept] of [
      [people.manager, east],
      [people.repA, shanghai],
      [people.repB, shanghai],
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
    pools: await db.leadPool.count(),
    leads: await db.lead.count(),
    operations: await db.leadOperation.count(),
    outbox: Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`)[0]?.n),
  });

  it('refuses a pool whose rule cannot work, and one without crm.pool.write, writing nothing', async () => {
    const before = await counts();
    const error = (await pools
      .create(manager(), { name: ' ', assignment: 'ROUND_ROBIN', claimLimit: -1, memberIds: [] })
      .catch((e: unknown) => e)) as ServiceError;
    expect(error.details.fieldErrors?.map((f) => f.field).sort()).toEqual(['claimLimit', 'memberIds', 'name']);
    await expect(pools.create(manager(), { name: 'RR', assignment: 'ROUND_ROBIN' })).rejects.toMatchObject({
      details: { fieldErrors: [{ field: 'memberIds', message: 'round-robin needs at least one member' }] },
    });
    await expect(pools.create(repA(), { name: '公海' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await counts()).toEqual(before);
  });

  it('hands new leads out round-robin and by region', async () => {
    const rr = await pools.create(manager(), {
      name: '展会线索',
      assignment: 'ROUND_ROBIN',
      memberIds: [people.repA, people.repB],
    });
    const owners: (string | null)[] = [];
    for (const name of ['甲', '乙', '丙'])
      owners.push((await leads.create(manager(), { name, poolId: rr.id })).ownerId);
    expect(owners).toEqual([people.repA, people.repB, people.repA]);

    const byRegion = await pools.create(manager(), {
      name: '区域线索',
      assignment: 'BY_REGION',
      regionAssignees: { 华东: people.repB, 华南: people.repSouth },
    });
    expect((await leads.create(manager(), { name: '丁', poolId: byRegion.id, region: '华南' })).ownerId).toBe(
      people.repSouth,
    );
    // Nobody for 西北: the lead waits in the pool.
    const waiting = await leads.create(manager(), { name: '戊', poolId: byRegion.id, region: '西北' });
    expect(waiting).toMatchObject({ ownerId: null, ownerSince: null, poolId: byRegion.id });
  });

  describe('the public pool (公海)', () => {
    let poolId: string;
    let first: string;
    let second: string;

    beforeAll(async () => {
      poolId = (await pools.create(manager(), { name: '公海', public: true, claimLimit: 1, recycleAfterDays: 7 })).id;
      first = (await leads.create(manager(), { name: '公海一', poolId })).id;
      second = (await leads.create(manager(), { name: '公海二', poolId })).id;
    });

    it('lets a rep see and claim pool leads up to the claim limit', async () => {
      const claimable = await leads.list(repA(), { claimable: true, poolId });
      expect(claimable.leads.map((l) => l.name)).toEqual(['公海二', '公海一']);

      const claimed = await leads.claim(repA(), first);
      expect(claimed).toMatchObject({ ownerId: people.repA, version: 2 });
      expect(claimed.ownerSince).toBeInstanceOf(Date);

      const before = await counts();
      await expect(leads.claim(repA(), second)).rejects.toMatchObject({
        code: 'FAILED_PRECONDITION',
        details: { reason: 'CLAIM_LIMIT_REACHED' },
      });
      // Someone else's now: the other rep can no longer see it, so cannot claim it either.
      await expect(leads.claim(repB(), first)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await counts()).toEqual(before);
    });

    it('logs every change with what changed, and releases back to the pool', async () => {
      await expect(leads.update(repA(), first, { expectedVersion: '1', notes: 'x' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(leads.update(repB(), second, { notes: 'x' })).rejects.toMatchObject({
        details: { reason: 'LEAD_IN_POOL' },
      });
      await expect(leads.update(repA(), first, { status: 'CONVERTED' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      const updated = await leads.update(repA(), first, {
        expectedVersion: '2',
        status: 'QUALIFIED',
        phone: '+86 139 0000 0000',
        nextFollowUpOn: '2026-12-01',
      });
      expect(updated).toMatchObject({ version: 3, status: 'QUALIFIED', phone: '+8613900000000' });

      const released = await leads.release(repA(), first, '客户无意向');
      expect(released).toMatchObject({ ownerId: null, version: 4 });

      const history = await leads.history(repA(), first);
      expect(history.map((h) => h.action)).toEqual(['released', 'updated', 'claimed', 'created']);
      expect(history[1]).toMatchObject({
        actorId: people.repA,
        before: { status: 'NEW', phone: '', nextFollowUpOn: null },
        after: { status: 'QUALIFIED', phone: '+8613900000000', nextFollowUpOn: '2026-12-01' },
      });
      expect(history[0]).toMatchObject({
        before: { ownerId: people.repA },
        after: { ownerId: null, reason: '客户无意向' },
      });
      const events = await db.$queryRaw<{ event_type: string }[]>`
        SELECT event_type FROM salesflow_outbox WHERE message_key = ${`${tenantId}:${first}`} ORDER BY seq`;
      expect(events.map((e) => e.event_type)).toEqual([
        'crm.lead.created',
        'crm.lead.claimed',
        'crm.lead.updated',
        'crm.lead.released',
      ]);
    });

    it('lets a manager assign within the team only', async () => {
      const outsider = randomUUID();
      await expect(leads.assign(manager(), second, outsider)).rejects.toMatchObject({
        details: { fieldErrors: [{ field: 'ownerId', message: 'is not someone in your data scope' }] },
      });
      await expect(leads.assign(repA(), second, people.repA)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
      // MANUAL pool and no one named: its rule names nobody.
      await expect(leads.assign(manager(), second)).rejects.toMatchObject({ details: { reason: 'NO_ASSIGNEE' } });
      expect(await leads.assign(manager(), second, people.repB)).toMatchObject({ ownerId: people.repB });
      // The South rep (outside the East tree) does not see it; another tenant neither.
      await expect(leads.get(repSouth(), second)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const stranger = principal(randomUUID(), 'DATA_SCOPE_TENANT', east, ['crm.lead.read'], randomUUID());
      await expect(leads.history(stranger, second)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('recycles leads without a follow-up for the pool period, once, one run at a time', async () => {
      const recycler = new LeadRecycler(db, { source: '/salesflow/crm' });
      // repB got `second` 8 days ago and never followed it up: due. A fresh claim is not.
      await db.$executeRaw`UPDATE leads SET owner_since = now() - interval '8 days' WHERE id = ${second}::uuid`;
      const fresh = await leads.create(manager(), { name: '公海三', poolId });
      await leads.claim(repA(), fresh.id);

      // Another replica holds the lock: this run does nothing.
      const other = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
      try {
        await other.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x63726d5f72656379n}::bigint)`;
          expect(await recycler.runOnce()).toEqual({ ran: false, recycled: 0 });
        });
      } finally {
        await other.$disconnect();
      }

      expect(await recycler.runOnce()).toEqual({ ran: true, recycled: 1 });
      expect(await db.lead.findUniqueOrThrow({ where: { id: second } })).toMatchObject({
        ownerId: null,
        status: 'RECYCLED',
      });
      expect((await leads.history(manager(), second))[0]).toMatchObject({ action: 'recycled', actorId: null });
      const [event] = await db.$queryRaw<{ event_type: string }[]>`
        SELECT event_type FROM salesflow_outbox WHERE message_key = ${`${tenantId}:${second}`} ORDER BY seq DESC LIMIT 1`;
      expect(event?.event_type).toBe('crm.lead.recycled');

      // Idempotent: nothing more to do.
      const before = await counts();
      expect(await recycler.runOnce()).toEqual({ ran: true, recycled: 0 });
      expect(await counts()).toEqual(before);

      // Claimed again, a recycled lead starts over.
      expect(await leads.claim(repB(), second)).toMatchObject({ ownerId: people.repB, status: 'NEW' });
    });
  });
});
