import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, type goalsV1 } from '@salesflow/contracts';
import { decodeEnvelope } from '@salesflow/platform';
import { createTestDatabase, rejectionOf, type TestDatabase } from '@salesflow/platform/testing';
import { Client } from 'pg';
import { handOverTargets } from '../src/consumers/target-handover.consumer';
import { createGoalsDatabase, type GoalsDatabase } from '../src/database';
import { DecompositionService } from '../src/modules/decomposition/decomposition.service';
import { attributeFact, attributeFacts } from '../src/modules/progress/progress-attribution';
import type { FactChange } from '../src/modules/progress/progress-facts';
import { scanBehindPace } from '../src/modules/reminders/behind-pace.scheduler';
import { GoalsSettingsService } from '../src/modules/settings/goals-settings.service';
import { fixedTenantCalendar } from '../src/modules/settings/tenant-calendar';
import { pgSql } from '../src/modules/shared/sql-runner';
import { TargetNodeService } from '../src/modules/target/target-node.service';

const outbox = { source: '/salesflow/goals' };
// 2026-08-15 00:00 UTC: fixed so that expected-by-now can be computed by hand.
const NOW = new Date('2026-08-15T00:00:00.000Z');

let database: TestDatabase;
let db: GoalsDatabase;
let sql: Client;

/** A tenant with its own org: company -> East (-> East-1 with two reps) and West (one rep). */
function orgOf() {
  return {
    tenantId: randomUUID(),
    director: randomUUID(),
    east: randomUUID(),
    east1: randomUUID(),
    west: randomUUID(),
    repA: randomUUID(),
    repB: randomUUID(),
    repC: randomUUID(),
  };
}
type Org = ReturnType<typeof orgOf>;

async function seedOrg(org: Org): Promise<void> {
  const rows: [string, string, string, string][] = [
    [org.director, '总监', org.east, `/${org.east}/`],
    [org.repA, '安娜', org.east1, `/${org.east}/${org.east1}/`],
    [org.repB, '白杨', org.east1, `/${org.east}/${org.east1}/`],
    [org.repC, '陈晨', org.west, `/${org.west}/`],
  ];
  for (const [id, name, departmentId, path] of rows) {
    await sql.query(
      `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
       VALUES ($1, $2, $3, $4, $5, 1)`,
      [id, org.tenantId, name, departmentId, path],
    );
  }
}

function admin(org: Org, extra: Partial<commonV1.Principal> = {}) {
  return commonV1.Principal.fromPartial({
    tenantId: org.tenantId,
    employeeId: org.director,
    permissions: ['goals.target.read', 'goals.target.write', 'goals.settings.write'],
    dataScope: commonV1.DataScope.DATA_SCOPE_TENANT,
    ...extra,
  });
}

function services(calendar = fixedTenantCalendar()) {
  const nodes = new TargetNodeService(db, calendar, outbox, () => NOW);
  return {
    nodes,
    decomposition: new DecompositionService(db, nodes, calendar, outbox),
    settings: new GoalsSettingsService(db),
  };
}

async function snapshot(tenantId: string) {
  const { rows } = await sql.query(
    `SELECT id, value::text, version, locked FROM targets WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
  const outboxRows = await sql.query(`SELECT count(*)::int AS n FROM salesflow_outbox WHERE message_key LIKE $1`, [
    `${tenantId}:%`,
  ]);
  return { rows, outbox: outboxRows.rows[0].n as number };
}

beforeAll(async () => {
  database = await createTestDatabase('goals', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
  db = createGoalsDatabase(database.url);
  sql = new Client({ connectionString: database.url });
  await sql.connect();
});

afterAll(async () => {
  await db?.$disconnect();
  await sql?.end();
  await database?.drop();
});

describe('targets by period key', () => {
  it('reads the key under the tenant fiscal year (April start) and keeps it', async () => {
    const org = orgOf();
    const { nodes } = services(fixedTenantCalendar({ fiscalYearStartMonth: 4 }));
    const { node } = await nodes.create(admin(org), {
      metric: 'CONTRACT_AMOUNT',
      period: '2026Q3',
      scope: 'TENANT',
      value: '300000000',
    });
    // FY2026 starts 2026-04-01, so its third quarter is October - December 2026.
    expect(node.target).toMatchObject({
      periodKind: 'QUARTER',
      periodKey: '2026Q3',
      periodStart: new Date('2026-10-01T00:00:00.000Z'),
      periodEnd: new Date('2027-01-01T00:00:00.000Z'),
    });
    // NOW (2026-08-15) is before the quarter: nothing is expected yet.
    expect(node.expectedByNow).toBe(0n);
  });

  it('says which field is wrong and writes nothing', async () => {
    const org = orgOf();
    const { nodes } = services();
    const before = await snapshot(org.tenantId);
    const error = await rejectionOf(
      nodes.create(admin(org), { metric: 'CONTRACT_AMOUNT', period: '2026Q5', scope: 'TENANT', value: '-3' }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors).toEqual([
      { field: 'period', message: 'is not a period key (2026, 2026Q3, 2026-07, 2026W27)' },
      { field: 'value', message: 'must be zero or more' },
    ]);
    expect(await snapshot(org.tenantId)).toEqual(before);
  });

  it('computes expected-by-now linearly in the period', async () => {
    const org = orgOf();
    const { nodes } = services();
    const { node } = await nodes.create(admin(org), {
      metric: 'VISITS',
      period: '2026-08',
      scope: 'TENANT',
      value: 310,
    });
    // August has 31 days; at 08-15 00:00, 14 days are gone: 310 * 14 / 31 = 140 (45.16 %).
    expect(node.expectedByNow).toBe(140n);
    expect(node.expectedPercent).toBe(45.16);
    expect(node.completionPercent).toBe(0);
  });
});

describe('decomposition', () => {
  it('splits 50,000,000 CNY a year into 12 months that sum exactly', async () => {
    const org = orgOf();
    const { nodes, decomposition } = services();
    const { node: year } = await nodes.create(admin(org), {
      metric: 'CONTRACT_AMOUNT',
      period: '2026',
      scope: 'TENANT',
      value: '5000000000',
    });
    const { parent, children } = await decomposition.decompose(admin(org), year.target.id, {
      axis: 'TIME',
      childPeriodKind: 'MONTH',
    });
    // 5,000,000,000 fen = 12 * 416,666,666 + 8: January .. August get one fen more.
    expect(children.map((c) => [c.periodKey, c.value])).toEqual([
      ['2026-01', 416_666_667n],
      ['2026-02', 416_666_667n],
      ['2026-03', 416_666_667n],
      ['2026-04', 416_666_667n],
      ['2026-05', 416_666_667n],
      ['2026-06', 416_666_667n],
      ['2026-07', 416_666_667n],
      ['2026-08', 416_666_667n],
      ['2026-09', 416_666_666n],
      ['2026-10', 416_666_666n],
      ['2026-11', 416_666_666n],
      ['2026-12', 416_666_666n],
    ]);
    // 8 * 416,666,667 + 4 * 416,666,666 = 3,333,333,336 + 1,666,666,664 = 5,000,000,000.
    const { rows } = await sql.query('SELECT sum(value)::text AS s FROM targets WHERE parent_id = $1', [
      year.target.id,
    ]);
    expect(rows[0].s).toBe('5000000000');
    expect(parent.version).toBe(2);
    const events = await sql.query(
      `SELECT event_type, count(*)::int AS n FROM salesflow_outbox WHERE message_key LIKE $1 GROUP BY 1 ORDER BY 1`,
      [`${org.tenantId}:%`],
    );
    // The year and its 12 months created, one decomposition.
    expect(events.rows).toEqual([
      { event_type: 'goals.target.created', n: 13 },
      { event_type: 'goals.target.decomposed', n: 1 },
    ]);
  });

  it('splits by seasonal weights and by product-line percentages', async () => {
    const org = orgOf();
    const { nodes, decomposition } = services();
    const { node: year } = await nodes.create(admin(org), {
      metric: 'PAYMENT_AMOUNT',
      period: '2026',
      scope: 'TENANT',
      value: 1_000_003,
    });
    const quarters = await decomposition.decompose(admin(org), year.target.id, {
      axis: 'TIME',
      childPeriodKind: 'QUARTER',
      parts: [
        { key: '2026Q1', weight: 1 },
        { key: '2026Q2', weight: 2 },
        { key: '2026Q3', weight: 3 },
        { key: '2026Q4', weight: '4' },
      ],
    });
    // 1,000,003 * (1, 2, 3, 4) / 10 = 100,000.3 / 200,000.6 / 300,000.9 / 400,001.2: floors sum
    // to 1,000,001; the 2 left go to the largest remainders, .9 (Q3) and .6 (Q2).
    expect(quarters.children.map((c) => c.value)).toEqual([100_000n, 200_001n, 300_001n, 400_001n]);

    const lines = await decomposition.decompose(admin(org), quarters.children[0]?.id ?? '', {
      axis: 'PRODUCT_LINE',
      parts: [
        { key: 'A', weight: 60 },
        { key: 'B', weight: 30 },
        { key: 'C', weight: 10 },
      ],
    });
    // 100,000 * 60 % / 30 % / 10 %.
    expect(lines.children.map((c) => [c.productLine, c.value, c.periodKey])).toEqual([
      ['A', 60_000n, '2026Q1'],
      ['B', 30_000n, '2026Q1'],
      ['C', 10_000n, '2026Q1'],
    ]);
  });

  it('splits the org: the company into top departments, a department into its members', async () => {
    const org = orgOf();
    await seedOrg(org);
    const { nodes, decomposition } = services();
    const { node: company } = await nodes.create(admin(org), {
      metric: 'NEW_CUSTOMERS',
      period: '2026',
      scope: 'TENANT',
      value: 101,
    });
    const departments = await decomposition.decompose(admin(org), company.target.id, {
      axis: 'DEPARTMENTS',
      parts: [
        { key: org.east, weight: 2 },
        { key: org.west, weight: 1 },
      ],
    });
    // 101 * 2/3 = 67.33, 101 * 1/3 = 33.67: floors 67 + 33 = 100, the 1 left goes to West (.67).
    expect(departments.children.map((c) => [c.scopeId, c.value, c.scopePath])).toEqual([
      [org.east, 67n, `/${org.east}/`],
      [org.west, 34n, `/${org.west}/`],
    ]);
    const east = departments.children[0]?.id ?? '';
    const east1 = await decomposition.decompose(admin(org), east, { axis: 'DEPARTMENTS' });
    expect(east1.children.map((c) => [c.scopeId, c.value])).toEqual([[org.east1, 67n]]);
    const reps = await decomposition.decompose(admin(org), east1.children[0]?.id ?? '', { axis: 'MEMBERS' });
    // Evenly over 安娜 and 白杨 (by name): 67 = 34 + 33.
    expect(reps.children.map((c) => [c.scope, c.scopeId, c.value])).toEqual([
      ['EMPLOYEE', org.repA, 34n],
      ['EMPLOYEE', org.repB, 33n],
    ]);
  });

  it('refuses a second split, a bad axis and percentages that do not total 100, changing nothing', async () => {
    const org = orgOf();
    const { nodes, decomposition } = services();
    const { node } = await nodes.create(admin(org), { metric: 'VISITS', period: '2026Q1', scope: 'TENANT', value: 90 });
    const before = await snapshot(org.tenantId);
    const percent = await rejectionOf(
      decomposition.decompose(admin(org), node.target.id, {
        axis: 'REGION',
        parts: [
          { key: '华东', weight: 60 },
          { key: '华南', weight: 30 },
        ],
      }),
    );
    expect(percent.details.fieldErrors).toEqual([{ field: 'parts', message: 'the percentages must total 100' }]);
    const axis = await rejectionOf(decomposition.decompose(admin(org), node.target.id, { axis: 'COLOUR' }));
    expect(axis.code).toBe('INVALID_ARGUMENT');
    const weeks = await rejectionOf(
      decomposition.decompose(admin(org), node.target.id, { axis: 'TIME', childPeriodKind: 'WEEK' }),
    );
    expect(weeks.details.fieldErrors?.[0]?.field).toBe('childPeriodKind');
    expect(await snapshot(org.tenantId)).toEqual(before);

    await decomposition.decompose(admin(org), node.target.id, { axis: 'TIME', childPeriodKind: 'MONTH' });
    const again = await rejectionOf(
      decomposition.decompose(admin(org), node.target.id, { axis: 'TIME', childPeriodKind: 'MONTH' }),
    );
    expect(again.details.reason).toBe('ALREADY_DECOMPOSED');
  });
});

describe('editing a decomposed tree', () => {
  it('refuses a child edit that breaks the sum, unless the tenant allows over-allocation', async () => {
    const org = orgOf();
    const { nodes, decomposition, settings } = services();
    const { node } = await nodes.create(admin(org), { metric: 'VISITS', period: '2026Q1', scope: 'TENANT', value: 90 });
    const { children } = await decomposition.decompose(admin(org), node.target.id, {
      axis: 'TIME',
      childPeriodKind: 'MONTH',
    });
    const january = children[0]?.id ?? '';
    const before = await snapshot(org.tenantId);
    // 30 + 30 + 30 = 90; January to 40 would make 100.
    const refused = await rejectionOf(nodes.update(admin(org), january, { value: 40 }));
    expect(refused.code).toBe('INVALID_ARGUMENT');
    expect(refused.details.fieldErrors).toEqual([
      {
        field: 'value',
        message: `the children of ${node.target.id} would sum to 100, not to its value 90 (over-allocation is off)`,
      },
    ]);
    expect(await snapshot(org.tenantId)).toEqual(before);

    await settings.update(admin(org), { allowOverAllocation: true });
    const stretched = await nodes.update(admin(org), january, { value: 40 });
    expect(stretched.node.target.value).toBe(40n);
    // Over-allocation allows more, never less: 20 + 30 + 30 = 80 < 90.
    const under = await rejectionOf(nodes.update(admin(org), january, { value: 20 }));
    expect(under.code).toBe('INVALID_ARGUMENT');
  });

  it('locks a node: no edit, split or delete until it is unlocked', async () => {
    const org = orgOf();
    const { nodes, decomposition } = services();
    const { node } = await nodes.create(admin(org), { metric: 'VISITS', period: '2026-03', scope: 'TENANT', value: 9 });
    const locked = await nodes.update(admin(org), node.target.id, { locked: true });
    expect(locked.node.target.locked).toBe(true);
    const before = await snapshot(org.tenantId);
    for (const attempt of [
      nodes.update(admin(org), node.target.id, { value: 10 }),
      decomposition.decompose(admin(org), node.target.id, { axis: 'REGION', parts: [{ key: 'x', weight: 100 }] }),
      nodes.delete(admin(org), node.target.id),
    ]) {
      const error = await rejectionOf(attempt);
      expect([error.code, error.details.reason]).toEqual(['FAILED_PRECONDITION', 'TARGET_LOCKED']);
    }
    expect(await snapshot(org.tenantId)).toEqual(before);
    const unlocked = await nodes.update(admin(org), node.target.id, { locked: false });
    expect(unlocked.node.target).toMatchObject({ locked: false, version: 3 });
    await nodes.delete(admin(org), node.target.id);
    // The deletion is announced in the same transaction, one version past the node's last.
    const { rows } = await sql.query(
      `SELECT value FROM salesflow_outbox WHERE event_type = 'goals.target.deleted' AND message_key LIKE $1`,
      [`${org.tenantId}:%`],
    );
    expect(rows.map((row) => (decodeEnvelope(row.value).payload as goalsV1.TargetDeleted).target)).toEqual([
      expect.objectContaining({ id: node.target.id, value: '9', version: '4' }),
    ]);
    expect((await sql.query('SELECT 1 FROM targets WHERE id = $1', [node.target.id])).rowCount).toBe(0);
  });

  it('answers CONFLICT to a stale expected version', async () => {
    const org = orgOf();
    const { nodes } = services();
    const { node } = await nodes.create(admin(org), { metric: 'VISITS', period: '2026-03', scope: 'TENANT', value: 9 });
    await nodes.update(admin(org), node.target.id, { value: 10, expectedVersion: 1 });
    const stale = await rejectionOf(nodes.update(admin(org), node.target.id, { value: 11, expectedVersion: 1 }));
    expect([stale.code, stale.details.reason]).toEqual(['CONFLICT', 'VERSION_MISMATCH']);
  });
});

describe('templates', () => {
  it('builds year -> quarters -> departments -> members in one call', async () => {
    const org = orgOf();
    await seedOrg(org);
    const { decomposition } = services();
    const nodes = await decomposition.fromTemplate(admin(org), {
      root: { metric: 'CONTRACT_AMOUNT', period: '2026', scope: 'TENANT', value: 1_200 },
      levels: [
        { axis: 'TIME', childPeriodKind: 'QUARTER' },
        {
          axis: 'DEPARTMENTS',
          parts: [
            { key: org.east, weight: 3 },
            { key: org.west, weight: 1 },
          ],
        },
      ],
    });
    // 1 year + 4 quarters (300 each) + 8 departments (East 225, West 75 per quarter).
    expect(nodes).toHaveLength(13);
    expect(nodes.filter((n) => n.scopeId === org.east).map((n) => n.value)).toEqual([225n, 225n, 225n, 225n]);
    expect(nodes.filter((n) => n.scopeId === org.west).map((n) => n.value)).toEqual([75n, 75n, 75n, 75n]);
  });

  it('rolls the whole tree back when a level cannot apply', async () => {
    const org = orgOf();
    const { decomposition } = services();
    const before = await snapshot(org.tenantId);
    const error = await rejectionOf(
      decomposition.fromTemplate(admin(org), {
        root: { metric: 'CONTRACT_AMOUNT', period: '2026', scope: 'TENANT', value: 1_200 },
        levels: [{ axis: 'TIME', childPeriodKind: 'QUARTER' }, { axis: 'MEMBERS' }],
      }),
    );
    expect(error.details.fieldErrors).toEqual([
      { field: 'levels[1].axis', message: 'only a department target splits into its members' },
    ]);
    expect(await snapshot(org.tenantId)).toEqual(before);
  });
});

describe('data scope', () => {
  it('shows a rep the company target and their own, not a colleague department', async () => {
    const org = orgOf();
    await seedOrg(org);
    const { nodes, decomposition } = services();
    const company = await nodes.create(admin(org), { metric: 'VISITS', period: '2026', scope: 'TENANT', value: 20 });
    const split = await decomposition.decompose(admin(org), company.node.target.id, { axis: 'DEPARTMENTS' });
    const west = split.children.find((c) => c.scopeId === org.west);
    const rep = admin(org, {
      employeeId: org.repA,
      departmentId: org.east1,
      departmentPath: `/${org.east}/${org.east1}/`,
      dataScope: commonV1.DataScope.DATA_SCOPE_SELF,
      permissions: ['goals.target.read', 'goals.target.write'],
    });
    const mine = await nodes.create(admin(org), {
      metric: 'VISITS',
      period: '2026',
      scope: 'EMPLOYEE',
      scopeId: org.repA,
      value: 5,
    });
    expect((await nodes.get(rep, company.node.target.id)).node.target.id).toBe(company.node.target.id);
    expect((await nodes.get(rep, mine.node.target.id)).node.target.scopePath).toBe(`/${org.east}/${org.east1}/`);
    expect((await rejectionOf(nodes.get(rep, west?.id ?? ''))).code).toBe('NOT_FOUND');
    // A rep cannot set the company's targets.
    const write = await rejectionOf(nodes.create(rep, { metric: 'VISITS', period: '2026', scope: 'TENANT', value: 1 }));
    expect(write.details.reason).toBe('OUT_OF_SCOPE');
  });
});

describe('behind pace', () => {
  it('tells once per target and day when completion is under expected-by-now minus the margin', async () => {
    const org = orgOf();
    const calm = orgOf();
    const { nodes, settings } = services();
    const { node } = await nodes.create(admin(org), {
      metric: 'VISITS',
      period: '2026-08',
      scope: 'TENANT',
      value: 310,
    });
    // Another tenant, same numbers, but a margin of 50 points.
    await settings.update(admin(calm), { behindPaceMarginPercent: 50 });
    const relaxed = await nodes.create(admin(calm), {
      metric: 'VISITS',
      period: '2026-08',
      scope: 'TENANT',
      value: 310,
    });
    const notices = async (id: string) =>
      (
        await sql.query(
          `SELECT count(*)::int AS n FROM salesflow_outbox WHERE event_type = 'goals.target.behind_pace' AND message_key LIKE $1`,
          [`%:${id}`],
        )
      ).rows[0].n as number;

    // 2026-08-15 00:00: expected 14 / 31 = 45.16 %, completion 0 % < 45.16 - 10 -> behind;
    // with a 50-point margin 0 < -4.84 is false -> not behind.
    await scanBehindPace(db, NOW, outbox);
    await scanBehindPace(db, new Date('2026-08-15T18:00:00Z'), outbox); // same day: nothing new
    expect(await notices(node.target.id)).toBe(1);
    expect(await notices(relaxed.node.target.id)).toBe(0);
    await scanBehindPace(db, new Date('2026-08-16T00:00:00Z'), outbox); // the next day: again
    expect(await notices(node.target.id)).toBe(2);
  });
});

describe('handover on departure', () => {
  it("moves open employee targets to the successor; the leaver's facts keep counting", async () => {
    const org = orgOf();
    await seedOrg(org);
    const { nodes } = services();
    const open = await nodes.create(admin(org), {
      metric: 'CONTRACT_AMOUNT',
      period: '2026',
      scope: 'EMPLOYEE',
      scopeId: org.repA,
      value: 1_000,
    });
    const closed = await nodes.create(admin(org), {
      metric: 'CONTRACT_AMOUNT',
      period: '2025',
      scope: 'EMPLOYEE',
      scopeId: org.repA,
      value: 1_000,
    });
    const fact = (factId: string, ownerId: string, amount: bigint, version: bigint): FactChange => ({
      factId,
      metric: 'CONTRACT_AMOUNT',
      factDate: '2026-03-01',
      ownerId,
      departmentPath: `/${org.east}/${org.east1}/`,
      region: '',
      customerSegment: '',
      amount,
      productLineAmounts: {},
      sourceVersion: version,
    });
    await db.$transaction((tx) => attributeFact(tx, org.tenantId, fact('contract:a', org.repA, 300n, 1n), '', outbox));

    const departed = {
      tenantId: org.tenantId,
      actorId: org.director,
      occurredAt: NOW,
      payload: { employeeId: org.repA, successorId: org.repB } as never,
    };
    expect(await db.$transaction((tx) => handOverTargets(tx, departed, outbox))).toEqual([open.node.target.id]);
    expect(await db.$transaction((tx) => handOverTargets(tx, departed, outbox))).toEqual([]);

    const moved = await db.target.findUniqueOrThrow({ where: { id: open.node.target.id } });
    expect(moved).toMatchObject({ scopeId: org.repB, formerScopeIds: [org.repA], achieved: 300n, version: 3 });
    expect((await db.target.findUniqueOrThrow({ where: { id: closed.node.target.id } })).scopeId).toBe(org.repA);

    // The leaver's contract is amended to 400 (replaces 300) and the successor signs 50:
    // 400 + 50 = 450; who achieved what stays on the contributions.
    await db.$transaction((tx) => attributeFact(tx, org.tenantId, fact('contract:a', org.repA, 400n, 2n), '', outbox));
    await db.$transaction((tx) => attributeFact(tx, org.tenantId, fact('contract:b', org.repB, 50n, 1n), '', outbox));
    expect((await db.target.findUniqueOrThrow({ where: { id: open.node.target.id } })).achieved).toBe(450n);
    const { rows } = await sql.query(
      'SELECT fact_id, owner_id, amount::int FROM target_contributions WHERE target_id = $1 ORDER BY fact_id',
      [open.node.target.id],
    );
    expect(rows).toEqual([
      { fact_id: 'contract:a', owner_id: org.repA, amount: 400 },
      { fact_id: 'contract:b', owner_id: org.repB, amount: 50 },
    ]);
  });
});

describe('progress a batch at a time', () => {
  it('counts each fact at its latest version, once per node, and a replayed batch changes nothing', async () => {
    const org = orgOf();
    await seedOrg(org);
    const { nodes } = services();
    const create = async (
      period: string,
      scope: 'TENANT' | 'DEPARTMENT' | 'EMPLOYEE',
      value: number,
      scopeId?: string,
    ) =>
      (
        await nodes.create(admin(org), {
          metric: 'CONTRACT_AMOUNT',
          period,
          scope,
          value,
          ...(scopeId ? { scopeId } : {}),
        })
      ).node.target.id;
    const ids = {
      company: await create('2026', 'TENANT', 1_000),
      march: await create('2026-03', 'TENANT', 400),
      east: await create('2026', 'DEPARTMENT', 600, org.east),
      repAMarch: await create('2026-03', 'EMPLOYEE', 500, org.repA),
    };
    const pathOf = (owner: string) => (owner === org.repC ? `/${org.west}/` : `/${org.east}/${org.east1}/`);
    const fact = (factId: string, ownerId: string, factDate: string, amount: bigint, version: bigint) => ({
      tenantId: org.tenantId,
      actorId: org.director,
      fact: {
        factId,
        metric: 'CONTRACT_AMOUNT' as const,
        factDate,
        ownerId,
        departmentPath: pathOf(ownerId),
        region: '',
        customerSegment: '',
        amount,
        productLineAmounts: {},
        sourceVersion: version,
      },
    });
    const applyBatch = async (batch: ReturnType<typeof fact>[]) => {
      await sql.query('BEGIN');
      const result = await attributeFacts(pgSql(sql), batch, outbox);
      await sql.query('COMMIT');
      return result;
    };
    const achieved = async () => {
      const { rows } = await sql.query('SELECT id, achieved::int, version FROM targets WHERE tenant_id = $1', [
        org.tenantId,
      ]);
      const byId = new Map(rows.map((r) => [r.id, [r.achieved, r.version]]));
      return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, byId.get(id)]));
    };
    const events = async (type: string) =>
      (
        await sql.query(
          'SELECT count(*)::int AS n FROM salesflow_outbox WHERE event_type = $1 AND message_key LIKE $2',
          [type, `${org.tenantId}:%`],
        )
      ).rows[0].n as number;

    const batch = [
      fact('contract:a', org.repA, '2026-03-31', 300n, 1n),
      fact('contract:a', org.repA, '2026-03-31', 450n, 2n), // amended within the batch: replaces 300
      fact('contract:a', org.repA, '2026-03-31', 300n, 1n), // a late copy of version 1: ignored
      fact('contract:b', org.repC, '2026-04-01', 200n, 1n), // West, first day of April: not March
      fact('contract:c', org.repB, '2026-02-28', 100n, 1n),
      fact('contract:c', org.repB, '2026-02-28', 0n, 2n), // cancelled within the batch
    ];
    // 3 facts stored (a, b, c at their latest versions); 4 nodes moved.
    expect(await applyBatch(batch)).toEqual({ facts: 3, nodes: 4 });
    // [achieved, version]: every node moved once (version 1 -> 2), whatever the number of facts.
    expect(await achieved()).toEqual({
      company: [650, 2], // a 450 + b 200 (c cancelled)
      march: [450, 2], // a only: b is April, c is cancelled
      east: [450, 2], // a (rep A's path runs through East); b is West
      repAMarch: [450, 2],
    });
    // One progress_changed per node of the batch, not per fact; March (450 >= 400) completed.
    expect(await events('goals.target.progress_changed')).toBe(4);
    expect(await events('goals.target.completed')).toBe(1);

    // The same batch again (a replay): nothing moves, nothing is announced.
    expect(await applyBatch(batch)).toEqual({ facts: 3, nodes: 0 });
    expect(await achieved()).toEqual({ company: [650, 2], march: [450, 2], east: [450, 2], repAMarch: [450, 2] });
    expect(await events('goals.target.progress_changed')).toBe(4);

    // Contract a is cancelled: its 450 leaves all four nodes; completed is not sent again.
    expect(await applyBatch([fact('contract:a', org.repA, '2026-03-31', 0n, 3n)])).toEqual({ facts: 1, nodes: 4 });
    expect(await achieved()).toEqual({
      company: [200, 3], // 650 - 450
      march: [0, 3],
      east: [0, 3],
      repAMarch: [0, 3],
    });
    expect(await events('goals.target.progress_changed')).toBe(8);
    expect(await events('goals.target.completed')).toBe(1);
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM target_contributions WHERE tenant_id = $1', [
      org.tenantId,
    ]);
    expect(rows[0].n).toBe(1); // only b's 200 on the company node is left
  });
});

describe('leaderboard visibility', () => {
  it("follows identity's tenant setting leaderboardVisibleToAll for people who are not managers", async () => {
    const org = orgOf();
    await seedOrg(org);
    const { nodes, decomposition } = services();
    // 2026 visits 20 -> East / West by org (the replica knows both top departments).
    const company = await nodes.create(admin(org), { metric: 'VISITS', period: '2026', scope: 'TENANT', value: 20 });
    const split = await decomposition.decompose(admin(org), company.node.target.id, { axis: 'DEPARTMENTS' });
    const west = split.children.find((c) => c.scopeId === org.west)?.id ?? '';
    const rep = admin(org, {
      employeeId: org.repA,
      departmentId: org.east1,
      departmentPath: `/${org.east}/${org.east1}/`,
      dataScope: commonV1.DataScope.DATA_SCOPE_SELF,
      permissions: ['goals.target.read'],
    });

    // Identity's setting off (and the goals switch off): a rep gets no leaderboard.
    const hidden = await rejectionOf(
      services(fixedTenantCalendar({ leaderboardVisibleToAll: false })).nodes.leaderboard(rep, west),
    );
    expect(hidden.code).toBe('PERMISSION_DENIED');
    expect(hidden.details.reason).toBe('LEADERBOARD_HIDDEN');

    // Identity's setting on: the rep sees the West node among its siblings (both at 0 %, a tie
    // shares rank 1), though West lies outside their own scope.
    const open = services(fixedTenantCalendar({ leaderboardVisibleToAll: true })).nodes;
    const board = await open.leaderboard(rep, west);
    expect(board.map((entry) => entry.rank)).toEqual([1, 1]);
    expect(board.map((entry) => entry.node.target.id).sort()).toEqual(split.children.map((c) => c.id).sort());
    // A manager sees it either way.
    const director = admin(org);
    expect(await nodes.leaderboard(director, west)).toHaveLength(2);
  });
});
