import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, type fieldV1 } from '@salesflow/contracts';
import { decodeEnvelope } from '@salesflow/platform';
import { createTestDatabase, rejectionOf, type TestDatabase } from '@salesflow/platform/testing';
import { Client } from 'pg';
import { createFieldDatabase, type FieldDatabase } from '../src/database';
import { checkInToProto } from '../src/modules/check-in/check-in.mapper';
import { CheckInService } from '../src/modules/check-in/check-in.service';
import type { NewCheckInInput } from '../src/modules/check-in/check-in.validation';
import { seedFieldDemoData } from '../src/seed/demo-data';

let database: TestDatabase;

// 10:00 on Friday 20 November 2026 in Shanghai.
const NOW = new Date('2026-11-20T02:00:00.000Z');
const at = (iso: string) => new Date(iso);

let db: FieldDatabase;
let sql: Client;
let checkIns: CheckInService;

type Scope = 'SELF' | 'DEPARTMENT' | 'DEPARTMENT_TREE' | 'TENANT';

function principal(
  tenantId: string,
  options: {
    employeeId?: string;
    scope?: Scope;
    departmentId?: string;
    departmentPath?: string;
    permissions?: string[];
  } = {},
) {
  return commonV1.Principal.fromPartial({
    tenantId,
    employeeId: options.employeeId ?? randomUUID(),
    permissions: options.permissions ?? ['field.checkin.write', 'field.checkin.read'],
    dataScope: `DATA_SCOPE_${options.scope ?? 'SELF'}` as commonV1.DataScope,
    departmentId: options.departmentId ?? '',
    departmentPath: options.departmentPath ?? '',
  });
}

/** At a customer in Pudong, Shanghai. */
const inPudong: NewCheckInInput = { kind: 'CHECK_IN', latitude: 31.2215, longitude: 121.5447, accuracyMeters: 9 };

async function counts(): Promise<{ checkIns: number; outbox: number }> {
  const { rows } = await sql.query<{ checkIns: number; outbox: number }>(
    `SELECT (SELECT count(*)::int FROM check_ins) AS "checkIns", (SELECT count(*)::int FROM salesflow_outbox) AS outbox`,
  );
  return rows[0] ?? { checkIns: -1, outbox: -1 };
}

const rejection = rejectionOf;

beforeAll(async () => {
  database = await createTestDatabase('field', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
  const databaseUrl = database.url;
  db = createFieldDatabase(databaseUrl);
  sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  checkIns = new CheckInService(db, {
    outbox: { source: '/salesflow/field' },
    timeZone: 'Asia/Shanghai',
    clock: () => NOW,
  });
});

afterAll(async () => {
  await db?.$disconnect();
  await sql?.end();
  await database?.drop();
});

describe('RecordCheckIn', () => {
  it('writes the check-in of the caller and exactly one field.checkin.recorded event', async () => {
    const rep = principal(randomUUID());
    const customerId = randomUUID();
    const checkIn = await checkIns.record(rep, { ...inPudong, customerId, notes: '需求沟通' });

    const { rows } = await sql.query('SELECT * FROM check_ins WHERE id = $1', [checkIn.id]);
    expect(rows).toEqual([
      expect.objectContaining({
        tenant_id: rep.tenantId,
        employee_id: rep.employeeId,
        kind: 'CHECK_IN',
        occurred_at: NOW,
        latitude: 31.2215,
        longitude: 121.5447,
        accuracy_meters: 9,
        customer_id: customerId,
        notes: '需求沟通',
        version: 1,
      }),
    ]);

    const outbox = await sql.query<{
      id: string;
      topic: string;
      message_key: string;
      event_type: string;
      value: Buffer;
    }>('SELECT id, topic, message_key, event_type, value FROM salesflow_outbox WHERE message_key = $1', [
      `${rep.tenantId}:${checkIn.id}`,
    ]);
    expect(outbox.rows).toHaveLength(1);
    const [row] = outbox.rows;
    expect(row).toMatchObject({ topic: 'salesflow.field.checkin.v1', event_type: 'field.checkin.recorded' });
    const event = decodeEnvelope(row?.value ?? Buffer.alloc(0));
    expect(event).toMatchObject({
      id: row?.id,
      tenantId: rep.tenantId,
      aggregateId: checkIn.id,
      actorId: rep.employeeId,
    });
    expect((event.payload as fieldV1.CheckInRecorded).checkIn).toEqual(checkInToProto(checkIn));
  });

  it('closes an open check-in with a check-out, and refuses a second check-out', async () => {
    const rep = principal(randomUUID());
    await checkIns.record(rep, { ...inPudong, occurredAt: at('2026-11-20T01:00:00Z') });
    const out = await checkIns.record(rep, { ...inPudong, kind: 'CHECK_OUT', occurredAt: at('2026-11-20T01:50:00Z') });
    expect(out.kind).toBe('CHECK_OUT');

    const before = await counts();
    const error = await rejection(checkIns.record(rep, { ...inPudong, kind: 'CHECK_OUT' }));
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'NO_OPEN_CHECK_IN' } });
    expect(await counts()).toEqual(before);
  });

  it('refuses a check-out with no check-in that day and changes nothing', async () => {
    const before = await counts();
    const error = await rejection(checkIns.record(principal(randomUUID()), { ...inPudong, kind: 'CHECK_OUT' }));
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'NO_OPEN_CHECK_IN' } });
    expect(await counts()).toEqual(before);
  });

  it('bounds "that day" by the Shanghai calendar, not by UTC', async () => {
    const rep = principal(randomUUID());
    // 23:30 on 19 November in Shanghai.
    await checkIns.record(rep, { ...inPudong, occurredAt: at('2026-11-19T15:30:00Z') });
    // 00:30 on the 20th in Shanghai: another day, although the same UTC date as the check-in.
    const nextDay = await rejection(
      checkIns.record(rep, { ...inPudong, kind: 'CHECK_OUT', occurredAt: at('2026-11-19T16:30:00Z') }),
    );
    expect(nextDay.details.reason).toBe('NO_OPEN_CHECK_IN');
    // 23:50 on the 19th: the same day, so it closes the check-in.
    const sameDay = await checkIns.record(rep, {
      ...inPudong,
      kind: 'CHECK_OUT',
      occurredAt: at('2026-11-19T15:50:00Z'),
    });
    expect(sameDay.kind).toBe('CHECK_OUT');
  });

  it('refuses a check-out timed before the check-in it would close', async () => {
    const rep = principal(randomUUID());
    await checkIns.record(rep, { ...inPudong, occurredAt: at('2026-11-20T01:30:00Z') });
    const error = await rejection(
      checkIns.record(rep, { ...inPudong, kind: 'CHECK_OUT', occurredAt: at('2026-11-20T01:00:00Z') }),
    );
    expect(error.details.reason).toBe('NO_OPEN_CHECK_IN');
  });

  it('lets only one of two simultaneous check-outs close the same check-in', async () => {
    const rep = principal(randomUUID());
    await checkIns.record(rep, { ...inPudong, occurredAt: at('2026-11-20T01:00:00Z') });
    const results = await Promise.allSettled([
      checkIns.record(rep, { ...inPudong, kind: 'CHECK_OUT' }),
      checkIns.record(rep, { ...inPudong, kind: 'CHECK_OUT' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const { rows } = await sql.query('SELECT kind FROM check_ins WHERE employee_id = $1 ORDER BY occurred_at', [
      rep.employeeId,
    ]);
    expect(rows.map((r) => r.kind)).toEqual(['CHECK_IN', 'CHECK_OUT']);
  });

  it('changes nothing when the input is invalid', async () => {
    const before = await counts();
    const error = await rejection(
      checkIns.record(principal(randomUUID()), {
        kind: 'CHECK_IN',
        latitude: 91,
        longitude: -181,
        accuracyMeters: -1,
        occurredAt: at('2026-11-20T02:06:00Z'),
      }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors).toEqual([
      { field: 'occurredAt', message: 'must not be more than 5 minutes in the future' },
      { field: 'latitude', message: 'must be between -90 and 90' },
      { field: 'longitude', message: 'must be between -180 and 180' },
      { field: 'accuracyMeters', message: 'must be zero or more' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('needs field.checkin.write and an employee', async () => {
    const before = await counts();
    const reader = principal(randomUUID(), { permissions: ['field.checkin.read'] });
    expect((await rejection(checkIns.record(reader, inPudong))).code).toBe('PERMISSION_DENIED');
    const system = principal(randomUUID(), { employeeId: '' });
    expect((await rejection(checkIns.record(system, inPudong))).details.reason).toBe('NOT_AN_EMPLOYEE');
    expect(await counts()).toEqual(before);
  });
});

describe('GetCheckIn', () => {
  it("shows a rep's check-in to the rep and to those whose data scope covers them, NOT_FOUND to others", async () => {
    const tenantId = randomUUID();
    const [root, east, west] = [randomUUID(), randomUUID(), randomUUID()];
    const repId = randomUUID();
    await sql.query(
      `INSERT INTO salesflow_employee_replica (id, tenant_id, department_id, department_path, version)
       VALUES ($1, $2, $3, $4, 1)`,
      [repId, tenantId, east, `/${root}/${east}/`],
    );
    const checkIn = await checkIns.record(principal(tenantId, { employeeId: repId }), inPudong);

    const readers = {
      self: principal(tenantId, { employeeId: repId }),
      tenantAdmin: principal(tenantId, { scope: 'TENANT' }),
      director: principal(tenantId, { scope: 'DEPARTMENT_TREE', departmentPath: `/${root}/` }),
      eastManager: principal(tenantId, { scope: 'DEPARTMENT', departmentId: east }),
      westManager: principal(tenantId, { scope: 'DEPARTMENT_TREE', departmentPath: `/${root}/${west}/` }),
      colleague: principal(tenantId),
      otherTenant: principal(randomUUID(), { scope: 'TENANT' }),
    };
    for (const reader of [readers.self, readers.tenantAdmin, readers.director, readers.eastManager]) {
      expect(await checkIns.get(reader, checkIn.id)).toEqual(checkIn);
    }
    for (const reader of [readers.westManager, readers.colleague, readers.otherTenant]) {
      expect((await rejection(checkIns.get(reader, checkIn.id))).code).toBe('NOT_FOUND');
    }
    expect((await rejection(checkIns.get(readers.self, 'nope'))).code).toBe('NOT_FOUND');
  });
});

describe('demo data', () => {
  it('seeds alternating check-ins and check-outs on past working days, and nothing more when run again', async () => {
    const tenantId = randomUUID();
    const root = randomUUID();
    const reps = [randomUUID(), randomUUID()].map((id) => ({
      id,
      tenantId,
      departmentId: root,
      departmentPath: `/${root}/`,
    }));

    // Seven days back from Friday 20 November: 13, 16, 17, 18, 19 November are working days.
    const first = await seedFieldDemoData(db, reps, { now: NOW });
    expect(first).toEqual({ checkInsCreated: 2 * 5 * 4 });
    const before = await counts();
    expect(await seedFieldDemoData(db, reps, { now: NOW })).toEqual({ checkInsCreated: 0 });
    expect(await counts()).toEqual(before);

    const { rows } = await sql.query<{ employee_id: string; day: string; kinds: string[]; events: number }>(
      `SELECT c.employee_id, to_char(c.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
              array_agg(c.kind::text ORDER BY c.occurred_at) AS kinds,
              sum((SELECT count(*) FROM salesflow_outbox o WHERE o.message_key = c.tenant_id || ':' || c.id))::int AS events
       FROM check_ins c WHERE c.tenant_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [tenantId],
    );
    const workingDays = ['2026-11-13', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'];
    expect(rows.map((r) => r.day)).toEqual([...workingDays, ...workingDays]);
    for (const row of rows) {
      expect(row.kinds).toEqual(['CHECK_IN', 'CHECK_OUT', 'CHECK_IN', 'CHECK_OUT']);
      expect(row.events).toBe(4);
    }
  });
});
