import type { commonV1 } from '@salesflow/contracts';
import {
  decodeCursor,
  encodeCursor,
  type OutboxOptions,
  pageSize,
  requirePermission,
  ServiceError,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { GoalsDatabase, GoalsTransaction } from '../../database';
import type { Prisma, Task, TaskHistory, TaskPriority, TaskStatus } from '../../generated/prisma/client';
import { FieldChecks, isUuidText } from '../shared/field-checks';
import { requireAssignable } from './assignee-check';
import { TaskError } from './task.errors';
import { appendTaskChanged, recordTaskHistory } from './task.events';
import { canTransition, isOpen, OPEN_TASK_STATUSES, TASK_STATUSES } from './task-status';
import { projectScope, taskScope, visibleAssignees } from './task-visibility';

export const TASK_READ = 'goals.task.read';
export const TASK_WRITE = 'goals.task.write';
export const TASK_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const satisfies readonly TaskPriority[];

export interface NewTaskInput {
  title?: string;
  description?: string;
  /** Empty: the caller. */
  assigneeId?: string;
  dueAt?: Date;
  /** Missing: P2. */
  priority?: string;
  parentId?: string;
  projectId?: string;
  customerId?: string;
  opportunityId?: string;
}

export interface TaskUpdateInput {
  /** "0" or empty: apply to whatever is current. */
  expectedVersion?: string;
  title?: string;
  description?: string;
  assigneeId?: string;
  /** null removes the due time; undefined leaves it. */
  dueAt?: Date | null;
  priority?: string;
  status?: string;
  /** "" detaches. */
  projectId?: string;
  customerId?: string;
  opportunityId?: string;
}

export type TaskView = 'MINE' | 'TEAM';

export interface TaskListQuery {
  view?: TaskView;
  projectId?: string;
  status?: string;
  dueBefore?: Date;
  /** With dueBefore: a due-time range [dueAtOrAfter, dueBefore). */
  dueAtOrAfter?: Date;
  parentId?: string;
  limit?: number;
  cursor?: string;
}

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 4000;

/** Tasks (任务): assignment, due time, priority, status life cycle and subtasks, under data scope. */
export class TaskService {
  constructor(
    private readonly db: GoalsDatabase,
    private readonly outbox: OutboxOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(principal: commonV1.Principal, input: NewTaskInput): Promise<Task> {
    requirePermission(principal, TASK_WRITE);
    if (!isUuidText(principal.employeeId)) throw TaskError.notAnEmployee();
    const checks = new FieldChecks();
    const title = checks.text('title', input.title, TITLE_MAX, true);
    const description = checks.text('description', input.description, DESCRIPTION_MAX);
    const assigneeId = checks.optionalId('assigneeId', input.assigneeId) ?? principal.employeeId;
    const priority = oneOf(checks, 'priority', input.priority, TASK_PRIORITIES) ?? 'P2';
    const parentId = checks.optionalId('parentId', input.parentId);
    const projectId = checks.optionalId('projectId', input.projectId);
    const customerId = checks.optionalId('customerId', input.customerId);
    const opportunityId = checks.optionalId('opportunityId', input.opportunityId);
    if (input.dueAt && Number.isNaN(input.dueAt.getTime())) checks.fail('dueAt', 'is not a time');
    if (!checks.ok) throw ServiceError.invalid(checks.errors, 'task is invalid');

    return this.db.$transaction(async (tx) => {
      if (assigneeId !== principal.employeeId) await requireAssignable(tx, principal.tenantId, assigneeId);
      const owners = await visibleAssignees(tx, principal);
      let inheritedProjectId = projectId;
      if (parentId) {
        const parent = await tx.task.findFirst({ where: { id: parentId, ...taskScope(principal, owners) } });
        if (!parent) throw ServiceError.invalid([{ field: 'parentId', message: 'does not exist' }], 'task is invalid');
        if (!(OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(parent.status)) {
          throw ServiceError.invalid(
            [{ field: 'parentId', message: `is ${parent.status}; reopen it before adding subtasks` }],
            'task is invalid',
          );
        }
        // A subtask belongs to its parent's project unless told otherwise.
        inheritedProjectId ??= parent.projectId;
      }
      if (projectId) await this.requireActiveProject(tx, principal, owners, projectId);
      const now = this.now();
      const task = await tx.task.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          title,
          description,
          assigneeId,
          creatorId: principal.employeeId,
          dueAt: input.dueAt ?? null,
          priority,
          parentId,
          projectId: inheritedProjectId,
          customerId,
          opportunityId,
          createdAt: now,
          updatedAt: now,
        },
      });
      await recordTaskHistory(tx, task, 'created', principal.employeeId, {}, { assigneeId, status: task.status });
      await appendTaskChanged(tx, 'goals.task.created', task, principal.employeeId, this.outbox);
      return task;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Task> {
    requirePermission(principal, TASK_READ);
    return this.findVisible(this.db, principal, id);
  }

  async history(principal: commonV1.Principal, taskId: string): Promise<TaskHistory[]> {
    requirePermission(principal, TASK_READ);
    const task = await this.findVisible(this.db, principal, taskId);
    return this.db.taskHistory.findMany({ where: { taskId: task.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** The task if the caller may see it, else NOT_FOUND (never revealing another tenant's). */
  async findVisible(db: GoalsDatabase | GoalsTransaction, principal: commonV1.Principal, id: string): Promise<Task> {
    if (!isUuidText(id)) throw TaskError.notFound(id);
    const owners = await visibleAssignees(db, principal);
    const task = await db.task.findFirst({ where: { id, ...taskScope(principal, owners) } });
    if (!task) throw TaskError.notFound(id);
    return task;
  }

  async list(principal: commonV1.Principal, query: TaskListQuery): Promise<{ tasks: Task[]; nextCursor: string }> {
    requirePermission(principal, TASK_READ);
    const checks = new FieldChecks();
    const status = oneOf(checks, 'status', query.status, TASK_STATUSES);
    const projectId = checks.optionalId('projectId', query.projectId);
    const parentId = checks.optionalId('parentId', query.parentId);
    if (query.dueAtOrAfter && query.dueBefore && query.dueAtOrAfter >= query.dueBefore) {
      checks.fail('dueAtOrAfter', 'must be before dueBefore');
    }
    if (!checks.ok) throw ServiceError.invalid(checks.errors, 'a filter is invalid');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const owners = await visibleAssignees(this.db, principal);

    const and: Prisma.TaskWhereInput[] = [];
    // A project's board shows every task of a project the caller may see; otherwise the
    // default view is the caller's own tasks.
    const view = query.view ?? (projectId ? undefined : 'MINE');
    if (view === 'MINE') {
      // A principal that is no employee (a service account) has no tasks of its own.
      and.push(isUuidText(principal.employeeId) ? { assigneeId: principal.employeeId } : { id: { in: [] } });
    }
    if (view === 'TEAM' && owners) and.push({ assigneeId: { in: owners } });
    if (projectId) {
      const project = await this.db.project.findFirst({
        where: { id: projectId, ...projectScope(principal, owners) },
        select: { id: true },
      });
      if (!project) throw TaskError.projectNotFound(projectId);
      and.push({ projectId });
    } else {
      and.push(taskScope(principal, owners));
    }
    if (status) and.push({ status });
    if (query.dueBefore) and.push({ dueAt: { lt: query.dueBefore } });
    if (query.dueAtOrAfter) and.push({ dueAt: { gte: query.dueAtOrAfter } });
    if (parentId) and.push({ parentId });
    if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const rows = await this.db.task.findMany({
      where: { tenantId: principal.tenantId, AND: and },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const tasks = rows.slice(0, limit);
    const last = tasks.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { tasks, nextCursor };
  }

  async update(principal: commonV1.Principal, id: string, input: TaskUpdateInput): Promise<Task> {
    requirePermission(principal, TASK_WRITE);
    const checks = new FieldChecks();
    const title = input.title === undefined ? undefined : checks.text('title', input.title, TITLE_MAX, true);
    const description =
      input.description === undefined ? undefined : checks.text('description', input.description, DESCRIPTION_MAX);
    const assigneeId = input.assigneeId ? checks.optionalId('assigneeId', input.assigneeId) : undefined;
    const priority = oneOf(checks, 'priority', input.priority, TASK_PRIORITIES);
    const status = oneOf(checks, 'status', input.status, TASK_STATUSES);
    const projectId = input.projectId === undefined ? undefined : checks.optionalId('projectId', input.projectId);
    const customerId = input.customerId === undefined ? undefined : checks.optionalId('customerId', input.customerId);
    const opportunityId =
      input.opportunityId === undefined ? undefined : checks.optionalId('opportunityId', input.opportunityId);
    if (input.dueAt && Number.isNaN(input.dueAt.getTime())) checks.fail('dueAt', 'is not a time');
    const expected = parseExpectedVersion(checks, input.expectedVersion);
    if (!checks.ok) throw ServiceError.invalid(checks.errors, 'task is invalid');

    return this.db.$transaction(async (tx) => {
      if (isUuidText(id)) await tx.$queryRaw`SELECT id FROM tasks WHERE id = ${id}::uuid FOR UPDATE`;
      const current = await this.findVisible(tx, principal, id);
      if (expected !== undefined && expected !== current.version)
        throw TaskError.versionMismatch('task', current.version);
      const now = this.now();

      if (status && status !== current.status) {
        if (!canTransition(current.status, status)) throw TaskError.illegalTransition(current.status, status);
        if (status === 'DONE') {
          const open = await tx.task.count({
            where: { parentId: current.id, status: { in: [...OPEN_TASK_STATUSES] } },
          });
          if (open > 0) throw TaskError.openSubtasks(open);
        }
        // Reopening a subtask of a closed parent would break the parent's rule from below.
        if (isOpen(status) && current.parentId) {
          const parent = await tx.task.findUniqueOrThrow({ where: { id: current.parentId } });
          if (!isOpen(parent.status)) throw TaskError.parentClosed(parent.status);
        }
      }
      if (projectId) await this.requireActiveProject(tx, principal, await visibleAssignees(tx, principal), projectId);

      const changes: Prisma.TaskUpdateInput = {};
      if (title !== undefined && title !== current.title) changes.title = title;
      if (description !== undefined && description !== current.description) changes.description = description;
      if (assigneeId && assigneeId !== current.assigneeId) {
        await requireAssignable(tx, principal.tenantId, assigneeId);
        changes.assigneeId = assigneeId;
      }
      if (priority && priority !== current.priority) changes.priority = priority;
      if (status && status !== current.status) {
        changes.status = status;
        changes.completedAt = status === 'DONE' ? now : null;
      }
      if (projectId !== undefined && projectId !== current.projectId) {
        changes.project = projectId ? { connect: { id: projectId } } : { disconnect: true };
      }
      if (customerId !== undefined && customerId !== current.customerId) changes.customerId = customerId;
      if (opportunityId !== undefined && opportunityId !== current.opportunityId) changes.opportunityId = opportunityId;
      const dueAt = input.dueAt === undefined ? undefined : input.dueAt;
      if (dueAt !== undefined && dueAt?.getTime() !== current.dueAt?.getTime()) {
        changes.dueAt = dueAt;
        // A new due time re-arms both reminders (they were about the old one).
        changes.dueSoonSentAt = null;
        changes.overdueSentAt = null;
      }
      if (Object.keys(changes).length === 0) return current;

      const task = await tx.task.update({
        where: { id: current.id },
        data: { ...changes, version: { increment: 1 }, updatedAt: now },
      });
      await this.recordChanges(tx, principal, current, task);
      return task;
    });
  }

  /** History lines and events for one update, most specific event types first. */
  private async recordChanges(
    tx: GoalsTransaction,
    principal: commonV1.Principal,
    before: Task,
    task: Task,
  ): Promise<void> {
    const actor = principal.employeeId || null;
    let announced = false;
    if (before.status !== task.status) {
      await recordTaskHistory(tx, task, 'status_changed', actor, { status: before.status }, { status: task.status });
      if (task.status === 'DONE') {
        await appendTaskChanged(tx, 'goals.task.completed', task, principal.employeeId, this.outbox);
        announced = true;
      }
    }
    if (before.assigneeId !== task.assigneeId) {
      await recordTaskHistory(
        tx,
        task,
        'reassigned',
        actor,
        { assigneeId: before.assigneeId },
        { assigneeId: task.assigneeId },
      );
      await appendTaskChanged(tx, 'goals.task.assigned', task, principal.employeeId, this.outbox, before.assigneeId);
      announced = true;
    }
    if (before.dueAt?.getTime() !== task.dueAt?.getTime()) {
      await recordTaskHistory(
        tx,
        task,
        'rescheduled',
        actor,
        { dueAt: before.dueAt?.toISOString() ?? null },
        { dueAt: task.dueAt?.toISOString() ?? null },
      );
    }
    if (!announced) await appendTaskChanged(tx, 'goals.task.updated', task, principal.employeeId, this.outbox);
  }

  private async requireActiveProject(
    tx: GoalsTransaction,
    principal: commonV1.Principal,
    owners: string[] | undefined,
    projectId: string,
  ): Promise<void> {
    const project = await tx.project.findFirst({ where: { id: projectId, ...projectScope(principal, owners) } });
    if (!project) throw ServiceError.invalid([{ field: 'projectId', message: 'does not exist' }], 'task is invalid');
    if (project.status !== 'ACTIVE') {
      throw ServiceError.invalid([{ field: 'projectId', message: 'is archived' }], 'task is invalid');
    }
  }
}

/** A value from `allowed`, undefined when not given; anything else is a field error. */
export function oneOf<T extends string>(
  checks: FieldChecks,
  field: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  checks.fail(field, `must be one of ${allowed.join(', ')}`);
  return undefined;
}

/** "0" or empty skips the check. */
export function parseExpectedVersion(checks: FieldChecks, raw: string | undefined): number | undefined {
  if (!raw || raw === '0') return undefined;
  if (!/^\d+$/.test(raw)) {
    checks.fail('expectedVersion', 'is not a number');
    return undefined;
  }
  return Number(raw);
}
