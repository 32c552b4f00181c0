import { type goalsV1, TOPICS } from '@salesflow/contracts';
import type { DomainEvent, EventHandler } from '@salesflow/platform';
import type { FieldTransaction } from '../../database';
import { isUuid } from '../check-in/check-in.validation';
import { isLocalDate } from '../shared/local-date';
import { enumFromProto } from '../shared/proto-enum';

export const TARGET_REPLICA_GROUP = 'field.target-replica';
export const TARGET_REPLICA_TOPICS = [TOPICS.goalsTarget];

/**
 * goals' target nodes -> `target_replica`, read by the weekly report's target achievement.
 *
 * Why a replica rather than a gRPC call to goals at generation time: every other figure of
 * the weekly report is already computed from local replicas fed by events (crm facts, the
 * org), so generating a report keeps working while goals is down or slow, needs no service
 * address, no forwarded caller identity and no second data-scope check, and the
 * integration test needs only the broker. goals bumps a node's version on every edit and
 * every change of `achieved`, and each of these events carries the whole node, so an upsert
 * that only moves forward in version is all it takes (a replay never undoes a newer state;
 * the inbox drops redeliveries). A deleted node (`goals.target.deleted`, its version one past
 * the node's last) stays as a tombstone row marked `deleted`, so that no older event of it can
 * bring it back, and the weekly report leaves it out.
 */
export function targetReplicaHandlers(): Record<string, EventHandler<FieldTransaction>> {
  const nodes =
    (targetsOf: (event: DomainEvent<unknown>) => (goalsV1.Target | undefined)[]): EventHandler<FieldTransaction> =>
    async (event, tx) => {
      const targets = targetsOf(event).filter((t): t is goalsV1.Target => !!t);
      if (targets.length === 0) throw new Error(`event ${event.id} carries no target`);
      for (const target of targets) await upsertTarget(tx, event.tenantId, target);
    };
  // TargetCreated, TargetChanged and TargetProgressChanged all carry the node as `target`.
  const one = nodes((event) => [(event as DomainEvent<{ target?: goalsV1.Target }>).payload.target]);
  return {
    'goals.target.deleted': async (event, tx) => {
      const { target } = (event as DomainEvent<goalsV1.TargetDeleted>).payload;
      if (!target) throw new Error(`event ${event.id} carries no target`);
      await upsertTarget(tx, event.tenantId, target, { deleted: true });
    },
    'goals.target.created': one,
    'goals.target.updated': one,
    'goals.target.reassigned': one,
    'goals.target.progress_changed': one,
    'goals.target.completed': one,
    'goals.target.decomposed': nodes((event) => {
      const { parent, children } = (event as DomainEvent<goalsV1.TargetDecomposed>).payload;
      return [parent, ...children];
    }),
  };
}

export async function upsertTarget(
  tx: FieldTransaction,
  tenantId: string,
  target: goalsV1.Target,
  { deleted = false }: { deleted?: boolean } = {},
): Promise<void> {
  // The envelope's tenant is the authority: a node claiming another tenant is not stored.
  if (target.tenantId !== tenantId || !isUuid(target.id)) return;
  if (!isLocalDate(target.periodStart) || !isLocalDate(target.periodEnd)) {
    throw new Error(`target ${target.id} has no valid period (${target.periodStart}..${target.periodEnd})`);
  }
  const metric = enumFromProto('TARGET_METRIC_', target.metric) ?? '';
  const scope = enumFromProto('TARGET_SCOPE_', target.scope) ?? '';
  await tx.$executeRaw`
    INSERT INTO target_replica (id, tenant_id, metric, scope, scope_id, period_start, period_end, product_line,
                                region, customer_segment, value, achieved, version, deleted)
    VALUES (${target.id}::uuid, ${tenantId}::uuid, ${metric}, ${scope}, ${target.scopeId}, ${target.periodStart}::date,
            ${target.periodEnd}::date, ${target.productLine}, ${target.region}, ${target.customerSegment},
            ${target.value || '0'}::bigint, ${target.achieved || '0'}::bigint, ${target.version || '0'}::bigint, ${deleted})
    ON CONFLICT (id) DO UPDATE SET
      metric = EXCLUDED.metric, scope = EXCLUDED.scope, scope_id = EXCLUDED.scope_id,
      period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, product_line = EXCLUDED.product_line,
      region = EXCLUDED.region, customer_segment = EXCLUDED.customer_segment, value = EXCLUDED.value,
      achieved = EXCLUDED.achieved, version = EXCLUDED.version, deleted = EXCLUDED.deleted, updated_at = now()
    WHERE target_replica.version < EXCLUDED.version AND target_replica.tenant_id = EXCLUDED.tenant_id`;
}
