import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, type fieldV1 } from '@salesflow/contracts';
import { decodeEnvelope } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { Client } from 'pg';
import { createFieldDatabase, type FieldDatabase } from '../src/database';
import { AbsenceService } from '../src/modules/attendance/absence.service';
import { DailyReportService } from '../src/modules/daily-report/daily-report.service';
import { ReportObligationReader } from '../src/modules/report-obligation/report-obligation.reader';
import { ReportObligationSettler } from '../src/modules/report-obligation/report-obligation.settler';

// Report obligations (issue 8) against real PostgreSQL: what the settling job writes and
// announces through the outbox. Shanghai days (UTC+8): 09:00 local = 01:00Z.

const TZ = 'Asia/Shanghai';
const OUTBOX = { source: '/salesflow/field' };
const PERMISSIONS = [
  'field.report.read',
  'field.report.write',
  'field.attendance.read',
  'field.attendance.write',
  'field.attendance.approve',
];

let database: TestDatabase;
let db: FieldDatabase;
let sql: Client;
let now = new Date('2026-11-16T02:00:00Z');
const clock = () => now;
/** Local Shanghai wall time "YYYY-MM-DD HH:MM" as an instant. */
const local = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);

const tenantId = randomUUID();
const dept = randomUUID();
const path = `/${randomUUID()}/${dept}/`;
const managerId = randomUUID();
const repA = randomUUID();
const repB = randomUUID();
const departedRep = randomUUID();
const otherTenant = randomUUID();

const principal = (employeeId: string) =>
  commonV1.Principal.fromPartial({
    tenantId,
    employeeId,
    permissions: PERMISSIONS,
    dataScope: 'DATA_SCOPE_SELF',
    departmentId: dept,
    departmentPath: path,
  });

interface Settled {
  employeeId: string;
  reportDate: string;
  expected: boolean;
  onTime: boolean;
  reportId: string;
  version: string;
  departmentPath: string;
}

/** The obligation events of the tenant in the outbox, oldest first. */
async function settledEvents(): Promise<Settled[]> {
  const { rows } = await sql.query<{ value: Buffer }>(
    `SELECT value FROM salesflow_outbox WHERE event_type = 'field.report_obligation.settled'
       AND message_key LIKE $1 ORDER BY created_at, id`,
    [`${tenantId}:%`],
  );
  return rows.map((r) => {
    const o = (decodeEnvelope(r.value).payload as fieldV1.ReportObligationSettled).obligation;
    if (!o) throw new Error('an obligation event without an obligation');
    return {
      employeeId: o.employeeId,
      reportDate: o.reportDate,
      expected: o.expected,
      onTime: o.onTime,
      reportId: o.reportId,
      version: o.version,
      departmentPath: o.departmentPath,
    };
  });
}

const byDayThenPerson = (a: Settled, b: Settled) =>
  a.reportDate.localeCompare(b.reportDate) || a.employeeId.localeCompare(b.employeeId);

beforeAll(async () => {
  database = await createTestDatabase('field', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
  db = createFieldDatabase(database.url);
  sql = new Client({ connectionString: database.url });
  await sql.connect();
  for (const [id, tenant, name, manager, status] of [
    [managerId, tenantId, '赵经理', '', 'ACTIVE'],
    [repA, tenantId, '王小明', managerId, 'ACTIVE'],
    [repB, tenantId, '李小红', managerId, 'ACTIVE'],
    [departedRep, tenantId, '张离职', managerId, 'DEPARTED'],
    // Another tenant's person: settled for their own tenant only, never for this one.
    [randomUUID(), otherTenant, '别家', '', 'ACTIVE'],
  ] as const) {
    await sql.query(
      `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, manager_id, status, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1)`,
      [id, tenant, name, dept, path, manager, status],
    );
  }
  // Wednesday 18 November is a holiday in this tenant's calendar.
  await sql.query(
    `INSERT INTO holiday_calendar_days (tenant_id, day, kind, name) VALUES ($1, '2026-11-18', 'HOLIDAY', '假日')`,
    [tenantId],
  );
});

afterAll(async () => {
  await db?.$disconnect();
  await sql?.end();
  await database?.drop();
});

describe('report obligations', () => {
  let settler: ReportObligationSettler;
  let absences: AbsenceService;
  let dailyReports: DailyReportService;

  async function submitReport(employeeId: string, reportDate: string, submittedAt: Date): Promise<string> {
    now = submittedAt;
    const created = await dailyReports.create(principal(employeeId), reportDate);
    const submitted = await dailyReports.submit(principal(employeeId), created.id, String(created.version));
    return submitted.id;
  }

  async function approvedLeave(employeeId: string, day: string, decidedAt: Date): Promise<void> {
    now = decidedAt;
    const request = await absences.request(principal(employeeId), {
      kind: 'LEAVE',
      startDate: day,
      endDate: day,
      leaveType: 'PERSONAL',
    });
    await absences.decide(principal(managerId), request.id, String(request.version), true, '');
  }

  let reportA17 = '';
  let reportB19 = '';

  beforeAll(async () => {
    dailyReports = new DailyReportService(db, { outbox: OUTBOX, timeZone: TZ, clock });
    absences = new AbsenceService(db, { outbox: OUTBOX, timeZone: TZ, clock });
    // Look back 7 days from Tuesday 24 November 10:00: deadlines from 17 November 10:00 on.
    settler = new ReportObligationSettler(db, { outbox: OUTBOX, timeZone: TZ, lookbackDays: 7, clock });
    // A's report of Tue 11-17 (due Thu 11-19 09:00: Wednesday is the holiday), sent 11-18 20:00: on time.
    reportA17 = await submitReport(repA, '2026-11-17', local('2026-11-18 20:00'));
    // B's report of Thu 11-19 (due Fri 11-20 09:00), sent 11-20 09:30: late.
    reportB19 = await submitReport(repB, '2026-11-19', local('2026-11-20 09:30'));
    // A is on approved leave on Thu 11-19.
    await approvedLeave(repA, '2026-11-19', local('2026-11-18 10:00'));
  });

  it('settles every active person on every due working day, once', async () => {
    now = local('2026-11-24 10:00');
    const run = await settler.runOnce();
    // Due days: Tue 11-17 (deadline 11-19 09:00), Thu 11-19 (11-20), Fri 11-20 (Mon 11-23),
    // Mon 11-23 (11-24 09:00, an hour ago). Not 11-16 (its deadline, 11-17 09:00, is an hour
    // before the 7-day look-back), not the holiday 11-18, not the weekend, not today.
    // People: the manager, A and B (the departed rep is not settled) -> 4 x 3 = 12.
    // The other tenant (no holiday, one person): 11-17, 11-18, 11-19, 11-20, 11-23 -> 5 more.
    expect(run).toEqual({ ran: true, days: 4 + 5, obligations: 12 + 5 });
    const events = (await settledEvents()).sort(byDayThenPerson);
    expect(events).toHaveLength(12);
    expect(events.every((e) => e.version === '1' && e.departmentPath === path)).toBe(true);
    expect(events.some((e) => e.employeeId === departedRep)).toBe(false);
    const row = (employeeId: string, reportDate: string) =>
      events.find((e) => e.employeeId === employeeId && e.reportDate === reportDate);
    expect(row(repA, '2026-11-17')).toMatchObject({ expected: true, onTime: true, reportId: reportA17 });
    expect(row(repA, '2026-11-19')).toMatchObject({ expected: false, onTime: false, reportId: '' });
    expect(row(repB, '2026-11-17')).toMatchObject({ expected: true, onTime: false, reportId: '' });
    expect(row(repB, '2026-11-19')).toMatchObject({ expected: true, onTime: false, reportId: reportB19 });
    // Expected: 12 - A's leave day = 11; on time: A's 11-17 only.
    expect(events.filter((e) => e.expected)).toHaveLength(11);
    expect(events.filter((e) => e.onTime)).toHaveLength(1);
    expect([...new Set(events.map((e) => e.reportDate))].sort()).toEqual([
      '2026-11-17',
      '2026-11-19',
      '2026-11-20',
      '2026-11-23',
    ]);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM report_obligations WHERE tenant_id = $1`, [
      tenantId,
    ]);
    expect(rows[0].n).toBe(12);
  });

  it('publishes nothing new when it runs again, nor for a report sent after settling', async () => {
    const before = await settledEvents();
    // A sends Friday's report on Tuesday: late, and the settled obligation stays as it was.
    await submitReport(repA, '2026-11-20', local('2026-11-24 11:00'));
    now = local('2026-11-24 12:00');
    expect(await settler.runOnce()).toEqual({ ran: true, days: 0, obligations: 0 });
    expect(await settler.runOnce()).toEqual({ ran: true, days: 0, obligations: 0 });
    expect(await settledEvents()).toEqual(before);
  });

  it('re-settles a settled day with expected=false, version 2, when leave for it is approved later', async () => {
    const before = await settledEvents();
    await approvedLeave(repB, '2026-11-20', local('2026-11-24 14:00'));
    const after = await settledEvents();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual({
      employeeId: repB,
      reportDate: '2026-11-20',
      expected: false,
      onTime: false,
      reportId: '',
      version: '2',
      departmentPath: path,
    });
    const { rows } = await sql.query(
      `SELECT expected, version FROM report_obligations
       WHERE tenant_id = $1 AND employee_id = $2 AND report_date = '2026-11-20'`,
      [tenantId, repB],
    );
    expect(rows).toEqual([{ expected: false, version: 2 }]);
  });

  it('settles the next day when its deadline passes, without the people hired since for earlier days', async () => {
    const hired = randomUUID();
    await sql.query(
      `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, manager_id, status, version)
       VALUES ($1, $2, '新人', $3, $4, $5, 'ACTIVE', 1)`,
      [hired, tenantId, dept, path, managerId],
    );
    // Wednesday 25 November 09:00:01: Tuesday 11-24 is due, for four people now.
    now = new Date(local('2026-11-25 09:00').getTime() + 1000);
    // Days: 11-24 of both tenants; obligations: M, A, B and the new hire here, 1 there.
    expect(await settler.runOnce()).toEqual({ ran: true, days: 2, obligations: 4 + 1 });
    const events = await settledEvents();
    // The new hire is expected from 11-24 only: the earlier days were settled without them.
    expect(events.filter((e) => e.employeeId === hired).map((e) => e.reportDate)).toEqual(['2026-11-24']);
    expect(events.filter((e) => e.reportDate === '2026-11-24')).toHaveLength(4);
  });

  it("lists the settled obligations by report date, page by page, in the reader's data scope", async () => {
    const reader = new ReportObligationReader(db);
    const tenantReader = commonV1.Principal.fromPartial({
      tenantId,
      permissions: ['field.report.read'],
      dataScope: 'DATA_SCOPE_TENANT',
    });
    // Report dates 11-19..11-20: manager, A and B on each of the two days = 6 (B's 11-20 re-settled).
    const pages: string[][] = [];
    let cursor = '';
    do {
      const page = await reader.list(tenantReader, { from: '2026-11-19', to: '2026-11-20', limit: 4, cursor });
      pages.push(page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([4, 2]);
    const listed = await sql.query<{ id: string }>(
      `SELECT id::text FROM report_obligations WHERE tenant_id = $1 AND report_date BETWEEN '2026-11-19' AND '2026-11-20'`,
      [tenantId],
    );
    expect(pages.flat().sort()).toEqual(listed.rows.map((r) => r.id).sort());
    const b20 = await reader.list(tenantReader, { from: '2026-11-20', to: '2026-11-20' });
    expect(b20.items.find((o) => o.employeeId === repB)).toMatchObject({ expected: false, version: 2 });

    // A rep sees their own only; another tenant's reader, none.
    const own = await reader.list(principal(repA), { from: '2026-11-17', to: '2026-11-24' });
    // A: 11-17, 11-19, 11-20, 11-23, 11-24.
    expect(own.items.map((o) => o.employeeId)).toEqual([repA, repA, repA, repA, repA]);
    const someoneElse = commonV1.Principal.fromPartial({ ...tenantReader, tenantId: otherTenant });
    const first = own.items[0];
    if (!first) throw new Error('no obligation of rep A');
    await expect(reader.get(someoneElse, first.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reader.get(principal(repB), first.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await reader.get(tenantReader, first.id)).id).toBe(first.id);
    await expect(reader.list(tenantReader, { from: '20-11-2026', to: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { fieldErrors: [{ field: 'from', message: 'must be a date YYYY-MM-DD' }] },
    });
  });
});
