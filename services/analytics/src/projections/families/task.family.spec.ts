import { goalsV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FoldContext } from '../fact-family';
import { calendarDayIn } from '../projector';
import { type TaskFact, taskFamily } from './task.family';

// Beijing days; rep-a sits in d1, rep-b in d2.
const context: FoldContext = {
  departmentPathOf: (_tenant, employee) => ({ 'rep-a': 'root/d1/', 'rep-b': 'root/d2/' })[employee] ?? '',
  dayOf: calendarDayIn('Asia/Shanghai'),
};

function event(
  version: number,
  assigneeId: string,
  status: goalsV1.TaskStatus,
  dueAt: string,
  completedAt?: string,
): DomainEvent<goalsV1.TaskChanged> {
  return {
    id: `e${version}`,
    type: 'goals.task.updated',
    tenantId: 't',
    aggregateId: 'task',
    aggregateVersion: version,
    occurredAt: new Date('2026-07-01T00:00:00Z'),
    actorId: '',
    payload: goalsV1.TaskChanged.fromPartial({
      task: {
        id: 'task',
        assigneeId,
        status,
        dueAt: new Date(dueAt),
        version: String(version),
        ...(completedAt ? { completedAt: new Date(completedAt) } : {}),
      },
    }),
  };
}

function foldAll(events: DomainEvent[]): TaskFact | undefined {
  return events.reduce<TaskFact | undefined>((state, e) => taskFamily.fold(state, e, context), undefined);
}

describe('task facts (task completion)', () => {
  it('counts a task due on the Beijing day of its due time, done on time at or before it', () => {
    // 2026-07-10T16:30Z is 07-11 00:30 in Beijing; done exactly at the due time counts as on time.
    const fact = foldAll([
      event(1, 'rep-a', 'TASK_STATUS_TODO', '2026-07-10T16:30:00Z'),
      event(2, 'rep-a', 'TASK_STATUS_DONE', '2026-07-10T16:30:00Z', '2026-07-10T16:30:00Z'),
    ]);
    expect(fact).toMatchObject({ dueOn: '2026-07-11', status: 'DONE', departmentPath: 'root/d1/' });
    expect(taskFamily.contributions(fact as TaskFact)).toEqual([
      {
        key: expect.objectContaining({ day: '2026-07-11', employeeId: 'rep-a', departmentPath: 'root/d1/' }),
        measures: { tasks_due: 1, tasks_done_on_time: 1 },
      },
    ]);
  });

  it('counts a late completion as due but not on time, and a cancelled task not at all', () => {
    const late = foldAll([event(2, 'rep-a', 'TASK_STATUS_DONE', '2026-07-10T04:00:00Z', '2026-07-10T04:00:01Z')]);
    expect(taskFamily.contributions(late as TaskFact)[0]?.measures).toEqual({ tasks_due: 1, tasks_done_on_time: 0 });
    const cancelled = foldAll([event(2, 'rep-a', 'TASK_STATUS_CANCELLED', '2026-07-10T04:00:00Z')]);
    expect(taskFamily.contributions(cancelled as TaskFact)).toEqual([]);
  });

  it('moves a reassigned task to the new assignee and its department, and ignores older events after it', () => {
    const fact = foldAll([
      event(1, 'rep-a', 'TASK_STATUS_TODO', '2026-07-10T04:00:00Z'),
      event(3, 'rep-b', 'TASK_STATUS_DONE', '2026-07-10T04:00:00Z', '2026-07-09T04:00:00Z'),
      // The assignment (v2) arrives last: stale.
      event(2, 'rep-b', 'TASK_STATUS_TODO', '2026-07-10T04:00:00Z'),
    ]);
    expect(fact).toMatchObject({ version: 3, assigneeId: 'rep-b', departmentPath: 'root/d2/', status: 'DONE' });
    expect(taskFamily.contributions(fact as TaskFact)[0]?.measures).toEqual({ tasks_due: 1, tasks_done_on_time: 1 });
  });
});
