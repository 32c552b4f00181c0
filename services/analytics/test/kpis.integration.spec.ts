import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type analyticsV1, commonV1, crmV1, fieldV1 } from '@salesflow/contracts';
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
  createTestDatabase,
  eventually,
  rejectionOf,
  type TestDatabase,
  testKafkaBrokers,
} from '@salesflow/platform/testing';
import { Pool } from 'pg';
import pino from 'pino';
import { CustomerValueService } from '../src/modules/customer-value/customer-value.service';
import { FunnelService } from '../src/modules/funnel/funnel.service';
import { KpiService } from '../src/modules/kpi/kpi.service';
import { createProjectionRunner, type ProjectionRunner } from '../src/projections/projection-runner';
import { at, money, sqlExecutor, TIME_ZONE } from './support/test-events';

const log = pino({ level: 'silent' });

describe('analytics KPIs from real events through the outbox, Kafka and the batch projector', () => {
  const tenantId = randomUUID();
  const otherTenant = randomUUID();
  const root = randomUUID();
  const d1 = randomUUID();
  const d2 = randomUUID();
  const pathD1 = `${root}/${d1}/`;
  const pathD2 = `${root}/${d2}/`;
  const repA = randomUUID();
  const repB = randomUUID();
  const managerD1 = randomUUID();
  const [k1, k2, k3] = [randomUUID(), randomUUID(), randomUUID()];
  const groupPrefix = `analytics.test.${randomUUID()}`;
  const kafka = createKafka({ clientId: 'kpi-test', brokers: testKafkaBrokers(), log });
  let producerDb: TestDatabase;
  let analyticsDb: TestDatabase;
  let producer: Pool;
  let pool: Pool;
  let relay: OutboxRelay;
  const runners: ProjectionRunner[] = [];
  let kpis: KpiService;
  let funnel: FunnelService;
  let customerValue: CustomerValueService;

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

  const attribution = (ownerId: string, customerId: string) =>
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

  function contract(
    id: string,
    version: number,
    ownerId: string,
    customerId: string,
    signedOn: string,
    lines: [string, number][],
    status: crmV1.ContractStatus = 'CONTRACT_STATUS_SIGNED',
    type = 'crm.contract.signed',
  ): NewEvent<crmV1.ContractChanged> {
    const total = lines.reduce((s, [, a]) => s + a, 0);
    return {
      type,
      tenantId,
      aggregateId: id,
      aggregateVersion: version,
      payload: crmV1.ContractChanged.fromPartial({
        contract: {
          id,
          tenantId,
          customerId,
          ownerId,
          status,
          signedOn,
          version: String(version),
          totalAmount: money(total),
          lines: lines.map(([productLine, amount], i) => ({ id: `${id}-${i}`, productLine, amount: money(amount) })),
        },
        attribution: attribution(ownerId, customerId),
      }),
    };
  }

  function payment(
    id: string,
    version: number,
    ownerId: string,
    customerId: string,
    receivedOn: string,
    amount: number,
    reversed = false,
  ): NewEvent<crmV1.PaymentChanged> {
    return {
      type: reversed ? 'crm.payment.reversed' : 'crm.payment.received',
      tenantId,
      aggregateId: id,
      aggregateVersion: version,
      payload: crmV1.PaymentChanged.fromPartial({
        payment: {
          id,
          tenantId,
          customerId,
          ownerId,
          receivedOn,
          amount: money(amount),
          status: reversed ? 'PAYMENT_STATUS_REVERSED' : 'PAYMENT_STATUS_RECEIVED',
          version: String(version),
        },
        attribution: attribution(ownerId, customerId),
        productLineSplit: [{ productLine: 'P1', amountMinor: String(amount) }],
      }),
    };
  }

  const customer = (id: string, ownerId: string, day: string): NewEvent<crmV1.CustomerChanged> => ({
    type: 'crm.customer.created',
    tenantId,
    aggregateId: id,
    aggregateVersion: 1,
    payload: crmV1.CustomerChanged.fromPartial({
      customer: {
        id,
        tenantId,
        name: `客户${id.slice(0, 4)}`,
        ownerId,
        tier: 'key',
        region: '华东',
        version: '1',
        createdAt: at(day),
        lifecycle: 'CUSTOMER_LIFECYCLE_ACTIVE',
      },
    }),
  });

  const lead = (id: string, ownerId: string, day: string, converted = false): NewEvent<crmV1.LeadCreated> => ({
    type: converted ? 'crm.lead.converted' : 'crm.lead.created',
    tenantId,
    aggregateId: id,
    aggregateVersion: converted ? 2 : 1,
    payload: crmV1.LeadCreated.fromPartial({
      lead: {
        id,
        tenantId,
        name: 'lead',
        source: 'LEAD_SOURCE_WEB',
        ownerId,
        createdAt: at(day),
        ...(converted ? { convertedAt: at('2026-07-25'), status: 'LEAD_STATUS_CONVERTED' } : {}),
      },
    }),
  });

  const stage = (id: string, position: number, kind: crmV1.StageKind = 'STAGE_KIND_OPEN') =>
    crmV1.PipelineStage.fromPartial({ id, key: id, name: `stage-${id}`, position, kind });
  const S1 = stage('s1', 1);
  const S2 = stage('s2', 2);
  const WON = stage('won', 9, 'STAGE_KIND_WON');
  const LOST = stage('lost', 10, 'STAGE_KIND_LOST');

  function opportunity(
    id: string,
    version: number,
    ownerId: string,
    amount: number,
    status: crmV1.OpportunityStatus,
    closedOn?: string,
    lostReason = '',
  ) {
    return crmV1.Opportunity.fromPartial({
      id,
      tenantId,
      ownerId,
      amount: money(amount),
      status,
      lostReason,
      productLine: 'P1',
      version: String(version),
      ...(closedOn ? { closedAt: at(closedOn) } : {}),
    });
  }

  function move(
    opp: crmV1.Opportunity,
    from: crmV1.PipelineStage,
    to: crmV1.PipelineStage,
    enteredOn: string,
    changedOn: string,
  ): NewEvent<crmV1.OpportunityStageChanged> {
    return {
      type: 'crm.opportunity.stage_changed',
      tenantId,
      aggregateId: opp.id,
      aggregateVersion: Number(opp.version),
      payload: crmV1.OpportunityStageChanged.fromPartial({
        opportunity: opp,
        attribution: attribution(opp.ownerId, k1),
        change: { opportunityId: opp.id, fromStageId: from.id, toStageId: to.id, changedAt: at(changedOn) },
        fromStage: from,
        toStage: to,
        fromStageEnteredAt: at(enteredOn),
      }),
    };
  }

  const closed = (opp: crmV1.Opportunity): NewEvent<crmV1.OpportunityChanged> => ({
    type: opp.status === 'OPPORTUNITY_STATUS_WON' ? 'crm.opportunity.won' : 'crm.opportunity.lost',
    tenantId,
    aggregateId: opp.id,
    aggregateVersion: Number(opp.version),
    payload: crmV1.OpportunityChanged.fromPartial({ opportunity: opp, attribution: attribution(opp.ownerId, k1) }),
  });

  const visit = (id: string, ownerId: string, day: string, effective: boolean): NewEvent<fieldV1.VisitRecorded>[] => {
    const recorded = (type: string, eff: boolean, version: number): NewEvent<fieldV1.VisitRecorded> => ({
      type,
      tenantId,
      aggregateId: id,
      aggregateVersion: version,
      payload: fieldV1.VisitRecorded.fromPartial({
        visit: {
          id,
          tenantId,
          employeeId: ownerId,
          customerId: k1,
          localDate: day,
          effective: eff,
          version: String(version),
        },
        attribution: attribution(ownerId, k1),
      }),
    });
    return effective
      ? [recorded('field.visit.completed', false, 1), recorded('field.visit.effective', true, 2)]
      : [recorded('field.visit.completed', false, 1)];
  };

  const rated = (ticketId: string, ownerId: string, score: number): NewEvent<crmV1.TicketChanged> => ({
    type: 'crm.ticket.rated',
    tenantId,
    aggregateId: ticketId,
    aggregateVersion: 3,
    payload: crmV1.TicketChanged.fromPartial({
      ticket: {
        id: ticketId,
        tenantId,
        customerId: k1,
        assigneeId: ownerId,
        satisfactionRating: score,
        version: '3',
        updatedAt: at('2026-07-08'),
      },
      attribution: attribution(ownerId, k1),
    }),
  });

  // The dataset (July 2026 unless said otherwise). Out of order on purpose: c2's amendment
  // (v2) and p2's reversal (v2) are published before the events they follow.
  const [c1, c2, c3, c4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [p1, p2, p3, p4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [o1, o2, o3] = [randomUUID(), randomUUID(), randomUUID()];
  const o1Open = opportunity(o1, 2, repA, 50_000, 'OPPORTUNITY_STATUS_OPEN');
  const o1Won = opportunity(o1, 3, repA, 50_000, 'OPPORTUNITY_STATUS_WON', '2026-07-09');
  const o2Open = opportunity(o2, 2, repB, 30_000, 'OPPORTUNITY_STATUS_OPEN');
  const o2Lost = opportunity(o2, 3, repB, 30_000, 'OPPORTUNITY_STATUS_LOST', '2026-07-11', 'price');
  const o3Lost = opportunity(o3, 2, repA, 10_000, 'OPPORTUNITY_STATUS_LOST', '2026-07-13', 'competitor');
  const dataset = (): NewEvent<unknown>[] => [
    contract(c1, 1, repA, k1, '2026-07-05', [
      ['P1', 100_000],
      ['P2', 50_000],
    ]),
    contract(c2, 2, repB, k2, '2026-07-10', [['P1', 120_000]], 'CONTRACT_STATUS_SIGNED', 'crm.contract.amended'),
    contract(c2, 1, repB, k2, '2026-07-10', [['P1', 80_000]]),
    contract(c3, 1, repA, k1, '2026-07-12', [['P2', 30_000]]),
    contract(c3, 2, repA, k1, '2026-07-12', [['P2', 30_000]], 'CONTRACT_STATUS_CANCELLED', 'crm.contract.cancelled'),
    contract(c4, 1, repA, k1, '2026-06-20', [['P1', 100_000]]),
    payment(p1, 1, repA, k1, '2026-07-06', 60_000),
    payment(p2, 2, repB, k2, '2026-07-15', 40_000, true),
    payment(p2, 1, repB, k2, '2026-07-15', 40_000),
    payment(p3, 1, repB, k2, '2026-07-20', 20_000),
    payment(p4, 1, repA, k1, '2026-06-10', 10_000),
    customer(k1, repA, '2026-07-02'),
    customer(k2, repB, '2026-07-03'),
    customer(k3, repA, '2026-06-15'),
    rated(randomUUID(), repA, 5),
    rated(randomUUID(), repB, 3),
    {
      type: 'crm.satisfaction.recorded',
      tenantId,
      aggregateId: 'survey',
      aggregateVersion: 1,
      payload: crmV1.SatisfactionRecorded.fromPartial({
        survey: {
          id: randomUUID(),
          tenantId,
          customerId: k1,
          score: 4,
          recordedBy: repA,
          surveyedAt: at('2026-07-16'),
        },
        attribution: attribution(repA, k1),
      }),
    },
    ...(() => {
      const [l1, l2, l3] = [randomUUID(), randomUUID(), randomUUID()];
      return [
        lead(l1, repA, '2026-07-01'),
        lead(l2, repA, '2026-07-02'),
        lead(l3, repB, '2026-07-03'),
        lead(l1, repA, '2026-07-01', true),
      ];
    })(),
    move(o1Open, S1, S2, '2026-07-01', '2026-07-02'),
    move(o1Won, S2, WON, '2026-07-02', '2026-07-09'),
    closed(o1Won),
    move(o2Open, S1, S2, '2026-07-01', '2026-07-03'),
    move(o2Lost, S2, LOST, '2026-07-03', '2026-07-11'),
    closed(o2Lost),
    move(o3Lost, S1, LOST, '2026-07-03', '2026-07-13'),
    closed(o3Lost),
    ...visit(randomUUID(), repA, '2026-07-04', true),
    ...visit(randomUUID(), repA, '2026-07-05', false),
    ...visit(randomUUID(), repB, '2026-07-06', false),
    ...visit(randomUUID(), repB, '2026-07-07', true),
    {
      type: 'crm.activity.created',
      tenantId,
      aggregateId: 'activity',
      aggregateVersion: 1,
      payload: crmV1.ActivityCreated.fromPartial({
        activity: {
          id: randomUUID(),
          tenantId,
          subjectType: 'ACTIVITY_SUBJECT_TYPE_CUSTOMER',
          subjectId: k1,
          ownerId: repA,
          occurredAt: at('2026-07-20'),
        },
      }),
    },
    // Another tenant's contract in the same month must never show.
    { ...contract(randomUUID(), 1, repA, k1, '2026-07-05', [['P1', 999_999]]), tenantId: otherTenant },
  ];

  function startRunner(): Promise<void> {
    const runner = createProjectionRunner({ kafka, pool, log, timeZone: TIME_ZONE, pollMs: 300, groupPrefix });
    runners.push(runner);
    return runner.start();
  }

  const julyTotal = () =>
    kpis.getKpis(director, { period: '2026-07', groupBy: 'KPI_GROUP_BY_UNSPECIFIED', departmentId: '' });
  // Everything applied: the last events of each family have landed.
  const settled = (r: analyticsV1.GetKpisResponse) =>
    r.total?.salesAmount?.amountMinor === '270000' &&
    r.total?.collections?.amountMinor === '80000' &&
    r.total?.visits === '4' &&
    r.total?.effectiveVisits === '2' &&
    r.total?.leads === '3' &&
    r.total?.convertedLeads === '1' &&
    r.total?.ratings === '3' &&
    r.total?.lost === '2' &&
    r.total?.newCustomers === '2';

  beforeAll(async () => {
    producerDb = await createTestDatabase('producer', mkdtempSync(join(tmpdir(), 'no-migrations-')));
    analyticsDb = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    await ensureTopics(kafka, catalogTopics());
    producer = new Pool({ connectionString: producerDb.url, max: 2 });
    pool = new Pool({ connectionString: analyticsDb.url, max: 8 });
    relay = createOutboxRelay({ databaseUrl: producerDb.url, kafka, log, idleDelayMs: 50 });
    // The org replica (its own consumer is the kit's, tested there): two departments.
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
    kpis = new KpiService(pool);
    const currency = (t: string) => kpis.currency(t);
    funnel = new FunnelService(pool, TIME_ZONE, currency);
    customerValue = new CustomerValueService(pool, TIME_ZONE, currency);
  });

  afterAll(async () => {
    for (const runner of runners) await runner.stop().catch(() => undefined);
    await relay?.stop().catch(() => undefined);
    await producer?.end();
    await pool?.end();
    await producerDb?.drop();
    await analyticsDb?.drop();
  });

  it('projects every event exactly once with two consumers in one group, despite redelivery and disorder', async () => {
    await publish(dataset());
    // Redelivery: the relay crashed after sending but before marking; everything goes again.
    await producer.query('UPDATE salesflow_outbox SET sent_at = NULL');
    expect(await relay.flush()).toBeGreaterThan(30);
    await startRunner();
    await startRunner();
    await eventually(julyTotal, settled, { what: 'all July facts projected', timeoutMs: 240_000 });
    // Give the second copies time to arrive and be dropped, then check nothing doubled.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(settled(await julyTotal())).toBe(true);
    const facts = await pool.query(
      `SELECT (SELECT count(*) FROM contract_facts WHERE tenant_id = $1)::int AS contracts,
              (SELECT count(*) FROM payment_facts WHERE tenant_id = $1)::int AS payments,
              (SELECT status FROM contract_facts WHERE contract_id = $2) AS c3,
              (SELECT status FROM payment_facts WHERE payment_id = $3) AS p2`,
      [tenantId, c3, p2],
    );
    // c1..c4 and p1..p4 once each; the cancelled contract and reversed payment are kept, marked.
    expect(facts.rows[0]).toEqual({ contracts: 4, payments: 4, c3: 'CANCELLED', p2: 'REVERSED' });
  });

  it('computes each KPI of DOMAIN §6 for the tenant, per employee and per department', async () => {
    const july = await julyTotal();
    expect(july).toMatchObject({ from: '2026-07-01', to: '2026-07-31', previousPeriod: '2026-06' });
    const t = july.total as analyticsV1.KpiValues;
    // Sales: c1 150,000 + c2 amended to 120,000 (c3 cancelled) = 270,000; June: c4 100,000.
    expect(t.salesAmount).toEqual(money(270_000));
    expect(t.previousSalesAmount).toEqual(money(100_000));
    // Growth (270,000 - 100,000) / 100,000 = 1.7.
    expect(t.salesGrowth).toBeCloseTo(1.7, 10);
    // Collections: p1 60,000 + p3 20,000 (p2 reversed) = 80,000; June p4 10,000 -> growth 7.
    expect(t.collections).toEqual(money(80_000));
    expect(t.collectionsGrowth).toBeCloseTo(7, 10);
    // New customers: k1 (07-02) and k2 (07-03); k3 was June.
    expect(t.newCustomers).toBe('2');
    // Satisfaction: ratings 5, 3, 4 -> satisfied (4-5) 2 of 3.
    expect(t.satisfaction).toBeCloseTo(2 / 3, 10);
    // Leads: 3 created in July, 1 converted.
    expect(t.leadConversion).toBeCloseTo(1 / 3, 10);
    // Win rate: o1 won, o2 and o3 lost -> 1 / (1 + 2).
    expect(t.winRate).toBeCloseTo(1 / 3, 10);
    // Visits: 4, of which 2 effective -> 0.5; transaction rate: 2 contracts / 4 visits = 0.5.
    expect(t.effectiveVisitRate).toBeCloseTo(0.5, 10);
    expect(t.transactionRate).toBeCloseTo(0.5, 10);
    // Average sales per rep per week: 270,000 / 2 reps / (31 / 7 weeks) = 30,483.87 -> 30,484.
    expect(t.reps).toBe('2');
    expect(t.averageSalesPerRepPerWeek).toEqual(money(30_484));

    const byEmployee = await kpis.getKpis(director, {
      period: '2026-07',
      groupBy: 'KPI_GROUP_BY_EMPLOYEE',
      departmentId: '',
    });
    const a = byEmployee.rows.find((r) => r.groupKey === repA)?.values as analyticsV1.KpiValues;
    const b = byEmployee.rows.find((r) => r.groupKey === repB)?.values as analyticsV1.KpiValues;
    // A: sales 150,000 vs June 100,000 -> growth 0.5; won 1 lost 1 -> 0.5; leads 2, 1 converted.
    expect(a.salesAmount).toEqual(money(150_000));
    expect(a.salesGrowth).toBeCloseTo(0.5, 10);
    expect(a.winRate).toBeCloseTo(0.5, 10);
    expect(a.leadConversion).toBeCloseTo(0.5, 10);
    // B: sales 120,000 with nothing in June -> no growth rate; won 0 of 1 closed.
    expect(b.salesAmount).toEqual(money(120_000));
    expect(b.salesGrowth).toBeUndefined();
    expect(b.winRate).toBe(0);
    // B alone: 120,000 / 1 rep / (31/7) = 27,096.77 -> 27,097.
    expect(b.averageSalesPerRepPerWeek).toEqual(money(27_097));

    const byDepartment = await kpis.getKpis(director, {
      period: '2026-07',
      groupBy: 'KPI_GROUP_BY_DEPARTMENT',
      departmentId: '',
    });
    expect(byDepartment.rows.map((r) => [r.groupKey, r.values?.salesAmount?.amountMinor]).sort()).toEqual(
      [
        [pathD1, '150000'],
        [pathD2, '120000'],
      ].sort(),
    );
    // The department filter keeps D2's subtree only.
    const onlyD2 = await kpis.getKpis(director, {
      period: '2026-07',
      groupBy: 'KPI_GROUP_BY_UNSPECIFIED',
      departmentId: d2,
    });
    expect(onlyD2.total?.salesAmount).toEqual(money(120_000));
    // Q3 is July to September: 270,000; Q2 (April to June) holds c4's 100,000.
    const q3 = await kpis.getKpis(director, {
      period: '2026Q3',
      groupBy: 'KPI_GROUP_BY_UNSPECIFIED',
      departmentId: '',
    });
    expect(q3.total?.salesAmount).toEqual(money(270_000));
    const q2 = await kpis.getKpis(director, {
      period: '2026Q2',
      groupBy: 'KPI_GROUP_BY_UNSPECIFIED',
      departmentId: '',
    });
    expect(q2.total?.salesAmount).toEqual(money(100_000));
  });

  it('builds the stage funnel with conversion, days in stage and lost reasons', async () => {
    const f = await funnel.getFunnel(director, { period: '2026-07', employeeId: '', departmentId: '' });
    const byStage = new Map(f.stages.map((s) => [s.stageId, s]));
    // S1 is only left: o1 after 1 day, o2 after 2, o3 after 10 -> mean 13/3;
    // p90 (linear): sorted [1, 2, 10], rank 0.9 * 2 = 1.8 -> 2 + 0.8 * (10 - 2) = 8.4.
    expect(byStage.get('s1')?.entered).toBe('0');
    expect(byStage.get('s1')?.meanDaysInStage).toBeCloseTo(13 / 3, 6);
    expect(byStage.get('s1')?.p90DaysInStage).toBeCloseTo(8.4, 6);
    // S2: entered by o1 (50,000) and o2 (30,000); o1 moved on to won, o2 was lost -> 1/2.
    // Days in S2: o1 7 (07-02 -> 07-09), o2 8 (07-03 -> 07-11): mean 7.5, p90 7 + 0.9 * 1 = 7.9.
    expect(byStage.get('s2')).toMatchObject({ entered: '2', enteredAmount: money(80_000), advanced: '1' });
    expect(byStage.get('s2')?.conversionToNext).toBeCloseTo(0.5, 10);
    expect(byStage.get('s2')?.meanDaysInStage).toBeCloseTo(7.5, 6);
    expect(byStage.get('s2')?.p90DaysInStage).toBeCloseTo(7.9, 6);
    expect(byStage.get('won')?.entered).toBe('1');
    expect(byStage.get('lost')?.entered).toBe('2');
    expect(f.stages.map((s) => s.stageId)).toEqual(['s1', 's2', 'won', 'lost']);
    expect(f.lostReasons).toEqual([
      { reason: 'competitor', count: '1' },
      { reason: 'price', count: '1' },
    ]);
    // Rep B's funnel: only o2.
    const fb = await funnel.getFunnel(director, { period: '2026-07', employeeId: repB, departmentId: '' });
    expect(fb.stages.find((s) => s.stageId === 's2')?.entered).toBe('1');
    expect(fb.lostReasons).toEqual([{ reason: 'price', count: '1' }]);
  });

  it('ranks leaderboards and plots time series', async () => {
    const board = await kpis.getLeaderboard(director, {
      metric: 'sales_amount',
      period: '2026-07',
      groupBy: 'KPI_GROUP_BY_EMPLOYEE',
      limit: 10,
    });
    expect(board.entries).toEqual([
      { rank: 1, groupKey: repA, value: 150_000 },
      { rank: 2, groupKey: repB, value: 120_000 },
    ]);
    const series = await kpis.getTimeseries(director, {
      metric: 'sales_amount',
      from: '2026-06-01',
      to: '2026-07-31',
      interval: 'month',
    });
    expect(series.points).toEqual([
      { start: '2026-06-01', value: 100_000 },
      { start: '2026-07-01', value: 270_000 },
    ]);
    // Weeks start on Monday: 2026-07-06 is a Monday; c1 (Sun 07-05) falls in the week of 06-29.
    const weekly = await kpis.getTimeseries(director, {
      metric: 'contracts',
      from: '2026-07-01',
      to: '2026-07-12',
      interval: 'week',
    });
    expect(weekly.points).toEqual([
      { start: '2026-06-29', value: 1 },
      { start: '2026-07-06', value: 1 },
    ]);
    // A range that cuts months: the partial edges count only their own days (daily rows), the
    // whole month in between comes from monthly rows. 06-01..07-10: June whole, p4 10,000 (06-10);
    // July 1-10 holds p1 60,000 (07-06) but not p3 (07-20).
    const cut = await kpis.getTimeseries(director, {
      metric: 'collections',
      from: '2026-06-01',
      to: '2026-07-10',
      interval: 'month',
    });
    expect(cut.points).toEqual([
      { start: '2026-06-01', value: 10_000 },
      { start: '2026-07-01', value: 60_000 },
    ]);
    // 06-15..07-31: June 15-30 has no payment (p4 was 06-10); July whole: 60,000 + 20,000.
    const late = await kpis.getTimeseries(director, {
      metric: 'collections',
      from: '2026-06-15',
      to: '2026-07-31',
      interval: 'month',
    });
    expect(late.points).toEqual([
      { start: '2026-06-01', value: 0 },
      { start: '2026-07-01', value: 80_000 },
    ]);
  });

  it('computes Pareto, RFM tiers and the churn-risk list', async () => {
    const value = await customerValue.getCustomerValue(director, { period: '2026-07' });
    // Paying customers in July: k1 60,000, k2 20,000 -> top 20 % = ceil(0.4) = 1 customer: 60,000 / 80,000.
    expect(value).toMatchObject({
      customers: '2',
      topCustomers: '1',
      revenue: money(80_000),
      topRevenue: money(60_000),
    });
    expect(value.topShare).toBeCloseTo(0.75, 10);
    // ntile(5) of two customers gives scores 1 and 2. Recency: k1 paid 07-06 (25 days before
    // 07-31), k2 07-20 (11 days) -> k2 r=2, k1 r=1; frequency 1 each (tie by id); monetary k1 2, k2 1.
    const k1Row = value.customersByValue.find((c) => c.customerId === k1);
    expect(k1Row).toMatchObject({ recencyDays: 25, frequency: '1', rScore: 1, mScore: 2 });
    expect(value.tiers.reduce((s, t) => s + Number(t.customers), 0)).toBe(2);

    const risks = await customerValue.listChurnRisks(director, { days: 30, limit: 10, asOf: '2026-07-31' });
    // k1: follow-up 07-20 (11 days); k2: contract 07-10 (21 days); k3: nothing ever -> at risk.
    expect(risks.risks).toEqual([
      { customerId: k3, name: `客户${k3.slice(0, 4)}`, ownerId: repA, reason: 'no_follow_up,no_order' },
    ]);
    // As of 08-20 (window 07-22..08-20, the one before 06-22..07-21): k1's follow-up is 31
    // days old and its last order (c1, 07-05) 46; k2's order (07-10) 41 days, never followed
    // up; both signed nothing in the window after signing in the one before (declining).
    const later = await customerValue.listChurnRisks(director, { days: 30, limit: 10, asOf: '2026-08-20' });
    expect(later.risks.map((r) => r.customerId).sort()).toEqual([k1, k2, k3].sort());
    expect(later.risks.find((r) => r.customerId === k1)).toMatchObject({
      daysSinceFollowUp: 31,
      daysSinceOrder: 46,
      reason: 'no_follow_up,no_order,declining_orders',
    });
    expect(later.risks.find((r) => r.customerId === k2)).toMatchObject({
      daysSinceOrder: 41,
      reason: 'no_follow_up,no_order,declining_orders',
    });
  });

  it("answers within the viewer's data scope", async () => {
    // Rep B (SELF) sees only their own: sales 120,000, collections 20,000.
    const self = await kpis.getKpis(principal(repB, 'DATA_SCOPE_SELF'), {
      period: '2026-07',
      groupBy: 'KPI_GROUP_BY_UNSPECIFIED',
      departmentId: '',
    });
    expect(self.total?.salesAmount).toEqual(money(120_000));
    expect(self.total?.collections).toEqual(money(20_000));
    // D1's manager (DEPARTMENT) sees A's and their own: sales 150,000, and no row of B.
    const manager = principal(managerD1, 'DATA_SCOPE_DEPARTMENT', d1, pathD1);
    const team = await kpis.getKpis(manager, { period: '2026-07', groupBy: 'KPI_GROUP_BY_EMPLOYEE', departmentId: '' });
    expect(team.total?.salesAmount).toEqual(money(150_000));
    expect(team.rows.map((r) => r.groupKey)).toEqual([repA]);
    const board = await kpis.getLeaderboard(manager, {
      metric: 'collections',
      period: '2026-07',
      groupBy: 'KPI_GROUP_BY_UNSPECIFIED',
      limit: 5,
    });
    expect(board.entries).toEqual([{ rank: 1, groupKey: repA, value: 60_000 }]);
    const churn = await customerValue.listChurnRisks(principal(repB, 'DATA_SCOPE_SELF'), {
      days: 30,
      limit: 10,
      asOf: '2026-07-31',
    });
    expect(churn.risks).toEqual([]);
    // Without analytics.read: refused.
    const nobody = commonV1.Principal.fromPartial({
      tenantId,
      employeeId: repA,
      permissions: [],
      dataScope: 'DATA_SCOPE_TENANT',
    });
    expect((await rejectionOf(julyTotalFor(nobody))).code).toBe('PERMISSION_DENIED');
  });

  const julyTotalFor = (p: commonV1.Principal) =>
    kpis.getKpis(p, { period: '2026-07', groupBy: 'KPI_GROUP_BY_UNSPECIFIED', departmentId: '' });

  it('rejects bad input with a field error', async () => {
    const bad = await rejectionOf(
      kpis.getKpis(director, { period: '2026-13', groupBy: 'KPI_GROUP_BY_UNSPECIFIED', departmentId: '' }),
    );
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(bad.details.fieldErrors?.[0]?.field).toBe('period');
    const metric = await rejectionOf(
      kpis.getLeaderboard(director, {
        metric: 'nonsense',
        period: '2026-07',
        groupBy: 'KPI_GROUP_BY_EMPLOYEE',
        limit: 5,
      }),
    );
    expect(metric.details.fieldErrors?.[0]?.field).toBe('metric');
    const interval = await rejectionOf(
      kpis.getTimeseries(director, { metric: 'sales_amount', from: '2026-07-01', to: '2026-07-31', interval: 'hour' }),
    );
    expect(interval.details.fieldErrors?.[0]?.field).toBe('interval');
    expect(settled(await julyTotal())).toBe(true);
  });

  it('rebuilds from the beginning of the topics under a new generation and ends with the same numbers', async () => {
    const before = await julyTotal();
    const funnelBefore = await funnel.getFunnel(director, { period: '2026-07', employeeId: '', departmentId: '' });
    const generation = await runners[0]?.rebuild();
    expect(generation).toBe(2);
    // Both consumers move to the new group (the second notices by polling) and replay.
    await eventually(julyTotal, settled, { what: 'the replay to finish', timeoutMs: 240_000 });
    await eventually(
      async () => runners.map((r) => r.generation()),
      (g) => g.every((n) => n === 2),
      { what: 'both on generation 2' },
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await julyTotal()).toEqual(before);
    // The weekly, monthly and tenant-wide rollups hold exactly the daily rows summed per their key.
    for (const [table, column, unit, keys] of [
      ['weekly_rollups', 'week', 'week', ', employee_id, department_path'],
      ['monthly_rollups', 'month', 'month', ', employee_id, department_path'],
      ['tenant_daily_rollups', 'day', 'day', ''],
      ['tenant_weekly_rollups', 'week', 'week', ''],
      ['tenant_monthly_rollups', 'month', 'month', ''],
    ]) {
      const drift = await pool.query(
        `WITH d AS (SELECT tenant_id, date_trunc('${unit}', day::timestamp)::date AS bucket${keys},
                           sum(contract_amount_minor) AS sales, sum(payment_amount_minor) AS paid,
                           sum(visits) AS visits, sum(new_customers) AS customers, sum(leads) AS leads, sum(won) AS won
                    FROM daily_rollups GROUP BY tenant_id, bucket${keys}),
              c AS (SELECT tenant_id, ${column} AS bucket${keys},
                           contract_amount_minor::numeric AS sales, payment_amount_minor::numeric AS paid, visits::numeric AS visits,
                           new_customers::numeric AS customers, leads::numeric AS leads, won::numeric AS won FROM ${table})
         SELECT count(*)::int AS n FROM ((TABLE d EXCEPT TABLE c) UNION ALL (TABLE c EXCEPT TABLE d)) x`,
      );
      expect({ table, drift: drift.rows[0].n }).toEqual({ table, drift: 0 });
    }
    expect(await funnel.getFunnel(director, { period: '2026-07', employeeId: '', departmentId: '' })).toEqual(
      funnelBefore,
    );
  });
});
