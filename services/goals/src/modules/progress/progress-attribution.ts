import type { OutboxOptions } from '@salesflow/platform';
import type { GoalsTransaction } from '../../database';
import type { Target } from '../../generated/prisma/client';
import { targetToProto } from '../target/target.mapper';
import { appendTargetEvent, FACT_AMOUNT_FOR_TARGET, FACT_MATCHES_TARGET } from '../target/target-store';
import type { FactChange } from './progress-facts';

/**
 * Records one fact and brings every matching node's achieved in step with it, in the caller's
 * transaction. The fact's previous contribution to each node is REPLACED (an amendment counts
 * once, at its new amount; a cancellation or reversal removes it), so applying the same fact
 * twice changes nothing. An older version of a fact than the one stored is ignored.
 * Returns how many nodes changed.
 */
export async function attributeFact(
  tx: GoalsTransaction,
  tenantId: string,
  fact: FactChange,
  actorId: string,
  outbox: OutboxOptions,
): Promise<number> {
  // One statement, one round trip: store the fact (unless stale), compare its new contribution
  // per matching node with the old one per node that had one, write the differences and move
  // achieved by them. Every part sees the snapshot before the statement, so `old` is the
  // contributions as they were.
  const changed = await tx.$queryRawUnsafe<ChangedTargetRow[]>(
    `WITH f AS (
       INSERT INTO progress_facts (tenant_id, fact_id, metric, fact_date, owner_id, department_path, region,
                                   customer_segment, amount, product_line_amounts, source_version, updated_at)
       VALUES ($1::uuid, $2, $3::"TargetMetric", $4::date, $5, $6, $7, $8, $9::bigint, $10::jsonb, $11::bigint, now())
       ON CONFLICT (tenant_id, fact_id, metric) DO UPDATE SET
         fact_date = EXCLUDED.fact_date, owner_id = EXCLUDED.owner_id, department_path = EXCLUDED.department_path,
         region = EXCLUDED.region, customer_segment = EXCLUDED.customer_segment, amount = EXCLUDED.amount,
         product_line_amounts = EXCLUDED.product_line_amounts, source_version = EXCLUDED.source_version,
         updated_at = now()
       WHERE progress_facts.source_version <= EXCLUDED.source_version
       RETURNING *
     ),
     fresh AS (
       SELECT t.id AS target_id, ${FACT_AMOUNT_FOR_TARGET} AS amount FROM f JOIN targets t ON ${FACT_MATCHES_TARGET}
     ),
     old AS (
       SELECT c.target_id, c.amount FROM f
       JOIN target_contributions c ON c.tenant_id = f.tenant_id AND c.fact_id = f.fact_id
       JOIN targets t ON t.id = c.target_id AND t.metric = f.metric
     ),
     delta AS (
       SELECT COALESCE(fresh.target_id, old.target_id) AS target_id, COALESCE(fresh.amount, 0) AS new_amount,
              COALESCE(fresh.amount, 0) - COALESCE(old.amount, 0) AS delta
       FROM fresh FULL JOIN old ON fresh.target_id = old.target_id
       WHERE COALESCE(fresh.amount, 0) <> COALESCE(old.amount, 0)
     ),
     dropped AS (
       DELETE FROM target_contributions c USING delta
       WHERE c.target_id = delta.target_id AND c.fact_id = $2 AND delta.new_amount = 0
     ),
     kept AS (
       INSERT INTO target_contributions (target_id, tenant_id, fact_id, owner_id, amount)
       SELECT target_id, $1::uuid, $2, $5, new_amount FROM delta WHERE new_amount <> 0
       ON CONFLICT (target_id, fact_id) DO UPDATE SET amount = EXCLUDED.amount, owner_id = EXCLUDED.owner_id
     )
     UPDATE targets t SET achieved = t.achieved + delta.delta, version = t.version + 1, updated_at = now(),
            completed_at = CASE WHEN t.completed_at IS NULL AND t.value > 0 AND t.achieved + delta.delta >= t.value
                                THEN now() ELSE t.completed_at END
     FROM delta WHERE t.id = delta.target_id
     RETURNING t.*, (t.achieved - delta.delta) AS previous_achieved,
               (t.completed_at = now()::timestamptz(3)) AS just_completed`,
    tenantId,
    fact.factId,
    fact.metric,
    fact.factDate,
    fact.ownerId,
    fact.departmentPath,
    fact.region,
    fact.customerSegment,
    fact.amount.toString(),
    JSON.stringify(fact.productLineAmounts),
    fact.sourceVersion.toString(),
  );
  for (const row of changed) {
    const target = targetOfRow(row);
    const payload = {
      target: targetToProto(target),
      previousAchieved: String(row.previous_achieved),
      factId: fact.factId,
    };
    await appendTargetEvent(tx, 'goals.target.progress_changed', target, actorId, payload, outbox);
    // Completed the first time achieved reached the value (completed_at was set by this update).
    if (row.just_completed) await appendTargetEvent(tx, 'goals.target.completed', target, actorId, payload, outbox);
  }
  return changed.length;
}

/** A `targets` row as the raw query returns it (snake_case), plus the statement's extras. */
interface ChangedTargetRow {
  id: string;
  tenant_id: string;
  metric: Target['metric'];
  period_start: Date;
  period_end: Date;
  scope: Target['scope'];
  scope_id: string | null;
  value: bigint;
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
  achieved: bigint;
  completed_at: Date | null;
  updated_at: Date;
  previous_achieved: bigint;
  just_completed: boolean;
}

function targetOfRow(row: ChangedTargetRow): Target {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    metric: row.metric,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    scope: row.scope,
    scopeId: row.scope_id,
    value: BigInt(row.value),
    parentId: row.parent_id,
    version: Number(row.version),
    createdBy: row.created_by,
    createdAt: row.created_at,
    periodKind: row.period_kind,
    periodKey: row.period_key,
    productLine: row.product_line,
    region: row.region,
    customerSegment: row.customer_segment,
    scopePath: row.scope_path,
    formerScopeIds: row.former_scope_ids,
    locked: row.locked,
    achieved: BigInt(row.achieved),
    completedAt: row.completed_at,
    updatedAt: row.updated_at,
  };
}
