import { appendToOutbox, type OutboxOptions, type SqlExecutor } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { GoalsTransaction } from '../../database';
import type { Target, TargetMetric, TargetScope } from '../../generated/prisma/client';
import { targetToProto } from './target.mapper';

/** Everything a new node needs; ids, version and progress are set here. */
export interface NodeSpec {
  metric: TargetMetric;
  periodStart: Date;
  periodEnd: Date;
  periodKind: string | null;
  periodKey: string | null;
  scope: TargetScope;
  scopeId: string | null;
  scopePath: string;
  value: bigint;
  parentId: string | null;
  productLine: string | null;
  region: string | null;
  customerSegment: string | null;
}

/**
 * The SQL condition "fact f counts for target t" and the amount it counts with: same tenant,
 * metric, fact date inside the period, scope (the tenant; the owner; or the owner's department
 * path at the time of the fact passing through the department) and dimensions (a node without
 * a dimension counts every value; a product-line node counts that line's part of the fact).
 */
export const FACT_MATCHES_TARGET = `
  t.tenant_id = f.tenant_id AND t.metric = f.metric
  AND t.period_start <= f.fact_date AND f.fact_date < t.period_end
  AND (t.scope = 'TENANT'
       OR (t.scope = 'EMPLOYEE' AND (t.scope_id::text = f.owner_id OR f.owner_id = ANY (t.former_scope_ids)))
       OR (t.scope = 'DEPARTMENT' AND strpos(f.department_path, '/' || t.scope_id::text || '/') > 0))
  AND (t.region IS NULL OR t.region = f.region)
  AND (t.customer_segment IS NULL OR t.customer_segment = f.customer_segment)`;

export const FACT_AMOUNT_FOR_TARGET = `
  CASE WHEN t.product_line IS NULL THEN f.amount
       ELSE COALESCE((f.product_line_amounts ->> t.product_line)::bigint, 0) END`;

/**
 * Inserts a node, counts the facts that already match it (a target set in July still counts
 * June's contracts of its period), and announces it, all in the caller's transaction.
 */
export async function insertNode(
  tx: GoalsTransaction,
  tenantId: string,
  actorId: string,
  spec: NodeSpec,
  outbox: OutboxOptions,
): Promise<Target> {
  const id = uuidv7();
  await tx.target.create({ data: { id, tenantId, createdBy: actorId, ...spec } });
  await tx.$executeRawUnsafe(
    `INSERT INTO target_contributions (target_id, tenant_id, fact_id, owner_id, amount)
     SELECT t.id, t.tenant_id, f.fact_id, f.owner_id, ${FACT_AMOUNT_FOR_TARGET}
     FROM targets t JOIN progress_facts f ON ${FACT_MATCHES_TARGET}
     WHERE t.id = $1::uuid AND ${FACT_AMOUNT_FOR_TARGET} <> 0`,
    id,
  );
  await tx.$executeRawUnsafe(
    `UPDATE targets SET achieved = COALESCE((SELECT sum(amount) FROM target_contributions WHERE target_id = $1::uuid), 0),
            completed_at = CASE WHEN value > 0 AND COALESCE((SELECT sum(amount) FROM target_contributions WHERE target_id = $1::uuid), 0) >= value THEN now() END
     WHERE id = $1::uuid`,
    id,
  );
  const target = await tx.target.findUniqueOrThrow({ where: { id } });
  await appendTargetEvent(tx, 'goals.target.created', target, actorId, { target: targetToProto(target) }, outbox);
  return target;
}

export function appendTargetEvent(
  tx: SqlExecutor,
  type: string,
  target: Target,
  actorId: string,
  payload: unknown,
  outbox: OutboxOptions,
): Promise<string> {
  return appendToOutbox(
    tx,
    { type, tenantId: target.tenantId, aggregateId: target.id, aggregateVersion: target.version, actorId, payload },
    outbox,
  );
}

/** The department path of a scope, from the org replica; '' when the replica does not know it. */
export async function scopePathOf(
  tx: GoalsTransaction,
  tenantId: string,
  scope: TargetScope,
  scopeId: string | null,
): Promise<string> {
  if (scope === 'TENANT' || !scopeId) return '';
  if (scope === 'EMPLOYEE') {
    const rows = await tx.$queryRaw<{ path: string }[]>`
      SELECT department_path AS path FROM salesflow_employee_replica
      WHERE tenant_id = ${tenantId}::uuid AND id = ${scopeId}::uuid`;
    return rows[0]?.path ?? '';
  }
  // A department's path is the prefix, up to its own id, of any path running through it.
  const marker = `/${scopeId}/`;
  const rows = await tx.$queryRaw<{ path: string }[]>`
    SELECT department_path AS path FROM salesflow_employee_replica
    WHERE tenant_id = ${tenantId}::uuid AND strpos(department_path, ${marker}) > 0 LIMIT 1`;
  const path = rows[0]?.path;
  return path ? path.slice(0, path.indexOf(marker) + marker.length) : '';
}
