import type { TaskStatus } from '../../generated/prisma/client';

export const TASK_STATUSES = ['TODO', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const satisfies readonly TaskStatus[];
export const OPEN_TASK_STATUSES = ['TODO', 'IN_PROGRESS'] as const satisfies readonly TaskStatus[];

/**
 * The task life cycle: work starts (TODO -> IN_PROGRESS), ends (-> DONE, also straight from
 * TODO for small tasks), or is dropped (open -> CANCELLED). A DONE task can be reopened to
 * IN_PROGRESS; a CANCELLED one is final (create a new task instead).
 */
const ALLOWED: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  TODO: ['IN_PROGRESS', 'DONE', 'CANCELLED'],
  IN_PROGRESS: ['TODO', 'DONE', 'CANCELLED'],
  DONE: ['IN_PROGRESS'],
  CANCELLED: [],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function isOpen(status: TaskStatus): boolean {
  return (OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(status);
}
