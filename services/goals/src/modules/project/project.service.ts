import type { commonV1 } from '@salesflow/contracts';
import { decodeCursor, encodeCursor, pageSize, requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { GoalsDatabase, GoalsTransaction } from '../../database';
import type { Prisma, Project, ProjectStatus } from '../../generated/prisma/client';
import { FieldChecks, isUuidText } from '../shared/field-checks';
import { TaskError } from '../task/task.errors';
import { oneOf, parseExpectedVersion } from '../task/task.service';
import { projectScope, visibleAssignees } from '../task/task-visibility';

export const PROJECT_READ = 'goals.project.read';
export const PROJECT_WRITE = 'goals.project.write';
const PROJECT_STATUSES = ['ACTIVE', 'ARCHIVED'] as const satisfies readonly ProjectStatus[];
const MAX_MEMBERS = 200;

export interface NewProjectInput {
  name?: string;
  description?: string;
  targetId?: string;
  /** Empty: the caller. */
  ownerId?: string;
  memberIds?: string[];
  startDate?: string;
  endDate?: string;
}

export interface ProjectUpdateInput {
  expectedVersion?: string;
  name?: string;
  description?: string;
  targetId?: string;
  ownerId?: string;
  status?: string;
  /** "" clears the date. */
  startDate?: string;
  endDate?: string;
}

/**
 * Projects (项目): a named piece of work, optionally serving a target, with an owner and
 * members. Visible to the people whose data scope covers the owner, and to the members.
 */
export class ProjectService {
  constructor(
    private readonly db: GoalsDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(principal: commonV1.Principal, input: NewProjectInput): Promise<Project> {
    requirePermission(principal, PROJECT_WRITE);
    if (!isUuidText(principal.employeeId)) throw TaskError.notAnEmployee();
    const checks = new FieldChecks();
    const name = checks.text('name', input.name, 200, true);
    const description = checks.text('description', input.description, 4000);
    const targetId = checks.text('targetId', input.targetId, 100);
    const ownerId = checks.optionalId('ownerId', input.ownerId) ?? principal.employeeId;
    const memberIds = memberList(checks, input.memberIds ?? []);
    const startDate = checks.optionalDate('startDate', input.startDate);
    const endDate = checks.optionalDate('endDate', input.endDate);
    checkDateOrder(checks, startDate, endDate);
    if (!checks.ok) throw ServiceError.invalid(checks.errors, 'project is invalid');
    const now = this.now();
    return this.db.project.create({
      data: {
        id: uuidv7(),
        tenantId: principal.tenantId,
        name,
        description,
        targetId,
        ownerId,
        memberIds,
        startDate,
        endDate,
        createdBy: principal.employeeId,
        createdAt: now,
        updatedAt: now,
      },
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Project> {
    requirePermission(principal, PROJECT_READ);
    return this.findVisible(this.db, principal, id);
  }

  async list(
    principal: commonV1.Principal,
    query: { status?: string; limit?: number; cursor?: string },
  ): Promise<{ projects: Project[]; nextCursor: string }> {
    requirePermission(principal, PROJECT_READ);
    const checks = new FieldChecks();
    const status = oneOf(checks, 'status', query.status, PROJECT_STATUSES);
    if (!checks.ok) throw ServiceError.invalid(checks.errors, 'a filter is invalid');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const and: Prisma.ProjectWhereInput[] = [projectScope(principal, await visibleAssignees(this.db, principal))];
    if (status) and.push({ status });
    if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const rows = await this.db.project.findMany({
      where: { tenantId: principal.tenantId, AND: and },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const projects = rows.slice(0, limit);
    const last = projects.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { projects, nextCursor };
  }

  async update(principal: commonV1.Principal, id: string, input: ProjectUpdateInput): Promise<Project> {
    requirePermission(principal, PROJECT_WRITE);
    const checks = new FieldChecks();
    const name = input.name === undefined ? undefined : checks.text('name', input.name, 200, true);
    const description =
      input.description === undefined ? undefined : checks.text('description', input.description, 4000);
    const targetId = input.targetId === undefined ? undefined : checks.text('targetId', input.targetId, 100);
    const ownerId = input.ownerId ? checks.optionalId('ownerId', input.ownerId) : undefined;
    const status = oneOf(checks, 'status', input.status, PROJECT_STATUSES);
    const startDate = input.startDate === undefined ? undefined : checks.optionalDate('startDate', input.startDate);
    const endDate = input.endDate === undefined ? undefined : checks.optionalDate('endDate', input.endDate);
    const expected = parseExpectedVersion(checks, input.expectedVersion);
    if (!checks.ok) throw ServiceError.invalid(checks.errors, 'project is invalid');
    return this.change(principal, id, expected, (current) => {
      const dates = new FieldChecks();
      checkDateOrder(
        dates,
        startDate === undefined ? current.startDate : startDate,
        endDate === undefined ? current.endDate : endDate,
      );
      if (!dates.ok) throw ServiceError.invalid(dates.errors, 'project is invalid');
      return {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(targetId !== undefined ? { targetId } : {}),
        ...(ownerId ? { ownerId } : {}),
        ...(status ? { status } : {}),
        ...(startDate !== undefined ? { startDate } : {}),
        ...(endDate !== undefined ? { endDate } : {}),
      };
    });
  }

  /** Adding a member twice changes nothing (and bumps no version). */
  async addMember(principal: commonV1.Principal, projectId: string, employeeId: string): Promise<Project> {
    requirePermission(principal, PROJECT_WRITE);
    const member = requireMemberId(employeeId);
    return this.change(principal, projectId, undefined, (current) => {
      if (current.memberIds.includes(member)) return {};
      if (current.memberIds.length >= MAX_MEMBERS) {
        throw ServiceError.invalid([
          { field: 'employeeId', message: `the project has ${MAX_MEMBERS} members already` },
        ]);
      }
      return { memberIds: [...current.memberIds, member] };
    });
  }

  /** Removing someone who is no member changes nothing. */
  async removeMember(principal: commonV1.Principal, projectId: string, employeeId: string): Promise<Project> {
    requirePermission(principal, PROJECT_WRITE);
    const member = requireMemberId(employeeId);
    return this.change(principal, projectId, undefined, (current) =>
      current.memberIds.includes(member) ? { memberIds: current.memberIds.filter((m) => m !== member) } : {},
    );
  }

  async findVisible(db: GoalsDatabase | GoalsTransaction, principal: commonV1.Principal, id: string) {
    if (!isUuidText(id)) throw TaskError.projectNotFound(id);
    const owners = await visibleAssignees(db, principal);
    const project = await db.project.findFirst({ where: { id, ...projectScope(principal, owners) } });
    if (!project) throw TaskError.projectNotFound(id);
    return project;
  }

  /** Locks the row, checks the version, applies `changes` (nothing to change: no write). */
  private change(
    principal: commonV1.Principal,
    id: string,
    expected: number | undefined,
    changes: (current: Project) => Prisma.ProjectUpdateInput,
  ): Promise<Project> {
    return this.db.$transaction(async (tx) => {
      if (isUuidText(id)) await tx.$queryRaw`SELECT id FROM projects WHERE id = ${id}::uuid FOR UPDATE`;
      const current = await this.findVisible(tx, principal, id);
      if (expected !== undefined && expected !== current.version) {
        throw TaskError.versionMismatch('project', current.version);
      }
      const data = changes(current);
      if (Object.keys(data).length === 0) return current;
      return tx.project.update({
        where: { id: current.id },
        data: { ...data, version: { increment: 1 }, updatedAt: this.now() },
      });
    });
  }
}

function memberList(checks: FieldChecks, ids: string[]): string[] {
  const bad = ids.filter((id) => !isUuidText(id));
  if (bad.length > 0) checks.fail('memberIds', 'holds something that is not an id');
  const unique = [...new Set(ids.filter(isUuidText).map((id) => id.toLowerCase()))];
  if (unique.length > MAX_MEMBERS) checks.fail('memberIds', `has more than ${MAX_MEMBERS} members`);
  return unique;
}

function requireMemberId(employeeId: string): string {
  if (!isUuidText(employeeId)) throw ServiceError.invalid([{ field: 'employeeId', message: 'is not an id' }]);
  return employeeId.toLowerCase();
}

function checkDateOrder(checks: FieldChecks, start: Date | null, end: Date | null): void {
  if (start && end && end.getTime() < start.getTime()) checks.fail('endDate', 'is before startDate');
}
