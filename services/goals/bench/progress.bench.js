#!/usr/bin/env node
// Replays N contract/payment events against a target tree of ~10,000 nodes through the code the
// goals.progress consumer runs for each Kafka batch (progressApplier: facts from the events, fact
// upsert, index lookup of the matching nodes, per-node contribution replace, one achieved update
// per node per batch, progress_changed/completed outbox rows), in one transaction per batch with
// the kit's inbox insert, as the batch consumer does, and prints events/s. Kafka transport is not
// part of the figure. A benchmark, not a test: run it after `tsc -b`, with the local PostgreSQL up:
//   node services/goals/bench/progress.bench.js [events] [batch]     (default 1,000,000 and 1,000)
// TEST_DATABASE_ADMIN_URL picks the server (default postgresql://postgres@127.0.0.1:5432/postgres).
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { Pool } = require('pg');
const { createTestDatabase } = require('@salesflow/platform/testing');
const { fixedTenantCalendar } = require('../dist/modules/settings/tenant-calendar');
const { progressApplier } = require('../dist/consumers/progress.consumer');

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const BATCH = Number(process.argv[3] ?? 1_000);
const DEPARTMENTS = 20;
const MEMBERS_PER_DEPARTMENT = 20;
const GROUP = 'goals.progress.bench';
const outbox = { source: '/salesflow/goals' };

/**
 * Per metric (CONTRACT_AMOUNT and PAYMENT_AMOUNT): the 2026 company target -> 12 months -> 20
 * departments per month -> 20 members per department and month: 1 + 12 + 240 + 4,800 = 5,053
 * nodes; 10,106 in all. Every fact matches 4 nodes (year, month, department-month, member-month).
 */
async function buildTree(pool, tenantId, departments) {
  for (const metric of ['CONTRACT_AMOUNT', 'PAYMENT_AMOUNT']) {
    const year = randomUUID();
    await pool.query(
      `INSERT INTO targets (id, tenant_id, metric, period_start, period_end, period_kind, period_key, scope, value, created_by)
       VALUES ($1::uuid, $2::uuid, $3::"TargetMetric", '2026-01-01', '2027-01-01', 'YEAR', '2026', 'TENANT', 12000000000, $2::uuid)`,
      [year, tenantId, metric],
    );
    for (let month = 1; month <= 12; month += 1) {
      const monthId = randomUUID();
      const start = `2026-${String(month).padStart(2, '0')}-01`;
      const end = month === 12 ? '2027-01-01' : `2026-${String(month + 1).padStart(2, '0')}-01`;
      await pool.query(
        `INSERT INTO targets (id, tenant_id, metric, period_start, period_end, period_kind, period_key, scope, value, parent_id, created_by)
         VALUES ($1::uuid, $2::uuid, $3::"TargetMetric", $4::date, $5::date, 'MONTH', $6, 'TENANT', 1000000000, $7::uuid, $2::uuid)`,
        [monthId, tenantId, metric, start, end, start.slice(0, 7), year],
      );
      // Departments and their members in two set-based inserts per month.
      await pool.query(
        `WITH d AS (SELECT gen_random_uuid() AS id, dept FROM unnest($6::uuid[]) AS dept)
         , ins AS (
           INSERT INTO targets (id, tenant_id, metric, period_start, period_end, period_kind, period_key, scope, scope_id, scope_path, value, parent_id, created_by)
           SELECT d.id, $1::uuid, $2::"TargetMetric", $3::date, $4::date, 'MONTH', $5, 'DEPARTMENT', d.dept, '/' || d.dept || '/', 50000000, $7::uuid, $1::uuid
           FROM d RETURNING id, scope_id)
         INSERT INTO targets (id, tenant_id, metric, period_start, period_end, period_kind, period_key, scope, scope_id, scope_path, value, parent_id, created_by)
         SELECT gen_random_uuid(), $1::uuid, $2::"TargetMetric", $3::date, $4::date, 'MONTH', $5, 'EMPLOYEE', m.member,
                '/' || ins.scope_id || '/', 2500000, ins.id, $1::uuid
         FROM ins JOIN unnest($8::uuid[], $9::uuid[]) AS m(member, dept) ON m.dept = ins.scope_id`,
        [
          tenantId,
          metric,
          start,
          end,
          start.slice(0, 7),
          departments.map((d) => d.id),
          monthId,
          departments.flatMap((d) => d.members),
          departments.flatMap((d) => d.members.map(() => d.id)),
        ],
      );
    }
  }
}

/**
 * Event i, deterministic: contracts and payments in turn; every 10th event amends an earlier
 * contract (its amount replaces the old one), every 25th reverses the latest payment (it counts
 * for nothing any more). A fact keeps its owner and day across versions: both follow from its
 * number (fact n: member n mod 400 of the 400, in month floor(n / 400) mod 12, so every
 * department-month and member-month node gets facts).
 */
function eventAt(i, tenantId, departments, counters) {
  const money = (amount) => ({ amountMinor: String(amount), currency: 'CNY' });
  const attributionOf = (n) => {
    const dept = departments[n % DEPARTMENTS];
    const ownerId = dept.members[Math.floor(n / DEPARTMENTS) % MEMBERS_PER_DEPARTMENT];
    return { ownerId, departmentId: dept.id, departmentPath: `/${dept.id}/`, region: '华东', customerSegment: 'KA' };
  };
  const dayOf = (n) =>
    `2026-${String((Math.floor(n / 400) % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
  const envelope = (type, aggregateId, version, payload) => ({
    id: randomUUID(),
    type,
    tenantId,
    aggregateId,
    aggregateVersion: version,
    occurredAt: new Date(),
    actorId: '',
    payload,
  });
  if (i % 2 === 0) {
    const amend = i % 10 === 0 && counters.contracts > 0;
    const n = amend ? Math.floor(counters.contracts / 2) : counters.contracts++;
    const version = amend ? i : 1;
    const attribution = attributionOf(n);
    const amount = 100_000 + (i % 997) * 100;
    const contract = {
      id: `c-${n}`,
      tenantId,
      ownerId: attribution.ownerId,
      signedOn: dayOf(n),
      status: 'CONTRACT_STATUS_SIGNED',
      version: String(version),
      lines: [],
      totalAmount: money(amount),
      grossMargin: money(amount / 4),
    };
    return envelope(amend ? 'crm.contract.amended' : 'crm.contract.signed', contract.id, version, {
      contract,
      attribution,
    });
  }
  const reverse = i % 25 === 0 && counters.payments > 0;
  const n = reverse ? counters.payments - 1 : counters.payments++;
  const version = reverse ? 2 : 1;
  const attribution = attributionOf(n);
  const payment = {
    id: `p-${n}`,
    tenantId,
    ownerId: attribution.ownerId,
    receivedOn: dayOf(n),
    amount: money(50_000 + (n % 991) * 10),
    status: reverse ? 'PAYMENT_STATUS_REVERSED' : 'PAYMENT_STATUS_RECEIVED',
    version: String(version),
  };
  return envelope(reverse ? 'crm.payment.reversed' : 'crm.payment.received', payment.id, version, {
    payment,
    attribution,
    productLineSplit: [],
  });
}

async function main() {
  const database = await createTestDatabase('goals_bench', join(__dirname, '..', 'prisma', 'migrations'), {
    orgReplica: true,
  });
  const pool = new Pool({ connectionString: database.url, max: 1 });
  // Dropping the database at the end ends the idle connection: expected.
  pool.on('error', () => undefined);
  const apply = progressApplier(fixedTenantCalendar(), outbox);
  try {
    const tenantId = randomUUID();
    const departments = Array.from({ length: DEPARTMENTS }, () => ({
      id: randomUUID(),
      members: Array.from({ length: MEMBERS_PER_DEPARTMENT }, () => randomUUID()),
    }));
    await buildTree(pool, tenantId, departments);
    await pool.query('ANALYZE');
    const { rows: counted } = await pool.query('SELECT count(*)::int AS n FROM targets');
    const nodes = counted[0].n;
    console.log(`tree: ${nodes} target nodes; ${EVENTS} events in batches of ${BATCH}`);

    const client = await pool.connect();
    const counters = { contracts: 0, payments: 0 };
    const started = process.hrtime.bigint();
    let next = 100_000;
    try {
      for (let first = 0; first < EVENTS; first += BATCH) {
        const events = [];
        for (let i = first; i < Math.min(EVENTS, first + BATCH); i += 1) {
          events.push(eventAt(i, tenantId, departments, counters));
        }
        // What the batch consumer does per batch: inbox, apply, commit.
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO salesflow_inbox (consumer_group, event_id, event_type)
           SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
           ON CONFLICT DO NOTHING RETURNING event_id::text`,
          [GROUP, events.map((e) => e.id), events.map((e) => e.type)],
        );
        await apply(events, client);
        await client.query('COMMIT');
        const done = first + events.length;
        if (done >= next) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          console.log(`  ${done} events, ${Math.round(done / seconds)} events/s`);
          next += 100_000;
        }
      }
    } finally {
      client.release();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { rows } = await pool.query(
      `SELECT (SELECT count(*)::int FROM target_contributions) AS contributions,
              (SELECT count(*)::int FROM salesflow_outbox) AS outbox,
              (SELECT count(*)::int FROM progress_facts) AS facts,
              (SELECT bool_and(t.achieved = (SELECT COALESCE(sum(f.amount), 0) FROM progress_facts f
                                            WHERE f.metric = t.metric AND f.fact_date >= '2026-01-01'
                                              AND f.fact_date < '2027-01-01'))
                 FROM targets t WHERE t.parent_id IS NULL) AS years_match_facts`,
    );
    const summary = rows[0];
    console.log(
      `attributed ${EVENTS} events against ${nodes} nodes in ${seconds.toFixed(1)} s: ${Math.round(EVENTS / seconds)} events/s`,
    );
    console.log(
      `  ${summary.facts} facts, ${summary.contributions} contributions, ${summary.outbox} outbox events; ` +
        `each year node's achieved equals the sum of its facts: ${summary.years_match_facts}`,
    );
  } finally {
    await pool.end();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
