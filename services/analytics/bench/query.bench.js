// Query benchmark: p50/p99 of the dashboard queries on a large dataset loaded directly by SQL.
//   node services/analytics/bench/query.bench.js [facts=1000000]
// Loads 2,000 employees in 40 departments, `facts` payment facts and as many visit facts
// spread over 2026, their daily rollups, 200,000 customers and 300,000 stage moves.
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const { commonV1 } = require('@salesflow/contracts');
const { KpiService } = require('../dist/modules/kpi/kpi.service');
const { FunnelService } = require('../dist/modules/funnel/funnel.service');
const { CustomerValueService } = require('../dist/modules/customer-value/customer-value.service');
const { dropDatabase, freshDatabase, percentile } = require('./bench-support');

const FACTS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 30;
const tenantId = randomUUID();

async function load(pool) {
  const t0 = Date.now();
  await pool.query(
    `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
     SELECT md5('e' || g)::uuid, $1, 'rep ' || g, 'dept' || (g % 40), 'root/region' || (g % 4) || '/dept' || (g % 40) || '/', 1
     FROM generate_series(1, 2000) g`,
    [tenantId],
  );
  await pool.query(
    `INSERT INTO payment_facts (payment_id, tenant_id, version, status, contract_id, customer_id, owner_id, department_path,
                                region, segment, received_on, amount_minor, currency, split)
     SELECT 'p' || g, $1, 1, 'RECEIVED', 'c' || g, 'k' || (g % 200000), md5('e' || (g % 2000 + 1))::uuid::text,
            'root/region' || ((g % 2000 + 1) % 4) || '/dept' || ((g % 2000 + 1) % 40) || '/',
            'r' || (g % 8), 's' || (g % 3), date '2026-01-01' + (g % 365), 1000 + (g % 97) * 100, 'CNY', '[]'
     FROM generate_series(1, $2::int) g`,
    [tenantId, FACTS],
  );
  await pool.query(
    `INSERT INTO visit_facts (visit_id, tenant_id, version, employee_id, department_path, customer_id, region, segment, local_date, effective)
     SELECT 'v' || g, $1, 1, md5('e' || (g % 2000 + 1))::uuid::text,
            'root/region' || ((g % 2000 + 1) % 4) || '/dept' || ((g % 2000 + 1) % 40) || '/',
            'k' || (g % 200000), 'r' || (g % 8), 's' || (g % 3), date '2026-01-01' + (g % 365), g % 3 = 0
     FROM generate_series(1, $2::int) g`,
    [tenantId, FACTS],
  );
  await pool.query(
    `INSERT INTO daily_rollups (tenant_id, day, employee_id, department_path, product_line, region, segment,
                                payment_amount_minor, payments, contract_amount_minor, contracts)
     SELECT tenant_id, received_on, owner_id, department_path, '', region, segment, sum(amount_minor), count(*),
            sum(amount_minor) * 2, count(*) / 2
     FROM payment_facts WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    [tenantId],
  );
  await pool.query(
    `INSERT INTO daily_rollups AS d (tenant_id, day, employee_id, department_path, product_line, region, segment, visits, effective_visits)
     SELECT tenant_id, local_date, employee_id, department_path, '', region, segment, count(*), count(*) FILTER (WHERE effective)
     FROM visit_facts WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7
     ON CONFLICT (tenant_id, day, employee_id, department_path, product_line, region, segment)
     DO UPDATE SET visits = d.visits + EXCLUDED.visits, effective_visits = d.effective_visits + EXCLUDED.effective_visits`,
    [tenantId],
  );
  await pool.query(
    `INSERT INTO customer_facts (customer_id, tenant_id, version, created_on, created_owner_id, department_path, region, segment,
                                 name, owner_id, lifecycle, churn_reason, last_follow_up_at)
     SELECT 'k' || g, $1, 1, date '2025-01-01' + (g % 700), md5('e' || (g % 2000 + 1))::uuid::text,
            'root/region' || ((g % 2000 + 1) % 4) || '/dept' || ((g % 2000 + 1) % 40) || '/', 'r' || (g % 8), 's' || (g % 3),
            'customer ' || g, md5('e' || (g % 2000 + 1))::uuid::text, 'ACTIVE', '', timestamp '2026-01-01' + (g % 365) * interval '1 day'
     FROM generate_series(0, 199999) g`,
    [tenantId],
  );
  await pool.query(
    `INSERT INTO stage_move_facts (move_id, tenant_id, opportunity_id, owner_id, department_path, from_stage_id, from_stage_name,
                                   from_position, to_stage_id, to_stage_name, to_position, to_kind, amount_minor, backwards,
                                   from_entered_at, changed_at)
     SELECT 'm' || g, $1, 'o' || (g / 4), md5('e' || (g % 2000 + 1))::uuid::text,
            'root/region' || ((g % 2000 + 1) % 4) || '/dept' || ((g % 2000 + 1) % 40) || '/',
            's' || (g % 4), 'stage ' || (g % 4), g % 4, 's' || (g % 4 + 1), 'stage ' || (g % 4 + 1), g % 4 + 1,
            CASE WHEN g % 4 = 3 THEN 'WON' ELSE 'OPEN' END, 50000, false,
            timestamp '2026-01-01' + ((g / 4) % 330) * interval '1 day' + (g % 4) * interval '5 days',
            timestamp '2026-01-01' + ((g / 4) % 330) * interval '1 day' + (g % 4 + 1) * interval '5 days'
     FROM generate_series(0, 299999) g`,
    [tenantId],
  );
  await pool.query('VACUUM ANALYZE');
  const rollups = await pool.query('SELECT count(*)::int AS n FROM daily_rollups');
  console.log(
    `loaded ${FACTS} payments + ${FACTS} visits (${rollups.rows[0].n} rollup rows), 200,000 customers, 300,000 stage moves, 2,000 employees in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}

async function time(name, fn) {
  await fn();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1)} ms   p99 ${percentile(samples, 99).toFixed(1)} ms`,
  );
}

async function main() {
  const url = await freshDatabase('query');
  const pool = new Pool({ connectionString: url, max: 4, options: '-c work_mem=32MB' });
  try {
    await load(pool);
    const kpis = new KpiService(pool);
    const currency = (t) => kpis.currency(t);
    const funnel = new FunnelService(pool, 'Asia/Shanghai', currency);
    const value = new CustomerValueService(pool, 'Asia/Shanghai', currency);
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
    await time('timeseries collections by week, a year', () =>
      kpis.getTimeseries(director, { metric: 'collections', from: '2026-01-01', to: '2026-12-31', interval: 'week' }),
    );
    await time('funnel month, tenant', () =>
      funnel.getFunnel(director, { period: '2026-07', employeeId: '', departmentId: '' }),
    );
    await time('funnel month, subtree scope', () =>
      funnel.getFunnel(manager, { period: '2026-07', employeeId: '', departmentId: '' }),
    );
    await time('customer value (Pareto + RFM) month, tenant', () =>
      value.getCustomerValue(director, { period: '2026-07' }),
    );
    await time('churn risks 30 days, subtree scope', () =>
      value.listChurnRisks(manager, { days: 30, limit: 100, asOf: '2026-12-31' }),
    );
  } finally {
    await pool.end();
    await dropDatabase(url);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
