import type { OutboxOptions } from '@salesflow/platform';
import type { GoalsTransaction } from '../../database';
import { targetToProto } from '../target/target.mapper';
import { appendTargetEvent, FACT_AMOUNT_FOR_TARGET, FACT_MATCHES_TARGET } from '../target/target-store';
import type { FactChange } from './progress-facts';

interface ContributionDelta {
  target_id: string;
  new_amount: string | null;
  delta: string;
}

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
  const stored = await tx.$queryRaw<{ fact_id: string }[]>`
    INSERT INTO progress_facts (tenant_id, fact_id, metric, fact_date, owner_id, department_path, region,
                                customer_segment, amount, product_line_amounts, source_version, updated_at)
    VALUES (${tenantId}::uuid, ${fact.factId}, ${fact.metric}::"TargetMetric", ${fact.factDate}::date, ${fact.ownerId},
            ${fact.departmentPath}, ${fact.region}, ${fact.customerSegment}, ${fact.amount},
            ${JSON.stringify(fact.productLineAmounts)}::jsonb, ${fact.sourceVersion}, now())
    ON CONFLICT (tenant_id, fact_id, metric) DO UPDATE SET
      fact_date = EXCLUDED.fact_date, owner_id = EXCLUDED.owner_id, department_path = EXCLUDED.department_path,
      region = EXCLUDED.region, customer_segment = EXCLUDED.customer_segment, amount = EXCLUDED.amount,
      product_line_amounts = EXCLUDED.product_line_amounts, source_version = EXCLUDED.source_version, updated_at = now()
    WHERE progress_facts.source_version <= EXCLUDED.source_version
    RETURNING fact_id`;
  if (stored.length === 0) return 0; // a stale copy: the newer state already counts

  // New contribution per matching node against the old one per node that had one.
  const deltas = await tx.$queryRawUnsafe<ContributionDelta[]>(
    `WITH f AS (
       SELECT * FROM progress_facts WHERE tenant_id = $1::uuid AND fact_id = $2 AND metric = $3::"TargetMetric"
     ),
     fresh AS (
       SELECT t.id AS target_id, ${FACT_AMOUNT_FOR_TARGET} AS amount
       FROM f JOIN targets t ON ${FACT_MATCHES_TARGET}
     ),
     old AS (
       SELECT c.target_id, c.amount FROM target_contributions c JOIN targets t ON t.id = c.target_id
       WHERE c.tenant_id = $1::uuid AND c.fact_id = $2 AND t.metric = $3::"TargetMetric"
     )
     SELECT COALESCE(fresh.target_id, old.target_id)::text AS target_id,
            NULLIF(fresh.amount, 0)::text AS new_amount,
            (COALESCE(fresh.amount, 0) - COALESCE(old.amount, 0))::text AS delta
     FROM fresh FULL JOIN old ON fresh.target_id = old.target_id
     WHERE COALESCE(fresh.amount, 0) <> COALESCE(old.amount, 0)`,
    tenantId,
    fact.factId,
    fact.metric,
  );
  if (deltas.length === 0) return 0;

  const ids = deltas.map((d) => d.target_id);
  const keep = deltas.filter((d) => d.new_amount !== null);
  const drop = deltas.filter((d) => d.new_amount === null).map((d) => d.target_id);
  if (drop.length > 0) {
    await tx.$executeRaw`
      DELETE FROM target_contributions WHERE fact_id = ${fact.factId} AND target_id = ANY (${drop}::uuid[])`;
  }
  if (keep.length > 0) {
    await tx.$executeRaw`
      INSERT INTO target_contributions (target_id, tenant_id, fact_id, owner_id, amount)
      SELECT u.target_id, ${tenantId}::uuid, ${fact.factId}, ${fact.ownerId}, u.amount
      FROM unnest(${keep.map((d) => d.target_id)}::uuid[], ${keep.map((d) => d.new_amount)}::bigint[]) AS u(target_id, amount)
      ON CONFLICT (target_id, fact_id) DO UPDATE SET amount = EXCLUDED.amount, owner_id = EXCLUDED.owner_id`;
  }
  // achieved moves by the delta; the version too, so the node's ETag and events order.
  const before = await tx.$queryRaw<{ id: string; achieved: bigint; just_completed: boolean }[]>`
    UPDATE targets t SET achieved = t.achieved + u.delta, version = t.version + 1, updated_at = now(),
           completed_at = CASE WHEN t.completed_at IS NULL AND t.value > 0 AND t.achieved + u.delta >= t.value
                               THEN now() ELSE t.completed_at END
    FROM unnest(${ids}::uuid[], ${deltas.map((d) => d.delta)}::bigint[]) AS u(id, delta)
    WHERE t.id = u.id
    RETURNING t.id::text, (t.achieved - u.delta) AS achieved, (t.completed_at = now()::timestamptz(3)) AS just_completed`;
  const previous = new Map(before.map((r) => [r.id, r]));
  const targets = await tx.target.findMany({ where: { id: { in: ids } } });
  for (const target of targets) {
    const prior = previous.get(target.id);
    const payload = {
      target: targetToProto(target),
      previousAchieved: String(prior?.achieved ?? 0n),
      factId: fact.factId,
    };
    await appendTargetEvent(tx, 'goals.target.progress_changed', target, actorId, payload, outbox);
    // Completed the first time achieved reached the value (completed_at was set by this update).
    if (prior?.just_completed) await appendTargetEvent(tx, 'goals.target.completed', target, actorId, payload, outbox);
  }
  return targets.length;
}
