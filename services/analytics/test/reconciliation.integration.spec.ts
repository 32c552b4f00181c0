import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, crmV1, fieldV1, goalsV1 } from '@salesflow/contracts';
import { bindService, createLogger, type DomainEvent, ServiceError, startGrpcServer } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { Pool } from 'pg';
import pino from 'pino';
import { KpiService } from '../src/modules/kpi/kpi.service';
import { contractReconciliation } from '../src/modules/reconciliation/families/contract.reconciliation';
import { expenseReconciliation } from '../src/modules/reconciliation/families/expense.reconciliation';
import { paymentReconciliation } from '../src/modules/reconciliation/families/payment.reconciliation';
import { reportObligationReconciliation } from '../src/modules/reconciliation/families/report-obligation.reconciliation';
import { taskReconciliation } from '../src/modules/reconciliation/families/task.reconciliation';
import { visitReconciliation } from '../src/modules/reconciliation/families/visit.reconciliation';
import type { SourceReader } from '../src/modules/reconciliation/reconciled-family';
import { Reconciler } from '../src/modules/reconciliation/reconciler';
import { reconcileAllTenants } from '../src/modules/reconciliation/reconciliation.scheduler';
import { CrmContractSource } from '../src/modules/reconciliation/sources/contract.source';
import { FieldExpenseSource } from '../src/modules/reconciliation/sources/expense.source';
import { CrmPaymentSource } from '../src/modules/reconciliation/sources/payment.source';
import { FieldReportObligationSource } from '../src/modules/reconciliation/sources/report-obligation.source';
import { GoalsTaskSource } from '../src/modules/reconciliation/sources/task.source';
import { FieldVisitSource } from '../src/modules/reconciliation/sources/visit.source';
import { calendarDayIn, createProjector } from '../src/projections/projector';
import { money } from './support/test-events';

const log = pino({ level: 'silent' });
const beijingDay = calendarDayIn('Asia/Shanghai');

/**
 * A source service as an in-memory map (the gRPC adapters are tested below): lists what lies
 * in the range by the record's own day, as the source's date filter does, and reads one by id,
 * within the tenant asked for.
 */
class FakeSource<R extends { id: string; tenantId: string }> implements SourceReader<R> {
  readonly records = new Map<string, R>();
  constructor(private readonly dayOf: (record: R) => string) {}
  set(...records: R[]): void {
    for (const r of records) this.records.set(r.id, r);
  }
  async list(tenantId: string, from: string, to: string): Promise<R[]> {
    return [...this.records.values()].filter(
      (r) => r.tenantId === tenantId && this.dayOf(r) >= from && this.dayOf(r) <= to,
    );
  }
  async get(tenantId: string, id: string): Promise<R | undefined> {
    const record = this.records.get(id);
    return record?.tenantId === tenantId ? record : undefined;
  }
}

describe('reconciliation of contracts with crm', () => {
  const tenantId = randomUUID();
  const rep = randomUUID();
  const path = `${randomUUID()}/`;
  const project = createProjector({ timeZone: 'Asia/Shanghai' });
  let db: TestDatabase;
  let pool: Pool;
  let kpis: KpiService;
  // crm lists only SIGNED contracts: a cancelled one is read by id.
  const crm = new FakeSource<crmV1.Contract>((c) => (c.status === 'CONTRACT_STATUS_SIGNED' ? c.signedOn : ''));
  const director = commonV1.Principal.fromPartial({
    tenantId,
    employeeId: randomUUID(),
    permissions: ['analytics.read'],
    dataScope: 'DATA_SCOPE_TENANT',
  });

  const contract = (
    id: string,
    version: number,
    signedOn: string,
    amount: number,
    status: crmV1.ContractStatus = 'CONTRACT_STATUS_SIGNED',
  ) =>
    crmV1.Contract.fromPartial({
      id,
      tenantId,
      ownerId: rep,
      status,
      signedOn,
      version: String(version),
      totalAmount: money(amount),
      lines: [{ id: `${id}-0`, productLine: 'P1', amount: money(amount) }],
    });

  /** What the consumer projected from the events it got. */
  async function projected(contracts: crmV1.Contract[]): Promise<void> {
    const events = contracts.map(
      (c) =>
        ({
          id: randomUUID(),
          type: 'crm.contract.signed',
          tenantId,
          aggregateId: c.id,
          aggregateVersion: Number(c.version),
          occurredAt: new Date(),
          actorId: '',
          payload: crmV1.ContractChanged.fromPartial({
            contract: c,
            attribution: { ownerId: rep, departmentPath: path, region: '华东', customerSegment: 'key' },
          }),
        }) satisfies DomainEvent<crmV1.ContractChanged>,
    );
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await project(events, client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  const julySales = async () =>
    (await kpis.getKpis(director, { period: '2026-07', groupBy: 'KPI_GROUP_BY_UNSPECIFIED', departmentId: '' })).total;

  const [c1, c2, c3, c4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    db = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    pool = new Pool({ connectionString: db.url, max: 4 });
    kpis = new KpiService(pool);
    await pool.query(
      `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
       VALUES ($1, $2, 'rep', $3, $4, 1)`,
      [rep, tenantId, randomUUID(), path],
    );
    // crm holds: c1 07-05 100,000; c2 amended to 120,000 (v2) on 07-10; c3 30,000 on 07-12;
    // c4 cancelled (v2), signed 07-15 for 40,000.
    crm.set(
      contract(c1, 1, '2026-07-05', 100_000),
      contract(c2, 2, '2026-07-10', 120_000),
      contract(c3, 1, '2026-07-12', 30_000),
      contract(c4, 2, '2026-07-15', 40_000, 'CONTRACT_STATUS_CANCELLED'),
    );
    // The projection missed c2's amendment, c3 entirely and c4's cancellation.
    await projected([
      contract(c1, 1, '2026-07-05', 100_000),
      contract(c2, 1, '2026-07-10', 80_000),
      contract(c4, 1, '2026-07-15', 40_000),
    ]);
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('reports the drifting days, repairs them from crm, and then finds nothing', async () => {
    // Before: 100,000 + 80,000 + 40,000 = 220,000 over 3 contracts.
    expect((await julySales())?.salesAmount).toEqual(money(220_000));
    const reconciler = new Reconciler(pool, contractReconciliation, crm, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    expect(report.drift).toEqual([
      {
        day: '2026-07-10',
        source: { contracts: 1, contract_amount_minor: 120_000 },
        projected: { contracts: 1, contract_amount_minor: 80_000 },
      },
      {
        day: '2026-07-12',
        source: { contracts: 1, contract_amount_minor: 30_000 },
        projected: { contracts: 0, contract_amount_minor: 0 },
      },
      {
        day: '2026-07-15',
        source: { contracts: 0, contract_amount_minor: 0 },
        projected: { contracts: 1, contract_amount_minor: 40_000 },
      },
    ]);
    // c2 (newer version), c3 (missing), c4 (cancelled in crm).
    expect(report.repaired).toBe(3);
    expect(report.unresolved).toEqual([]);
    // After: 100,000 + 120,000 + 30,000 = 250,000 over 3 contracts.
    const after = await julySales();
    expect(after?.salesAmount).toEqual(money(250_000));
    expect(after?.contracts).toBe('3');
    const c3Fact = await pool.query('SELECT department_path, status FROM contract_facts WHERE contract_id = $1', [c3]);
    // A contract the projection never saw gets its owner's department path from the org replica.
    expect(c3Fact.rows[0]).toEqual({ department_path: path, status: 'SIGNED' });

    // A second run finds nothing and changes nothing.
    const again = await reconcileAllTenants(pool, [reconciler], { days: 31, today: '2026-07-31', log });
    expect(again.find((r) => r.tenantId === tenantId)).toMatchObject({ drift: [], repaired: 0, unresolved: [] });
    expect((await julySales())?.salesAmount).toEqual(money(250_000));
  });

  it('never undoes a newer projected state with an older crm answer', async () => {
    // The consumer already has c1's amendment (v3, 90,000) that crm's page (v1) predates.
    await projected([contract(c1, 3, '2026-07-05', 90_000)]);
    const reconciler = new Reconciler(pool, contractReconciliation, crm, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    // 07-05 differs (crm 100,000, projected 90,000) but crm's version is older: nothing re-projected,
    // and the day stays unresolved until crm's next answer.
    expect(report.repaired).toBe(0);
    expect(report.unresolved).toEqual(['2026-07-05']);
    // 90,000 + 120,000 + 30,000.
    expect((await julySales())?.salesAmount).toEqual(money(240_000));
  });
});

describe('reconciliation of payments, visits, expenses and tasks with crm, field and goals', () => {
  const project = createProjector({ timeZone: 'Asia/Shanghai' });
  // A rep of each test's tenant (the org replica keys people by id alone).
  let rep = '';
  const path = `${randomUUID()}/`;
  const frozen = () => ({ ownerId: rep, departmentPath: '/frozen/', region: '华东', customerSegment: 'key' });
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    pool = new Pool({ connectionString: db.url, max: 4 });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  async function hire(tenantId: string): Promise<void> {
    rep = randomUUID();
    await pool.query(
      `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
       VALUES ($1, $2, 'rep', $3, $4, 1)`,
      [rep, tenantId, randomUUID(), path],
    );
  }

  /** What the consumer projected from the events it got. */
  async function projected(events: DomainEvent[]): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await project(events, client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  const event = (tenantId: string, type: string, id: string, version: number, payload: unknown): DomainEvent => ({
    id: randomUUID(),
    type,
    tenantId,
    aggregateId: id,
    aggregateVersion: version,
    occurredAt: new Date(),
    actorId: '',
    payload,
  });

  /** The rollups' sums of `measures` over [from, to], as the KPIs read them. */
  async function rollupSums(tenantId: string, measures: string[], from: string, to: string) {
    const result = await pool.query<Record<string, string>>(
      `SELECT ${measures.map((m) => `coalesce(sum(${m}), 0)::int AS ${m}`).join(', ')}
       FROM daily_rollups WHERE tenant_id = $1::uuid AND day BETWEEN $2::date AND $3::date`,
      [tenantId, from, to],
    );
    return result.rows[0];
  }

  it('payments: a missed receipt, a missed reversal and a payment re-dated out of the month', async () => {
    const tenantId = randomUUID();
    await hire(tenantId);
    const payment = (id: string, version: number, receivedOn: string, amount: number, reversed = false) =>
      crmV1.Payment.fromPartial({
        id,
        tenantId,
        ownerId: rep,
        customerId: 'cust',
        receivedOn,
        amount: money(amount),
        status: reversed ? 'PAYMENT_STATUS_REVERSED' : 'PAYMENT_STATUS_RECEIVED',
        version: String(version),
      });
    const [p1, p2, p3, p4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const crm = new FakeSource<crmV1.Payment>((p) => p.receivedOn);
    // crm: p1 10,000 on 07-03; p2 20,000 on 07-04; p3 reversed (v2) on 07-05; p4 re-dated (v2) to 08-02.
    crm.set(
      payment(p1, 1, '2026-07-03', 10_000),
      payment(p2, 1, '2026-07-04', 20_000),
      payment(p3, 2, '2026-07-05', 5_000, true),
      payment(p4, 2, '2026-08-02', 7_000),
    );
    // The projection saw p1, p3's receipt and p4 on its first date (07-06), and missed p2.
    await projected(
      [
        payment(p1, 1, '2026-07-03', 10_000),
        payment(p3, 1, '2026-07-05', 5_000),
        payment(p4, 1, '2026-07-06', 7_000),
      ].map((p) =>
        event(tenantId, 'crm.payment.received', p.id, Number(p.version), {
          payment: p,
          attribution: frozen(),
          productLineSplit: [],
        }),
      ),
    );
    const reconciler = new Reconciler(pool, paymentReconciliation, crm, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    expect(report.drift).toEqual([
      {
        day: '2026-07-04',
        source: { payments: 1, payment_amount_minor: 20_000 },
        projected: { payments: 0, payment_amount_minor: 0 },
      },
      {
        day: '2026-07-05',
        source: { payments: 0, payment_amount_minor: 0 },
        projected: { payments: 1, payment_amount_minor: 5_000 },
      },
      {
        day: '2026-07-06',
        source: { payments: 0, payment_amount_minor: 0 },
        projected: { payments: 1, payment_amount_minor: 7_000 },
      },
    ]);
    // p2 (missing), p3 (reversed in crm), p4 (read by id: no longer listed in July).
    expect([report.repaired, report.unresolved]).toEqual([3, []]);
    // July: 10,000 + 20,000 = 30,000 over 2 payments; p4's 7,000 now counts on 08-02.
    expect(await rollupSums(tenantId, ['payments', 'payment_amount_minor'], '2026-07-01', '2026-07-31')).toEqual({
      payments: 2,
      payment_amount_minor: 30_000,
    });
    expect(await rollupSums(tenantId, ['payments', 'payment_amount_minor'], '2026-08-02', '2026-08-02')).toEqual({
      payments: 1,
      payment_amount_minor: 7_000,
    });
    const facts = await pool.query(
      'SELECT payment_id, status, department_path, region FROM payment_facts WHERE payment_id = ANY($1) ORDER BY received_on',
      [[p2, p3, p4]],
    );
    // p2 was never seen: its owner's path now; p3 and p4 keep the attribution frozen on their facts.
    expect(facts.rows).toEqual([
      { payment_id: p2, status: 'RECEIVED', department_path: path, region: '' },
      { payment_id: p3, status: 'REVERSED', department_path: '/frozen/', region: '华东' },
      { payment_id: p4, status: 'RECEIVED', department_path: '/frozen/', region: '华东' },
    ]);
    expect(await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31')).toMatchObject({ drift: [], repaired: 0 });
  });

  it('visits: a missed effective flag and a missed visit; a visit field does not list stays unresolved', async () => {
    const tenantId = randomUUID();
    await hire(tenantId);
    const visit = (id: string, version: number, localDate: string, effective: boolean) =>
      fieldV1.Visit.fromPartial({
        id,
        tenantId,
        employeeId: rep,
        customerId: 'cust',
        localDate,
        effective,
        version: String(version),
      });
    const [v1, v2, v3] = [randomUUID(), randomUUID(), randomUUID()];
    const field = new FakeSource<fieldV1.Visit>((v) => v.localDate);
    // field: v1 on 07-10 effective since v2; v2 on 07-11 not effective. It has no v3.
    field.set(visit(v1, 2, '2026-07-10', true), visit(v2, 1, '2026-07-11', false));
    // The projection missed v1's effective event and v2, and holds a v3 on 07-12.
    await projected(
      [visit(v1, 1, '2026-07-10', false), visit(v3, 1, '2026-07-12', true)].map((v) =>
        event(tenantId, 'field.visit.completed', v.id, Number(v.version), { visit: v, attribution: frozen() }),
      ),
    );
    const reconciler = new Reconciler(pool, visitReconciliation, field, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    expect(report.drift).toEqual([
      { day: '2026-07-10', source: { visits: 1, effective_visits: 1 }, projected: { visits: 1, effective_visits: 0 } },
      { day: '2026-07-11', source: { visits: 1, effective_visits: 0 }, projected: { visits: 0, effective_visits: 0 } },
      { day: '2026-07-12', source: { visits: 0, effective_visits: 0 }, projected: { visits: 1, effective_visits: 1 } },
    ]);
    // v1 and v2 projected again; v3 cannot be read from field: its day is reported, not touched.
    expect([report.repaired, report.unresolved]).toEqual([2, ['2026-07-12']]);
    // 07-10..07-11: 2 visits, 1 effective.
    expect(await rollupSums(tenantId, ['visits', 'effective_visits'], '2026-07-10', '2026-07-11')).toEqual({
      visits: 2,
      effective_visits: 1,
    });
  });

  it('expenses: an approval and an approved expense the projection missed; a pending one counts on neither side', async () => {
    const tenantId = randomUUID();
    await hire(tenantId);
    const expense = (
      id: string,
      version: number,
      expenseDate: string,
      amount: number,
      status: fieldV1.ApprovalStatus,
    ) =>
      fieldV1.Expense.fromPartial({
        id,
        tenantId,
        employeeId: rep,
        expenseDate,
        amount: money(amount),
        status,
        version: String(version),
      });
    const [e1, e2, e3, e4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const field = new FakeSource<fieldV1.Expense>((e) => e.expenseDate);
    field.set(
      expense(e1, 2, '2026-07-03', 500, 'APPROVAL_STATUS_APPROVED'),
      expense(e2, 2, '2026-07-04', 800, 'APPROVAL_STATUS_APPROVED'),
      expense(e3, 2, '2026-07-05', 900, 'APPROVAL_STATUS_APPROVED'),
      expense(e4, 1, '2026-07-06', 300, 'APPROVAL_STATUS_PENDING'),
    );
    // Projected: e1 only as submitted (v1), e2 approved; e3 and e4 missed.
    await projected([
      event(tenantId, 'field.expense.submitted', e1, 1, {
        expense: expense(e1, 1, '2026-07-03', 500, 'APPROVAL_STATUS_PENDING'),
        attribution: frozen(),
      }),
      event(tenantId, 'field.expense.approved', e2, 2, {
        expense: expense(e2, 2, '2026-07-04', 800, 'APPROVAL_STATUS_APPROVED'),
        attribution: frozen(),
      }),
    ]);
    const reconciler = new Reconciler(pool, expenseReconciliation, field, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    expect(report.drift).toEqual([
      {
        day: '2026-07-03',
        source: { expenses: 1, sales_cost_minor: 500 },
        projected: { expenses: 0, sales_cost_minor: 0 },
      },
      {
        day: '2026-07-05',
        source: { expenses: 1, sales_cost_minor: 900 },
        projected: { expenses: 0, sales_cost_minor: 0 },
      },
    ]);
    expect([report.repaired, report.unresolved]).toEqual([2, []]);
    // 500 + 800 + 900 = 2,200 over 3 approved expenses.
    expect(await rollupSums(tenantId, ['expenses', 'sales_cost_minor'], '2026-07-01', '2026-07-31')).toEqual({
      expenses: 3,
      sales_cost_minor: 2_200,
    });
    // e4 (pending) is not projected: its day did not drift.
    expect((await pool.query('SELECT 1 FROM expense_facts WHERE expense_id = $1', [e4])).rowCount).toBe(0);
  });

  it('tasks: due on the Beijing day, done on time, cancelled and re-dated in goals', async () => {
    const tenantId = randomUUID();
    await hire(tenantId);
    const task = (id: string, version: number, status: goalsV1.TaskStatus, dueAt: string, completedAt?: string) =>
      goalsV1.Task.fromPartial({
        id,
        tenantId,
        assigneeId: rep,
        status,
        dueAt: new Date(dueAt),
        version: String(version),
        ...(completedAt ? { completedAt: new Date(completedAt) } : {}),
      });
    const [t1, t2, t3, t4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const goals = new FakeSource<goalsV1.Task>((t) => (t.dueAt ? beijingDay(t.dueAt) : ''));
    goals.set(
      // Due 16:30 UTC on 07-09 = 00:30 on 07-10 in Beijing; done before it.
      task(t1, 3, 'TASK_STATUS_DONE', '2026-07-09T16:30:00Z', '2026-07-09T10:00:00Z'),
      task(t2, 1, 'TASK_STATUS_TODO', '2026-07-11T02:00:00Z'),
      task(t3, 2, 'TASK_STATUS_CANCELLED', '2026-07-12T02:00:00Z'),
      task(t4, 2, 'TASK_STATUS_TODO', '2026-08-20T02:00:00Z'),
    );
    // Projected: t1 open (v2), t3 open (v1), t4 due 07-13 (v1); t2 missed.
    await projected(
      [
        task(t1, 2, 'TASK_STATUS_TODO', '2026-07-09T16:30:00Z'),
        task(t3, 1, 'TASK_STATUS_TODO', '2026-07-12T02:00:00Z'),
        task(t4, 1, 'TASK_STATUS_TODO', '2026-07-13T02:00:00Z'),
      ].map((t) => event(tenantId, 'goals.task.updated', t.id, Number(t.version), { task: t, previousAssigneeId: '' })),
    );
    const reconciler = new Reconciler(pool, taskReconciliation(beijingDay), goals, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    expect(report.drift).toEqual([
      {
        day: '2026-07-10',
        source: { tasks_due: 1, tasks_done_on_time: 1 },
        projected: { tasks_due: 1, tasks_done_on_time: 0 },
      },
      {
        day: '2026-07-11',
        source: { tasks_due: 1, tasks_done_on_time: 0 },
        projected: { tasks_due: 0, tasks_done_on_time: 0 },
      },
      {
        day: '2026-07-12',
        source: { tasks_due: 0, tasks_done_on_time: 0 },
        projected: { tasks_due: 1, tasks_done_on_time: 0 },
      },
      {
        day: '2026-07-13',
        source: { tasks_due: 0, tasks_done_on_time: 0 },
        projected: { tasks_due: 1, tasks_done_on_time: 0 },
      },
    ]);
    // t1 (newer), t2 (missing), t3 (cancelled, still listed), t4 (read by id: due in August now).
    expect([report.repaired, report.unresolved]).toEqual([4, []]);
    // July: t1 and t2 due, t1 on time; t4 due on 08-20.
    expect(await rollupSums(tenantId, ['tasks_due', 'tasks_done_on_time'], '2026-07-01', '2026-07-31')).toEqual({
      tasks_due: 2,
      tasks_done_on_time: 1,
    });
    expect(await rollupSums(tenantId, ['tasks_due'], '2026-08-20', '2026-08-20')).toEqual({ tasks_due: 1 });
    // t2 was never seen: the projector gives it the assignee's department from the org replica.
    const t2Fact = await pool.query('SELECT department_path, due_on::text FROM task_facts WHERE task_id = $1', [t2]);
    expect(t2Fact.rows).toEqual([{ department_path: path, due_on: '2026-07-11' }]);
  });

  it('report obligations: a missed obligation, a missed re-settle and an on-time one; agreeing days untouched', async () => {
    const tenantId = randomUUID();
    await hire(tenantId);
    const obligation = (id: string, version: number, reportDate: string, expected: boolean, onTime: boolean) =>
      fieldV1.ReportObligation.fromPartial({
        id,
        tenantId,
        employeeId: rep,
        departmentPath: path,
        reportDate,
        expected,
        onTime,
        version: String(version),
      });
    const [o1, o2, o3, o4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const field = new FakeSource<fieldV1.ReportObligation>((o) => o.reportDate);
    field.set(
      obligation(o1, 1, '2026-07-06', true, true),
      obligation(o2, 1, '2026-07-07', true, false),
      // Re-settled: leave approved later excused 07-08.
      obligation(o3, 2, '2026-07-08', false, false),
      obligation(o4, 1, '2026-07-09', true, true),
    );
    const settled = (o: fieldV1.ReportObligation) =>
      event(tenantId, 'field.report_obligation.settled', o.id, Number(o.version), { obligation: o });
    // Projected: o1, and o3 only as first settled (expected, late); o2 and o4 missed.
    await projected([
      settled(obligation(o1, 1, '2026-07-06', true, true)),
      settled(obligation(o3, 1, '2026-07-08', true, false)),
    ]);
    const reconciler = new Reconciler(pool, reportObligationReconciliation, field, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    expect(report.drift).toEqual([
      {
        day: '2026-07-07',
        source: { reports_expected: 1, reports_expected_on_time: 0 },
        projected: { reports_expected: 0, reports_expected_on_time: 0 },
      },
      {
        day: '2026-07-08',
        source: { reports_expected: 0, reports_expected_on_time: 0 },
        projected: { reports_expected: 1, reports_expected_on_time: 0 },
      },
      {
        day: '2026-07-09',
        source: { reports_expected: 1, reports_expected_on_time: 1 },
        projected: { reports_expected: 0, reports_expected_on_time: 0 },
      },
    ]);
    expect([report.repaired, report.unresolved]).toEqual([3, []]);
    // Expected o1, o2, o4 = 3; on time o1, o4 = 2.
    expect(
      await rollupSums(tenantId, ['reports_expected', 'reports_expected_on_time'], '2026-07-01', '2026-07-31'),
    ).toEqual({ reports_expected: 3, reports_expected_on_time: 2 });
    // A second run finds nothing.
    expect((await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31')).drift).toEqual([]);
  });

  it('runs every family per tenant; a family whose source is down is skipped and the others still run', async () => {
    const tenantId = randomUUID();
    await hire(tenantId);
    const crm = new FakeSource<crmV1.Payment>((p) => p.receivedOn);
    crm.set(
      crmV1.Payment.fromPartial({
        id: randomUUID(),
        tenantId,
        ownerId: rep,
        receivedOn: '2026-07-20',
        amount: money(4_000),
        status: 'PAYMENT_STATUS_RECEIVED',
        version: '1',
      }),
    );
    const down: SourceReader<fieldV1.Visit> = {
      list: async () => {
        throw new ServiceError('UNAVAILABLE', 'field is down');
      },
      get: async () => undefined,
    };
    const reconcilers = [
      new Reconciler(pool, visitReconciliation, down, project, log),
      new Reconciler(pool, paymentReconciliation, crm, project, log),
    ];
    const reports = await reconcileAllTenants(pool, reconcilers, { days: 31, today: '2026-07-31', log });
    const mine = reports.filter((r) => r.tenantId === tenantId);
    expect(mine.map((r) => [r.family, r.from, r.to, r.repaired])).toEqual([
      ['payments', '2026-07-01', '2026-07-31', 1],
    ]);
    expect(await rollupSums(tenantId, ['payments', 'payment_amount_minor'], '2026-07-20', '2026-07-20')).toEqual({
      payments: 1,
      payment_amount_minor: 4_000,
    });
  });
});

/** A gRPC server answering `handlers` and "not part of this test" to every other method of the service. */
async function fakeService<D extends Parameters<typeof bindService>[0]>(
  definition: D,
  handlers: Partial<Parameters<typeof bindService<D>>[1]>,
) {
  const all = Object.fromEntries(
    Object.keys(definition).map((name) => [
      name,
      async () => {
        throw new ServiceError('FAILED_PRECONDITION', `${name} is not part of this test`);
      },
    ]),
  );
  const grpc = await startGrpcServer({
    serviceName: 'fake',
    port: 0,
    // Unary services only: the streaming-handler argument does not apply.
    bindings: [
      (bindService as (d: D, h: unknown) => ReturnType<typeof bindService>)(definition, { ...all, ...handlers }),
    ],
    log: createLogger('fake', 'silent'),
  });
  grpc.setServing(true);
  return grpc;
}

/** Pages of two over `items`, whatever the limit asked: a source must follow the cursor. */
function pageOf<T>(items: T[], cursor: string | undefined): { items: T[]; nextCursor: string } {
  const start = Number(cursor || 0);
  return { items: items.slice(start, start + 2), nextCursor: start + 2 < items.length ? String(start + 2) : '' };
}

describe('the source readers over gRPC', () => {
  const tenantId = randomUUID();
  const seen: { method: string; principal: commonV1.Principal | undefined; request: unknown }[] = [];
  const servers: Awaited<ReturnType<typeof startGrpcServer>>[] = [];
  const ids = ['a', 'b', 'c'];
  const notFound = () => new ServiceError('NOT_FOUND', 'no such record');
  let crmAddress = '';
  let fieldVisitAddress = '';
  let fieldReportAddress = '';
  let goalsAddress = '';

  beforeAll(async () => {
    const contracts = ids.map((id) => crmV1.Contract.fromPartial({ id, status: 'CONTRACT_STATUS_SIGNED' }));
    const payments = ids.map((id) => crmV1.Payment.fromPartial({ id }));
    const visits = ids.map((id) => fieldV1.Visit.fromPartial({ id }));
    const expenses = ids.map((id) => fieldV1.Expense.fromPartial({ id }));
    const obligations = ids.map((id) => fieldV1.ReportObligation.fromPartial({ id }));
    const tasks = ids.map((id) => goalsV1.Task.fromPartial({ id }));
    const crm = await fakeService(crmV1.SalesServiceService, {
      listContracts: async (request, context) => {
        seen.push({ method: 'listContracts', principal: context.principal, request });
        const page = pageOf(contracts, request.page?.cursor);
        return { contracts: page.items, page: { nextCursor: page.nextCursor } };
      },
      getContract: async (request, context) => {
        seen.push({ method: 'getContract', principal: context.principal, request });
        const contract = contracts.find((c) => c.id === request.id);
        if (!contract) throw notFound();
        return { contract };
      },
      listPayments: async (request, context) => {
        seen.push({ method: 'listPayments', principal: context.principal, request });
        const page = pageOf(payments, request.page?.cursor);
        return { payments: page.items, page: { nextCursor: page.nextCursor } };
      },
      getPayment: async (request, context) => {
        seen.push({ method: 'getPayment', principal: context.principal, request });
        const payment = payments.find((c) => c.id === request.id);
        if (!payment) throw notFound();
        return { payment };
      },
    });
    const fieldVisits = await fakeService(fieldV1.VisitServiceService, {
      listVisitsByDateRange: async (request, context) => {
        seen.push({ method: 'listVisitsByDateRange', principal: context.principal, request });
        const page = pageOf(visits, request.page?.cursor);
        return { visits: page.items, page: { nextCursor: page.nextCursor } };
      },
    });
    const fieldReports = await fakeService(fieldV1.ReportServiceService, {
      listExpenses: async (request, context) => {
        seen.push({ method: 'listExpenses', principal: context.principal, request });
        const page = pageOf(expenses, request.page?.cursor);
        return { expenses: page.items, page: { nextCursor: page.nextCursor } };
      },
      getExpense: async (request, context) => {
        seen.push({ method: 'getExpense', principal: context.principal, request });
        const expense = expenses.find((c) => c.id === request.id);
        if (!expense) throw notFound();
        return { expense };
      },
      listReportObligations: async (request, context) => {
        seen.push({ method: 'listReportObligations', principal: context.principal, request });
        const page = pageOf(obligations, request.page?.cursor);
        return { obligations: page.items, page: { nextCursor: page.nextCursor } };
      },
      getReportObligation: async (request, context) => {
        seen.push({ method: 'getReportObligation', principal: context.principal, request });
        const obligation = obligations.find((c) => c.id === request.id);
        if (!obligation) throw notFound();
        return { obligation };
      },
    });
    const goals = await fakeService(goalsV1.TaskServiceService, {
      listTasks: async (request, context) => {
        seen.push({ method: 'listTasks', principal: context.principal, request });
        const page = pageOf(tasks, request.page?.cursor);
        return { tasks: page.items, page: { nextCursor: page.nextCursor } };
      },
      getTask: async (request, context) => {
        seen.push({ method: 'getTask', principal: context.principal, request });
        const task = tasks.find((c) => c.id === request.id);
        if (!task) throw notFound();
        return { task };
      },
    });
    servers.push(crm, fieldVisits, fieldReports, goals);
    crmAddress = `127.0.0.1:${crm.port}`;
    fieldVisitAddress = `127.0.0.1:${fieldVisits.port}`;
    fieldReportAddress = `127.0.0.1:${fieldReports.port}`;
    goalsAddress = `127.0.0.1:${goals.port}`;
  });

  afterAll(async () => {
    for (const server of servers) await server.drain();
  });

  const calls = (method: string) => seen.filter((s) => s.method === method);
  const reader = (permission: string) => ({ tenantId, permissions: [permission], dataScope: 'DATA_SCOPE_TENANT' });

  it('crm: SIGNED contracts and payments by received date, page by page, as a tenant-wide reader', async () => {
    const contracts = new CrmContractSource(crmAddress);
    expect((await contracts.list(tenantId)).map((c) => c.id)).toEqual(ids);
    expect(calls('listContracts').map((s) => (s.request as crmV1.ListContractsRequest).page?.cursor)).toEqual([
      '',
      '2',
    ]);
    expect(calls('listContracts')[0]?.request).toMatchObject({ status: 'CONTRACT_STATUS_SIGNED' });
    expect(calls('listContracts')[0]?.principal).toMatchObject(reader('crm.contract.read'));
    expect((await contracts.get(tenantId, 'b'))?.id).toBe('b');
    expect(await contracts.get(tenantId, 'nope')).toBeUndefined();
    contracts.close();

    const payments = new CrmPaymentSource(crmAddress);
    expect((await payments.list(tenantId, '2026-07-01', '2026-07-31')).map((p) => p.id)).toEqual(ids);
    expect(calls('listPayments').map((s) => s.request)).toEqual([
      expect.objectContaining({
        page: { limit: 200, cursor: '' },
        receivedFrom: '2026-07-01',
        receivedTo: '2026-07-31',
      }),
      expect.objectContaining({
        page: { limit: 200, cursor: '2' },
        receivedFrom: '2026-07-01',
        receivedTo: '2026-07-31',
      }),
    ]);
    expect(calls('listPayments')[0]?.principal).toMatchObject(reader('crm.payment.read'));
    expect((await payments.get(tenantId, 'c'))?.id).toBe('c');
    expect(await payments.get(tenantId, 'nope')).toBeUndefined();
    expect(calls('getPayment')[0]?.principal).toMatchObject(reader('crm.payment.read'));
    payments.close();
  });

  it('field: visits by local-date range, expenses by expense date (any status), obligations by report date', async () => {
    const visits = new FieldVisitSource(fieldVisitAddress);
    expect((await visits.list(tenantId, '2026-07-01', '2026-07-31')).map((v) => v.id)).toEqual(ids);
    expect(calls('listVisitsByDateRange').map((s) => s.request)).toEqual([
      // Every customer's visits: no customer filter.
      { page: { limit: 200, cursor: '' }, from: '2026-07-01', to: '2026-07-31', customerId: '' },
      { page: { limit: 200, cursor: '2' }, from: '2026-07-01', to: '2026-07-31', customerId: '' },
    ]);
    expect(calls('listVisitsByDateRange')[0]?.principal).toMatchObject(reader('field.visit.read'));
    visits.close();

    const expenses = new FieldExpenseSource(fieldReportAddress);
    expect((await expenses.list(tenantId, '2026-07-01', '2026-07-31')).map((e) => e.id)).toEqual(ids);
    expect(calls('listExpenses').map((s) => s.request)).toEqual([
      expect.objectContaining({ page: { limit: 200, cursor: '' }, from: '2026-07-01', to: '2026-07-31' }),
      expect.objectContaining({ page: { limit: 200, cursor: '2' }, from: '2026-07-01', to: '2026-07-31' }),
    ]);
    // Every status (approved, and rejected or pending ones the projection may count wrongly), not only "awaiting me".
    expect(calls('listExpenses')[0]?.request).toMatchObject({
      status: 'APPROVAL_STATUS_UNSPECIFIED',
      awaitingMe: false,
    });
    expect(calls('listExpenses')[0]?.principal).toMatchObject(reader('field.expense.read'));
    expect((await expenses.get(tenantId, 'a'))?.id).toBe('a');
    expect(await expenses.get(tenantId, 'nope')).toBeUndefined();
    expenses.close();

    const obligations = new FieldReportObligationSource(fieldReportAddress);
    expect((await obligations.list(tenantId, '2026-07-01', '2026-07-31')).map((o) => o.id)).toEqual(ids);
    expect(calls('listReportObligations').map((s) => s.request)).toEqual([
      { page: { limit: 200, cursor: '' }, from: '2026-07-01', to: '2026-07-31' },
      { page: { limit: 200, cursor: '2' }, from: '2026-07-01', to: '2026-07-31' },
    ]);
    expect(calls('listReportObligations')[0]?.principal).toMatchObject(reader('field.report.read'));
    expect((await obligations.get(tenantId, 'b'))?.id).toBe('b');
    expect(await obligations.get(tenantId, 'nope')).toBeUndefined();
    expect(calls('getReportObligation')[0]?.principal).toMatchObject(reader('field.report.read'));
    obligations.close();
  });

  it("goals: the whole tenant's tasks due from a day before the range to the end of the day after it", async () => {
    const tasks = new GoalsTaskSource(goalsAddress);
    expect((await tasks.list(tenantId, '2026-07-01', '2026-07-31')).map((t) => t.id)).toEqual(ids);
    const [first] = calls('listTasks');
    // Any reporting time zone (UTC-12..UTC+14) maps 07-01..07-31 inside [06-30T00:00Z, 08-02T00:00Z).
    expect(first?.request).toMatchObject({
      view: 'TASK_VIEW_TEAM',
      dueAtOrAfter: new Date('2026-06-30T00:00:00Z'),
      dueBefore: new Date('2026-08-02T00:00:00Z'),
      projectId: '',
    });
    expect(calls('listTasks').map((s) => (s.request as goalsV1.ListTasksRequest).page?.cursor)).toEqual(['', '2']);
    expect(first?.principal).toMatchObject(reader('goals.task.read'));
    expect((await tasks.get(tenantId, 'b'))?.id).toBe('b');
    expect(await tasks.get(tenantId, 'nope')).toBeUndefined();
    tasks.close();
  });
});
