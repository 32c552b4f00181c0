import { type identityV1, TOPICS } from '@salesflow/contracts';
import { type EventHandler, type OutboxOptions, replicatedEmployee } from '@salesflow/platform';
import type { GoalsTransaction } from '../database';
import { targetToProto } from '../modules/target/target.mapper';
import { appendTargetEvent } from '../modules/target/target-store';

/** Consumer group of the target handover (dead letters to goals.target-handover.dlq). */
export const TARGET_HANDOVER_GROUP = 'goals.target-handover';
export const TARGET_HANDOVER_TOPICS = [TOPICS.identityEmployee] as const;

/**
 * identity.employee.departed: the departed employee's targets of periods not yet over move to
 * the successor. What was achieved stays (the contributions keep their owner), and the old
 * owner's id is kept in `former_scope_ids`, so their facts — an amendment of a contract they
 * signed — keep counting for the target. Idempotent: a second copy finds nothing left to move.
 * Returns the ids moved.
 */
export async function handOverTargets(
  tx: GoalsTransaction,
  event: { tenantId: string; actorId: string; payload: identityV1.EmployeeDeparted; occurredAt: Date },
  outbox: OutboxOptions,
): Promise<string[]> {
  const { employeeId, successorId } = event.payload;
  if (!employeeId || !successorId || employeeId === successorId) return [];
  const successor = await replicatedEmployee(tx, event.tenantId, successorId);
  const today = event.occurredAt.toISOString().slice(0, 10);
  const moved = await tx.$queryRaw<{ id: string }[]>`
    UPDATE targets SET scope_id = ${successorId}::uuid,
                       former_scope_ids = array_append(former_scope_ids, ${employeeId}),
                       scope_path = COALESCE(${successor?.departmentPath ?? null}, scope_path),
                       version = version + 1, updated_at = now()
    WHERE tenant_id = ${event.tenantId}::uuid AND scope = 'EMPLOYEE' AND scope_id = ${employeeId}::uuid
      AND period_end > ${today}::date
    RETURNING id::text`;
  if (moved.length === 0) return [];
  const targets = await tx.target.findMany({ where: { id: { in: moved.map((m) => m.id) } } });
  for (const target of targets) {
    await appendTargetEvent(
      tx,
      'goals.target.reassigned',
      target,
      event.actorId,
      { target: targetToProto(target) },
      outbox,
    );
  }
  return targets.map((t) => t.id);
}

export function targetHandoverHandlers(outbox: OutboxOptions): Record<string, EventHandler<GoalsTransaction>> {
  return {
    'identity.employee.departed': async (event, tx) => {
      await handOverTargets(tx, event, outbox);
    },
  };
}
