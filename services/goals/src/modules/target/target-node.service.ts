import type { commonV1 } from '@salesflow/contracts';
import {
  decodeCursor,
  encodeCursor,
  type FieldError,
  type OutboxOptions,
  pageSize,
  requirePermission,
} from '@salesflow/platform';
import type { GoalsDatabase, GoalsTransaction } from '../../database';
import type { Prisma, Target, TargetMetric, TargetScope } from '../../generated/prisma/client';
import { parsePeriodKey, periodOfRange } from '../period/period-calendar';
import { goalsSettingsOf } from '../settings/goals-settings.service';
import type { TenantCalendarSource } from '../settings/tenant-calendar';
import { TargetError } from './target.errors';
import { targetToProto } from './target.mapper';
import { TARGET_READ, TARGET_WRITE } from './target.service';
import { isUuid, type NewTargetInput, validateNewTarget } from './target.validation';
import { canSeeTarget, canWriteTarget, isManagerScope, visibleTargetsWhere } from './target-access';
import { progressOf, type TargetProgressView } from './target-progress';
import { appendTargetEvent, insertNode, type NodeSpec, scopePathOf } from './target-store';

export interface NewTargetNodeInput extends NewTargetInput {
  /** A period key (2026, 2026Q3, 2026-07, 2026W27); replaces periodStart/periodEnd. */
  period?: string;
  productLine?: string;
  region?: string;
  customerSegment?: string;
}

export interface TargetListQuery {
  limit?: number;
  cursor?: string;
  metric?: string;
  period?: string;
  scope?: string;
  scopeId?: string;
  /** "root": nodes without a parent; an id: that node's children. */
  parentId?: string;
}

export interface TargetPatch {
  expectedVersion?: number;
  value?: bigint | number | string;
  locked?: boolean;
}

export interface NodeWithChildren {
  node: TargetProgressView;
  children: TargetProgressView[];
}

const DIMENSION_MAX = 100;

/**
 * Target nodes: create (by period key under the tenant's calendar), read with progress and
 * children, list, edit (re-validating the parent's allocation), lock, delete; the manager's tree
 * and the sibling leaderboard.
 */
export class TargetNodeService {
  constructor(
    private readonly db: GoalsDatabase,
    private readonly calendars: TenantCalendarSource,
    private readonly outbox: OutboxOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(principal: commonV1.Principal, input: NewTargetNodeInput): Promise<NodeWithChildren> {
    requirePermission(principal, TARGET_WRITE);
    if (!isUuid(principal.employeeId)) throw TargetError.notAnEmployee();
    const spec = await this.validateNode(principal.tenantId, input);
    const target = await this.db.$transaction(async (tx) => {
      await this.checkParent(tx, principal, spec.parentId);
      const scopePath = await scopePathOf(tx, principal.tenantId, spec.scope, spec.scopeId);
      if (!canWriteTarget(principal, { ...spec, scopePath })) throw TargetError.outOfScope();
      return insertNode(tx, principal.tenantId, principal.employeeId, { ...spec, scopePath }, this.outbox);
    });
    return { node: progressOf(target, this.now()), children: [] };
  }

  /** Validates a node description without the database; resolves a period key. */
  async validateNode(tenantId: string, input: NewTargetNodeInput): Promise<Omit<NodeSpec, 'scopePath'>> {
    const errors: FieldError[] = [];
    let periodStart = input.periodStart;
    let periodEnd = input.periodEnd;
    let periodKind: string | null = null;
    let periodKey: string | null = null;
    const calendar = await this.calendars.calendarOf(tenantId);
    if (input.period?.trim()) {
      const period = parsePeriodKey(input.period, calendar);
      if (!period) {
        errors.push({ field: 'period', message: 'is not a period key (2026, 2026Q3, 2026-07, 2026W27)' });
      } else {
        periodStart = period.start.toISOString().slice(0, 10);
        periodEnd = period.end.toISOString().slice(0, 10);
        periodKind = period.kind;
        periodKey = period.key;
      }
    }
    const validation = validateNewTarget({ ...input, periodStart: periodStart ?? '', periodEnd: periodEnd ?? '' });
    if (!validation.ok) {
      const missingPeriod = !input.period?.trim() && !input.periodStart && !input.periodEnd;
      for (const error of validation.errors) {
        if (missingPeriod && (error.field === 'periodStart' || error.field === 'periodEnd')) continue;
        if (input.period?.trim() && (error.field === 'periodStart' || error.field === 'periodEnd')) continue;
        errors.push(error);
      }
      if (missingPeriod) errors.push({ field: 'period', message: 'is required (or periodStart and periodEnd)' });
    }
    const dimensions = {
      productLine: dimension(input.productLine, 'productLine', errors),
      region: dimension(input.region, 'region', errors),
      customerSegment: dimension(input.customerSegment, 'customerSegment', errors),
    };
    if (errors.length > 0 || !validation.ok) throw TargetError.invalid(errors);
    const valid = validation.target;
    if (!periodKind) {
      // A free range that happens to be one calendar period gets its key, so the tree finds it.
      const period = periodOfRange(valid.periodStart, valid.periodEnd, calendar);
      periodKind = period?.kind ?? null;
      periodKey = period?.key ?? null;
    }
    return { ...valid, periodKind, periodKey, ...dimensions };
  }

  private async checkParent(tx: GoalsTransaction, principal: commonV1.Principal, parentId: string | null) {
    if (!parentId) return;
    // Another tenant's target reads as absent: the caller learns nothing about it.
    const parent = await tx.target.findFirst({
      where: { id: parentId, tenantId: principal.tenantId, ...visibleTargetsWhere(principal) },
    });
    if (!parent) throw TargetError.invalid([{ field: 'parentId', message: 'does not exist' }]);
  }

  async get(principal: commonV1.Principal, id: string): Promise<NodeWithChildren> {
    requirePermission(principal, TARGET_READ);
    const target = await this.visible(this.db, principal, id);
    const children = await this.db.target.findMany({
      where: { tenantId: principal.tenantId, parentId: id },
      orderBy: [{ periodStart: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    });
    const now = this.now();
    return { node: progressOf(target, now), children: children.map((c) => progressOf(c, now)) };
  }

  async list(
    principal: commonV1.Principal,
    query: TargetListQuery,
  ): Promise<{ nodes: TargetProgressView[]; nextCursor: string }> {
    requirePermission(principal, TARGET_READ);
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const and: Prisma.TargetWhereInput[] = [visibleTargetsWhere(principal)];
    const errors: FieldError[] = [];
    if (query.metric) and.push({ metric: query.metric as TargetMetric });
    if (query.scope) and.push({ scope: query.scope as TargetScope });
    if (query.scopeId) {
      if (!isUuid(query.scopeId)) errors.push({ field: 'scopeId', message: 'is not an id' });
      else and.push({ scopeId: query.scopeId });
    }
    if (query.parentId === 'root') and.push({ parentId: null });
    else if (query.parentId) {
      if (!isUuid(query.parentId)) errors.push({ field: 'parentId', message: 'is not a target id (or "root")' });
      else and.push({ parentId: query.parentId });
    }
    if (query.period) {
      const period = parsePeriodKey(query.period, await this.calendars.calendarOf(principal.tenantId));
      if (!period) errors.push({ field: 'period', message: 'is not a period key (2026, 2026Q3, 2026-07, 2026W27)' });
      else and.push({ periodStart: period.start, periodEnd: period.end });
    }
    if (errors.length > 0) throw TargetError.invalid(errors);
    if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const rows = await this.db.target.findMany({
      where: { tenantId: principal.tenantId, AND: and },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    const now = this.now();
    return { nodes: page.map((t) => progressOf(t, now)), nextCursor };
  }

  /**
   * Changes a node's value and/or lock. A locked node accepts only being unlocked. A new value
   * is re-validated against the allocation rule on both sides: the node's siblings must still
   * sum to the parent, and its own children to it (or more, when the tenant allows
   * over-allocation).
   */
  async update(principal: commonV1.Principal, id: string, patch: TargetPatch): Promise<NodeWithChildren> {
    requirePermission(principal, TARGET_WRITE);
    let value: bigint | undefined;
    if (patch.value !== undefined) {
      const check = validateNewTarget({
        metric: 'CONTRACT_AMOUNT',
        periodStart: '2026-01-01',
        periodEnd: '2026-01-02',
        scope: 'TENANT',
        value: patch.value,
      });
      if (!check.ok) throw TargetError.invalid(check.errors);
      value = check.target.value;
    }
    const updated = await this.db.$transaction(async (tx) => {
      const target = await this.lockForWrite(tx, principal, id, patch.expectedVersion);
      if (target.locked && (value !== undefined || patch.locked !== false)) throw TargetError.locked(id);
      if (value !== undefined && value !== target.value) {
        await checkAllocation(tx, target, value);
      }
      const next = await tx.target.update({
        where: { id },
        data: {
          ...(value !== undefined ? { value } : {}),
          ...(patch.locked !== undefined ? { locked: patch.locked } : {}),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      await appendTargetEvent(
        tx,
        'goals.target.updated',
        next,
        principal.employeeId,
        { target: targetToProto(next) },
        this.outbox,
      );
      return next;
    });
    return this.get(principal, updated.id);
  }

  async delete(principal: commonV1.Principal, id: string, expectedVersion?: number): Promise<void> {
    requirePermission(principal, TARGET_WRITE);
    await this.db.$transaction(async (tx) => {
      const target = await this.lockForWrite(tx, principal, id, expectedVersion);
      if (target.locked) throw TargetError.locked(id);
      if ((await tx.target.count({ where: { parentId: id } })) > 0) throw TargetError.hasChildren(id);
      await tx.target.delete({ where: { id } });
      // Replicas (field's weekly report, analytics' target completion) drop the node too.
      const gone = { ...target, version: target.version + 1 };
      await appendTargetEvent(
        tx,
        'goals.target.deleted',
        gone,
        principal.employeeId,
        { target: targetToProto(gone) },
        this.outbox,
      );
    });
  }

  /**
   * The manager's view: every visible node of the metric whose period is `period`, with all
   * their descendants, parents before children.
   */
  async tree(principal: commonV1.Principal, periodKey: string, metric: string): Promise<TargetProgressView[]> {
    requirePermission(principal, TARGET_READ);
    const errors: FieldError[] = [];
    const period = parsePeriodKey(periodKey ?? '', await this.calendars.calendarOf(principal.tenantId));
    if (!period) errors.push({ field: 'period', message: 'is not a period key (2026, 2026Q3, 2026-07, 2026W27)' });
    if (!metric) errors.push({ field: 'metric', message: 'is required' });
    if (errors.length > 0 || !period) throw TargetError.invalid(errors);
    const visible = visibleTargetsWhere(principal);
    let level = await this.db.target.findMany({
      where: {
        tenantId: principal.tenantId,
        metric: metric as TargetMetric,
        periodStart: period.start,
        periodEnd: period.end,
        AND: [visible],
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    // Roots of the view: nodes whose parent is not itself in the view.
    const ids = new Set(level.map((t) => t.id));
    level = level.filter((t) => !t.parentId || !ids.has(t.parentId));
    const out: Target[] = [];
    const seen = new Set<string>();
    while (level.length > 0) {
      const fresh = level.filter((t) => !seen.has(t.id));
      for (const t of fresh) seen.add(t.id);
      out.push(...fresh);
      if (fresh.length === 0) break;
      level = await this.db.target.findMany({
        where: { tenantId: principal.tenantId, parentId: { in: fresh.map((t) => t.id) }, AND: [visible] },
        orderBy: [{ periodStart: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      });
    }
    const now = this.now();
    return out.map((t) => progressOf(t, now));
  }

  /**
   * Completion among the node's siblings (the children of its parent), best first; equal
   * completion shares a rank. Everyone may see it when the tenant enables it (identity's tenant
   * setting `leaderboardVisibleToAll`, or the goals settings' own switch), else managers.
   */
  async leaderboard(principal: commonV1.Principal, id: string): Promise<{ rank: number; node: TargetProgressView }[]> {
    requirePermission(principal, TARGET_READ);
    const settings = await goalsSettingsOf(this.db, principal.tenantId);
    // Identity is asked (through the cached tenant settings) only when the answer matters: the
    // goals switch is off and the caller is not a manager, or the node is outside their scope.
    const visibleToAll = async () =>
      settings.leaderboardVisibleToAll || (await this.calendars.calendarOf(principal.tenantId)).leaderboardVisibleToAll;
    if (!isManagerScope(principal) && !(await visibleToAll())) throw TargetError.leaderboardHidden();
    if (!isUuid(id)) throw TargetError.notFound(id);
    const target = await this.db.target.findFirst({ where: { id, tenantId: principal.tenantId } });
    if (!target) throw TargetError.notFound(id);
    if (!canSeeTarget(principal, target) && !(await visibleToAll())) throw TargetError.notFound(id);
    const siblings = target.parentId
      ? await this.db.target.findMany({ where: { tenantId: principal.tenantId, parentId: target.parentId } })
      : [target];
    const now = this.now();
    const views = siblings
      .map((t) => progressOf(t, now))
      .sort((a, b) => b.completionPercent - a.completionPercent || a.target.id.localeCompare(b.target.id));
    let rank = 0;
    let previous: number | undefined;
    return views.map((node, index) => {
      if (node.completionPercent !== previous) rank = index + 1;
      previous = node.completionPercent;
      return { rank, node };
    });
  }

  private async visible(db: GoalsDatabase | GoalsTransaction, principal: commonV1.Principal, id: string) {
    if (!isUuid(id)) throw TargetError.notFound(id);
    const target = await db.target.findFirst({
      where: { id, tenantId: principal.tenantId, ...visibleTargetsWhere(principal) },
    });
    if (!target) throw TargetError.notFound(id);
    return target;
  }

  /** Reads the node under a row lock, checks scope and the caller's expected version. */
  async lockForWrite(
    tx: GoalsTransaction,
    principal: commonV1.Principal,
    id: string,
    expectedVersion?: number,
  ): Promise<Target> {
    if (!isUuid(id)) throw TargetError.notFound(id);
    await tx.$executeRaw`SELECT 1 FROM targets WHERE id = ${id}::uuid FOR UPDATE`;
    const target = await this.visible(tx, principal, id);
    if (!canWriteTarget(principal, target)) throw TargetError.outOfScope();
    if (expectedVersion && expectedVersion !== target.version) throw TargetError.versionMismatch(id);
    return target;
  }
}

/**
 * The allocation rule for a node about to take `value`: its siblings plus it must sum to the
 * parent, and its children to it; over-allocation (children summing to more) is allowed only
 * when the tenant's goals settings say so. Under-allocation never is.
 */
export async function checkAllocation(tx: GoalsTransaction, target: Target, value: bigint): Promise<void> {
  const settings = await goalsSettingsOf(tx, target.tenantId);
  const fits = (children: bigint, parent: bigint) =>
    children === parent || (settings.allowOverAllocation && children > parent);
  const errors: FieldError[] = [];
  if (target.parentId) {
    const parent = await tx.target.findUniqueOrThrow({ where: { id: target.parentId } });
    const siblings = await tx.target.aggregate({
      where: { parentId: target.parentId, id: { not: target.id } },
      _sum: { value: true },
    });
    const sum = (siblings._sum.value ?? 0n) + value;
    if (!fits(sum, parent.value)) {
      errors.push({
        field: 'value',
        message: `the children of ${parent.id} would sum to ${sum}, not to its value ${parent.value}${
          settings.allowOverAllocation ? ' or more' : ' (over-allocation is off)'
        }`,
      });
    }
  }
  const children = await tx.target.aggregate({ where: { parentId: target.id }, _sum: { value: true }, _count: true });
  if (children._count > 0) {
    const sum = children._sum.value ?? 0n;
    if (!fits(sum, value)) {
      errors.push({ field: 'value', message: `its children sum to ${sum}; the value must equal that` });
    }
  }
  if (errors.length > 0) throw TargetError.invalid(errors, 'the new value breaks the decomposition');
}

function dimension(raw: string | undefined, field: string, errors: FieldError[]): string | null {
  const value = raw?.trim() ?? '';
  if (!value) return null;
  if (value.length > DIMENSION_MAX) errors.push({ field, message: `must be at most ${DIMENSION_MAX} characters` });
  return value;
}
