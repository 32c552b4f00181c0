import type { commonV1 } from '@salesflow/contracts';
import { requirePermission, ServiceError } from '@salesflow/platform';
import type { GoalsDatabase } from '../../database';
import type { TaskStatus } from '../../generated/prisma/client';
import { TASK_READ } from './task.service';
import { visibleAssignees } from './task-visibility';

export interface PersonCompletion {
  employeeId: string;
  /** Tasks assigned to the person with a due time in the period, cancelled ones left out. */
  due: number;
  /** Of those, DONE with completed_at <= due_at. */
  completedOnTime: number;
  /** Of those, DONE after due_at. */
  completedLate: number;
  /** completedOnTime / due (0..1). */
  rate: number;
}

/** A calendar month "YYYY-MM" as [start, end) in UTC. */
export function monthPeriod(period: string): { start: Date; end: Date } | undefined {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
}

interface DueTask {
  assigneeId: string;
  status: TaskStatus;
  dueAt: Date;
  completedAt: Date | null;
}

/** Pure part of the rate: one row per assignee, sorted by employee id. */
export function completionByAssignee(tasks: readonly DueTask[]): PersonCompletion[] {
  const people = new Map<string, PersonCompletion>();
  for (const task of tasks) {
    if (task.status === 'CANCELLED') continue;
    const row = people.get(task.assigneeId) ?? {
      employeeId: task.assigneeId,
      due: 0,
      completedOnTime: 0,
      completedLate: 0,
      rate: 0,
    };
    row.due += 1;
    if (task.status === 'DONE' && task.completedAt) {
      if (task.completedAt.getTime() <= task.dueAt.getTime()) row.completedOnTime += 1;
      else row.completedLate += 1;
    }
    people.set(task.assigneeId, row);
  }
  return [...people.values()]
    .map((row) => ({ ...row, rate: row.due === 0 ? 0 : row.completedOnTime / row.due }))
    .sort((a, b) => a.employeeId.localeCompare(b.employeeId));
}

/**
 * Task completion rate per person and month (see the README): of the tasks due in the
 * month (not cancelled), the share DONE on or before their due time. Only the people in the
 * caller's data scope are listed.
 */
export class TaskCompletionReport {
  constructor(private readonly db: GoalsDatabase) {}

  async byEmployee(principal: commonV1.Principal, period: string): Promise<PersonCompletion[]> {
    requirePermission(principal, TASK_READ);
    const range = monthPeriod(period);
    if (!range) throw ServiceError.invalid([{ field: 'period', message: 'is not a month (YYYY-MM)' }]);
    const owners = await visibleAssignees(this.db, principal);
    const tasks = await this.db.task.findMany({
      where: {
        tenantId: principal.tenantId,
        dueAt: { gte: range.start, lt: range.end },
        status: { not: 'CANCELLED' },
        ...(owners ? { assigneeId: { in: owners } } : {}),
      },
      select: { assigneeId: true, status: true, dueAt: true, completedAt: true },
    });
    return completionByAssignee(tasks.filter((t): t is DueTask => t.dueAt !== null));
  }
}
