import type { goalsV1 } from '@salesflow/contracts';
import type { Task, TaskComment, TaskHistory, TaskPriority, TaskStatus } from '../../generated/prisma/client';

const STATUS_PREFIX = 'TASK_STATUS_';
const PRIORITY_PREFIX = 'TASK_PRIORITY_';

export function taskStatusToProto(status: TaskStatus): goalsV1.TaskStatus {
  return `${STATUS_PREFIX}${status}` as goalsV1.TaskStatus;
}

/** UNSPECIFIED (or missing) is undefined: "not given". Unknown names pass through for validation. */
export function taskStatusFromProto(status: goalsV1.TaskStatus | undefined): string | undefined {
  return fromProto(status, STATUS_PREFIX);
}

export function taskPriorityToProto(priority: TaskPriority): goalsV1.TaskPriority {
  return `${PRIORITY_PREFIX}${priority}` as goalsV1.TaskPriority;
}

export function taskPriorityFromProto(priority: goalsV1.TaskPriority | undefined): string | undefined {
  return fromProto(priority, PRIORITY_PREFIX);
}

export function fromProto(value: string | undefined, prefix: string): string | undefined {
  if (!value || value === `${prefix}UNSPECIFIED`) return undefined;
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

export function taskToProto(task: Task): goalsV1.Task {
  return {
    id: task.id,
    tenantId: task.tenantId,
    title: task.title,
    description: task.description,
    assigneeId: task.assigneeId,
    creatorId: task.creatorId,
    dueAt: task.dueAt ?? undefined,
    priority: taskPriorityToProto(task.priority),
    status: taskStatusToProto(task.status),
    parentId: task.parentId ?? '',
    projectId: task.projectId ?? '',
    customerId: task.customerId ?? '',
    opportunityId: task.opportunityId ?? '',
    completedAt: task.completedAt ?? undefined,
    version: String(task.version),
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}

export function taskCommentToProto(comment: TaskComment): goalsV1.TaskComment {
  return {
    id: comment.id,
    tenantId: comment.tenantId,
    taskId: comment.taskId,
    authorId: comment.authorId,
    body: comment.body,
    rating: comment.rating ?? 0,
    createdAt: comment.createdAt,
  };
}

export function taskHistoryToProto(entry: TaskHistory): goalsV1.TaskHistoryEntry {
  return {
    id: entry.id,
    action: entry.action,
    actorId: entry.actorId ?? '',
    beforeJson: JSON.stringify(entry.before),
    afterJson: JSON.stringify(entry.after),
    createdAt: entry.createdAt,
  };
}
