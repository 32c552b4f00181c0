import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, type goalsV1 } from '@salesflow/contracts';
import { decodeEnvelope } from '@salesflow/platform';
import { createTestDatabase, rejectionOf, type TestDatabase } from '@salesflow/platform/testing';
import { Client } from 'pg';
import { createGoalsDatabase, type GoalsDatabase } from '../src/database';
import { targetToProto } from '../src/modules/target/target.mapper';
import { TargetService } from '../src/modules/target/target.service';
import type { NewTargetInput } from '../src/modules/target/target.validation';
import { DEMO_ANNUAL_CONTRACT_TARGET_MINOR, demoTenantTargetId, seedGoalsDemoData } from '../src/seed/demo-data';

let database: TestDatabase;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_type: string;
  value: Buffer;
  snapshot_topic: string | null;
}

let db: GoalsDatabase;
let sql: Client;
let targets: TargetService;

function principal(tenantId: string, permissions = ['goals.target.write', 'goals.target.read']) {
  return commonV1.Principal.fromPartial({
    tenantId,
    employeeId: randomUUID(),
    permissions,
    dataScope: commonV1.DataScope.DATA_SCOPE_SELF,
  });
}

const companyYear: NewTargetInput = {
  metric: 'CONTRACT_AMOUNT',
  periodStart: '2026-01-01',
  periodEnd: '2027-01-01',
  scope: 'TENANT',
  value: '5000000000',
};

async function outboxFor(aggregateId: string): Promise<OutboxRow[]> {
  const { rows } = await sql.query<OutboxRow>(
    `SELECT id, topic, message_key, event_type, value, snapshot_topic FROM salesflow_outbox
     WHERE message_key LIKE '%:' || $1 ORDER BY seq`,
    [aggregateId],
  );
  return rows;
}

async function counts(): Promise<{ targets: number; outbox: number }> {
  const { rows } = await sql.query<{ targets: number; outbox: number }>(
    'SELECT (SELECT count(*)::int FROM targets) AS targets, (SELECT count(*)::int FROM salesflow_outbox) AS outbox',
  );
  return rows[0] ?? { targets: -1, outbox: -1 };
}

const rejection = rejectionOf;

beforeAll(async () => {
  database = await createTestDatabase('goals', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
  const databaseUrl = database.url;
  db = createGoalsDatabase(databaseUrl);
  sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  targets = new TargetService(db, { source: '/salesflow/goals' });
});

afterAll(async () => {
  await db?.$disconnect();
  await sql?.end();
  await database?.drop();
});

describe('CreateTarget', () => {
  it('writes the target and exactly one goals.target.created event in one go', async () => {
    const caller = principal(randomUUID());
    const target = await targets.create(caller, companyYear);

    const { rows } = await sql.query('SELECT * FROM targets WHERE id = $1', [target.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenant_id: caller.tenantId,
      metric: 'CONTRACT_AMOUNT',
      scope: 'TENANT',
      scope_id: null,
      value: '5000000000',
      parent_id: null,
      version: 1,
      created_by: caller.employeeId,
    });
    const days = await sql.query<{ start: string; end: string }>(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS start, to_char(period_end, 'YYYY-MM-DD') AS end
       FROM targets WHERE id = $1`,
      [target.id],
    );
    expect(days.rows[0]).toEqual({ start: '2026-01-01', end: '2027-01-01' });

    const outbox = await outboxFor(target.id);
    expect(outbox).toHaveLength(1);
    const [row] = outbox;
    expect(row).toMatchObject({
      topic: 'salesflow.goals.target.v1',
      snapshot_topic: 'salesflow.goals.target.snapshot.v1',
      message_key: `${caller.tenantId}:${target.id}`,
      event_type: 'goals.target.created',
    });
    const event = decodeEnvelope(row?.value ?? Buffer.alloc(0));
    expect(event).toMatchObject({
      id: row?.id,
      type: 'goals.target.created',
      tenantId: caller.tenantId,
      aggregateId: target.id,
      aggregateVersion: 1,
      actorId: caller.employeeId,
    });
    expect((event.payload as goalsV1.TargetCreated).target).toEqual(targetToProto(target));
    expect(targetToProto(target)).toMatchObject({
      periodStart: '2026-01-01',
      periodEnd: '2027-01-01',
      value: '5000000000',
    });
  });

  it('hangs a department target under a parent of the same tenant', async () => {
    const caller = principal(randomUUID());
    const parent = await targets.create(caller, companyYear);
    const child = await targets.create(caller, {
      ...companyYear,
      scope: 'DEPARTMENT',
      scopeId: randomUUID(),
      value: 3_000_000_000n,
      parentId: parent.id,
    });
    expect(child).toMatchObject({ parentId: parent.id, scope: 'DEPARTMENT', value: 3_000_000_000n });
    expect(await outboxFor(child.id)).toHaveLength(1);
  });

  it('changes nothing when the input is invalid', async () => {
    const before = await counts();
    const error = await rejection(
      targets.create(principal(randomUUID()), {
        metric: 'CONTRACT_AMOUNT',
        periodStart: '2026-07-01',
        periodEnd: '2026-04-01',
        scope: 'EMPLOYEE',
        value: '-1',
      }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors).toEqual([
      { field: 'periodEnd', message: 'must be after periodStart (the end day is exclusive)' },
      { field: 'scopeId', message: 'is required for the EMPLOYEE scope' },
      { field: 'value', message: 'must be zero or more' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("treats another tenant's parent as missing and changes nothing", async () => {
    const foreignParent = await targets.create(principal(randomUUID()), companyYear);
    const before = await counts();
    const error = await rejection(
      targets.create(principal(randomUUID()), { ...companyYear, parentId: foreignParent.id }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors).toEqual([{ field: 'parentId', message: 'does not exist' }]);
    expect(await counts()).toEqual(before);
  });

  it('needs goals.target.write', async () => {
    const before = await counts();
    const error = await rejection(targets.create(principal(randomUUID(), ['goals.target.read']), companyYear));
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(await counts()).toEqual(before);
  });
});

describe('GetTarget', () => {
  it('answers the same tenant and NOT_FOUND to any other', async () => {
    const tenantId = randomUUID();
    const created = await targets.create(principal(tenantId), companyYear);

    expect(await targets.get(principal(tenantId, ['goals.target.read']), created.id)).toEqual(created);
    expect((await rejection(targets.get(principal(randomUUID()), created.id))).code).toBe('NOT_FOUND');
    expect((await rejection(targets.get(principal(tenantId), 'not-an-id'))).code).toBe('NOT_FOUND');
    expect((await rejection(targets.get(principal(tenantId, []), created.id))).code).toBe('PERMISSION_DENIED');
  });
});

describe('demo data', () => {
  it('seeds one annual company target per tenant, and nothing more when run again', async () => {
    const tenantId = randomUUID();
    const root = randomUUID();
    const employees = [
      { id: randomUUID(), tenantId, departmentId: randomUUID(), departmentPath: `/${root}/${randomUUID()}/` },
      { id: randomUUID(), tenantId, departmentId: root, departmentPath: `/${root}/` },
    ];
    const now = new Date('2026-06-15T04:00:00Z');

    expect(await seedGoalsDemoData(db, employees, { now })).toEqual({ targetsCreated: 1 });
    const before = await counts();
    expect(await seedGoalsDemoData(db, employees, { now })).toEqual({ targetsCreated: 0 });
    expect(await counts()).toEqual(before);

    const id = demoTenantTargetId(tenantId, 2026, 'CONTRACT_AMOUNT');
    const target = await targets.get(principal(tenantId), id);
    expect(targetToProto(target)).toMatchObject({
      metric: 'TARGET_METRIC_CONTRACT_AMOUNT',
      scope: 'TARGET_SCOPE_TENANT',
      periodStart: '2026-01-01',
      periodEnd: '2027-01-01',
      value: DEMO_ANNUAL_CONTRACT_TARGET_MINOR.toString(),
    });
    // Set by the employee at the top of the org.
    expect(target.createdBy).toBe(employees[1]?.id);
    expect((await outboxFor(id)).map((r) => r.event_type)).toEqual(['goals.target.created']);
  });
});
