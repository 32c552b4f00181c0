import type { identityV1 } from '@salesflow/contracts';
import type { DomainEvent, EventHandler, OutboxOptions } from '@salesflow/platform';
import type { GoalsTransaction } from '../database';
import { isUuidText } from '../modules/shared/field-checks';
import { appendTaskChanged, recordTaskHistory } from '../modules/task/task.events';

export const TASK_HANDOVER_GROUP = 'goals.task-handover';

export interface TaskHandoverResult {
  taskIds: string[];
  projectIds: string[];
}

/**
 * identity.employee.departed -> the leaver's open tasks (TODO, IN_PROGRESS) go to the
 * successor, each with a history entry and a goals.task.assigned event; the active projects
 * they owned get the successor as owner, and the successor takes their seat in the projects
 * they were a member of (so the successor sees the project board). Idempotent twice
 * over: the kit's inbox drops a redelivered event, and another event for the same departure
 * finds nothing left to move. Without a successor the tasks stay where they are (a manager
 * reassigns them). Closed tasks keep their assignee: they record who did the work.
 */
export function taskHandoverHandlers(outbox: OutboxOptions): Record<string, EventHandler<GoalsTransaction>> {
  return {
    'identity.employee.departed': async (event, tx) => {
      await handOverTasks(tx, event as DomainEvent<identityV1.EmployeeDeparted>, outbox);
    },
  };
}

export async function handOverTasks(
  tx: GoalsTransaction,
  event: DomainEvent<identityV1.EmployeeDeparted>,
  outbox: OutboxOptions,
): Promise<TaskHandoverResult> {
  const { tenantId } = event;
  const from = event.payload.employeeId || event.aggregateId;
  const to = event.payload.successorId;
  if (!isUuidText(from) || !isUuidText(to) || from === to) return { taskIds: [], projectIds: [] };
  const open = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM tasks
    WHERE tenant_id = ${tenantId}::uuid AND assignee_id = ${from}::uuid AND status IN ('TODO', 'IN_PROGRESS')
    ORDER BY id
    FOR UPDATE`;
  const now = new Date();
  for (const { id } of open) {
    const task = await tx.task.update({
      where: { id },
      data: { assigneeId: to, version: { increment: 1 }, updatedAt: now },
    });
    await recordTaskHistory(
      tx,
      task,
      'handed_over',
      null,
      { assigneeId: from },
      { assigneeId: to, reason: 'departure', departureEventId: event.id },
    );
    await appendTaskChanged(tx, 'goals.task.assigned', task, undefined, outbox, from);
  }
  const projects = await tx.$queryRaw<{ id: string }[]>`
    UPDATE projects SET
      owner_id = CASE WHEN owner_id = ${from}::uuid THEN ${to}::uuid ELSE owner_id END,
      member_ids = CASE WHEN ${from}::uuid = ANY(member_ids)
        THEN array_remove(array_remove(member_ids, ${from}::uuid), ${to}::uuid) || ${to}::uuid
        ELSE member_ids END,
      version = version + 1, updated_at = ${now}
    WHERE tenant_id = ${tenantId}::uuid AND status = 'ACTIVE'
      AND (owner_id = ${from}::uuid OR ${from}::uuid = ANY(member_ids))
    RETURNING id::text`;
  return { taskIds: open.map((row) => row.id), projectIds: projects.map((row) => row.id).sort() };
}
