import { goalsV1 } from '@salesflow/contracts';
import { createServiceClient } from '@salesflow/platform';
import type { SourceReader } from '../reconciled-family';
import { allPages, dayPlus, SOURCE_PAGE, systemReader, unlessNotFound } from './system-reader';

/**
 * goals' tasks over gRPC (TaskService.ListTasks, the whole tenant by due time), as the
 * tenant's system reader. The days are the reporting calendar's; goals filters instants, so
 * the range asked is a day wider on each side (any time zone) and the reconciler keeps the days.
 */
export class GoalsTaskSource implements SourceReader<goalsV1.Task> {
  private readonly client: ReturnType<typeof createServiceClient<typeof goalsV1.TaskServiceService>>;

  constructor(address: string) {
    this.client = createServiceClient(goalsV1.TaskServiceService, address, {
      deadlineMs: 30_000,
      idempotentMethods: ['listTasks', 'getTask'],
    });
  }

  close(): void {
    this.client.close();
  }

  list(tenantId: string, from: string, to: string): Promise<goalsV1.Task[]> {
    const principal = systemReader(tenantId, 'goals.task.read');
    const dueAtOrAfter = new Date(`${dayPlus(from, -1)}T00:00:00Z`);
    const dueBefore = new Date(`${dayPlus(to, 2)}T00:00:00Z`);
    return allPages(async (cursor) => {
      const page = await this.client.listTasks(
        goalsV1.ListTasksRequest.fromPartial({
          page: { limit: SOURCE_PAGE, cursor },
          view: 'TASK_VIEW_TEAM',
          dueAtOrAfter,
          dueBefore,
        }),
        { principal },
      );
      return { items: page.tasks, nextCursor: page.page?.nextCursor ?? '' };
    });
  }

  get(tenantId: string, id: string): Promise<goalsV1.Task | undefined> {
    const principal = systemReader(tenantId, 'goals.task.read');
    return unlessNotFound(this.client.getTask({ id }, { principal }).then((r) => r.task));
  }
}
