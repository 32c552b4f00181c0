import type { identityV1 } from '@salesflow/contracts';
import type { DomainEvent, EventHandler, OutboxOptions } from '@salesflow/platform';
import type { GoalsTransaction } from '../database';
import { isUuidText } from '../modules/shared/field-checks';
import { appendTaskChanged, recordTaskHistory } from '../modules/task/task.events';

export const TASK_HANDOVER_GROUP = 'goals.task-handover';

/**
 * identity.employee.departed -> the leaver's open tasks (TODO, IN_PROGRESS) go to the
 * successor, each with a history entry and a goals.task.assigned event. Idempotent twice
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
): Promise<string[]> {
  const { tenantId } = event;
  const from = event.payload.employeeId || event.aggregateId;
  const to = event.payload.successorId;
  if (!isUuidText(from) || !isUuidText(to) || from === to) return [];
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
  return open.map((row) => row.id);
}
