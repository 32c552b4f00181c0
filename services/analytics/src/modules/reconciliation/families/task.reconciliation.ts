import { goalsV1 } from '@salesflow/contracts';
import { completedOnTime } from '../../../projections/families/task.family';
import { type ReconciledFamily, repairEvent } from '../reconciled-family';

/**
 * Tasks due (任务) on the reporting-calendar day of their due time, and those completed on
 * time, against goals. `dayOf` is the projector's calendar, so both sides count a task on
 * the same day. goals' events carry no attribution: the projector resolves the assignee's
 * department (kept when the assignee did not change), so `eventOf` ignores it.
 */
export function taskReconciliation(dayOf: (instant: Date) => string): ReconciledFamily<goalsV1.Task> {
  return {
    name: 'tasks',
    source: 'goals',
    measures: ['tasks_due', 'tasks_done_on_time'],
    facts: {
      table: 'task_facts',
      id: 'task_id',
      day: 'due_on',
      counted: `status <> 'CANCELLED'`,
      owner: 'assignee_id',
      attributed: false,
    },
    recordOf(task) {
      const due = task.dueAt !== undefined && task.status !== 'TASK_STATUS_CANCELLED';
      const onTime = completedOnTime({
        status: task.status === 'TASK_STATUS_DONE' ? 'DONE' : '',
        dueAt: task.dueAt?.toISOString() ?? null,
        completedAt: task.completedAt?.toISOString() ?? null,
      });
      return {
        id: task.id,
        version: Number(task.version),
        day: task.dueAt ? dayOf(task.dueAt) : '',
        measures: due ? { tasks_due: 1, tasks_done_on_time: onTime ? 1 : 0 } : {},
        ownerId: task.assigneeId,
        customerId: task.customerId,
        state: task,
      };
    },
    eventOf(record, tenantId) {
      const task = record.state;
      return repairEvent('task', record, tenantId, 'goals.task.updated', goalsV1.TaskChanged.fromPartial({ task }));
    },
  };
}
