import type { commonV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  type FieldError,
  type OutboxOptions,
  ownerFilterOf,
  replicatedEmployee,
  requirePermission,
  ServiceError,
  visibleOwnerIds,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase, FieldTransaction } from '../../database';
import { Prisma } from '../../generated/prisma/client';
import { isUuid } from '../check-in/check-in.validation';
import { VisitPlanError } from './visit-plan.errors';
import { type VisitPlanWithItems, visitPlanToProto } from './visit-plan.mapper';
import { type PlanItemInput, parseIsoDate, type ValidPlanItem, validatePlanItems } from './visit-plan.validation';

export const PLAN_READ = 'field.plan.read';
export const PLAN_WRITE = 'field.plan.write';
export const PLAN_APPROVE = 'field.plan.approve';
const MAX_COMMENT = 1000;
const MAX_RANGE_DAYS = 62;

export type VisitPlanEventType =
  | 'field.plan.submitted'
  | 'field.plan.approved'
  | 'field.plan.rejected'
  | 'field.plan.reassigned';

const withItems = { items: { orderBy: { position: 'asc' } } } as const;

/**
 * 每日拜访计划表: a rep plans a day's visits (DRAFT), submits them to the supervisor named by
 * the org replica (manager_id), who approves or rejects with a comment (主管核签). A rejected
 * plan is reworked and submitted again.
 */
export class VisitPlanService {
  constructor(
    private readonly db: FieldDatabase,
    private readonly options: { outbox: OutboxOptions; clock?: () => Date },
  ) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  async create(
    principal: commonV1.Principal,
    planDate: string,
    items: readonly PlanItemInput[],
  ): Promise<VisitPlanWithItems> {
    requirePermission(principal, PLAN_WRITE);
    const date = parseIsoDate(planDate.trim());
    const itemValidation = validatePlanItems(items);
    const errors: FieldError[] = [];
    if (!date) errors.push({ field: 'planDate', message: 'must be a date YYYY-MM-DD' });
    if (!itemValidation.ok) errors.push(...itemValidation.errors);
    if (!date || !itemValidation.ok) throw ServiceError.invalid(errors, 'visit plan is invalid');
    const id = uuidv7();
    try {
      return await this.db.visitPlan.create({
        data: {
          id,
          tenantId: principal.tenantId,
          employeeId: principal.employeeId,
          planDate: date,
          items: { create: itemRows(principal.tenantId, itemValidation.items) },
        },
        include: withItems,
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw VisitPlanError.exists(planDate.trim());
      }
      throw error;
    }
  }

  /** Replaces the items of the caller's own DRAFT or REJECTED plan. */
  async update(
    principal: commonV1.Principal,
    id: string,
    items: readonly PlanItemInput[],
    expectedVersion?: string,
  ): Promise<VisitPlanWithItems> {
    requirePermission(principal, PLAN_WRITE);
    const validation = validatePlanItems(items);
    if (!validation.ok) throw ServiceError.invalid(validation.errors, 'visit plan is invalid');
    return this.db.$transaction(async (tx) => {
      const plan = await this.lockOwn(tx, principal, id);
      checkVersion(expectedVersion, plan.version);
      if (plan.status !== 'DRAFT' && plan.status !== 'REJECTED') throw VisitPlanError.notEditable(plan.status);
      await tx.visitPlanItem.deleteMany({ where: { planId: id } });
      return tx.visitPlan.update({
        where: { id },
        data: {
          items: { create: itemRows(principal.tenantId, validation.items) },
          version: { increment: 1 },
          updatedAt: this.now(),
        },
        include: withItems,
      });
    });
  }

  async submit(principal: commonV1.Principal, id: string, expectedVersion?: string): Promise<VisitPlanWithItems> {
    requirePermission(principal, PLAN_WRITE);
    return this.db.$transaction(async (tx) => {
      const plan = await this.lockOwn(tx, principal, id);
      checkVersion(expectedVersion, plan.version);
      if (plan.status !== 'DRAFT' && plan.status !== 'REJECTED') throw VisitPlanError.notEditable(plan.status);
      if (plan.items.length === 0) {
        throw ServiceError.invalid([{ field: 'items', message: 'a plan needs at least one visit to be submitted' }]);
      }
      const rep = await replicatedEmployee(tx, principal.tenantId, principal.employeeId);
      const approverId = rep?.managerId && isUuid(rep.managerId) ? rep.managerId : null;
      const now = this.now();
      const submitted = await tx.visitPlan.update({
        where: { id },
        data: {
          status: 'SUBMITTED',
          approverId,
          submittedAt: now,
          decidedAt: null,
          decidedBy: null,
          version: { increment: 1 },
          updatedAt: now,
        },
        include: withItems,
      });
      await appendPlanEvent(tx, 'field.plan.submitted', submitted, principal.employeeId, this.options.outbox);
      return submitted;
    });
  }

  approve(principal: commonV1.Principal, id: string, comment: string, expectedVersion?: string) {
    return this.decide(principal, id, 'APPROVED', comment, expectedVersion);
  }

  reject(principal: commonV1.Principal, id: string, comment: string, expectedVersion?: string) {
    return this.decide(principal, id, 'REJECTED', comment, expectedVersion);
  }

  async get(principal: commonV1.Principal, id: string): Promise<VisitPlanWithItems> {
    requirePermission(principal, PLAN_READ);
    if (!isUuid(id)) throw VisitPlanError.notFound(id);
    const plan = await this.db.visitPlan.findFirst({ where: { id, tenantId: principal.tenantId }, include: withItems });
    if (!plan || !(await this.mayRead(principal, plan))) throw VisitPlanError.notFound(id);
    return plan;
  }

  /**
   * "mine": the caller's plans; "team": the plans of everyone below the caller in the
   * manager chain (领导查看下属日程), plus anyone else the caller's data scope reaches.
   */
  async list(principal: commonV1.Principal, view: string, from: string, to: string): Promise<VisitPlanWithItems[]> {
    requirePermission(principal, PLAN_READ);
    const errors: FieldError[] = [];
    const mode = view.trim() || 'mine';
    if (mode !== 'mine' && mode !== 'team') errors.push({ field: 'view', message: 'must be mine or team' });
    const start = parseIsoDate(from.trim());
    const end = parseIsoDate(to.trim());
    if (!start) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
    if (!end) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
    if (start && end && end < start) errors.push({ field: 'to', message: 'must not be before from' });
    if (start && end && (end.getTime() - start.getTime()) / 86_400_000 >= MAX_RANGE_DAYS) {
      errors.push({ field: 'to', message: `the range may span at most ${MAX_RANGE_DAYS} days` });
    }
    if (errors.length > 0 || !start || !end) throw ServiceError.invalid(errors);
    const employees = mode === 'mine' ? [principal.employeeId] : await this.teamOf(principal);
    return this.db.visitPlan.findMany({
      where: {
        tenantId: principal.tenantId,
        planDate: { gte: start, lte: end },
        ...(employees ? { employeeId: { in: employees } } : { employeeId: { not: principal.employeeId } }),
      },
      include: withItems,
      orderBy: [{ planDate: 'asc' }, { employeeId: 'asc' }],
    });
  }

  /** SUBMITTED plans waiting for the caller; with the tenant scope also those that name no approver. */
  async pendingApprovals(principal: commonV1.Principal): Promise<VisitPlanWithItems[]> {
    requirePermission(principal, PLAN_APPROVE);
    const tenantWide = principal.dataScope === 'DATA_SCOPE_TENANT';
    return this.db.visitPlan.findMany({
      where: {
        tenantId: principal.tenantId,
        status: 'SUBMITTED',
        employeeId: { not: principal.employeeId },
        OR: [{ approverId: principal.employeeId }, ...(tenantWide ? [{ approverId: null }] : [])],
      },
      include: withItems,
      orderBy: [{ planDate: 'asc' }, { submittedAt: 'asc' }],
    });
  }

  private async decide(
    principal: commonV1.Principal,
    id: string,
    decision: 'APPROVED' | 'REJECTED',
    rawComment: string,
    expectedVersion?: string,
  ): Promise<VisitPlanWithItems> {
    requirePermission(principal, PLAN_APPROVE);
    const comment = rawComment.trim();
    if (decision === 'REJECTED' && !comment) {
      throw ServiceError.invalid([{ field: 'comment', message: 'is required to reject a plan' }]);
    }
    if (comment.length > MAX_COMMENT) {
      throw ServiceError.invalid([{ field: 'comment', message: `is longer than ${MAX_COMMENT} characters` }]);
    }
    if (!isUuid(id)) throw VisitPlanError.notFound(id);
    return this.db.$transaction(async (tx) => {
      const plan = await lockPlan(tx, principal.tenantId, id);
      if (!plan || !(await this.mayRead(principal, plan))) throw VisitPlanError.notFound(id);
      if (plan.employeeId === principal.employeeId) throw VisitPlanError.ownPlan();
      const tenantWide = principal.dataScope === 'DATA_SCOPE_TENANT';
      if (plan.approverId !== principal.employeeId && !tenantWide) throw VisitPlanError.notTheApprover();
      checkVersion(expectedVersion, plan.version);
      if (plan.status !== 'SUBMITTED') throw VisitPlanError.notSubmitted(plan.status);
      const now = this.now();
      const decided = await tx.visitPlan.update({
        where: { id },
        data: {
          status: decision,
          decidedAt: now,
          decidedBy: principal.employeeId,
          decisionComment: comment,
          version: { increment: 1 },
          updatedAt: now,
        },
        include: withItems,
      });
      const type = decision === 'APPROVED' ? 'field.plan.approved' : 'field.plan.rejected';
      await appendPlanEvent(tx, type, decided, principal.employeeId, this.options.outbox);
      return decided;
    });
  }

  /** The owner, the approver, and whoever's data scope or manager chain reaches the owner. */
  private async mayRead(principal: commonV1.Principal, plan: VisitPlanWithItems): Promise<boolean> {
    if (plan.employeeId === principal.employeeId || plan.approverId === principal.employeeId) return true;
    const team = await this.teamOf(principal);
    return team === undefined || team.includes(plan.employeeId);
  }

  /** Everyone below the caller in the manager chain, and everyone in the caller's data scope; undefined = all. */
  private async teamOf(principal: commonV1.Principal): Promise<string[] | undefined> {
    const scoped = await visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
    if (scoped === undefined) return undefined;
    const reports = await this.db.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE reports AS (
        SELECT id FROM salesflow_employee_replica
        WHERE tenant_id = ${principal.tenantId}::uuid AND manager_id = ${principal.employeeId}
        UNION
        SELECT e.id FROM salesflow_employee_replica e JOIN reports r ON e.manager_id = r.id::text
        WHERE e.tenant_id = ${principal.tenantId}::uuid
      )
      SELECT id::text FROM reports`;
    return [...new Set([...scoped, ...reports.map((r) => r.id)])].filter((id) => id !== principal.employeeId);
  }

  private async lockOwn(tx: FieldTransaction, principal: commonV1.Principal, id: string): Promise<VisitPlanWithItems> {
    if (!isUuid(id)) throw VisitPlanError.notFound(id);
    const plan = await lockPlan(tx, principal.tenantId, id);
    if (!plan) throw VisitPlanError.notFound(id);
    if (plan.employeeId !== principal.employeeId) {
      // Someone else's plan: unknown unless the caller may see it, and even then not theirs to edit.
      if (!(await this.mayRead(principal, plan))) throw VisitPlanError.notFound(id);
      throw new ServiceError('PERMISSION_DENIED', 'only the rep who made a plan may change or submit it', {
        reason: 'NOT_YOUR_PLAN',
      });
    }
    return plan;
  }
}

/** Reads a plan with a row lock, so two decisions or edits cannot interleave. */
async function lockPlan(tx: FieldTransaction, tenantId: string, id: string): Promise<VisitPlanWithItems | null> {
  await tx.$queryRaw`SELECT id FROM visit_plans WHERE id = ${id}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
  return tx.visitPlan.findFirst({ where: { id, tenantId }, include: withItems });
}

function itemRows(tenantId: string, items: readonly ValidPlanItem[]) {
  return items.map((item, position) => ({ id: uuidv7(), tenantId, position, ...item }));
}

function checkVersion(expected: string | undefined, current: number): void {
  if (!expected || expected === '0') return;
  if (!/^\d+$/.test(expected)) throw ServiceError.invalid([{ field: 'expectedVersion', message: 'is not a number' }]);
  if (Number(expected) !== current) throw VisitPlanError.stale(current);
}

export function appendPlanEvent(
  tx: FieldTransaction,
  type: VisitPlanEventType,
  plan: VisitPlanWithItems,
  actorId: string,
  outbox: OutboxOptions,
): Promise<string> {
  return appendToOutbox(
    tx,
    {
      type,
      tenantId: plan.tenantId,
      aggregateId: plan.id,
      aggregateVersion: plan.version,
      actorId,
      payload: { plan: visitPlanToProto(plan) },
    },
    outbox,
  );
}
