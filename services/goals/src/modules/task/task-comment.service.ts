import type { commonV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  decodeCursor,
  encodeCursor,
  type OutboxOptions,
  pageSize,
  requirePermission,
  ServiceError,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { GoalsDatabase } from '../../database';
import type { TaskComment } from '../../generated/prisma/client';
import { FieldChecks, isUuidText } from '../shared/field-checks';
import { TaskError } from './task.errors';
import { taskCommentToProto } from './task.mapper';
import { TASK_READ, TASK_WRITE, type TaskService } from './task.service';

/** 评价和反馈: comments on a task; the assigner (the task's creator) may rate the work 1-5. */
export class TaskCommentService {
  constructor(
    private readonly db: GoalsDatabase,
    private readonly tasks: TaskService,
    private readonly outbox: OutboxOptions,
  ) {}

  async add(principal: commonV1.Principal, taskId: string, input: { body?: string; rating?: number }) {
    requirePermission(principal, TASK_WRITE);
    if (!isUuidText(principal.employeeId)) throw TaskError.notAnEmployee();
    const checks = new FieldChecks();
    const body = checks.text('body', input.body, 4000, true);
    const rating = input.rating ?? 0;
    if (!Number.isInteger(rating) || rating < 0 || rating > 5) checks.fail('rating', 'must be 1 to 5 (0: none)');
    if (!checks.ok) throw ServiceError.invalid(checks.errors, 'comment is invalid');
    return this.db.$transaction(async (tx) => {
      const task = await this.tasks.findVisible(tx, principal, taskId);
      if (rating > 0 && principal.employeeId !== task.creatorId) throw TaskError.notTheAssigner();
      const comment = await tx.taskComment.create({
        data: {
          id: uuidv7(),
          tenantId: task.tenantId,
          taskId: task.id,
          authorId: principal.employeeId,
          body,
          rating: rating > 0 ? rating : null,
        },
      });
      await appendToOutbox(
        tx,
        {
          type: 'goals.task.commented',
          tenantId: task.tenantId,
          aggregateId: task.id,
          aggregateVersion: task.version,
          actorId: principal.employeeId,
          payload: {
            comment: taskCommentToProto(comment),
            assigneeId: task.assigneeId,
            creatorId: task.creatorId,
          },
        },
        this.outbox,
      );
      return comment;
    });
  }

  /** Oldest first: a conversation reads top to bottom. */
  async list(
    principal: commonV1.Principal,
    taskId: string,
    page: { limit?: number; cursor?: string },
  ): Promise<{ comments: TaskComment[]; nextCursor: string }> {
    requirePermission(principal, TASK_READ);
    const task = await this.tasks.findVisible(this.db, principal, taskId);
    const limit = pageSize(page.limit);
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await this.db.taskComment.findMany({
      where: {
        taskId: task.id,
        ...(after
          ? {
              OR: [{ createdAt: { gt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { gt: after.id } }],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit + 1,
    });
    const comments = rows.slice(0, limit);
    const last = comments.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { comments, nextCursor };
  }
}
