import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, crmV1, deadLetterTopic, fieldV1, goalsV1, TOPICS } from '@salesflow/contracts';
import {
  catalogTopics,
  createEventConsumer,
  createKafka,
  createLogger,
  createServiceClient,
  decodeEnvelope,
  type EventConsumer,
  encodeEnvelope,
  ensureTopics,
  startGrpcServer,
} from '@salesflow/platform';
import {
  consumeFromNow,
  createTestDatabase,
  rejectionOf,
  type TestDatabase,
  testKafkaBrokers,
  waitUntilDrained,
} from '@salesflow/platform/testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createFieldDatabase, type FieldDatabase } from '../src/database';
import { reportServiceBinding } from '../src/grpc/report.handlers';
import { AbsenceService } from '../src/modules/attendance/absence.service';
import { AttendanceService } from '../src/modules/attendance/attendance.service';
import { figuresOf } from '../src/modules/daily-report/daily-report.mapper';
import { DailyReportService } from '../src/modules/daily-report/daily-report.service';
import { ExpenseService } from '../src/modules/expense/expense.service';
import { HolidayCalendarService } from '../src/modules/holiday-calendar/holiday-calendar.service';
import { MarketReportService } from '../src/modules/market-report/market-report.service';
import { REPORT_FACTS_TOPICS, reportFactHandlers } from '../src/modules/report-facts/report-facts.consumer';
import { ReportObligationReader } from '../src/modules/report-obligation/report-obligation.reader';
import { ReportSettingsService } from '../src/modules/report-settings/report-settings.service';
import { TARGET_REPLICA_TOPICS, targetReplicaHandlers } from '../src/modules/target-replica/target-replica.consumer';
import { WeeklyReportService, weeklyReportToProto } from '../src/modules/weekly-report/weekly-report.service';
import { seedFieldDemoData } from '../src/seed/demo-data';
import { seedFieldReportDemoData } from '../src/seed/report-demo-data';

// Reports, attendance and expenses of the field service against real PostgreSQL and Kafka.
// Days are Shanghai days (UTC+8, no daylight saving): 09:00 local = 01:00Z.

const log = createLogger('field-test', process.env.TEST_LOG ?? 'silent');
const TZ = 'Asia/Shanghai';
/** 10:00 on Friday 20 November 2026 in Shanghai. */
const NOW = new Date('2026-11-20T02:00:00.000Z');
let now = NOW;
const clock = () => now;

let database: TestDatabase;
let db: FieldDatabase;
let sql: Client;

type Scope = 'SELF' | 'DEPARTMENT' | 'DEPARTMENT_TREE' | 'TENANT';

const ALL_PERMISSIONS = [
  'field.report.read',
  'field.report.write',
  'field.report.review',
  'field.attendance.read',
  'field.attendance.write',
  'field.attendance.approve',
  'field.expense.read',
  'field.expense.write',
  'field.expense.approve',
];

/** A small org: department East (under root) with manager M and reps R and O. */
interface Org {
  tenantId: string;
  root: string;
  east: string;
  managerId: string;
  repId: string;
  otherRepId: string;
}

async function createOrg(): Promise<Org> {
  const org = {
    tenantId: randomUUID(),
    root: randomUUID(),
    east: randomUUID(),
    managerId: randomUUID(),
    repId: randomUUID(),
    otherRepId: randomUUID(),
  };
  const path = `/${org.root}/${org.east}/`;
  for (const [id, name, manager] of [
    [org.managerId, '赵经理', ''],
    [org.repId, '王小明', org.managerId],
    [org.otherRepId, '李小红', org.managerId],
  ] as const) {
    await sql.query(
      `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, manager_id, version)
       VALUES ($1, $2, $3, $4, $5, $6, 1)`,
      [id, org.tenantId, name, org.east, path, manager],
    );
  }
  return org;
}

function principal(org: Org, employeeId: string, scope: Scope = 'SELF', permissions = ALL_PERMISSIONS) {
  return commonV1.Principal.fromPartial({
    tenantId: org.tenantId,
    employeeId,
    permissions,
    dataScope: `DATA_SCOPE_${scope}` as commonV1.DataScope,
    departmentId: org.east,
    departmentPath: `/${org.root}/${org.east}/`,
  });
}

async function outboxEvents(aggregateId: string): Promise<{ type: string; payload: unknown }[]> {
  const { rows } = await sql.query<{ event_type: string; value: Buffer }>(
    `SELECT event_type, value FROM salesflow_outbox WHERE message_key LIKE $1 ORDER BY created_at, id`,
    [`%:${aggregateId}`],
  );
  return rows.map((r) => ({ type: r.event_type, payload: decodeEnvelope(r.value).payload }));
}

async function rowCounts(): Promise<Record<string, number>> {
  const { rows } = await sql.query(
    `SELECT (SELECT count(*)::int FROM daily_reports) AS daily, (SELECT count(*)::int FROM market_reports) AS market,
            (SELECT count(*)::int FROM attendance_records) AS attendance,
            (SELECT count(*)::int FROM absence_requests) AS absences, (SELECT count(*)::int FROM expenses) AS expenses,
            (SELECT count(*)::int FROM weekly_reports) AS weekly, (SELECT count(*)::int FROM salesflow_outbox) AS outbox`,
  );
  return rows[0];
}

async function checkIn(
  org: Org,
  employeeId: string,
  kind: 'CHECK_IN' | 'CHECK_OUT',
  at: string,
  customerId: string | null,
): Promise<string> {
  const id = uuidv7();
  await sql.query(
    `INSERT INTO check_ins (id, tenant_id, employee_id, kind, occurred_at, latitude, longitude, accuracy_meters, customer_id)
     VALUES ($1, $2, $3, $4, $5, 31.22, 121.54, 10, $6)`,
    [id, org.tenantId, employeeId, kind, at, customerId],
  );
  return id;
}

/** The visit a check-out closed, as the visits module records it (the weekly report counts these). */
async function visit(
  org: Org,
  employeeId: string,
  customerId: string,
  checkInId: string,
  checkOutId: string,
  localDate: string,
  effective: boolean,
) {
  await sql.query(
    `INSERT INTO visits (id, tenant_id, employee_id, customer_id, check_in_id, check_out_id, started_at, ended_at,
                         duration_minutes, local_date, day_end, inside_geofence, long_enough, effective)
     SELECT $1, $2, $3, $4, i.id, o.id, i.occurred_at, o.occurred_at,
            extract(epoch FROM o.occurred_at - i.occurred_at)::int / 60, $7::date, $7::date + 1, $8, true, $8
     FROM check_ins i, check_ins o WHERE i.id = $5 AND o.id = $6`,
    [uuidv7(), org.tenantId, employeeId, customerId, checkInId, checkOutId, localDate, effective],
  );
}

beforeAll(async () => {
  database = await createTestDatabase('field', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
  db = createFieldDatabase(database.url);
  sql = new Client({ connectionString: database.url });
  await sql.connect();
});

afterAll(async () => {
  await db?.$disconnect();
  await sql?.end();
  await database?.drop();
});

beforeEach(() => {
  now = NOW;
});

const options = () => ({ outbox: { source: '/salesflow/field' }, timeZone: TZ, clock });

describe('daily reports', () => {
  const kafka = createKafka({ clientId: 'field-reports-test', brokers: testKafkaBrokers(), log });
  const group = `field.report-facts.test.${randomUUID()}`;
  let consumer: EventConsumer | undefined;
  let org: Org;
  let reports: DailyReportService;
  const customers = { c1: randomUUID(), c2: randomUUID() };

  afterAll(async () => {
    await consumer?.stop();
  });

  beforeAll(async () => {
    org = await createOrg();
    reports = new DailyReportService(db, options());
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));

    // crm's events about 19 November, each published twice (a relay that crashed after
    // sending and before marking its outbox sends again).
    const money = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'CNY' });
    const attribution = (ownerId: string) => ({
      ownerId,
      departmentId: org.east,
      departmentPath: `/${org.root}/${org.east}/`,
    });
    const activity = (ownerId: string, occurredAt: string) => ({
      type: 'crm.activity.created',
      aggregateVersion: 1,
      payload: crmV1.ActivityCreated.fromPartial({
        activity: {
          id: randomUUID(),
          tenantId: org.tenantId,
          subjectType: 'ACTIVITY_SUBJECT_TYPE_CUSTOMER',
          subjectId: customers.c1,
          method: 'FOLLOW_UP_METHOD_VISIT',
          content: '拜访',
          occurredAt: new Date(occurredAt),
          ownerId,
        },
      }),
    });
    const payment = (id: string, ownerId: string, amount: number, type: string, version: number) => ({
      type,
      aggregateVersion: version,
      payload: crmV1.PaymentChanged.fromPartial({
        payment: {
          id,
          tenantId: org.tenantId,
          contractId: randomUUID(),
          customerId: customers.c1,
          ownerId,
          amount: money(amount),
          receivedOn: '2026-11-19',
          status: type === 'crm.payment.reversed' ? 'PAYMENT_STATUS_REVERSED' : 'PAYMENT_STATUS_RECEIVED',
          version: String(version),
        },
        attribution: attribution(ownerId),
      }),
    });
    const reversedPaymentId = randomUUID();
    const events = [
      // 14:00 on the 19th: counts.
      activity(org.repId, '2026-11-19T06:00:00Z'),
      // 00:30 on the 20th in Shanghai (still the 19th in UTC): another day.
      activity(org.repId, '2026-11-19T16:30:00Z'),
      // Someone else's follow-up.
      activity(org.otherRepId, '2026-11-19T06:00:00Z'),
      payment(randomUUID(), org.repId, 250_000, 'crm.payment.received', 1),
      payment(reversedPaymentId, org.repId, 100_000, 'crm.payment.received', 1),
      payment(reversedPaymentId, org.repId, 100_000, 'crm.payment.reversed', 2),
      payment(randomUUID(), org.otherRepId, 70_000, 'crm.payment.received', 1),
      {
        type: 'crm.contract.signed',
        aggregateVersion: 1,
        payload: crmV1.ContractChanged.fromPartial({
          contract: {
            id: randomUUID(),
            tenantId: org.tenantId,
            number: 'HT-2026-001',
            customerId: customers.c2,
            ownerId: org.repId,
            status: 'CONTRACT_STATUS_SIGNED',
            signedOn: '2026-11-19',
            totalAmount: money(1_200_000),
          },
          attribution: attribution(org.repId),
        }),
      },
    ];
    const messages = events.map((e) => {
      const id = uuidv7();
      const aggregateId =
        (e.payload as { activity?: { id: string } }).activity?.id ??
        (e.payload as { payment?: { id: string } }).payment?.id ??
        (e.payload as { contract?: { id: string } }).contract?.id ??
        '';
      const topic = e.type.startsWith('crm.activity')
        ? TOPICS.crmActivity
        : e.type.startsWith('crm.payment')
          ? TOPICS.crmPayment
          : TOPICS.crmContract;
      const value = Buffer.from(
        encodeEnvelope(id, { ...e, tenantId: org.tenantId, aggregateId, occurredAt: new Date('2026-11-19T08:00:00Z') }),
      );
      return { topic: topic.name, key: `${org.tenantId}:${aggregateId}`, value };
    });
    // The group reads only what this test publishes, not every earlier test's crm events.
    await consumeFromNow(
      kafka,
      group,
      REPORT_FACTS_TOPICS.map((t) => t.name),
    );
    const producer = kafka.producer();
    await producer.connect();
    for (const round of [1, 2]) {
      for (const m of messages) await producer.send({ topic: m.topic, messages: [{ key: m.key, value: m.value }] });
      expect(round).toBeGreaterThan(0);
    }
    await producer.disconnect();

    consumer = createEventConsumer({
      kafka,
      groupId: group,
      topics: REPORT_FACTS_TOPICS,
      transaction: (fn) => db.$transaction(fn),
      handlers: reportFactHandlers(TZ),
      log,
    });
    await consumer.start();
    // Both copies of every message consumed: the group's committed offsets reach the end of
    // each topic (the broker also holds earlier runs' events, so a counter would not tell).
    await waitUntilDrained(
      kafka,
      group,
      messages.map((m) => m.topic),
    );

    // The rep's 19th: check-ins at customer 1 (09:00), customer 2 (11:00) and customer 1 again (15:00).
    await checkIn(org, org.repId, 'CHECK_IN', '2026-11-19T01:00:00Z', customers.c1);
    await checkIn(org, org.repId, 'CHECK_OUT', '2026-11-19T02:00:00Z', customers.c1);
    await checkIn(org, org.repId, 'CHECK_IN', '2026-11-19T03:00:00Z', customers.c2);
    await checkIn(org, org.repId, 'CHECK_OUT', '2026-11-19T04:00:00Z', customers.c2);
    await checkIn(org, org.repId, 'CHECK_IN', '2026-11-19T07:00:00Z', customers.c1);
    await checkIn(org, org.repId, 'CHECK_OUT', '2026-11-19T08:00:00Z', customers.c1);
    // Attendance that day: in at 08:50, out at 18:10.
    for (const [kind, occurredAt] of [
      ['CLOCK_IN', '2026-11-19T00:50:00Z'],
      ['CLOCK_OUT', '2026-11-19T10:10:00Z'],
    ] as const) {
      await sql.query(
        `INSERT INTO attendance_records (id, tenant_id, employee_id, kind, occurred_at) VALUES ($1, $2, $3, $4, $5)`,
        [uuidv7(), org.tenantId, org.repId, kind, occurredAt],
      );
    }
  });

  it('pre-fills the day from check-ins and crm events delivered twice, counted once', async () => {
    expect(
      await sql.query('SELECT count(*)::int AS n FROM report_facts WHERE tenant_id = $1', [org.tenantId]),
    ).toMatchObject({
      rows: [{ n: 7 }], // 3 follow-ups + 3 payments (one reversed) + 1 contract
    });
    const report = await reports.create(principal(org, org.repId), '2026-11-19');
    expect(report.status).toBe('DRAFT');
    expect(figuresOf(report)).toEqual({
      checkIns: 3, // three CHECK_IN records
      customersVisited: 2, // customers 1 and 2
      followUps: 1, // the 14:00 one; 00:30 belongs to the 20th; the other rep's is not his
      payments: 1, // 2 500.00 received; 1 000.00 received then reversed does not count
      paymentsAmountMinor: '250000',
      contracts: 1,
      contractsAmountMinor: '1200000', // 12 000.00
      currency: 'CNY',
      clockedInAt: '2026-11-19T00:50:00.000Z', // 08:50, on time
      clockedOutAt: '2026-11-19T10:10:00.000Z', // 18:10
      clockedInLate: false,
    });
    const again = await rejectionOf(reports.create(principal(org, org.repId), '2026-11-19'));
    expect(again.code).toBe('ALREADY_EXISTS');
  });

  it('refuses bad input and changes nothing', async () => {
    const before = await rowCounts();
    expect((await rejectionOf(reports.create(principal(org, org.repId), '2026-02-30'))).details.fieldErrors).toEqual([
      { field: 'reportDate', message: 'must be a date YYYY-MM-DD' },
    ]);
    expect((await rejectionOf(reports.create(principal(org, org.repId), '2026-11-21'))).details.fieldErrors).toEqual([
      { field: 'reportDate', message: 'must not be after today' },
    ]);
    const reader = principal(org, org.repId, 'SELF', ['field.report.read']);
    expect((await rejectionOf(reports.create(reader, '2026-11-17'))).code).toBe('PERMISSION_DENIED');
    expect(await rowCounts()).toEqual(before);
  });

  it('is completed and submitted by the rep, on time at the deadline, then reviewed by the supervisor only', async () => {
    const rep = principal(org, org.repId);
    const [draft] = (await reports.list(rep, { from: '2026-11-19', to: '2026-11-19' })).items;
    if (!draft) throw new Error('no draft');
    const completed = await reports.update(rep, draft.id, String(draft.version), {
      complaintsHandled: '处理了客户1的投诉',
      competitorNews: '竞品降价 5%',
      lessons: '先听后说',
    });
    expect(completed).toMatchObject({ version: 2, lessons: '先听后说', customerFeedback: '' });
    const stale = await rejectionOf(reports.submit(rep, draft.id, '1'));
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { reason: 'VERSION_MISMATCH' } });

    // The deadline of the 19th is 09:00 on the 20th (01:00Z); exactly then is still on time.
    now = new Date('2026-11-20T01:00:00Z');
    const submitted = await reports.submit(rep, draft.id, '2');
    expect(submitted).toMatchObject({ status: 'SUBMITTED', late: false, version: 3 });
    expect((await rejectionOf(reports.update(rep, draft.id, '3', { lessons: 'x' }))).details.reason).toBe(
      'WRONG_STATUS',
    );

    // A colleague in the same department can see it but may not sign it; one with SELF scope cannot see it.
    const colleague = principal(org, org.otherRepId, 'DEPARTMENT');
    expect((await rejectionOf(reports.review(colleague, draft.id, '3', 'ok'))).details.reason).toBe(
      'NOT_THE_SUPERVISOR',
    );
    expect((await rejectionOf(reports.review(principal(org, org.otherRepId), draft.id, '3', 'ok'))).code).toBe(
      'NOT_FOUND',
    );
    expect((await rejectionOf(reports.get(principal(org, org.otherRepId), draft.id))).code).toBe('NOT_FOUND');
    // The rep may not review his own report (he is not his own supervisor).
    expect((await rejectionOf(reports.review(rep, draft.id, '3', 'ok'))).details.reason).toBe('NOT_THE_SUPERVISOR');

    // The supervisor (manager in the org replica) sees it even with SELF scope and signs it.
    const manager = principal(org, org.managerId);
    expect((await reports.get(manager, draft.id)).id).toBe(draft.id);
    expect((await rejectionOf(reports.return(manager, draft.id, '3', '  '))).details.fieldErrors).toEqual([
      { field: 'comment', message: 'say why the report goes back' },
    ]);
    const reviewed = await reports.review(manager, draft.id, '3', '很好,继续跟进客户1');
    expect(reviewed).toMatchObject({ status: 'REVIEWED', reviewerId: org.managerId, version: 4 });
    expect((await rejectionOf(reports.return(manager, draft.id, '4', 'no'))).details.reason).toBe('WRONG_STATUS');

    const events = await outboxEvents(draft.id);
    expect(events.map((e) => e.type)).toEqual(['field.daily_report.submitted', 'field.daily_report.reviewed']);
    const payload = events[1]?.payload as fieldV1.DailyReportChanged;
    expect(payload.report).toMatchObject({
      status: 'DAILY_REPORT_STATUS_REVIEWED',
      reviewComment: '很好,继续跟进客户1',
      figures: { checkIns: 3, followUps: 1, paymentsAmount: { amountMinor: '250000', currency: 'CNY' } },
    });
  });

  it('marks a report submitted after the deadline late; returned reports go back to the rep', async () => {
    const rep = principal(org, org.repId);
    const draft = await reports.create(rep, '2026-11-18');
    // Now is 10:00 on the 20th; the 18th's deadline was 09:00 on the 19th.
    const submitted = await reports.submit(rep, draft.id, '0');
    expect(submitted).toMatchObject({ status: 'SUBMITTED', late: true });
    const manager = principal(org, org.managerId);
    const returned = await reports.return(manager, draft.id, '0', '补充竞品信息');
    expect(returned.status).toBe('RETURNED');
    const resubmitted = await reports.submit(rep, draft.id, String(returned.version));
    expect(resubmitted).toMatchObject({ status: 'SUBMITTED', late: true });
  });

  it('lists missing and late reports of the manager subtree per rep and day', async () => {
    // The other rep was on approved leave on the 17th and 18th: nothing expected then.
    await sql.query(
      `INSERT INTO absence_requests (id, tenant_id, employee_id, kind, start_date, end_date, status, approver_id)
       VALUES ($1, $2, $3, 'LEAVE', '2026-11-17', '2026-11-18', 'APPROVED', $4)`,
      [uuidv7(), org.tenantId, org.otherRepId, org.managerId],
    );
    const manager = principal(org, org.managerId, 'DEPARTMENT_TREE');
    const result = await reports.timeliness(manager, '2026-11-16', '2026-11-22');
    // Working days Mon 16 - Fri 20; the 20th's deadline (09:00 on the 21st) has not passed at
    // 10:00 on the 20th: 4 days x 3 people = 12, minus the other rep's 2 leave days = 10.
    expect(result.expected).toBe(10);
    // Rep: 16, 17 missing; 18 late; 19 on time. Other rep: 16, 19 missing. Manager: 16-19 missing.
    expect(result.entries.map((e) => [e.reportDate, e.employeeName, e.problem])).toEqual([
      ['2026-11-16', '李小红', 'MISSING'],
      ['2026-11-16', '王小明', 'MISSING'],
      ['2026-11-16', '赵经理', 'MISSING'],
      ['2026-11-17', '王小明', 'MISSING'],
      ['2026-11-17', '赵经理', 'MISSING'],
      ['2026-11-18', '王小明', 'LATE'],
      ['2026-11-18', '赵经理', 'MISSING'],
      ['2026-11-19', '李小红', 'MISSING'],
      ['2026-11-19', '赵经理', 'MISSING'],
    ]);
    // A rep with SELF scope sees only himself.
    const own = await reports.timeliness(principal(org, org.repId), '2026-11-16', '2026-11-22');
    expect(own.entries.map((e) => [e.reportDate, e.problem])).toEqual([
      ['2026-11-16', 'MISSING'],
      ['2026-11-17', 'MISSING'],
      ['2026-11-18', 'LATE'],
    ]);
    const bad = await rejectionOf(reports.timeliness(manager, '2026-11-20', '2026-11-16'));
    expect(bad.details.fieldErrors).toEqual([{ field: 'to', message: 'must be on or after from, at most 92 days' }]);
  });
});

describe('market reports', () => {
  it('sends a HIGH report to the supervisor at once, a LOW one only as filed', async () => {
    const org = await createOrg();
    const markets = new MarketReportService(db, options());
    const rep = principal(org, org.repId);
    const customerId = randomUUID();
    const urgent = await markets.file(rep, {
      type: 'DEALER_COMPLAINT',
      severity: 'HIGH',
      customerId,
      title: '经销商投诉到货延迟',
      description: '连续三周到货延迟,威胁换供应商',
    });
    expect(urgent).toMatchObject({ supervisorId: org.managerId, severity: 'HIGH', employeeId: org.repId });
    const events = await outboxEvents(urgent.id);
    expect(events.map((e) => e.type)).toEqual(['field.market_report.filed', 'field.market_report.urgent']);
    expect(events[1]?.payload).toMatchObject({
      supervisorId: org.managerId,
      report: {
        type: 'MARKET_REPORT_TYPE_DEALER_COMPLAINT',
        severity: 'SEVERITY_HIGH',
        customerId,
        reportDate: '2026-11-20',
      },
    });

    const low = await markets.file(rep, {
      type: 'COMPETITOR_ACTIVITY',
      severity: 'LOW',
      competitor: '华达',
      title: '华达新品发布',
    });
    expect((await outboxEvents(low.id)).map((e) => e.type)).toEqual(['field.market_report.filed']);

    // The supervisor sees both (even with SELF scope); a colleague with SELF scope sees neither.
    const manager = principal(org, org.managerId);
    expect((await markets.list(manager, {})).items.map((r) => r.id)).toEqual([low.id, urgent.id]);
    expect((await markets.list(manager, { minSeverity: 'HIGH' })).items.map((r) => r.id)).toEqual([urgent.id]);
    expect((await rejectionOf(markets.get(principal(org, org.otherRepId), urgent.id))).code).toBe('NOT_FOUND');
  });

  it('refuses an incomplete report and changes nothing', async () => {
    const org = await createOrg();
    const markets = new MarketReportService(db, options());
    const before = await rowCounts();
    const error = await rejectionOf(
      markets.file(principal(org, org.repId), {
        type: 'COMPETITOR_ACTIVITY',
        severity: 'URGENT',
        customerId: 'x',
        title: ' ',
      }),
    );
    expect(error.details.fieldErrors).toEqual([
      { field: 'severity', message: 'must be one of LOW, MEDIUM, HIGH, CRITICAL' },
      { field: 'customerId', message: 'is not a customer id' },
      { field: 'competitor', message: 'name the competitor' },
      { field: 'title', message: 'is required' },
    ]);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('attendance, leave and business trips', () => {
  it('approves leave and trips by the supervisor only and summarizes the month by hand', async () => {
    const org = await createOrg();
    const attendance = new AttendanceService(db, options());
    const absences = new AbsenceService(db, options());
    const rep = principal(org, org.repId);
    const manager = principal(org, org.managerId, 'DEPARTMENT_TREE');
    const colleague = principal(org, org.otherRepId, 'DEPARTMENT');

    const leave = await absences.request(rep, {
      kind: 'LEAVE',
      startDate: '2026-11-18',
      endDate: '2026-11-18',
      leaveType: 'SICK',
      reason: '发烧',
    });
    expect(leave).toMatchObject({ status: 'PENDING', approverId: org.managerId });
    const trip = await absences.request(rep, {
      kind: 'TRIP',
      startDate: '2026-11-19',
      endDate: '2026-11-20',
      destination: '杭州',
    });
    const overlap = await rejectionOf(
      absences.request(rep, { kind: 'TRIP', startDate: '2026-11-20', endDate: '2026-11-23', destination: '苏州' }),
    );
    expect(overlap.details.reason).toBe('OVERLAPS');

    expect((await rejectionOf(absences.decide(colleague, leave.id, '1', true, ''))).details.reason).toBe(
      'NOT_THE_SUPERVISOR',
    );
    expect((await rejectionOf(absences.decide(principal(org, org.otherRepId), leave.id, '1', true, ''))).code).toBe(
      'NOT_FOUND',
    );
    expect((await rejectionOf(absences.decide(manager, trip.id, '1', false, ''))).details.fieldErrors).toEqual([
      { field: 'comment', message: 'say why it is rejected' },
    ]);
    expect((await absences.list(principal(org, org.managerId), { awaitingMe: true })).items.map((r) => r.id)).toEqual([
      trip.id,
      leave.id,
    ]);
    expect(await absences.decide(manager, leave.id, '1', true, '早日康复')).toMatchObject({
      status: 'APPROVED',
      version: 2,
    });
    expect(await absences.decide(manager, trip.id, '1', true, '')).toMatchObject({ status: 'APPROVED' });
    expect((await rejectionOf(absences.decide(manager, trip.id, '2', false, 'no'))).details.reason).toBe(
      'WRONG_STATUS',
    );
    expect((await outboxEvents(leave.id)).map((e) => e.type)).toEqual([
      'field.leave.requested',
      'field.leave.approved',
    ]);
    expect((await outboxEvents(trip.id)).map((e) => e.type)).toEqual(['field.trip.requested', 'field.trip.approved']);

    // Mon 16: 08:55-17:55 (9 h). Tue 17: 09:15 (late) - 12:15 (3 h).
    const clockAt = async (kind: string, iso: string) => {
      now = new Date(iso);
      return attendance.clockInOut(rep, { kind, latitude: 31.23, longitude: 121.47 });
    };
    const before = await rowCounts();
    expect((await rejectionOf(clockAt('CLOCK_OUT', '2026-11-16T00:50:00Z'))).details.reason).toBe('NOT_CLOCKED_IN');
    expect(await rowCounts()).toEqual(before);
    expect(await clockAt('CLOCK_IN', '2026-11-16T00:55:00Z')).toMatchObject({ late: false });
    expect((await rejectionOf(clockAt('CLOCK_IN', '2026-11-16T01:00:00Z'))).details.reason).toBe('ALREADY_CLOCKED_IN');
    await clockAt('CLOCK_OUT', '2026-11-16T09:55:00Z');
    expect(await clockAt('CLOCK_IN', '2026-11-17T01:15:00Z')).toMatchObject({ late: true });
    await clockAt('CLOCK_OUT', '2026-11-17T04:15:00Z');
    now = NOW;

    // November 2026 up to Friday the 20th: working days 2-6, 9-13, 16-20 = 15.
    const [mine] = await attendance.summary(rep, '2026-11', 'mine');
    expect(mine).toMatchObject({
      employeeId: org.repId,
      workingDays: 15,
      daysPresent: 2, // 16, 17
      daysLate: 1, // 17 at 09:15
      leaveDays: 1, // 18
      tripDays: 2, // 19, 20
      daysAbsent: 10, // 15 - 2 - 1 - 2
      fieldHours: 12, // 9 + 3
    });
    const team = await attendance.summary(manager, '2026-11', 'team');
    expect(team.map((r) => [r.employeeName, r.daysPresent, r.daysAbsent])).toEqual([
      ['李小红', 0, 15],
      ['王小明', 2, 10],
      ['赵经理', 0, 15],
    ]);
    expect(
      (
        await rejectionOf(
          attendance.summary(principal(org, org.repId, 'SELF', ['field.attendance.read']), '2026-11', 'team'),
        )
      ).code,
    ).toBe('PERMISSION_DENIED');
    expect((await rejectionOf(attendance.summary(rep, '2026-13', 'mine'))).details.fieldErrors).toEqual([
      { field: 'month', message: 'must be a month YYYY-MM' },
    ]);
  });
});

describe('holiday calendar', () => {
  it('is set by an admin only, and a holiday is neither an absence nor a missing report', async () => {
    const org = await createOrg();
    const holidays = new HolidayCalendarService(db);
    const attendance = new AttendanceService(db, options());
    const reports = new DailyReportService(db, options());
    const admin = principal(org, org.managerId, 'TENANT', [...ALL_PERMISSIONS, 'identity.tenant.write']);
    const rep = principal(org, org.repId);
    const calendar = [
      { date: '2026-11-11', kind: 'HOLIDAY', name: '公司周年庆' }, // a Wednesday off
      { date: '2026-11-14', kind: 'WORKING_DAY', name: '调休' }, // a Saturday worked instead
    ];

    const before = await rowCounts();
    expect((await rejectionOf(holidays.set(rep, 2026, calendar))).code).toBe('PERMISSION_DENIED');
    const bad = await rejectionOf(
      holidays.set(admin, 2026, [
        { date: '2026-11-12', kind: 'WORKING_DAY' },
        { date: '2027-01-01', kind: 'HOLIDAY' },
        { date: '2026-11-11', kind: 'HOLIDAY' },
        { date: '2026-11-11', kind: 'DAY_OFF' },
      ]),
    );
    expect(bad.details.fieldErrors).toEqual([
      { field: 'days[0].kind', message: 'a working day must be a Saturday or Sunday' },
      { field: 'days[1].date', message: 'must be a date YYYY-MM-DD in 2026' },
      { field: 'days[3].date', message: '2026-11-11 is listed twice' },
      { field: 'days[3].kind', message: 'must be HOLIDAY or WORKING_DAY' },
    ]);
    expect((await rejectionOf(holidays.get(rep, 1999))).details.fieldErrors).toEqual([
      { field: 'year', message: 'must be a year from 2000 to 2100' },
    ]);
    expect(await holidays.get(rep, 2026)).toEqual({ year: 2026, days: [] });
    expect(await rowCounts()).toEqual(before);

    // Set twice: the second replaces the first (one holiday fewer, not two copies).
    await holidays.set(admin, 2026, [...calendar, { date: '2026-12-31', kind: 'HOLIDAY', name: '' }]);
    expect(await holidays.set(admin, 2026, [...calendar].reverse())).toEqual({ year: 2026, days: calendar });
    expect(await holidays.get(rep, 2026)).toEqual({ year: 2026, days: calendar });

    // The rep works the Saturday, 09:00-18:00.
    now = new Date('2026-11-14T01:00:00Z');
    await attendance.clockInOut(rep, { kind: 'CLOCK_IN' });
    now = new Date('2026-11-14T10:00:00Z');
    await attendance.clockInOut(rep, { kind: 'CLOCK_OUT' });
    now = NOW;

    // November up to Friday the 20th: Mon-Fri 2-6, 9-13, 16-20 = 15, minus Wednesday the 11th,
    // plus Saturday the 14th = 15 working days.
    const [mine] = await attendance.summary(rep, '2026-11', 'mine');
    expect(mine).toMatchObject({
      workingDays: 15,
      daysPresent: 1, // the 14th
      daysAbsent: 14, // 15 - 1; the 11th is a holiday, not an absence
      leaveDays: 0,
      tripDays: 0,
      fieldHours: 9, // 09:00-18:00
    });

    // Week of the 9th: reports expected on 9, 10, 12, 13 and Saturday 14 (not on the 11th),
    // from each of the 3 people = 15, none written.
    const timeliness = await reports.timeliness(
      principal(org, org.managerId, 'DEPARTMENT_TREE'),
      '2026-11-09',
      '2026-11-15',
    );
    expect(timeliness.expected).toBe(15);
    expect([...new Set(timeliness.entries.map((e) => e.reportDate))]).toEqual([
      '2026-11-09',
      '2026-11-10',
      '2026-11-12',
      '2026-11-13',
      '2026-11-14',
    ]);
    expect(timeliness.entries).toHaveLength(15);

    // The deadline skips the holiday: Tuesday the 10th's report is due at 09:00 on Thursday the
    // 12th (the next working day), so at 10:00 on Wednesday the 11th it is on time; Friday the
    // 13th's report is due on the worked Saturday the 14th, so at 10:00 that day it is late.
    now = new Date('2026-11-11T02:00:00Z');
    const tuesday = await reports.create(rep, '2026-11-10');
    expect(await reports.submit(rep, tuesday.id, '1')).toMatchObject({ late: false });
    now = new Date('2026-11-14T02:00:00Z');
    const friday = await reports.create(rep, '2026-11-13');
    expect(await reports.submit(rep, friday.id, '1')).toMatchObject({ late: true });
    now = NOW;
  });
});

describe('expenses', () => {
  it('are approved by the supervisor only and announce who the cost counts for', async () => {
    const org = await createOrg();
    const expenses = new ExpenseService(db, options());
    const rep = principal(org, org.repId);
    const customerId = randomUUID();
    const expense = await expenses.submit(rep, {
      expenseDate: '2026-11-19',
      category: 'MEAL',
      amountMinor: '12800',
      currency: 'CNY',
      customerId,
      notes: '招待客户午餐',
    });
    expect(expense).toMatchObject({ status: 'PENDING', approverId: org.managerId, amountMinor: 12_800n });

    const colleague = principal(org, org.otherRepId, 'DEPARTMENT');
    expect((await rejectionOf(expenses.decide(colleague, expense.id, '1', true, ''))).details.reason).toBe(
      'NOT_THE_SUPERVISOR',
    );
    const manager = principal(org, org.managerId);
    expect((await expenses.list(manager, { awaitingMe: true })).items.map((e) => e.id)).toEqual([expense.id]);
    const approved = await expenses.decide(manager, expense.id, '1', true, '');
    expect(approved).toMatchObject({ status: 'APPROVED', version: 2 });
    expect((await rejectionOf(expenses.decide(manager, expense.id, '2', false, 'no'))).details.reason).toBe(
      'WRONG_STATUS',
    );

    const events = await outboxEvents(expense.id);
    expect(events.map((e) => e.type)).toEqual(['field.expense.submitted', 'field.expense.approved']);
    expect(events[1]?.payload).toMatchObject({
      expense: {
        amount: { amountMinor: '12800', currency: 'CNY' },
        category: 'EXPENSE_CATEGORY_MEAL',
        status: 'APPROVAL_STATUS_APPROVED',
      },
      attribution: {
        ownerId: org.repId,
        departmentId: org.east,
        departmentPath: `/${org.root}/${org.east}/`,
        customerId,
      },
    });
  });

  it('lets only one of two simultaneous decisions through, and announces it once', async () => {
    const org = await createOrg();
    const expenses = new ExpenseService(db, options());
    const expense = await expenses.submit(principal(org, org.repId), {
      expenseDate: '2026-11-19',
      category: 'TRAVEL',
      amountMinor: '5000',
      currency: 'CNY',
    });
    const manager = principal(org, org.managerId);
    const results = await Promise.allSettled([
      expenses.decide(manager, expense.id, '0', true, ''),
      expenses.decide(manager, expense.id, '0', false, '重复报销'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    // The loser either saw the row already decided or lost the versioned update: never a 500.
    expect(['CONFLICT', 'FAILED_PRECONDITION']).toContain(lost.reason.code);
    expect((await outboxEvents(expense.id)).length).toBe(2); // submitted + one decision
  });

  it('refuses bad input, and an expense of someone without a supervisor, changing nothing', async () => {
    const org = await createOrg();
    const expenses = new ExpenseService(db, options());
    const before = await rowCounts();
    const error = await rejectionOf(
      expenses.submit(principal(org, org.repId), {
        expenseDate: '2026-11-21',
        category: 'FOOD',
        amountMinor: '0',
        currency: 'rmb',
      }),
    );
    expect(error.details.fieldErrors).toEqual([
      { field: 'expenseDate', message: 'must not be after today' },
      { field: 'category', message: 'must be one of TRAVEL, MEAL, LODGING, GIFT, OTHER' },
      { field: 'amount.amountMinor', message: 'must be more than zero' },
      { field: 'amount.currency', message: 'must be an ISO 4217 code such as CNY' },
    ]);
    const valid = { expenseDate: '2026-11-19', category: 'TRAVEL', amountMinor: '5000', currency: 'CNY' };
    expect((await rejectionOf(expenses.submit(principal(org, org.managerId), valid))).details.reason).toBe(
      'NO_SUPERVISOR',
    );
    expect(await rowCounts()).toEqual(before);
  });
});

describe('weekly progress report', () => {
  const kafka = createKafka({ clientId: 'field-weekly-test', brokers: testKafkaBrokers(), log });
  const group = `field.target-replica.test.${randomUUID()}`;
  let consumer: EventConsumer | undefined;

  afterAll(async () => {
    await consumer?.stop();
  });

  /**
   * goals' events about the department's targets, published to the broker twice, then an
   * older progress event replayed last: the replica keeps the newest version, counted once.
   */
  async function publishTargets(
    org: Org,
    ids: Record<'contract' | 'newCustomers' | 'month' | 'w48' | 'rep' | 'deleted', string>,
  ) {
    const node = (
      id: string,
      metric: string,
      scope: 'DEPARTMENT' | 'EMPLOYEE',
      scopeId: string,
      periodStart: string,
      periodEnd: string,
      value: number,
      achieved: number,
      version: number,
    ) =>
      goalsV1.Target.fromPartial({
        id,
        tenantId: org.tenantId,
        metric: `TARGET_METRIC_${metric}` as goalsV1.TargetMetric,
        scope: `TARGET_SCOPE_${scope}` as goalsV1.TargetScope,
        scopeId,
        periodStart,
        periodEnd,
        value: String(value),
        achieved: String(achieved),
        version: String(version),
      });
    const week = ['2026-11-16', '2026-11-23'] as const;
    const contract = (achieved: number, version: number) =>
      node(ids.contract, 'CONTRACT_AMOUNT', 'DEPARTMENT', org.east, ...week, 2_000_000, achieved, version);
    const newCustomers = (achieved: number, version: number) =>
      node(ids.newCustomers, 'NEW_CUSTOMERS', 'DEPARTMENT', org.east, ...week, 4, achieved, version);
    const progress = (target: goalsV1.Target) => ({
      type: 'goals.target.progress_changed',
      target,
      payload: goalsV1.TargetProgressChanged.fromPartial({ target, factId: `contract:${randomUUID()}` }),
    });
    const events = [
      { type: 'goals.target.created', target: contract(0, 1), payload: { target: contract(0, 1) } },
      progress(contract(1_000_000, 2)),
      progress(contract(1_500_001, 3)),
      {
        // The department's November target split into weeks: this week's node and the next one.
        type: 'goals.target.decomposed',
        target: node(ids.month, 'NEW_CUSTOMERS', 'DEPARTMENT', org.east, '2026-11-01', '2026-12-01', 16, 0, 2),
        payload: goalsV1.TargetDecomposed.fromPartial({
          parent: node(ids.month, 'NEW_CUSTOMERS', 'DEPARTMENT', org.east, '2026-11-01', '2026-12-01', 16, 0, 2),
          children: [
            newCustomers(0, 1),
            node(ids.w48, 'NEW_CUSTOMERS', 'DEPARTMENT', org.east, '2026-11-23', '2026-11-30', 4, 0, 1),
          ],
          axis: 'TIME',
        }),
      },
      progress(newCustomers(2, 2)),
      // A weekly department node created by mistake and deleted (version 2, one past its last).
      {
        type: 'goals.target.created',
        target: node(ids.deleted, 'VISITS', 'DEPARTMENT', org.east, ...week, 30, 0, 1),
        payload: { target: node(ids.deleted, 'VISITS', 'DEPARTMENT', org.east, ...week, 30, 0, 1) },
      },
      {
        type: 'goals.target.deleted',
        target: node(ids.deleted, 'VISITS', 'DEPARTMENT', org.east, ...week, 30, 0, 2),
        payload: { target: node(ids.deleted, 'VISITS', 'DEPARTMENT', org.east, ...week, 30, 0, 2) },
      },
      // The rep's own weekly target: not the department's.
      {
        type: 'goals.target.created',
        target: node(ids.rep, 'CONTRACT_AMOUNT', 'EMPLOYEE', org.repId, ...week, 900_000, 0, 1),
        payload: { target: node(ids.rep, 'CONTRACT_AMOUNT', 'EMPLOYEE', org.repId, ...week, 900_000, 0, 1) },
      },
    ];
    const message = (e: (typeof events)[number]) => ({
      key: `${org.tenantId}:${e.target.id}`,
      value: Buffer.from(
        encodeEnvelope(uuidv7(), {
          type: e.type,
          tenantId: org.tenantId,
          aggregateId: e.target.id,
          aggregateVersion: Number(e.target.version),
          payload: e.payload,
          occurredAt: new Date('2026-11-18T08:00:00Z'),
        }),
      ),
    });
    const messages = events.map(message);
    await consumeFromNow(
      kafka,
      group,
      TARGET_REPLICA_TOPICS.map((t) => t.name),
    );
    const producer = kafka.producer();
    await producer.connect();
    // Last, two older events under new ids: a progress of the contract node and the deleted
    // node's creation; neither may undo the newer state (nor revive the deleted node).
    const deletedNodeCreated = events.find((e) => e.type === 'goals.target.created' && e.target.id === ids.deleted);
    if (!deletedNodeCreated) throw new Error('no creation of the deleted node');
    for (const m of [
      ...messages,
      ...messages,
      message(progress(contract(1_000_000, 2))),
      message(deletedNodeCreated),
    ]) {
      await producer.send({ topic: TOPICS.goalsTarget.name, messages: [m] });
    }
    await producer.disconnect();
    consumer = createEventConsumer({
      kafka,
      groupId: group,
      topics: TARGET_REPLICA_TOPICS,
      transaction: (fn) => db.$transaction(fn),
      handlers: targetReplicaHandlers(),
      log,
    });
    await consumer.start();
    await waitUntilDrained(kafka, group, [TOPICS.goalsTarget.name]);
  }

  it('builds week 2026W47 of a department from a small dataset, computed by hand', async () => {
    const org = await createOrg();
    const weekly = new WeeklyReportService(db, options());
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
    const targets = {
      contract: randomUUID(),
      newCustomers: randomUUID(),
      month: randomUUID(),
      w48: randomUUID(),
      rep: randomUUID(),
      deleted: randomUUID(),
    };
    await publishTargets(org, targets);
    const [c1, c2, c3, c4, c5] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const outsider = randomUUID();
    // Rep, Monday 16 (Shanghai = Z + 8 h): c1 09:00-10:00 (an effective visit); c2 at 11:00
    // never closed (the next record is another check-in); c3 14:00-15:00 (a visit, not effective).
    const repC1 = await checkIn(org, org.repId, 'CHECK_IN', '2026-11-16T01:00:00Z', c1);
    const repC1Out = await checkIn(org, org.repId, 'CHECK_OUT', '2026-11-16T02:00:00Z', c1);
    await checkIn(org, org.repId, 'CHECK_IN', '2026-11-16T03:00:00Z', c2);
    const repC3 = await checkIn(org, org.repId, 'CHECK_IN', '2026-11-16T06:00:00Z', c3);
    const repC3Out = await checkIn(org, org.repId, 'CHECK_OUT', '2026-11-16T07:00:00Z', c3);
    await visit(org, org.repId, c1, repC1, repC1Out, '2026-11-16', true);
    await visit(org, org.repId, c3, repC3, repC3Out, '2026-11-16', false);
    // Other rep: Tue 17 c1 09:00-09:30 (effective); Wed 18 a check-in at no customer (no
    // visit); Mon 23 is next week (an effective visit that does not count).
    const otherC1 = await checkIn(org, org.otherRepId, 'CHECK_IN', '2026-11-17T01:00:00Z', c1);
    const otherC1Out = await checkIn(org, org.otherRepId, 'CHECK_OUT', '2026-11-17T01:30:00Z', c1);
    await visit(org, org.otherRepId, c1, otherC1, otherC1Out, '2026-11-17', true);
    await checkIn(org, org.otherRepId, 'CHECK_IN', '2026-11-18T00:00:00Z', null);
    const nextC4 = await checkIn(org, org.otherRepId, 'CHECK_IN', '2026-11-23T01:00:00Z', c4);
    const nextC4Out = await checkIn(org, org.otherRepId, 'CHECK_OUT', '2026-11-23T02:00:00Z', c4);
    await visit(org, org.otherRepId, c4, nextC4, nextC4Out, '2026-11-23', true);

    const fact = (
      kind: string,
      employeeId: string,
      customerId: string | null,
      date: string,
      amount: number,
      counted = true,
    ) =>
      sql.query(
        `INSERT INTO report_facts (tenant_id, kind, source_id, employee_id, customer_id, local_date, amount_minor, currency, counted, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'CNY', $8, now())`,
        [org.tenantId, kind, randomUUID(), employeeId, customerId, date, amount, counted],
      );
    await fact('CONTRACT', org.repId, c1, '2026-11-18', 1_000_000);
    await fact('CONTRACT', org.otherRepId, c5, '2026-11-19', 500_001);
    await fact('CONTRACT', outsider, c3, '2026-11-20', 200_000); // not a member, but c3 signed this week
    await fact('CONTRACT', org.repId, c1, '2026-11-23', 999); // next week
    await fact('CONTRACT', org.repId, c2, '2026-11-17', 777, false); // cancelled
    await fact('PAYMENT', org.repId, c1, '2026-11-17', 300_000);
    await fact('PAYMENT', org.otherRepId, c5, '2026-11-20', 50_000);
    await fact('PAYMENT', org.repId, c1, '2026-11-18', 70_000, false); // reversed
    await fact('NEW_CUSTOMER', org.repId, c2, '2026-11-16', 0);
    await fact('NEW_CUSTOMER', org.otherRepId, c4, '2026-11-22', 0); // Sunday, still this week
    await fact('NEW_CUSTOMER', org.repId, c3, '2026-11-15', 0); // last week

    const market = async (
      employeeId: string,
      type: string,
      customerId: string | null,
      competitor: string,
      title: string,
      date: string,
    ) => {
      const id = uuidv7();
      await sql.query(
        `INSERT INTO market_reports (id, tenant_id, employee_id, type, severity, customer_id, competitor, title, report_date, created_at)
         VALUES ($1, $2, $3, $4, 'HIGH', $5, $6, $7, $8, $9)`,
        [id, org.tenantId, employeeId, type, customerId, competitor, title, date, `${date}T03:00:00Z`],
      );
      return id;
    };
    const move = await market(org.repId, 'COMPETITOR_ACTIVITY', null, '华达', '华达买一送一', '2026-11-17');
    const complaint = await market(org.otherRepId, 'DEALER_COMPLAINT', c2, '', '经销商投诉账期', '2026-11-19');
    await market(org.repId, 'PRODUCT_FEEDBACK', c1, '', '包装易破', '2026-11-18');

    const manager = principal(org, org.managerId, 'DEPARTMENT_TREE');
    const report = await weekly.generate(manager, '2026W47', org.east);
    expect(weeklyReportToProto(report)).toMatchObject({
      week: '2026W47',
      weekStart: '2026-11-16',
      weekEnd: '2026-11-22',
      status: 'WEEKLY_REPORT_STATUS_DRAFT',
      figures: {
        reps: 3, // manager and two reps, all active
        newCustomers: 2, // 16th and 22nd; the 15th was last week
        collections: { amountMinor: '350000', currency: 'CNY' }, // 300 000 + 50 000; the reversal does not count
        contractAmount: { amountMinor: '1500001', currency: 'CNY' }, // 1 000 000 + 500 001 (members only, this week)
        contracts: 2,
        visits: 4, // check-ins at a customer: rep c1, c2, c3; other rep c1
        completedVisits: 3, // all but c2 (never checked out)
        effectiveVisits: 2, // rep c1 and other rep c1; c3 was not effective
        effectiveVisitRate: 0.5, // 2 / 4
        customersVisited: 3, // c1, c2, c3
        visitedCustomersSigned: 2, // c1 (rep's contract) and c3 (signed by someone outside)
        transactionRate: 0.6667, // 2 / 3, four decimals
        averageSalesPerRep: { amountMinor: '500000', currency: 'CNY' }, // 1 500 001 / 3 = 500 000.33
        competitorMoves: [
          { marketReportId: move, competitor: '华达', title: '华达买一送一', severity: 'SEVERITY_HIGH' },
        ],
        abnormalCustomers: [{ marketReportId: complaint, customerId: c2, title: '经销商投诉账期' }],
        // The department's two nodes for 16-23 November, by metric; not the month, not week 48,
        // not the rep's own target.
        targetAchievement: [
          {
            targetId: targets.contract,
            metric: 'CONTRACT_AMOUNT',
            value: '2000000',
            achieved: '1500001', // version 3; the replayed version 2 (1 000 000) did not undo it
            completionRate: 0.75, // 1 500 001 / 2 000 000 = 0.7500005, four decimals
          },
          { targetId: targets.newCustomers, metric: 'NEW_CUSTOMERS', value: '4', achieved: '2', completionRate: 0.5 }, // 2 / 4
        ],
      },
    });

    // A rep whose scope does not cover the department cannot generate it.
    expect((await rejectionOf(weekly.generate(principal(org, org.otherRepId), '2026W47', org.east))).code).toBe(
      'NOT_FOUND',
    );
    expect((await rejectionOf(weekly.generate(manager, '2026W48', org.east))).details.fieldErrors).toEqual([
      { field: 'week', message: 'has not started yet' },
    ]);
    // Generating again refreshes the draft (same figures, next version).
    const again = await weekly.generate(manager, '2026W47', org.east);
    expect(again).toMatchObject({ id: report.id, version: 2 });
    expect((await rejectionOf(weekly.submit(manager, report.id, '2'))).details.fieldErrors).toEqual([
      { field: 'nextWeekPlan', message: "write next week's plan before submitting" },
    ]);
    const planned = await weekly.update(manager, report.id, '2', '下周:重点跟进 c2 的投诉,拜访 10 家新客户');
    const submitted = await weekly.submit(manager, report.id, String(planned.version));
    expect(submitted).toMatchObject({ status: 'SUBMITTED', version: 4 });
    expect((await outboxEvents(report.id)).map((e) => e.type)).toEqual(['field.weekly_report.submitted']);
    expect((await rejectionOf(weekly.generate(manager, '2026W47', org.east))).details.reason).toBe('WRONG_STATUS');
  });
});

describe('report demo data', () => {
  it('seeds a believable week once, and nothing more when run again', async () => {
    const org = await createOrg();
    const reps = [
      { id: org.repId, tenantId: org.tenantId, departmentId: org.east, departmentPath: `/${org.root}/${org.east}/` },
    ];
    await seedFieldDemoData(db, reps, { now: NOW });
    // Seven days back from Friday 20 November: working days 13, 16, 17, 18, 19.
    const first = await seedFieldReportDemoData(db, reps, { now: NOW });
    expect(first).toEqual({
      clocksCreated: 10, // in and out on 5 days
      reportsCreated: 4, // every working day but the last (the 19th is "missing")
      marketReportsCreated: 1,
      expensesCreated: 3, // 13, 17, 19
    });
    const before = await rowCounts();
    expect(await seedFieldReportDemoData(db, reps, { now: NOW })).toEqual({
      clocksCreated: 0,
      reportsCreated: 0,
      marketReportsCreated: 0,
      expensesCreated: 0,
    });
    expect(await rowCounts()).toEqual(before);
    const { rows } = await sql.query(
      `SELECT to_char(report_date, 'YYYY-MM-DD') AS day, status::text, late, (figures->>'checkIns')::int AS "checkIns"
       FROM daily_reports WHERE employee_id = $1 ORDER BY report_date`,
      [org.repId],
    );
    // The two oldest reviewed by the supervisor; the second filed late; two check-ins a day.
    expect(rows).toEqual([
      { day: '2026-11-13', status: 'REVIEWED', late: false, checkIns: 2 },
      { day: '2026-11-16', status: 'REVIEWED', late: true, checkIns: 2 },
      { day: '2026-11-17', status: 'SUBMITTED', late: false, checkIns: 2 },
      { day: '2026-11-18', status: 'SUBMITTED', late: false, checkIns: 2 },
    ]);
  });
});

describe('field settings', () => {
  it('are changed by an admin only, validated, and move the report deadline', async () => {
    const org = await createOrg();
    const settings = new ReportSettingsService(db);
    const reports = new DailyReportService(db, options());
    const rep = principal(org, org.repId);
    expect(await settings.get(rep)).toEqual({
      reportDeadlineTime: '09:00',
      reportDeadlineDaysAfter: 1,
      workStartTime: '09:00',
    });
    expect((await rejectionOf(settings.update(rep, { reportDeadlineTime: '12:00' }))).code).toBe('PERMISSION_DENIED');
    const admin = principal(org, org.managerId, 'TENANT', ['identity.tenant.write']);
    const bad = await rejectionOf(settings.update(admin, { reportDeadlineTime: '25:00', reportDeadlineDaysAfter: 0 }));
    expect(bad.details.fieldErrors).toEqual([
      { field: 'reportDeadlineTime', message: 'must be a time of day HH:MM' },
      { field: 'reportDeadlineDaysAfter', message: 'must be a whole number from 1 to 7' },
    ]);
    expect(await settings.update(admin, { reportDeadlineTime: '12:00' })).toEqual({
      reportDeadlineTime: '12:00',
      reportDeadlineDaysAfter: 1,
      workStartTime: '09:00',
    });
    // Now 10:00 on the 20th: the 19th's report is due at 12:00 on the 20th, so on time.
    const draft = await reports.create(rep, '2026-11-19');
    expect(await reports.submit(rep, draft.id, '1')).toMatchObject({ late: false });
  });
});

describe('ReportService over gRPC', () => {
  it('maps proto enums, optional fields and errors both ways', async () => {
    const org = await createOrg();
    const o = options();
    const server = await startGrpcServer({
      serviceName: 'field-test',
      port: 0,
      bindings: [
        reportServiceBinding({
          dailyReports: new DailyReportService(db, o),
          marketReports: new MarketReportService(db, o),
          weeklyReports: new WeeklyReportService(db, o),
          attendance: new AttendanceService(db, o),
          absences: new AbsenceService(db, o),
          expenses: new ExpenseService(db, o),
          settings: new ReportSettingsService(db),
          holidays: new HolidayCalendarService(db),
          obligations: new ReportObligationReader(db),
          timeZone: TZ,
        }),
      ],
      log,
    });
    const client = createServiceClient(fieldV1.ReportServiceService, `127.0.0.1:${server.port}`);
    try {
      const as = { principal: principal(org, org.repId) };
      const { report } = await client.fileMarketReport(
        {
          type: 'MARKET_REPORT_TYPE_PRODUCT_FEEDBACK',
          severity: 'SEVERITY_CRITICAL',
          customerId: '',
          competitor: '',
          title: '包装易破',
          description: '',
        },
        as,
      );
      expect(report).toMatchObject({
        type: 'MARKET_REPORT_TYPE_PRODUCT_FEEDBACK',
        severity: 'SEVERITY_CRITICAL',
        supervisorId: org.managerId,
      });

      const daily = await client.createDailyReport({ reportDate: '2026-11-20' }, as);
      const updated = await client.updateDailyReport(
        { id: daily.report?.id ?? '', expectedVersion: '1', lessons: '多听少说' },
        as,
      );
      // Fields left out stay as they are.
      expect(updated.report).toMatchObject({
        lessons: '多听少说',
        competitorNews: '',
        version: '2',
        status: 'DAILY_REPORT_STATUS_DRAFT',
      });
      const listed = await client.listDailyReports(
        { from: '', to: '', employeeId: '', status: 'DAILY_REPORT_STATUS_DRAFT' },
        as,
      );
      expect(listed.reports.map((r) => r.id)).toEqual([daily.report?.id]);

      const missingKind = await client.clockAttendance({ kind: 'ATTENDANCE_KIND_UNSPECIFIED', notes: '' }, as).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(missingKind).toMatchObject({ code: 'INVALID_ARGUMENT' });

      const settings = await client.getReportSettings({}, as);
      expect(settings.settings).toEqual({
        reportDeadlineTime: '09:00',
        reportDeadlineDaysAfter: 1,
        workStartTime: '09:00',
        timeZone: TZ,
      });

      // Nothing settled in this org yet; a malformed date is refused with its field.
      const obligations = await client.listReportObligations({ from: '2026-11-01', to: '2026-11-30' }, as);
      expect(obligations).toMatchObject({ obligations: [], page: { nextCursor: '' } });
      const badDate = await client.listReportObligations({ from: '2026/11/01', to: '' }, as).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(badDate).toMatchObject({ code: 'INVALID_ARGUMENT' });
    } finally {
      client.close();
      await server.drain();
    }
  });
});
