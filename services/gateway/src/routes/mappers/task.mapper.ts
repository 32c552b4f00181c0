import { goalsV1 } from '@salesflow/contracts';
import type { ExpectedVersion } from '../../http/if-match';
import type {
  CreateTaskBody,
  ListTasksQuery,
  TaskCommentJson,
  TaskJson,
  TaskPriorityName,
  TaskStatusName,
  UpdateTaskBody,
} from '../schemas/task.schemas';
import { invert } from './enum-names';

const STATUS_TO_PROTO: Record<TaskStatusName, goalsV1.TaskStatus> = {
  todo: goalsV1.TaskStatus.TASK_STATUS_TODO,
  in_progress: goalsV1.TaskStatus.TASK_STATUS_IN_PROGRESS,
  done: goalsV1.TaskStatus.TASK_STATUS_DONE,
  cancelled: goalsV1.TaskStatus.TASK_STATUS_CANCELLED,
};
const STATUS_FROM_PROTO = invert(STATUS_TO_PROTO);

const PRIORITY_TO_PROTO: Record<TaskPriorityName, goalsV1.TaskPriority> = {
  P0: goalsV1.TaskPriority.TASK_PRIORITY_P0,
  P1: goalsV1.TaskPriority.TASK_PRIORITY_P1,
  P2: goalsV1.TaskPriority.TASK_PRIORITY_P2,
  P3: goalsV1.TaskPriority.TASK_PRIORITY_P3,
};
const PRIORITY_FROM_PROTO = invert(PRIORITY_TO_PROTO);

export function taskStatusToProto(status: TaskStatusName | undefined): goalsV1.TaskStatus {
  return status ? STATUS_TO_PROTO[status] : goalsV1.TaskStatus.TASK_STATUS_UNSPECIFIED;
}

function priorityToProto(priority: TaskPriorityName | undefined): goalsV1.TaskPriority {
  return priority ? PRIORITY_TO_PROTO[priority] : goalsV1.TaskPriority.TASK_PRIORITY_UNSPECIFIED;
}

export function createTaskRequestFromJson(body: CreateTaskBody): goalsV1.CreateTaskRequest {
  return {
    title: body.title,
    description: body.description ?? '',
    assigneeId: body.assigneeId ?? '',
    dueAt: body.dueAt ? new Date(body.dueAt) : undefined,
    priority: priorityToProto(body.priority),
    parentId: body.parentId ?? '',
    projectId: body.projectId ?? '',
    customerId: body.customerId ?? '',
    opportunityId: body.opportunityId ?? '',
  };
}

/** null in the body clears a link (sent as ""), left out leaves it (undefined). */
export function updateTaskRequestFromJson(
  id: string,
  expectedVersion: ExpectedVersion,
  body: UpdateTaskBody,
): goalsV1.UpdateTaskRequest {
  const link = (value: string | null | undefined) => (value === undefined ? undefined : (value ?? ''));
  return {
    id,
    expectedVersion,
    title: body.title,
    description: body.description,
    assigneeId: body.assigneeId,
    dueAt: body.dueAt ? new Date(body.dueAt) : undefined,
    clearDueAt: body.dueAt === null,
    priority: priorityToProto(body.priority),
    status: taskStatusToProto(body.status),
    projectId: link(body.projectId),
    customerId: link(body.customerId),
    opportunityId: link(body.opportunityId),
  };
}

export function listTasksRequestFromQuery(query: ListTasksQuery, limit: number): goalsV1.ListTasksRequest {
  return {
    page: { limit, cursor: query.cursor ?? '' },
    view:
      query.view === 'team'
        ? goalsV1.TaskView.TASK_VIEW_TEAM
        : query.view === 'mine'
          ? goalsV1.TaskView.TASK_VIEW_MINE
          : goalsV1.TaskView.TASK_VIEW_UNSPECIFIED,
    projectId: query.projectId ?? '',
    status: taskStatusToProto(query.status),
    dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
    parentId: query.parentId ?? '',
  };
}

export function taskToJson(task: goalsV1.Task): TaskJson {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    assigneeId: task.assigneeId,
    creatorId: task.creatorId,
    dueAt: task.dueAt?.toISOString() ?? null,
    priority: PRIORITY_FROM_PROTO.get(task.priority) ?? null,
    status: STATUS_FROM_PROTO.get(task.status) ?? null,
    parentId: task.parentId || null,
    projectId: task.projectId || null,
    customerId: task.customerId || null,
    opportunityId: task.opportunityId || null,
    completedAt: task.completedAt?.toISOString() ?? null,
    version: Number(task.version),
    createdAt: task.createdAt?.toISOString() ?? null,
    updatedAt: task.updatedAt?.toISOString() ?? null,
  };
}

export function taskCommentToJson(comment: goalsV1.TaskComment): TaskCommentJson {
  return {
    id: comment.id,
    taskId: comment.taskId,
    authorId: comment.authorId,
    body: comment.body,
    rating: comment.rating || null,
    createdAt: comment.createdAt?.toISOString() ?? null,
  };
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function taskHistoryEntryToJson(entry: goalsV1.TaskHistoryEntry) {
  return {
    id: entry.id,
    action: entry.action,
    actorId: entry.actorId || null,
    before: parseJsonObject(entry.beforeJson),
    after: parseJsonObject(entry.afterJson),
    createdAt: entry.createdAt?.toISOString() ?? null,
  };
}
