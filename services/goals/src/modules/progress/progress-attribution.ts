import type { OutboxOptions } from '@salesflow/platform';
import type { GoalsTransaction } from '../../database';
import type { Target } from '../../generated/prisma/client';
import { BulkOutbox } from '../shared/bulk-outbox';
import { prismaSql, type RunSql } from '../shared/sql-runner';
import { targetToProto } from '../target/target.mapper';
import { appendTargetEvent, FACT_AMOUNT_FOR_TARGET, FACT_MATCHES_TARGET } from '../target/target-store';
import type { FactChange } from './progress-facts';

/** A fact with the tenant and the actor of the event it came from. */
export interface AttributedFact {
  tenantId: string;
  actorId: string;
  fact: FactChange;
}

/** What one attribution pass changed. */
export interface AttributionResult {
  /** Facts stored (new, or newer than the stored version). */
  facts: number;
  /** Nodes whose achieved moved (one progress_changed each). */
  nodes: number;
}

/**
 * The facts of a batch as they stand after it, in the order given: per (tenant, fact, metric)
 * the highest source version, and among equal versions the later one — exactly what applying
 * them one by one would leave (an older version never replaces a newer one).
 */
export function latestFacts(facts: readonly AttributedFact[]): AttributedFact[] {
  const latest = new Map<string, AttributedFact>();
  for (const item of facts) {
    const key = `${item.tenantId}\u0000${item.fact.factId}\u0000${item.fact.metric}`;
    const held = latest.get(key);
    if (!held || item.fact.sourceVersion >= held.fact.sourceVersion) {
      // Re-inserted so the map's order is the order of each fact's last word.
      latest.delete(key);
      latest.set(key, item);
    }
  }
  return [...latest.values()];
}

/**
 * Records a batch of facts and brings every matching node's achieved in step with them, in
 * the caller's transaction. Each fact's previous contribution to each node is REPLACED (an
 * amendment counts once, at its new amount; a cancellation or reversal removes it), so applying
 * the same facts twice changes nothing, and a fact older than the stored one is ignored.
 *
 * Set-based, so a batch costs a few statements whatever its size: (1) upsert the facts, find
 * their nodes by index, diff new against old contributions and write the differences; (2) add
 * the per-node sums of those differences to achieved with ONE update per node (the year and
 * month nodes that every fact touches are written once per batch, not once per fact), locking
 * the nodes in id order so concurrent batches cannot deadlock; (3) one progress_changed per
 * node that moved (and completed the first time achieved reaches the value), written to the
 * outbox with one insert.
 */
export async function attributeFacts(
  sql: RunSql,
  batch: readonly AttributedFact[],
  outbox: OutboxOptions,
): Promise<AttributionResult> {
  const facts = latestFacts(batch);
  if (facts.length === 0) return { facts: 0, nodes: 0 };
  // The per-fact index probes make the planner's cost for a big batch look huge, which turns
  // on JIT compilation: seconds of compiling for a statement that runs in milliseconds.
  await sql("SELECT set_config('jit', 'off', true)", []);
  const deltas = await sql<NodeDeltaRow>(CONTRIBUTIONS_STATEMENT, [
    facts.map((f) => f.tenantId),
    facts.map((f) => f.fact.factId),
    facts.map((f) => f.fact.metric),
    facts.map((f) => f.fact.factDate),
    facts.map((f) => f.fact.ownerId),
    facts.map((f) => f.fact.departmentPath),
    facts.map((f) => f.fact.region),
    facts.map((f) => f.fact.customerSegment),
    facts.map((f) => f.fact.amount.toString()),
    facts.map((f) => JSON.stringify(f.fact.productLineAmounts)),
    facts.map((f) => f.fact.sourceVersion.toString()),
  ]);
  const stored = Number(deltas.find((d) => d.target_id === null)?.delta ?? 0);
  const moved = deltas.filter((d): d is NodeDeltaRow & { target_id: string } => d.target_id !== null);
  if (moved.length === 0) return { facts: stored, nodes: 0 };

  const changed = await sql<ChangedTargetRow>(ACHIEVED_STATEMENT, [
    moved.map((d) => d.target_id),
    moved.map((d) => d.delta),
  ]);
  const actorOf = new Map(facts.map((f) => [`${f.tenantId}\u0000${f.fact.factId}`, f.actorId]));
  const factOf = new Map(moved.map((d) => [d.target_id, d.fact_id]));
  const events = new BulkOutbox();
  for (const row of changed) {
    const target = targetOfRow(row);
    const factId = factOf.get(target.id) ?? '';
    const actorId = actorOf.get(`${target.tenantId}\u0000${factId}`) ?? '';
    const payload = { target: targetToProto(target), previousAchieved: row.previous_achieved, factId };
    await appendTargetEvent(events, 'goals.target.progress_changed', target, actorId, payload, outbox);
    // Completed the first time achieved reached the value (completed_at was set by this update).
    if (row.just_completed) await appendTargetEvent(events, 'goals.target.completed', target, actorId, payload, outbox);
  }
  await events.flush(sql);
  return { facts: stored, nodes: changed.length };
}

/** One fact in a Prisma transaction (tests, tools); the consumer attributes whole batches. */
export async function attributeFact(
  tx: GoalsTransaction,
  tenantId: string,
  fact: FactChange,
  actorId: string,
  outbox: OutboxOptions,
): Promise<number> {
  return (await attributeFacts(prismaSql(tx), [{ tenantId, actorId, fact }], outbox)).nodes;
}

/**
 * (1) Facts in, per-node differences out. Every part of a statement sees the snapshot before
 * it, so `old` is the contributions as they were. A fact's candidate nodes are found by index
 * (tenant-wide nodes; nodes whose scope id is the owner or a department on the owner's path;
 * handed-over employee nodes) and FACT_MATCHES_TARGET decides among them, exactly as for a node
 * created after the facts; UNION drops a node reached twice. The per-fact lookups are
 * LATERAL ... OFFSET 0 so they stay index probes per fact whatever the planner estimates for
 * the batch (a hash or merge join over a tenant's every node per fact is what a big batch
 * got otherwise). The last row (target_id NULL) carries how many facts were stored.
 */
const CONTRIBUTIONS_STATEMENT = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::bigint[], $10::text[], $11::bigint[])
      AS i(tenant_id, fact_id, metric, fact_date, owner_id, department_path, region, customer_segment, amount,
           product_line_amounts, source_version)
  ),
  f AS (
    INSERT INTO progress_facts (tenant_id, fact_id, metric, fact_date, owner_id, department_path, region,
                                customer_segment, amount, product_line_amounts, source_version, updated_at)
    SELECT tenant_id, fact_id, metric::"TargetMetric", fact_date, owner_id, department_path, region, customer_segment,
           amount, product_line_amounts::jsonb, source_version, now()
    FROM input
    ON CONFLICT (tenant_id, fact_id, metric) DO UPDATE SET
      fact_date = EXCLUDED.fact_date, owner_id = EXCLUDED.owner_id, department_path = EXCLUDED.department_path,
      region = EXCLUDED.region, customer_segment = EXCLUDED.customer_segment, amount = EXCLUDED.amount,
      product_line_amounts = EXCLUDED.product_line_amounts, source_version = EXCLUDED.source_version,
      updated_at = now()
    WHERE progress_facts.source_version <= EXCLUDED.source_version
    RETURNING *
  ),
  fresh AS (
    SELECT f.tenant_id, f.fact_id, f.owner_id, t.id AS target_id, ${FACT_AMOUNT_FOR_TARGET} AS amount
    FROM f JOIN targets t ON t.tenant_id = f.tenant_id AND t.metric = f.metric AND t.scope = 'TENANT'
                         AND ${FACT_MATCHES_TARGET}
    UNION
    SELECT f.tenant_id, f.fact_id, f.owner_id, t.id, ${FACT_AMOUNT_FOR_TARGET}
    FROM f
    CROSS JOIN LATERAL (
      SELECT * FROM targets t
      WHERE t.tenant_id = f.tenant_id AND t.metric = f.metric AND t.period_start <= f.fact_date
        AND t.scope_id = ANY (goals_fact_scope_ids(f.owner_id, f.department_path))
      OFFSET 0
    ) AS t
    WHERE ${FACT_MATCHES_TARGET}
    UNION
    SELECT f.tenant_id, f.fact_id, f.owner_id, t.id, ${FACT_AMOUNT_FOR_TARGET}
    FROM f JOIN targets t ON t.tenant_id = f.tenant_id AND t.former_scope_ids <> '{}'
                         AND f.owner_id = ANY (t.former_scope_ids) AND ${FACT_MATCHES_TARGET}
  ),
  old AS (
    SELECT f.tenant_id, f.fact_id, c.target_id, c.amount FROM f
    CROSS JOIN LATERAL (
      SELECT c.target_id, c.amount FROM target_contributions c
      WHERE c.tenant_id = f.tenant_id AND c.fact_id = f.fact_id
      OFFSET 0
    ) AS c
    JOIN targets t ON t.id = c.target_id AND t.metric = f.metric
  ),
  delta AS (
    SELECT COALESCE(fresh.target_id, old.target_id) AS target_id, COALESCE(fresh.tenant_id, old.tenant_id) AS tenant_id,
           COALESCE(fresh.fact_id, old.fact_id) AS fact_id, fresh.owner_id, COALESCE(fresh.amount, 0) AS new_amount,
           COALESCE(fresh.amount, 0) - COALESCE(old.amount, 0) AS delta
    FROM fresh FULL JOIN old
      ON fresh.target_id = old.target_id AND fresh.tenant_id = old.tenant_id AND fresh.fact_id = old.fact_id
    WHERE COALESCE(fresh.amount, 0) <> COALESCE(old.amount, 0)
  ),
  dropped AS (
    DELETE FROM target_contributions c USING delta
    WHERE c.target_id = delta.target_id AND c.fact_id = delta.fact_id AND delta.new_amount = 0
  ),
  kept AS (
    INSERT INTO target_contributions (target_id, tenant_id, fact_id, owner_id, amount)
    SELECT target_id, tenant_id, fact_id, owner_id, new_amount FROM delta WHERE new_amount <> 0
    ON CONFLICT (target_id, fact_id) DO UPDATE SET amount = EXCLUDED.amount, owner_id = EXCLUDED.owner_id
  )
  SELECT target_id::text, sum(delta)::text AS delta, min(fact_id) AS fact_id FROM delta GROUP BY target_id
  UNION ALL
  SELECT NULL, count(*)::text, NULL FROM f`;

/**
 * (2) One update per node that moved. The nodes are locked in id order first (a materialised
 * CTE, so the lock happens before the update and in that order); completed_at is set the first
 * time achieved reaches the value. Dates come back as text: pg would read a date as local
 * midnight.
 */
const ACHIEVED_STATEMENT = `
  WITH d AS (
    SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS d(id, delta)
  ),
  locked AS MATERIALIZED (
    SELECT t.id, t.completed_at FROM targets t WHERE t.id IN (SELECT id FROM d) ORDER BY t.id FOR UPDATE
  )
  UPDATE targets t SET achieved = t.achieved + d.delta, version = t.version + 1, updated_at = now(),
         completed_at = CASE WHEN t.completed_at IS NULL AND t.value > 0 AND t.achieved + d.delta >= t.value
                             THEN now() ELSE t.completed_at END
  FROM d JOIN locked l ON l.id = d.id
  WHERE t.id = d.id
  RETURNING t.id::text, t.tenant_id::text, t.metric::text, t.period_start::text, t.period_end::text, t.scope::text,
            t.scope_id::text, t.value::text, t.parent_id::text, t.version, t.created_by::text, t.created_at,
            t.period_kind, t.period_key, t.product_line, t.region, t.customer_segment, t.scope_path,
            t.former_scope_ids, t.locked, t.achieved::text, t.completed_at, t.updated_at,
            (t.achieved - d.delta)::text AS previous_achieved,
            (l.completed_at IS NULL AND t.completed_at IS NOT NULL) AS just_completed`;

interface NodeDeltaRow {
  target_id: string | null;
  delta: string;
  fact_id: string | null;
}

/** A `targets` row as the update returns it (snake_case, numbers and dates as text). */
interface ChangedTargetRow {
  id: string;
  tenant_id: string;
  metric: Target['metric'];
  period_start: string;
  period_end: string;
  scope: Target['scope'];
  scope_id: string | null;
  value: string;
  parent_id: string | null;
  version: number;
  created_by: string;
  created_at: Date;
  period_kind: string | null;
  period_key: string | null;
  product_line: string | null;
  region: string | null;
  customer_segment: string | null;
  scope_path: string;
  former_scope_ids: string[];
  locked: boolean;
  achieved: string;
  completed_at: Date | null;
  updated_at: Date;
  previous_achieved: string;
  just_completed: boolean;
}

function targetOfRow(row: ChangedTargetRow): Target {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    metric: row.metric,
    periodStart: new Date(`${row.period_start}T00:00:00Z`),
    periodEnd: new Date(`${row.period_end}T00:00:00Z`),
    scope: row.scope,
    scopeId: row.scope_id,
    value: BigInt(row.value),
    parentId: row.parent_id,
    version: Number(row.version),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    periodKind: row.period_kind,
    periodKey: row.period_key,
    productLine: row.product_line,
    region: row.region,
    customerSegment: row.customer_segment,
    scopePath: row.scope_path,
    formerScopeIds: row.former_scope_ids,
    locked: row.locked,
    achieved: BigInt(row.achieved),
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    updatedAt: new Date(row.updated_at),
  };
}
