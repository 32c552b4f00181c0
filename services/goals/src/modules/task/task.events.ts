import { appendToOutbox, type OutboxOptions } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { GoalsTransaction } from '../../database';
import type { Prisma, Task } from '../../generated/prisma/client';
import { taskToProto } from './task.mapper';

export type TaskChangeType =
  | 'goals.task.created'
  | 'goals.task.updated'
  | 'goals.task.assigned'
  | 'goals.task.completed'
  | 'goals.task.due_soon'
  | 'goals.task.overdue';

/** Announces a task change with the whole task; call inside the transaction that made it. */
export function appendTaskChanged(
  tx: GoalsTransaction,
  type: TaskChangeType,
  task: Task,
  actorId: string | undefined,
  outbox: OutboxOptions,
  previousAssigneeId = '',
): Promise<string> {
  return appendToOutbox(
    tx,
    {
      type,
      tenantId: task.tenantId,
      aggregateId: task.id,
      aggregateVersion: task.version,
      actorId: actorId ?? '',
      payload: { task: taskToProto(task), previousAssigneeId },
    },
    outbox,
  );
}

/** One line of a task's history, in the transaction of the change it describes. */
export async function recordTaskHistory(
  tx: GoalsTransaction,
  task: Pick<Task, 'id' | 'tenantId'>,
  action: string,
  actorId: string | null,
  before: Prisma.InputJsonObject,
  after: Prisma.InputJsonObject,
): Promise<void> {
  await tx.taskHistory.create({
    data: { id: uuidv7(), tenantId: task.tenantId, taskId: task.id, action, actorId, before, after },
  });
}
