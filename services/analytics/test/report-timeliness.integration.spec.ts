import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type analyticsV1, commonV1 } from '@salesflow/contracts';
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
  type TestDatabase,
  testKafkaBrokers,
  waitUntilDrained,
} from '@salesflow/platform/testing';
import { Pool } from 'pg';
import pino from 'pino';
import { KpiService } from '../src/modules/kpi/kpi.service';
import { projectionGroupId } from '../src/projections/projection-generation';
import { createProjectionRunner, PROJECTED_TOPICS, type ProjectionRunner } from '../src/projections/projection-runner';
import { obligationSettled, sqlExecutor, TIME_ZONE } from './support/test-events';

const log = pino({ level: 'silent' });

/**
 * Report timeliness = reports on time / reports EXPECTED (issue 8), from field's settled
 * report obligations, through the outbox, the broker and the batch projector: every event is
 * delivered twice, one re-settled day's version 2 arrives before its version 1, and the whole
 * set is replayed under new event ids. Every expected number is worked out in the comments.
 */
describe('analytics report timeliness from report obligations', () => {
  const tenantId = randomUUID();
  const root = randomUUID();
  const d1 = randomUUID();
  const d2 = randomUUID();
  const pathD1 = `/${root}/${d1}/`;
  const pathD2 = `/${root}/${d2}/`;
  const repA = randomUUID();
  const repB = randomUUID();
  const groupPrefix = `analytics.test.${randomUUID()}`;
  const kafka = createKafka({ clientId: 'report-timeliness-test', brokers: testKafkaBrokers(), log });
  let producerDb: TestDatabase;
  let analyticsDb: TestDatabase;
  let producer: Pool;
  let pool: Pool;
  let relay: OutboxRelay;
  let runner: ProjectionRunner | undefined;
  let kpis: KpiService;

  const director = commonV1.Principal.fromPartial({
    tenantId,
    employeeId: randomUUID(),
    permissions: ['analytics.read'],
    dataScope: 'DATA_SCOPE_TENANT',
  });

  const ids = new Map<string, string>();
  /** One obligation id per person and day, stable across versions and replays. */
  const idOf = (employeeId: string, day: string) => {
    const key = `${employeeId}|${day}`;
    if (!ids.has(key)) ids.set(key, randomUUID());
    return ids.get(key) as string;
  };
  const settled = (employeeId: string, day: string, expected: boolean, onTime: boolean, version = 1) =>
    obligationSettled(tenantId, {
      id: idOf(employeeId, day),
      version,
      employeeId,
      departmentPath: employeeId === repA ? pathD1 : pathD2,
      reportDate: day,
      expected,
      onTime,
    });

  const dataset = (): NewEvent<unknown>[] => [
    // A (D1): 07-01 on time, 07-02 late, 07-03 missing, 07-06 on time; 07-07 excused (leave),
    // although a report came: an excused day counts nowhere.
    settled(repA, '2026-07-01', true, true),
    settled(repA, '2026-07-02', true, false),
    settled(repA, '2026-07-03', true, false),
    settled(repA, '2026-07-06', true, true),
    settled(repA, '2026-07-07', false, true),
    // B (D2): 07-01, 07-02, 07-03 on time. 07-06 was settled missing (v1), then leave approved
    // for it re-settled it not expected (v2); v2 arrives first.
    settled(repB, '2026-07-01', true, true),
    settled(repB, '2026-07-02', true, true),
    settled(repB, '2026-07-03', true, true),
    settled(repB, '2026-07-06', false, false, 2),
    settled(repB, '2026-07-06', true, false, 1),
    // June: A's 06-30 on time.
    settled(repA, '2026-06-30', true, true),
  ];

  async function publish(events: NewEvent<unknown>[]): Promise<void> {
    const db = sqlExecutor(producer);
    for (const event of events) await appendToOutbox(db, event, { source: '/salesflow/test' });
    await relay.flush();
  }

  const drained = () =>
    waitUntilDrained(
      kafka,
      projectionGroupId(1, groupPrefix),
      PROJECTED_TOPICS.map((t) => t.name),
      { timeoutMs: 240_000 },
    );

  const kpisOf = (period: string, groupBy: analyticsV1.KpiGroupBy = 'KPI_GROUP_BY_UNSPECIFIED', departmentId = '') =>
    kpis.getKpis(director, { period, groupBy, departmentId });

  beforeAll(async () => {
    producerDb = await createTestDatabase('producer', mkdtempSync(join(tmpdir(), 'no-migrations-')));
    analyticsDb = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    await ensureTopics(kafka, catalogTopics());
    producer = new Pool({ connectionString: producerDb.url, max: 2 });
    pool = new Pool({ connectionString: analyticsDb.url, max: 4 });
    relay = createOutboxRelay({ databaseUrl: producerDb.url, kafka, log, idleDelayMs: 50 });
    for (const [id, departmentId, path] of [
      [repA, d1, pathD1],
      [repB, d2, pathD2],
    ] as const) {
      await pool.query(
        `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
         VALUES ($1, $2, 'x', $3, $4, 1)`,
        [id, tenantId, departmentId, path],
      );
    }
    await consumeFromNow(
      kafka,
      projectionGroupId(1, groupPrefix),
      PROJECTED_TOPICS.map((t) => t.name),
    );
    kpis = new KpiService(pool);
  });

  afterAll(async () => {
    await runner?.stop().catch(() => undefined);
    await relay?.stop().catch(() => undefined);
    await producer?.end();
    await pool?.end();
    await producerDb?.drop();
    await analyticsDb?.drop();
  });

  it('consumes the obligations from the report topic, each once although delivered twice', async () => {
    expect(PROJECTED_TOPICS.map((t) => t.name)).toContain('salesflow.field.report.v1');
    await publish(dataset());
    await producer.query('UPDATE salesflow_outbox SET sent_at = NULL');
    expect(await relay.flush()).toBe(11);
    runner = createProjectionRunner({ kafka, pool, log, timeZone: TIME_ZONE, pollMs: 300, groupPrefix });
    await runner.start();
    await drained();
    const { rows } = await pool.query(
      `SELECT count(*)::int AS facts, count(*) FILTER (WHERE version = 2)::int AS second
       FROM report_obligation_facts WHERE tenant_id = $1`,
      [tenantId],
    );
    // 10 person-days (B's 07-06 twice, in two versions), its latest version kept.
    expect(rows[0]).toEqual({ facts: 10, second: 1 });
  });

  it('computes timeliness against the reports expected, by hand', async () => {
    const july = (await kpisOf('2026-07')).total as analyticsV1.KpiValues;
    // Expected: A 07-01, 02, 03, 06 (4) + B 07-01, 02, 03 (3) = 7; on time: A 07-01, 07-06 +
    // B's three = 5 -> 5/7. A's excused 07-07 and B's re-settled 07-06 count nowhere.
    expect(july.reportTimeliness).toBeCloseTo(5 / 7, 12);
    const sums = await pool.query(
      `SELECT sum(reports_expected)::int AS expected, sum(reports_expected_on_time)::int AS on_time
       FROM tenant_monthly_rollups WHERE tenant_id = $1 AND month = '2026-07-01'`,
      [tenantId],
    );
    expect(sums.rows[0]).toEqual({ expected: 7, on_time: 5 });

    const rows = (await kpisOf('2026-07', 'KPI_GROUP_BY_EMPLOYEE')).rows;
    const of = (id: string) => rows.find((r) => r.groupKey === id)?.values as analyticsV1.KpiValues;
    // A: 2 on time of 4 expected; B: 3 of 3.
    expect(of(repA).reportTimeliness).toBeCloseTo(0.5, 12);
    expect(of(repB).reportTimeliness).toBe(1);
    // Department D1 is A alone.
    const d1Only = (await kpisOf('2026-07', 'KPI_GROUP_BY_UNSPECIFIED', d1)).total as analyticsV1.KpiValues;
    expect(d1Only.reportTimeliness).toBeCloseTo(0.5, 12);

    // June: A's 06-30, 1 of 1. August: nothing expected -> no rate.
    expect(((await kpisOf('2026-06')).total as analyticsV1.KpiValues).reportTimeliness).toBe(1);
    expect(((await kpisOf('2026-08')).total as analyticsV1.KpiValues).reportTimeliness).toBeUndefined();

    const series = await kpis.getTimeseries(director, {
      metric: 'report_timeliness',
      from: '2026-06-01',
      to: '2026-07-31',
      interval: 'month',
    });
    expect(series.points).toEqual([
      { start: '2026-06-01', value: 1 },
      { start: '2026-07-01', value: 5 / 7 },
    ]);
  });

  it('changes nothing when the obligations are replayed under new event ids, older versions last', async () => {
    const before = await kpisOf('2026-07', 'KPI_GROUP_BY_EMPLOYEE');
    // The inbox lets new ids through; the fact versions must stop them (B's 07-06 v1 again
    // after its v2: it must not make the day expected again).
    await publish(dataset());
    await drained();
    expect(await kpisOf('2026-07', 'KPI_GROUP_BY_EMPLOYEE')).toEqual(before);
    expect(((await kpisOf('2026-07')).total as analyticsV1.KpiValues).reportTimeliness).toBeCloseTo(5 / 7, 12);
  });
});
