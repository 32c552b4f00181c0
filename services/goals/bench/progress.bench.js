#!/usr/bin/env node
// Attributes N contract/payment facts against a target tree of ~10,000 nodes, through the same
// code the goals.progress consumer runs for each event (attributeFact: fact upsert, match, per-node
// contribution replace, achieved update, progress_changed/completed outbox rows, one
// transaction per event), and prints events/s. Kafka transport is not part of the figure.
// A benchmark, not a test: run it after `tsc -b`, with the local PostgreSQL up:
//   node services/goals/bench/progress.bench.js [events]     (default 100,000)
// TEST_DATABASE_ADMIN_URL picks the server (default postgresql://postgres@127.0.0.1:5432/postgres).
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { createTestDatabase } = require('@salesflow/platform/testing');
const { createGoalsDatabase } = require('../dist/database');
const { attributeFact } = require('../dist/modules/progress/progress-attribution');

const EVENTS = Number(process.argv[2] ?? 100_000);
const DEPARTMENTS = 20;
const MEMBERS_PER_DEPARTMENT = 20;
const outbox = { source: '/salesflow/goals' };

/**
 * Per metric (CONTRACT_AMOUNT and PAYMENT_AMOUNT): the 2026 company target -> 12 months -> 20
 * departments per month -> 20 members per department and month: 1 + 12 + 240 + 4,800 = 5,053
 * nodes; 10,106 in all. Every fact matches 4 nodes (year, month, department-month, member-month).
 */
async function buildTree(db, tenantId, departments) {
  for (const metric of ['CONTRACT_AMOUNT', 'PAYMENT_AMOUNT']) {
    const year = randomUUID();
    await db.$executeRawUnsafe(
      `INSERT INTO targets (id, tenant_id, metric, period_start, period_end, period_kind, period_key, scope, value, created_by)
       VALUES ($1::uuid, $2::uuid, $3::"TargetMetric", '2026-01-01', '2027-01-01', 'YEAR', '2026', 'TENANT', 12000000000, $2::uuid)`,
      year,
      tenantId,
      metric,
    );
    for (let month = 1; month <= 12; month += 1) {
      const monthId = randomUUID();
      const start = `2026-${String(month).padStart(2, '0')}-01`;
      const end = month === 12 ? '2027-01-01' : `2026-${String(month + 1).padStart(2, '0')}-01`;
      await db.$executeRawUnsafe(
        `INSERT INTO targets (id, tenant_id, metric, period_start, period_end, period_kind, period_key, scope, value, parent_id, created_by)
         VALUES ($1::uuid, $2::uuid, $3::"TargetMetric", $4::date, $5::date, 'MONTH', $6, 'TENANT', 1000000000, $7::uuid, $2::uuid)`,
        monthId,
        tenantId,
        metric,
        start,
        end,
        start.slice(0, 7),
        year,
      );
      // Departments and their members in two set-based inserts per month.
      await db.$executeRawUnsafe(
        `WITH d AS (SELECT gen_random_uuid() AS id, dept FROM unnest($6::uuid[]) AS dept)
         , ins AS (
           INSERT INTO targets (id, tenant_id, metric, period_start, period_end, period_kind, period_key, scope, scope_id, scope_path, value, parent_id, created_by)
           SELECT d.id, $1::uuid, $2::"TargetMetric", $3::date, $4::date, 'MONTH', $5, 'DEPARTMENT', d.dept, '/' || d.dept || '/', 50000000, $7::uuid, $1::uuid
           FROM d RETURNING id, scope_id)
         INSERT INTO targets (id, tenant_id, metric, period_start, period_end, period_kind, period_key, scope, scope_id, scope_path, value, parent_id, created_by)
         SELECT gen_random_uuid(), $1::uuid, $2::"TargetMetric", $3::date, $4::date, 'MONTH', $5, 'EMPLOYEE', m.member,
                '/' || ins.scope_id || '/', 2500000, ins.id, $1::uuid
         FROM ins JOIN unnest($8::uuid[], $9::uuid[]) AS m(member, dept) ON m.dept = ins.scope_id`,
        tenantId,
        metric,
        start,
        end,
        start.slice(0, 7),
        departments.map((d) => d.id),
        monthId,
        departments.flatMap((d) => d.members),
        departments.flatMap((d) => d.members.map(() => d.id)),
      );
    }
  }
}

async function main() {
  const database = await createTestDatabase('goals_bench', join(__dirname, '..', 'prisma', 'migrations'), {
    orgReplica: true,
  });
  const db = createGoalsDatabase(database.url);
  try {
    const tenantId = randomUUID();
    const departments = Array.from({ length: DEPARTMENTS }, () => ({
      id: randomUUID(),
      members: Array.from({ length: MEMBERS_PER_DEPARTMENT }, () => randomUUID()),
    }));
    await buildTree(db, tenantId, departments);
    const [{ n: nodes }] = await db.$queryRawUnsafe('SELECT count(*)::int AS n FROM targets');
    console.log(`tree: ${nodes} target nodes`);

    // Deterministic facts: contracts and payments in turn, every 10th an amendment of an earlier
    // contract (replaces), every 25th a reversal of an earlier payment (removes).
    const started = process.hrtime.bigint();
    let contracts = 0;
    let payments = 0;
    for (let i = 0; i < EVENTS; i += 1) {
      const dept = departments[i % DEPARTMENTS];
      const owner = dept.members[Math.floor(i / DEPARTMENTS) % MEMBERS_PER_DEPARTMENT];
      const day = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      let fact;
      if (i % 2 === 0) {
        const amend = i % 10 === 0 && contracts > 0;
        const n = amend ? Math.floor(contracts / 2) : contracts++;
        fact = {
          factId: `contract:${n}`,
          metric: 'CONTRACT_AMOUNT',
          amount: BigInt(100_000 + (i % 997) * 100),
          sourceVersion: amend ? BigInt(i) : 1n,
        };
      } else {
        const reverse = i % 25 === 0 && payments > 0;
        const n = reverse ? payments - 1 : payments++;
        fact = {
          factId: `payment:${n}`,
          metric: 'PAYMENT_AMOUNT',
          amount: reverse ? 0n : BigInt(50_000 + (i % 991) * 10),
          sourceVersion: reverse ? 2n : 1n,
        };
      }
      // An amendment/reversal keeps the original fact's owner and day: look them up.
      await db.$transaction((tx) =>
        attributeFact(
          tx,
          tenantId,
          {
            ...fact,
            factDate: day,
            ownerId: owner,
            departmentPath: `/${dept.id}/`,
            region: '华东',
            customerSegment: 'KA',
            productLineAmounts: {},
          },
          '',
          outbox,
        ),
      );
      if ((i + 1) % 10_000 === 0) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        console.log(`  ${i + 1} events, ${Math.round((i + 1) / seconds)} events/s`);
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [{ n: contributions }] = await db.$queryRawUnsafe('SELECT count(*)::int AS n FROM target_contributions');
    console.log(
      `attributed ${EVENTS} events against ${nodes} nodes in ${seconds.toFixed(1)} s: ${Math.round(EVENTS / seconds)} events/s (${contributions} contributions)`,
    );
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
