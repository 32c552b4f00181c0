import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type analyticsV1, commonV1, crmV1, fieldV1, goalsV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  catalogTopics,
  createKafka,
  createOutboxRelay,
  ensureTopics,
  type NewEvent,
  type OutboxRelay,
} from '@salesflow/platform';
import {
  consumeFromNow,
  createTestDatabase,
  rejectionOf,
  type TestDatabase,
  testKafkaBrokers,
  waitUntilDrained,
} from '@salesflow/platform/testing';
import { Pool } from 'pg';
import pino from 'pino';
import { ChurnAnalysisService } from '../src/modules/churn/churn-analysis.service';
import { KpiService } from '../src/modules/kpi/kpi.service';
import { TargetCompletionService } from '../src/modules/targets/target-completion.service';
import { projectionGroupId } from '../src/projections/projection-generation';
import { createProjectionRunner, PROJECTED_TOPICS, type ProjectionRunner } from '../src/projections/projection-runner';
import { at, money, obligationSettled, sqlExecutor, TIME_ZONE } from './support/test-events';

const log = pino({ level: 'silent' });

/**
 * The KPI sources added for issue 8 (expenses, daily reports, tasks, goals targets) and the
 * churn analysis, on a small dataset whose every expected number is worked out by hand in
 * the comments. Events go through the outbox, the broker and the batch projector; some
 * arrive before the events they follow, every one is delivered three times, and the whole
 * dataset is then published once more under new event ids (a replay the inbox cannot
 * recognise: only the fact versions keep it from counting twice).
 */
describe('analytics KPIs from expenses, daily reports, tasks and targets; churn analysis', () => {
  const tenantId = randomUUID();
  const root = randomUUID();
  const d1 = randomUUID();
  const d2 = randomUUID();
  const pathD1 = `${root}/${d1}/`;
  const pathD2 = `${root}/${d2}/`;
  const repA = randomUUID();
  const repB = randomUUID();
  const managerD1 = randomUUID();
  const groupPrefix = `analytics.test.${randomUUID()}`;
  const kafka = createKafka({ clientId: 'kpi-sources-test', brokers: testKafkaBrokers(), log });
  let producerDb: TestDatabase;
  let analyticsDb: TestDatabase;
  let producer: Pool;
  let pool: Pool;
  let relay: OutboxRelay;
  const runners: ProjectionRunner[] = [];
  let kpis: KpiService;
  let targets: TargetCompletionService;
  let churn: ChurnAnalysisService;

  const principal = (employeeId: string, dataScope: commonV1.DataScope, departmentId = '', departmentPath = '') =>
    commonV1.Principal.fromPartial({
      tenantId,
      employeeId,
      permissions: ['analytics.read'],
      dataScope,
      departmentId,
      departmentPath,
    });
  const director = principal(randomUUID(), 'DATA_SCOPE_TENANT');
  const manager = principal(managerD1, 'DATA_SCOPE_DEPARTMENT', d1, pathD1);
  const selfB = principal(repB, 'DATA_SCOPE_SELF', d2, pathD2);

  const attribution = (ownerId: string, customerId = '') =>
    commonV1.Attribution.fromPartial({
      ownerId,
      departmentId: ownerId === repB ? d2 : d1,
      departmentPath: ownerId === repB ? pathD2 : pathD1,
      customerId,
      region: '华东',
      customerSegment: 'key',
    });

  async function publish(events: NewEvent<unknown>[]): Promise<void> {
    const db = sqlExecutor(producer);
    for (const event of events) await appendToOutbox(db, event, { source: '/salesflow/test' });
    await relay.flush();
  }

  const contract = (
    id: string,
    ownerId: string,
    signedOn: string,
    amount: number,
  ): NewEvent<crmV1.ContractChanged> => ({
    type: 'crm.contract.signed',
    tenantId,
    aggregateId: id,
    aggregateVersion: 1,
    payload: crmV1.ContractChanged.fromPartial({
      contract: {
        id,
        tenantId,
        ownerId,
        status: 'CONTRACT_STATUS_SIGNED',
        signedOn,
        version: '1',
        totalAmount: money(amount),
        lines: [{ id: `${id}-0`, productLine: 'P1', amount: money(amount) }],
      },
      attribution: attribution(ownerId),
    }),
  });

  const expense = (
    id: string,
    version: number,
    ownerId: string,
    day: string,
    amount: number,
    status: fieldV1.ApprovalStatus,
  ): NewEvent<fieldV1.ExpenseChanged> => ({
    type:
      status === 'APPROVAL_STATUS_APPROVED'
        ? 'field.expense.approved'
        : status === 'APPROVAL_STATUS_REJECTED'
          ? 'field.expense.rejected'
          : 'field.expense.submitted',
    tenantId,
    aggregateId: id,
    aggregateVersion: version,
    payload: fieldV1.ExpenseChanged.fromPartial({
      expense: {
        id,
        tenantId,
        employeeId: ownerId,
        expenseDate: day,
        amount: money(amount),
        status,
        version: String(version),
      },
      attribution: attribution(ownerId),
    }),
  });

  const report = (
    id: string,
    version: number,
    employeeId: string,
    day: string,
    late: boolean,
    type = 'field.daily_report.submitted',
  ): NewEvent<fieldV1.DailyReportChanged> => ({
    type,
    tenantId,
    aggregateId: id,
    aggregateVersion: version,
    payload: fieldV1.DailyReportChanged.fromPartial({
      report: {
        id,
        tenantId,
        employeeId,
        reportDate: day,
        late,
        status:
          type === 'field.daily_report.returned' ? 'DAILY_REPORT_STATUS_RETURNED' : 'DAILY_REPORT_STATUS_SUBMITTED',
        version: String(version),
      },
    }),
  });

  const task = (
    id: string,
    version: number,
    assigneeId: string,
    dueAt: Date,
    status: goalsV1.TaskStatus,
    completedAt?: Date,
    type = status === 'TASK_STATUS_DONE' ? 'goals.task.completed' : 'goals.task.created',
  ): NewEvent<goalsV1.TaskChanged> => ({
    type,
    tenantId,
    aggregateId: id,
    aggregateVersion: version,
    payload: goalsV1.TaskChanged.fromPartial({
      task: {
        id,
        tenantId,
        title: 'task',
        assigneeId,
        dueAt,
        status,
        version: String(version),
        ...(completedAt ? { completedAt } : {}),
      },
    }),
  });

  const target = (
    id: string,
    version: number,
    spec: { scope: goalsV1.TargetScope; scopeId?: string; start: string; end: string; key: string; value: number },
    achieved: number,
    type = version === 1 ? 'goals.target.created' : 'goals.target.progress_changed',
  ): NewEvent<goalsV1.TargetProgressChanged> => ({
    type,
    tenantId,
    aggregateId: id,
    aggregateVersion: version,
    payload: goalsV1.TargetProgressChanged.fromPartial({
      target: {
        id,
        tenantId,
        metric: 'TARGET_METRIC_CONTRACT_AMOUNT',
        scope: spec.scope,
        scopeId: spec.scopeId ?? '',
        periodStart: spec.start,
        periodEnd: spec.end,
        periodKey: spec.key,
        value: String(spec.value),
        achieved: String(achieved),
        version: String(version),
      },
    }),
  });

  const customer = (
    id: string,
    version: number,
    ownerId: string,
    tier: string,
    lifecycle: crmV1.CustomerLifecycle,
    churnReason = '',
    changedOn?: string,
  ): NewEvent<crmV1.CustomerChanged> => ({
    type: version === 1 ? 'crm.customer.created' : 'crm.customer.lifecycle_changed',
    tenantId,
    aggregateId: id,
    aggregateVersion: version,
    payload: crmV1.CustomerChanged.fromPartial({
      customer: {
        id,
        tenantId,
        name: `客户${id.slice(0, 4)}`,
        ownerId,
        tier,
        region: '华东',
        version: String(version),
        createdAt: at('2025-01-10'),
        lifecycle,
        churnReason,
        ...(changedOn ? { lifecycleChangedAt: at(changedOn) } : {}),
      },
    }),
  });

  const payment = (
    id: string,
    ownerId: string,
    customerId: string,
    receivedOn: string,
    amount: number,
    reversed = false,
  ): NewEvent<crmV1.PaymentChanged> => ({
    type: reversed ? 'crm.payment.reversed' : 'crm.payment.received',
    tenantId,
    aggregateId: id,
    aggregateVersion: reversed ? 2 : 1,
    payload: crmV1.PaymentChanged.fromPartial({
      payment: {
        id,
        tenantId,
        customerId,
        ownerId,
        receivedOn,
        amount: money(amount),
        status: reversed ? 'PAYMENT_STATUS_REVERSED' : 'PAYMENT_STATUS_RECEIVED',
        version: reversed ? '2' : '1',
      },
      attribution: attribution(ownerId, customerId),
      productLineSplit: [{ productLine: 'P1', amountMinor: String(amount) }],
    }),
  });

  const obligation = (id: string, employeeId: string, day: string, onTime: boolean) =>
    obligationSettled(tenantId, {
      id,
      version: 1,
      employeeId,
      departmentPath: employeeId === repB ? pathD2 : pathD1,
      reportDate: day,
      expected: true,
      onTime,
    });

  type Seven = [string, string, string, string, string, string, string];
  const ids = (): Seven => [
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
  ];
  const [c1, c2] = ids();
  const [e1, e2, e3, e4, e5] = ids();
  const [r1, r2, r3, r4, r5, r6] = ids();
  const [o1, o2, o3, o4, o5, o6, o7] = ids();
  const [t1, t2, t3, t4, t5, t6, t7] = ids();
  const [T1, T2, T3, T4, T5, T6] = ids();
  const [k1, k2, k3, k4, k5] = ids();
  const july = { start: '2026-07-01', end: '2026-08-01', key: '2026-07' };

  // July 2026 unless said otherwise. Out of order on purpose where marked.
  const dataset = (): NewEvent<unknown>[] => [
    // Sales: A 100,000, B 50,000.
    contract(c1, repA, '2026-07-05', 100_000),
    contract(c2, repB, '2026-07-10', 50_000),
    // Expenses. e1 (A, 6,000) approved; its approval arrives before its submission.
    expense(e1, 2, repA, '2026-07-03', 6_000, 'APPROVAL_STATUS_APPROVED'),
    expense(e1, 1, repA, '2026-07-03', 6_000, 'APPROVAL_STATUS_PENDING'),
    // e2 (A, 4,000) still pending; e3 (B, 5,000) rejected: neither is cost.
    expense(e2, 1, repA, '2026-07-08', 4_000, 'APPROVAL_STATUS_PENDING'),
    expense(e3, 1, repB, '2026-07-09', 5_000, 'APPROVAL_STATUS_PENDING'),
    expense(e3, 2, repB, '2026-07-09', 5_000, 'APPROVAL_STATUS_REJECTED'),
    // e4 (B, 5,000) approved; e5 (A, 10,000) approved but dated June.
    expense(e4, 1, repB, '2026-07-20', 5_000, 'APPROVAL_STATUS_PENDING'),
    expense(e4, 2, repB, '2026-07-20', 5_000, 'APPROVAL_STATUS_APPROVED'),
    expense(e5, 2, repA, '2026-06-30', 10_000, 'APPROVAL_STATUS_APPROVED'),
    // Daily reports. A: r1 07-01 on time (then reviewed), r2 07-02 late.
    report(r1, 1, repA, '2026-07-01', false),
    report(r1, 2, repA, '2026-07-01', false, 'field.daily_report.reviewed'),
    report(r2, 1, repA, '2026-07-02', true),
    // B: r3 07-01 on time, returned, resubmitted late (v3 arrives before the return v2);
    // r4 07-02 and r6 07-03 on time.
    report(r3, 1, repB, '2026-07-01', false),
    report(r3, 3, repB, '2026-07-01', true),
    report(r3, 2, repB, '2026-07-01', false, 'field.daily_report.returned'),
    report(r4, 1, repB, '2026-07-02', false),
    report(r6, 1, repB, '2026-07-03', false),
    // r5: A, 06-30, on time (June).
    report(r5, 1, repA, '2026-06-30', false),
    // The obligations field settled for those days once their deadlines passed (timeliness is
    // on time / expected): A 07-01 on time (r1), 07-02 late (r2), 07-03 missing; B 07-01 late
    // (r3 was resubmitted after the deadline before the day was settled), 07-02 and 07-03 on
    // time (r4, r6); A 06-30 on time (r5).
    obligation(o1, repA, '2026-07-01', true),
    obligation(o2, repA, '2026-07-02', false),
    obligation(o3, repA, '2026-07-03', false),
    obligation(o4, repB, '2026-07-01', false),
    obligation(o5, repB, '2026-07-02', true),
    obligation(o6, repB, '2026-07-03', true),
    obligation(o7, repA, '2026-06-30', true),
    // Tasks (due times at noon Beijing unless said). A: t1 due 07-10 done 07-09 (on time),
    // t2 due 07-15 done 07-16 (late), t3 due 07-20 still open.
    task(t1, 1, repA, at('2026-07-10'), 'TASK_STATUS_TODO'),
    task(t1, 2, repA, at('2026-07-10'), 'TASK_STATUS_DONE', at('2026-07-09')),
    task(t2, 1, repA, at('2026-07-15'), 'TASK_STATUS_TODO'),
    task(t2, 2, repA, at('2026-07-15'), 'TASK_STATUS_DONE', at('2026-07-16')),
    task(t3, 1, repA, at('2026-07-20'), 'TASK_STATUS_IN_PROGRESS'),
    // B: t4 due 07-12 cancelled (not due); t5 due 07-25 12:00, done 11:00 the same day
    // (its completion arrives before its creation).
    task(t4, 1, repB, at('2026-07-12'), 'TASK_STATUS_TODO'),
    task(t4, 2, repB, at('2026-07-12'), 'TASK_STATUS_CANCELLED', undefined, 'goals.task.updated'),
    task(t5, 2, repB, at('2026-07-25'), 'TASK_STATUS_DONE', new Date('2026-07-25T03:00:00Z')),
    task(t5, 1, repB, at('2026-07-25'), 'TASK_STATUS_TODO'),
    // t6: due 2026-07-31T20:00Z = 08-01 04:00 in Beijing -> an August task.
    task(t6, 1, repB, new Date('2026-07-31T20:00:00Z'), 'TASK_STATUS_TODO'),
    // t7: A's task due 07-18, reassigned to B, done 07-17 -> B's, on time.
    task(t7, 1, repA, at('2026-07-18'), 'TASK_STATUS_TODO'),
    task(t7, 2, repB, at('2026-07-18'), 'TASK_STATUS_TODO', undefined, 'goals.task.assigned'),
    task(t7, 3, repB, at('2026-07-18'), 'TASK_STATUS_DONE', at('2026-07-17')),
    // Targets (contract amount). T1 tenant July 200,000: achieved 100,000 then 150,000 (v3
    // arrives before v2). T2 A July 120,000, achieved 100,000. T3 B July 40,000, achieved
    // 50,000. T4 D2 2026Q3 300,000, achieved 50,000. T5 tenant June.
    target(T1, 1, { scope: 'TARGET_SCOPE_TENANT', ...july, value: 200_000 }, 0),
    target(T1, 3, { scope: 'TARGET_SCOPE_TENANT', ...july, value: 200_000 }, 150_000),
    target(T1, 2, { scope: 'TARGET_SCOPE_TENANT', ...july, value: 200_000 }, 100_000),
    target(T2, 1, { scope: 'TARGET_SCOPE_EMPLOYEE', scopeId: repA, ...july, value: 120_000 }, 0),
    target(T2, 2, { scope: 'TARGET_SCOPE_EMPLOYEE', scopeId: repA, ...july, value: 120_000 }, 100_000),
    target(T3, 1, { scope: 'TARGET_SCOPE_EMPLOYEE', scopeId: repB, ...july, value: 40_000 }, 0),
    target(
      T3,
      2,
      { scope: 'TARGET_SCOPE_EMPLOYEE', scopeId: repB, ...july, value: 40_000 },
      50_000,
      'goals.target.completed',
    ),
    target(
      T4,
      1,
      {
        scope: 'TARGET_SCOPE_DEPARTMENT',
        scopeId: d2,
        start: '2026-07-01',
        end: '2026-10-01',
        key: '2026Q3',
        value: 300_000,
      },
      50_000,
    ),
    target(
      T5,
      1,
      { scope: 'TARGET_SCOPE_TENANT', start: '2026-06-01', end: '2026-07-01', key: '2026-06', value: 100_000 },
      90_000,
    ),
    // T6: A's second July node, deleted (v3); its older progress (v2) arrives after the deletion.
    target(T6, 1, { scope: 'TARGET_SCOPE_EMPLOYEE', scopeId: repA, ...july, value: 10_000 }, 0),
    target(
      T6,
      3,
      { scope: 'TARGET_SCOPE_EMPLOYEE', scopeId: repA, ...july, value: 10_000 },
      5_000,
      'goals.target.deleted',
    ),
    target(T6, 2, { scope: 'TARGET_SCOPE_EMPLOYEE', scopeId: repA, ...july, value: 10_000 }, 5_000),
    // Churn. k1 (A, key) churned 07-10 for price; k2 (A, key) 07-20 for service; k3 (B,
    // normal) 07-05 for price; k4 (B, normal) churned in June; k5 (A, key) churned 07-12 and
    // was won back (v3 arrives before v2, so it stays ACTIVE).
    customer(k1, 1, repA, 'key', 'CUSTOMER_LIFECYCLE_ACTIVE'),
    customer(k1, 2, repA, 'key', 'CUSTOMER_LIFECYCLE_CHURNED', 'price', '2026-07-10'),
    customer(k2, 1, repA, 'key', 'CUSTOMER_LIFECYCLE_ACTIVE'),
    customer(k2, 2, repA, 'key', 'CUSTOMER_LIFECYCLE_CHURNED', 'service', '2026-07-20'),
    customer(k3, 1, repB, 'normal', 'CUSTOMER_LIFECYCLE_ACTIVE'),
    customer(k3, 2, repB, 'normal', 'CUSTOMER_LIFECYCLE_CHURNED', 'price', '2026-07-05'),
    customer(k4, 1, repB, 'normal', 'CUSTOMER_LIFECYCLE_ACTIVE'),
    customer(k4, 2, repB, 'normal', 'CUSTOMER_LIFECYCLE_CHURNED', 'price', '2026-06-28'),
    customer(k5, 1, repA, 'key', 'CUSTOMER_LIFECYCLE_ACTIVE'),
    customer(k5, 3, repA, 'key', 'CUSTOMER_LIFECYCLE_ACTIVE', '', '2026-07-15'),
    customer(k5, 2, repA, 'key', 'CUSTOMER_LIFECYCLE_CHURNED', 'price', '2026-07-12'),
    // Payments. k1's 12 months before churning are [2025-07-10, 2026-07-10): 07-09 is
    // before, 2025-07-10 is in, the churn day itself is out.
    payment(`${k1}-p1`, repA, k1, '2025-07-09', 10_000),
    payment(`${k1}-p2`, repA, k1, '2025-07-10', 20_000),
    payment(`${k1}-p3`, repA, k1, '2026-03-01', 30_000),
    payment(`${k1}-p4`, repA, k1, '2026-07-10', 5_000),
    // k2: 40,000 received, 15,000 reversed.
    payment(`${k2}-p1`, repA, k2, '2026-05-01', 40_000),
    payment(`${k2}-p2`, repA, k2, '2026-06-01', 15_000, true),
    // k3: 25,000; k4 (churned in June) and k5 (not churned) do not count.
    payment(`${k3}-p1`, repB, k3, '2026-01-15', 25_000),
    payment(`${k4}-p1`, repB, k4, '2026-06-01', 99_000),
    payment(`${k5}-p1`, repA, k5, '2026-07-01', 77_000),
  ];

  async function drained(): Promise<void> {
    await waitUntilDrained(
      kafka,
      projectionGroupId(1, groupPrefix),
      PROJECTED_TOPICS.map((t) => t.name),
      { timeoutMs: 240_000 },
    );
  }

  const kpisOf = (
    p: commonV1.Principal,
    period = '2026-07',
    groupBy: analyticsV1.KpiGroupBy = 'KPI_GROUP_BY_UNSPECIFIED',
  ) => kpis.getKpis(p, { period, groupBy, departmentId: '' });

  beforeAll(async () => {
    producerDb = await createTestDatabase('producer', mkdtempSync(join(tmpdir(), 'no-migrations-')));
    analyticsDb = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    await ensureTopics(kafka, catalogTopics());
    producer = new Pool({ connectionString: producerDb.url, max: 2 });
    pool = new Pool({ connectionString: analyticsDb.url, max: 8 });
    relay = createOutboxRelay({ databaseUrl: producerDb.url, kafka, log, idleDelayMs: 50 });
    for (const [id, departmentId, path] of [
      [repA, d1, pathD1],
      [managerD1, d1, pathD1],
      [repB, d2, pathD2],
    ] as const) {
      await pool.query(
        `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
         VALUES ($1, $2, 'x', $3, $4, 1)`,
        [id, tenantId, departmentId, path],
      );
    }
    // Generation 1 of this test's own group reads only what the test publishes.
    await consumeFromNow(
      kafka,
      projectionGroupId(1, groupPrefix),
      PROJECTED_TOPICS.map((t) => t.name),
    );
    kpis = new KpiService(pool);
    targets = new TargetCompletionService(pool);
    churn = new ChurnAnalysisService(pool, (t) => kpis.currency(t));
  });

  afterAll(async () => {
    for (const runner of runners) await runner.stop().catch(() => undefined);
    await relay?.stop().catch(() => undefined);
    await producer?.end();
    await pool?.end();
    await producerDb?.drop();
    await analyticsDb?.drop();
  });

  it('projects the dataset once although every event is delivered three times, with two consumers', async () => {
    await publish(dataset());
    // The relay "crashed" twice after sending: everything goes out two more times.
    for (let i = 0; i < 2; i++) {
      await producer.query('UPDATE salesflow_outbox SET sent_at = NULL');
      expect(await relay.flush()).toBeGreaterThan(60);
    }
    for (let i = 0; i < 2; i++) {
      const runner = createProjectionRunner({ kafka, pool, log, timeZone: TIME_ZONE, pollMs: 300, groupPrefix });
      runners.push(runner);
      await runner.start();
    }
    await drained();
    const facts = await pool.query(
      `SELECT (SELECT count(*) FROM expense_facts WHERE tenant_id = $1)::int AS expenses,
              (SELECT count(*) FROM daily_report_facts WHERE tenant_id = $1)::int AS reports,
              (SELECT count(*) FROM task_facts WHERE tenant_id = $1)::int AS tasks,
              (SELECT count(*) FROM target_facts WHERE tenant_id = $1)::int AS targets,
              (SELECT count(*) FROM report_obligation_facts WHERE tenant_id = $1)::int AS obligations`,
      [tenantId],
    );
    // e1..e5, r1..r6, t1..t7, T1..T6 (T6 as a tombstone), o1..o7, once each.
    expect(facts.rows[0]).toEqual({ expenses: 5, reports: 6, tasks: 7, targets: 6, obligations: 7 });
  });

  it('computes sales cost, cost ratio, report timeliness and task completion by hand', async () => {
    const t = (await kpisOf(director)).total as analyticsV1.KpiValues;
    // Sales 100,000 + 50,000 = 150,000. Cost: e1 6,000 + e4 5,000 = 11,000 (e2 pending, e3
    // rejected, e5 June) over 2 expenses; ratio 11,000 / 150,000 = 11/150.
    expect(t.salesAmount).toEqual(money(150_000));
    expect(t.salesCost).toEqual(money(11_000));
    expect(t.expenses).toBe('2');
    expect(t.costRatio).toBeCloseTo(11 / 150, 10);
    // Reports submitted for July days: r1, r2, r3, r4, r6 = 5; on time r1, r4, r6 = 3
    // (r3's latest submission was late; r5 is June). Timeliness is against the reports
    // expected: A 07-01..03 + B 07-01..03 = 6, on time A 07-01, B 07-02, B 07-03 = 3 -> 0.5
    // (A's missing 07-03 counts against it now).
    expect(t.reportsSubmitted).toBe('5');
    expect(t.reportsOnTime).toBe('3');
    expect(t.reportTimeliness).toBeCloseTo(0.5, 10);
    // Tasks due in July: t1, t2, t3, t5, t7 = 5 (t4 cancelled, t6 due 08-01 in Beijing);
    // done on time: t1, t5, t7 = 3 -> 0.6.
    expect(t.tasksDue).toBe('5');
    expect(t.tasksCompletedOnTime).toBe('3');
    expect(t.taskCompletion).toBeCloseTo(0.6, 10);

    const rows = (await kpisOf(director, '2026-07', 'KPI_GROUP_BY_EMPLOYEE')).rows;
    const a = rows.find((r) => r.groupKey === repA)?.values as analyticsV1.KpiValues;
    const b = rows.find((r) => r.groupKey === repB)?.values as analyticsV1.KpiValues;
    // A: cost 6,000 / sales 100,000 = 0.06; reports 1 on time of 3 expected = 1/3; tasks t1 of t1..t3 = 1/3.
    expect(a.salesCost).toEqual(money(6_000));
    expect(a.costRatio).toBeCloseTo(0.06, 10);
    expect(a.reportTimeliness).toBeCloseTo(1 / 3, 10);
    expect(a.tasksDue).toBe('3');
    expect(a.taskCompletion).toBeCloseTo(1 / 3, 10);
    // B: 5,000 / 50,000 = 0.1; reports 07-02, 07-03 on time of 07-01..03 expected = 2/3; tasks t5, t7 of t5, t7 = 1.
    expect(b.costRatio).toBeCloseTo(0.1, 10);
    expect(b.reportTimeliness).toBeCloseTo(2 / 3, 10);
    expect(b.taskCompletion).toBe(1);

    // June: cost e5 10,000 with no sales -> no ratio; A's 06-30 on time, 1 of 1 expected.
    const june = (await kpisOf(director, '2026-06')).total as analyticsV1.KpiValues;
    expect(june.salesCost).toEqual(money(10_000));
    expect(june.costRatio).toBeUndefined();
    expect(june.reportTimeliness).toBe(1);
    // August: t6 due, not done -> 0 of 1.
    const august = (await kpisOf(director, '2026-08')).total as analyticsV1.KpiValues;
    expect(august.tasksDue).toBe('1');
    expect(august.taskCompletion).toBe(0);

    const board = await kpis.getLeaderboard(director, {
      metric: 'task_completion',
      period: '2026-07',
      groupBy: 'KPI_GROUP_BY_EMPLOYEE',
      limit: 10,
    });
    expect(board.entries).toEqual([
      { rank: 1, groupKey: repB, value: 1 },
      { rank: 2, groupKey: repA, value: 1 / 3 },
    ]);
    const series = await kpis.getTimeseries(director, {
      metric: 'report_timeliness',
      from: '2026-06-01',
      to: '2026-07-31',
      interval: 'month',
    });
    expect(series.points).toEqual([
      { start: '2026-06-01', value: 1 },
      { start: '2026-07-01', value: 0.5 },
    ]);
  });

  it('gives the completion of each target node overlapping the period', async () => {
    const answer = await targets.getTargetCompletion(director, { period: '2026-07', metric: '' });
    const byId = new Map(answer.targets.map((n) => [n.targetId, n]));
    // T5 (June) does not overlap July; T4 (Q3) does; T6 was deleted.
    expect([...byId.keys()].sort()).toEqual([T1, T2, T3, T4].sort());
    // T1: the latest achieved (v3) 150,000 / 200,000 = 0.75, although v2 arrived after it.
    expect(byId.get(T1)).toMatchObject({
      scope: 'TENANT',
      metric: 'CONTRACT_AMOUNT',
      periodKey: '2026-07',
      periodFrom: '2026-07-01',
      periodTo: '2026-07-31',
      value: '200000',
      achieved: '150000',
      completion: 0.75,
    });
    // T2: 100,000 / 120,000 = 5/6; T3: 50,000 / 40,000 = 1.25; T4: 50,000 / 300,000 = 1/6.
    expect(byId.get(T2)?.completion).toBeCloseTo(5 / 6, 10);
    expect(byId.get(T3)?.completion).toBeCloseTo(1.25, 10);
    expect(byId.get(T4)).toMatchObject({ scope: 'DEPARTMENT', scopeId: d2, periodTo: '2026-09-30' });
    expect(byId.get(T4)?.completion).toBeCloseTo(1 / 6, 10);
    // The longest period first, then the tenant node.
    expect(answer.targets.slice(0, 2).map((n) => n.targetId)).toEqual([T4, T1]);

    // Data scope: B (SELF) sees their own node; D1's manager sees A's node only.
    const own = await targets.getTargetCompletion(selfB, { period: '2026-07', metric: '' });
    expect(own.targets.map((n) => n.targetId)).toEqual([T3]);
    const team = await targets.getTargetCompletion(manager, { period: '2026Q3', metric: 'CONTRACT_AMOUNT' });
    expect(team.targets.map((n) => n.targetId)).toEqual([T2]);
    const bad = await rejectionOf(targets.getTargetCompletion(director, { period: '2026-07', metric: 'HEIGHT' }));
    expect(bad.details.fieldErrors?.[0]?.field).toBe('metric');
  });

  it('analyses the churned customers by segment and reason with the revenue lost', async () => {
    const answer = await churn.getChurnAnalysis(director, { period: '2026-07', departmentId: '' });
    // Churned in July and still churned: k1, k2, k3 (k4 June, k5 won back).
    // Lost revenue: k1 20,000 + 30,000 = 50,000; k2 40,000; k3 25,000 -> 115,000.
    expect(answer).toEqual({
      period: '2026-07',
      from: '2026-07-01',
      to: '2026-07-31',
      churnedCustomers: '3',
      lostRevenue: money(115_000),
      // key: k1 + k2 = 90,000; normal: k3 25,000.
      bySegment: [
        { key: 'key', customers: '2', lostRevenue: money(90_000) },
        { key: 'normal', customers: '1', lostRevenue: money(25_000) },
      ],
      // price: k1 + k3 = 75,000; service: k2 40,000.
      byReason: [
        { key: 'price', customers: '2', lostRevenue: money(75_000) },
        { key: 'service', customers: '1', lostRevenue: money(40_000) },
      ],
    });
    // June: k4 only, its 99,000 of 2026-06-01 within [2025-06-28, 2026-06-28).
    const june = await churn.getChurnAnalysis(director, { period: '2026-06', departmentId: '' });
    expect(june).toMatchObject({ churnedCustomers: '1', lostRevenue: money(99_000) });
    // Data scope: B sees k3 only; the D1 manager k1 and k2; D2's department filter k3.
    const own = await churn.getChurnAnalysis(selfB, { period: '2026-07', departmentId: '' });
    expect(own).toMatchObject({
      churnedCustomers: '1',
      lostRevenue: money(25_000),
      byReason: [{ key: 'price', customers: '1', lostRevenue: money(25_000) }],
    });
    const team = await churn.getChurnAnalysis(manager, { period: '2026Q3', departmentId: '' });
    expect(team).toMatchObject({ churnedCustomers: '2', lostRevenue: money(90_000) });
    const d2Only = await churn.getChurnAnalysis(director, { period: '2026', departmentId: d2 });
    // The year holds k3 (July) and k4 (June), both in D2: 25,000 + 99,000.
    expect(d2Only).toMatchObject({ churnedCustomers: '2', lostRevenue: money(124_000) });
    const bad = await rejectionOf(churn.getChurnAnalysis(director, { period: 'July', departmentId: '' }));
    expect(bad.details.fieldErrors?.[0]?.field).toBe('period');
  });

  it('keeps the new KPIs within the data scope', async () => {
    // B (SELF): cost 5,000, reports 2 on time of 3 expected, tasks 2/2.
    const own = (await kpisOf(selfB)).total as analyticsV1.KpiValues;
    expect(own.salesCost).toEqual(money(5_000));
    expect(own.reportTimeliness).toBeCloseTo(2 / 3, 10);
    expect(own.taskCompletion).toBe(1);
    // D1's manager: A's only (the manager has no facts).
    const team = (await kpisOf(manager)).total as analyticsV1.KpiValues;
    expect(team.salesCost).toEqual(money(6_000));
    expect(team.tasksDue).toBe('3');
  });

  it('counts nothing twice when the whole dataset is replayed under new event ids', async () => {
    const before = await Promise.all([
      kpisOf(director, '2026-07', 'KPI_GROUP_BY_EMPLOYEE'),
      targets.getTargetCompletion(director, { period: '2026', metric: '' }),
      churn.getChurnAnalysis(director, { period: '2026', departmentId: '' }),
    ]);
    // New envelope ids: the inbox lets them through; the fact versions must stop them.
    await publish(dataset());
    await drained();
    const after = await Promise.all([
      kpisOf(director, '2026-07', 'KPI_GROUP_BY_EMPLOYEE'),
      targets.getTargetCompletion(director, { period: '2026', metric: '' }),
      churn.getChurnAnalysis(director, { period: '2026', departmentId: '' }),
    ]);
    expect(after).toEqual(before);
    expect(before[2].churnedCustomers).toBe('4');
  });
});
