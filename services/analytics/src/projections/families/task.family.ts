import type { goalsV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { factTable } from '../fact-table';
import { isStale, personKeyOf, stripPrefix } from '../family-helpers';

export interface TaskFact {
  taskId: string;
  tenantId: string;
  version: number;
  assigneeId: string;
  departmentPath: string;
  status: string;
  dueAt: string | null;
  dueOn: string | null;
  completedAt: string | null;
}

const table = factTable<TaskFact>('task_facts', [
  { column: 'task_id', field: 'taskId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'assignee_id', field: 'assigneeId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'status', field: 'status', kind: 'text' },
  { column: 'due_at', field: 'dueAt', kind: 'timestamptz' },
  { column: 'due_on', field: 'dueOn', kind: 'date' },
  { column: 'completed_at', field: 'completedAt', kind: 'timestamptz' },
]);

/** DONE at or before its due time (a task without a due time is never due). */
export function completedOnTime(fact: Pick<TaskFact, 'status' | 'dueAt' | 'completedAt'>): boolean {
  return (
    fact.status === 'DONE' &&
    fact.dueAt !== null &&
    fact.completedAt !== null &&
    Date.parse(fact.completedAt) <= Date.parse(fact.dueAt)
  );
}

/**
 * Tasks (任务), for task completion as goals defines it (TaskCompletion): a task counts as
 * due on the calendar day of its due time, for its current assignee, unless it is
 * cancelled; it counts as completed on time when it is DONE with completed_at at or before
 * due_at. The latest version decides, so a reopened, re-dated or reassigned task moves.
 * The department path follows the assignee (org replica at the time the assignee is seen).
 */
export const taskFamily: FactFamily<TaskFact> = {
  name: 'task',
  eventTypes: [
    'goals.task.created',
    'goals.task.updated',
    'goals.task.assigned',
    'goals.task.completed',
    'goals.task.due_soon',
    'goals.task.overdue',
  ],
  factIdOf: (event) => (event.payload as goalsV1.TaskChanged).task?.id,
  ownersOf: (event) => [(event.payload as goalsV1.TaskChanged).task?.assigneeId ?? ''],
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<goalsV1.TaskChanged>, context: FoldContext) {
    const task = event.payload.task;
    if (!task || isStale(previous, task.version)) return previous;
    const sameAssignee = previous?.assigneeId === task.assigneeId;
    return {
      taskId: task.id,
      tenantId: event.tenantId,
      version: Number(task.version),
      assigneeId: task.assigneeId,
      departmentPath:
        sameAssignee && previous ? previous.departmentPath : context.departmentPathOf(event.tenantId, task.assigneeId),
      status: stripPrefix(task.status, 'TASK_STATUS_'),
      dueAt: task.dueAt?.toISOString() ?? null,
      dueOn: task.dueAt ? context.dayOf(task.dueAt) : null,
      completedAt: task.completedAt?.toISOString() ?? null,
    };
  },
  contributions(fact) {
    if (!fact.dueOn || fact.status === 'CANCELLED') return [];
    return [
      {
        key: personKeyOf(fact.tenantId, fact.dueOn, fact.assigneeId, fact.departmentPath),
        measures: { tasks_due: 1, tasks_done_on_time: completedOnTime(fact) ? 1 : 0 },
      },
    ];
  },
};
