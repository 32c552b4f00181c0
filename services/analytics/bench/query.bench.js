// Query benchmark: p50/p99 of the dashboard queries at the scale of issue 8: 5,000,000
// activity/visit events, 1,000,000 customers and 2,000 employees (plus 1,000,000 payments,
// 500,000 contracts and 300,000 stage moves for the money KPIs, customer value and the funnel).
//   node services/analytics/bench/query.bench.js [activityAndVisitEvents=5000000] [customers=1000000]
// The facts are generated straight into the projection tables with INSERT ... SELECT over
// generate_series, and the daily, weekly and monthly rollups are summed from them in SQL the
// way the projector sums them (every measure of ROLLUP_MEASURES), as are the customer summaries
// churn risk reads. Loading this through Kafka
// and the projector would take the better part of an hour on this machine (see
// ingest.bench.js for that path's speed), so this benchmark measures the queries only.
// QUERY_BENCH_KEEP=1 keeps the loaded database (its URL is printed); QUERY_BENCH_DATABASE_URL=<url>
// runs the queries again on a kept one after applying any new migrations (for EXPLAIN work).
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const { commonV1 } = require('@salesflow/contracts');
const { KpiService } = require('../dist/modules/kpi/kpi.service');
const { FunnelService } = require('../dist/modules/funnel/funnel.service');
const { CustomerValueService } = require('../dist/modules/customer-value/customer-value.service');
const { ROLLUP_GRAINS, ROLLUP_MEASURES } = require('../dist/projections/rollup');
const { dropDatabase, freshDatabase, migrate, percentile } = require('./bench-support');

const EVENTS = Number(process.argv[2] ?? 5_000_000);
const CUSTOMERS = Number(process.argv[3] ?? 1_000_000);
const VISITS = Math.floor(EVENTS / 2);
const ACTIVITIES = EVENTS - VISITS;
const PAYMENTS = 1_000_000;
const CONTRACTS = 500_000;
const STAGE_MOVES = 300_000;
/** Samples per query: 30, fewer when a query is so slow that 30 would take over 20 s (at least 5). */
const RUNS = 30;
const BUDGET_MS = 20_000;
let tenantId = randomUUID();
/** The reporting time zone of the services below (and of the summaries' days). */
const TIME_ZONE = 'Asia/Shanghai';

// Customer k<n> belongs to employee e<n % 2000 + 1> (department dept<e % 40> under region<e % 4>);
// every fact about a customer is owned by that employee and carries its region and segment.
const owner = (n) => `md5('e' || ((${n}) % 2000 + 1))::uuid::text`;
const path = (n) => `'root/region' || (((${n}) % 2000 + 1) % 4) || '/dept' || (((${n}) % 2000 + 1) % 40) || '/'`;
const region = (n) => `'r' || ((${n}) % 8)`;
const segment = (n) => `'s' || ((${n}) % 3)`;
const customer = (n) => `'k' || (${n})`;

async function step(pool, label, sql, params = [tenantId]) {
  const t = Date.now();
  await pool.query(sql, params);
  process.stdout.write(`  ${label} ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
}

/** Adds the sums of `select` (rollup key columns, then measures) into daily_rollups. */
function addToDaily(measures, select) {
  return `INSERT INTO daily_rollups AS d (tenant_id, day, employee_id, department_path, product_line, region, segment, ${measures.join(', ')})
          ${select}
          ON CONFLICT (tenant_id, day, employee_id, department_path, product_line, region, segment)
          DO UPDATE SET ${measures.map((m) => `${m} = d.${m} + EXCLUDED.${m}`).join(', ')}`;
}

async function load(pool) {
  const t0 = Date.now();
  console.log('loading...');
  await step(
    pool,
    'employees',
    `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
     SELECT md5('e' || g)::uuid, $1, 'rep ' || g, 'dept' || (g % 40), 'root/region' || (g % 4) || '/dept' || (g % 40) || '/', 1
     FROM generate_series(1, 2000) g`,
  );
  await step(
    pool,
    `${CUSTOMERS} customers`,
    `INSERT INTO customer_facts (customer_id, tenant_id, version, created_on, created_owner_id, department_path, region, segment,
                                 name, owner_id, lifecycle, churn_reason, last_follow_up_at)
     SELECT ${customer('g')}, $1, 1, date '2025-01-01' + (g % 730), ${owner('g')}, ${path('g')}, ${region('g')}, ${segment('g')},
            'customer ' || g, ${owner('g')}, CASE WHEN g % 50 = 0 THEN 'CHURNED' ELSE 'ACTIVE' END, '',
            CASE WHEN g % 5 = 0 THEN NULL ELSE timestamp '2026-01-01' + (g % 365) * interval '1 day' END
     FROM generate_series(0, $2::int - 1) g`,
    [tenantId, CUSTOMERS],
  );
  await step(
    pool,
    `${VISITS} visits`,
    `INSERT INTO visit_facts (visit_id, tenant_id, version, employee_id, department_path, customer_id, region, segment, local_date, effective)
     SELECT 'v' || g, $1, 1, ${owner('c')}, ${path('c')}, ${customer('c')}, ${region('c')}, ${segment('c')},
            date '2026-01-01' + (g % 365), g % 3 = 0
     FROM generate_series(1, $2::int) g, LATERAL (SELECT ((g::bigint * 7919) % $3::int)::int AS c) k`,
    [tenantId, VISITS, CUSTOMERS],
  );
  await step(
    pool,
    `${ACTIVITIES} activities`,
    `INSERT INTO activity_facts (activity_id, tenant_id, owner_id, department_path, subject_type, subject_id, occurred_at, occurred_on)
     SELECT 'a' || g, $1, ${owner('c')}, ${path('c')}, 'CUSTOMER', ${customer('c')},
            timestamptz '2026-01-01 10:00+08' + (g % 365) * interval '1 day', date '2026-01-01' + (g % 365)
     FROM generate_series(1, $2::int) g, LATERAL (SELECT ((g::bigint * 104729) % $3::int)::int AS c) k`,
    [tenantId, ACTIVITIES, CUSTOMERS],
  );
  await step(
    pool,
    `${PAYMENTS} payments`,
    `INSERT INTO payment_facts (payment_id, tenant_id, version, status, contract_id, customer_id, owner_id, department_path,
                                region, segment, received_on, amount_minor, currency, split)
     SELECT 'p' || g, $1, 1, CASE WHEN g % 40 = 0 THEN 'REVERSED' ELSE 'RECEIVED' END, 'c' || (g % $3::int),
            ${customer('c')}, ${owner('c')}, ${path('c')}, ${region('c')}, ${segment('c')},
            date '2026-01-01' + (g % 365), 1000 + (g % 97) * 100, 'CNY', '[]'
     FROM generate_series(1, $2::int) g, LATERAL (SELECT ((g % $3::int) * 31) % $4::int AS c) k`,
    [tenantId, PAYMENTS, CONTRACTS, CUSTOMERS],
  );
  await step(
    pool,
    `${CONTRACTS} contracts`,
    `INSERT INTO contract_facts (contract_id, tenant_id, version, status, signed_on, owner_id, department_path, customer_id,
                                 region, segment, amount_minor, currency, lines)
     SELECT 'c' || g, $1, 1, CASE WHEN g % 25 = 0 THEN 'CANCELLED' ELSE 'SIGNED' END, date '2026-01-01' + (g % 365),
            ${owner('c')}, ${path('c')}, ${customer('c')}, ${region('c')}, ${segment('c')}, 20000 + (g % 89) * 1000, 'CNY', '[]'
     FROM generate_series(0, $2::int - 1) g, LATERAL (SELECT (g * 31) % $3::int AS c) k`,
    [tenantId, CONTRACTS, CUSTOMERS],
  );
  await step(
    pool,
    `${STAGE_MOVES} stage moves`,
    `INSERT INTO stage_move_facts (move_id, tenant_id, opportunity_id, owner_id, department_path, from_stage_id, from_stage_name,
                                   from_position, to_stage_id, to_stage_name, to_position, to_kind, amount_minor, backwards,
                                   from_entered_at, changed_at)
     SELECT 'm' || g, $1, 'o' || (g / 4), ${owner('g / 4')}, ${path('g / 4')},
            's' || (g % 4), 'stage ' || (g % 4), g % 4, 's' || (g % 4 + 1), 'stage ' || (g % 4 + 1), g % 4 + 1,
            CASE WHEN g % 4 = 3 THEN 'WON' ELSE 'OPEN' END, 50000, false,
            timestamp '2026-01-01' + ((g / 4) % 330) * interval '1 day' + (g % 4) * interval '5 days',
            timestamp '2026-01-01' + ((g / 4) % 330) * interval '1 day' + (g % 4 + 1) * interval '5 days'
     FROM generate_series(0, $2::int - 1) g`,
    [tenantId, STAGE_MOVES],
  );
  // The funnel's `advanced` flag, as the projector sets it when a move out of the stage arrives
  // (src/projections/families/stage-move.family.ts), for every opportunity at once.
  await step(
    pool,
    'stage moves: advanced',
    `UPDATE stage_move_facts e SET advanced = true
     WHERE e.tenant_id = $1 AND EXISTS (
       SELECT 1 FROM stage_move_facts x
       WHERE x.tenant_id = e.tenant_id AND x.opportunity_id = e.opportunity_id
         AND x.from_stage_id = e.to_stage_id AND x.changed_at >= e.changed_at
         AND NOT x.backwards AND x.to_kind <> 'LOST')`,
  );
  // The rollups, as the families contribute: visits, activities (no region/segment), payments
  // and contracts received/signed (count and amount on product line ''), new customers.
  const key = (day, emp, dept, reg, seg) => `tenant_id, ${day}, ${emp}, ${dept}, '', ${reg}, ${seg}`;
  await step(
    pool,
    'daily rollups: visits',
    addToDaily(
      ['visits', 'effective_visits'],
      `SELECT ${key('local_date', 'employee_id', 'department_path', 'region', 'segment')}, count(*), count(*) FILTER (WHERE effective)
       FROM visit_facts WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    ),
  );
  await step(
    pool,
    'daily rollups: activities',
    addToDaily(
      ['activities'],
      `SELECT ${key('occurred_on', 'owner_id', 'department_path', "''", "''")}, count(*)
       FROM activity_facts WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    ),
  );
  await step(
    pool,
    'daily rollups: payments',
    addToDaily(
      ['payments', 'payment_amount_minor'],
      `SELECT ${key('received_on', 'owner_id', 'department_path', 'region', 'segment')}, count(*), sum(amount_minor)
       FROM payment_facts WHERE tenant_id = $1 AND status = 'RECEIVED' GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    ),
  );
  await step(
    pool,
    'daily rollups: contracts',
    addToDaily(
      ['contracts', 'contract_amount_minor'],
      `SELECT ${key('signed_on', 'owner_id', 'department_path', 'region', 'segment')}, count(*), sum(amount_minor)
       FROM contract_facts WHERE tenant_id = $1 AND status = 'SIGNED' GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    ),
  );
  await step(
    pool,
    'daily rollups: new customers',
    addToDaily(
      ['new_customers'],
      `SELECT ${key('created_on', 'created_owner_id', 'department_path', 'region', 'segment')}, count(*)
       FROM customer_facts WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    ),
  );
  await loadCustomerSummaries(pool);
  // Every coarser grain (weekly, monthly, the tenant-wide ones) summed from the daily rows.
  for (const grain of ROLLUP_GRAINS.filter((g) => g.table !== 'daily_rollups')) {
    const keys = ['tenant_id', grain.column, ...grain.keys];
    await step(
      pool,
      grain.table,
      `INSERT INTO ${grain.table} (${[...keys, ...ROLLUP_MEASURES].join(', ')})
       SELECT ${['tenant_id', `date_trunc('${grain.unit}', day::timestamp)::date`, ...grain.keys].join(', ')},
              ${ROLLUP_MEASURES.map((m) => `sum(${m})`).join(', ')}
       FROM daily_rollups WHERE tenant_id = $1 GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`,
    );
  }
  await step(pool, 'VACUUM ANALYZE', 'VACUUM ANALYZE', []);
  const counts = await pool.query(
    `SELECT (SELECT count(*) FROM daily_rollups)::int AS daily, (SELECT count(*) FROM weekly_rollups)::int AS weekly,
            (SELECT count(*) FROM monthly_rollups)::int AS monthly`,
  );
  const c = counts.rows[0];
  console.log(
    `loaded ${VISITS} visits + ${ACTIVITIES} activities, ${CUSTOMERS} customers, 2,000 employees, ${PAYMENTS} payments, ` +
      `${CONTRACTS} contracts, ${STAGE_MOVES} stage moves; rollup rows: ${c.daily} daily, ${c.weekly} weekly, ` +
      `${c.monthly} monthly; in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}

/**
 * customer_summaries as the projector leaves them (src/projections/customer-summary.ts): per
 * customer fact, its follow-up day, latest activity day and latest SIGNED contract day.
 */
async function loadCustomerSummaries(pool) {
  await step(
    pool,
    'customer summaries',
    `INSERT INTO customer_summaries (customer_id, tenant_id, name, owner_id, department_path, lifecycle,
                                     last_follow_up_on, last_activity_on, last_order_on)
     SELECT c.customer_id, c.tenant_id, c.name, c.owner_id, c.department_path, c.lifecycle,
            (c.last_follow_up_at AT TIME ZONE $2)::date, a.last_activity_on, o.last_order_on
     FROM customer_facts c
     LEFT JOIN (SELECT subject_id, (max(occurred_at) AT TIME ZONE $2)::date AS last_activity_on
                FROM activity_facts WHERE tenant_id = $1 GROUP BY subject_id) a ON a.subject_id = c.customer_id
     LEFT JOIN (SELECT customer_id, max(signed_on) AS last_order_on
                FROM contract_facts WHERE tenant_id = $1 AND status = 'SIGNED' GROUP BY customer_id) o
       ON o.customer_id = c.customer_id
     WHERE c.tenant_id = $1`,
    [tenantId, TIME_ZONE],
  );
}

/** p50/p99 of `fn` after one warm-up run; `before` (untimed) runs before every sample. */
async function time(name, fn, before = async () => {}) {
  await before();
  await fn();
  const samples = [];
  const started = Date.now();
  for (let i = 0; i < RUNS && (i < 5 || Date.now() - started < BUDGET_MS); i++) {
    await before();
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(48)} p50 ${percentile(samples, 50).toFixed(1)} ms   p99 ${percentile(samples, 99).toFixed(1)} ms   (${samples.length} runs)`,
  );
}

async function main() {
  const kept = process.env.QUERY_BENCH_DATABASE_URL;
  const url = kept ?? (await freshDatabase('query'));
  // The service's pool settings (main.ts).
  const pool = new Pool({ connectionString: url, max: 4, options: '-c work_mem=32MB' });
  try {
    if (kept) {
      await migrate(url);
      await pool.query('ANALYZE');
      tenantId = (await pool.query('SELECT tenant_id::text FROM customer_facts LIMIT 1')).rows[0].tenant_id;
      // A database kept from before the summaries existed gets them now (then VACUUM ANALYZE).
      if ((await pool.query('SELECT 1 FROM customer_summaries LIMIT 1')).rowCount === 0) {
        await loadCustomerSummaries(pool);
        await pool.query('VACUUM ANALYZE customer_summaries');
      }
    } else await load(pool);
    const kpis = new KpiService(pool);
    const currency = (t) => kpis.currency(t);
    const funnel = new FunnelService(pool, TIME_ZONE, currency);
    const value = new CustomerValueService(pool, TIME_ZONE, currency);
    const director = commonV1.Principal.fromPartial({
      tenantId,
      employeeId: randomUUID(),
      permissions: ['*'],
      dataScope: 'DATA_SCOPE_TENANT',
    });
    const manager = commonV1.Principal.fromPartial({
      tenantId,
      employeeId: randomUUID(),
      permissions: ['*'],
      dataScope: 'DATA_SCOPE_DEPARTMENT_TREE',
      departmentId: 'region1',
      departmentPath: 'root/region1/',
    });
    await time('kpis month, tenant', () =>
      kpis.getKpis(director, { period: '2026-07', groupBy: 'KPI_GROUP_BY_UNSPECIFIED', departmentId: '' }),
    );
    await time('kpis quarter by employee, tenant', () =>
      kpis.getKpis(director, { period: '2026Q3', groupBy: 'KPI_GROUP_BY_EMPLOYEE', departmentId: '' }),
    );
    await time('kpis year by department, subtree scope', () =>
      kpis.getKpis(manager, { period: '2026', groupBy: 'KPI_GROUP_BY_DEPARTMENT', departmentId: '' }),
    );
    await time('leaderboard sales month by employee', () =>
      kpis.getLeaderboard(director, {
        metric: 'sales_amount',
        period: '2026-07',
        groupBy: 'KPI_GROUP_BY_EMPLOYEE',
        limit: 10,
      }),
    );
    await time('kpis year, tenant', () =>
      kpis.getKpis(director, { period: '2026', groupBy: 'KPI_GROUP_BY_UNSPECIFIED', departmentId: '' }),
    );
    await time('timeseries sales by month, a year', () =>
      kpis.getTimeseries(director, { metric: 'sales_amount', from: '2026-01-01', to: '2026-12-31', interval: 'month' }),
    );
    await time('timeseries collections by week, a year', () =>
      kpis.getTimeseries(director, { metric: 'collections', from: '2026-01-01', to: '2026-12-31', interval: 'week' }),
    );
    await time('funnel month, tenant', () =>
      funnel.getFunnel(director, { period: '2026-07', employeeId: '', departmentId: '' }),
    );
    await time('funnel month, subtree scope', () =>
      funnel.getFunnel(manager, { period: '2026-07', employeeId: '', departmentId: '' }),
    );
    // Customer value keeps its answer until a payment of the period changes: measured both
    // right after such a change (the July epoch bumped before every run, as the projector
    // does) and asked again with nothing changed.
    const julyPaymentChanged = () =>
      pool.query(
        `INSERT INTO payment_month_epochs AS e (tenant_id, month, epoch) VALUES ($1, '2026-07-01', 1)
         ON CONFLICT (tenant_id, month) DO UPDATE SET epoch = e.epoch + 1`,
        [tenantId],
      );
    await time(
      'customer value month, tenant, after a payment',
      () => value.getCustomerValue(director, { period: '2026-07' }),
      julyPaymentChanged,
    );
    await time('customer value month, tenant, asked again', () =>
      value.getCustomerValue(director, { period: '2026-07' }),
    );
    await time('customer value quarter, subtree, asked again', () =>
      value.getCustomerValue(manager, { period: '2026Q3' }),
    );
    await time('churn risks 30 days, subtree scope', () =>
      value.listChurnRisks(manager, { days: 30, limit: 100, asOf: '2026-12-31' }),
    );
    // An asOf in the past: nearly every customer has an activity after 07-15, so each is
    // computed from its facts up to asOf (README "Churn risk").
    await time('churn risks 30 days, subtree, asOf 07-15', () =>
      value.listChurnRisks(manager, { days: 30, limit: 100, asOf: '2026-07-15' }),
    );
  } finally {
    await pool.end();
    if (process.env.QUERY_BENCH_KEEP || kept) console.log(`kept ${url}`);
    else await dropDatabase(url);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
