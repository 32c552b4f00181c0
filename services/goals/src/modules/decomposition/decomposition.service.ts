import type { commonV1 } from '@salesflow/contracts';
import { type FieldError, type OutboxOptions, requirePermission, ServiceError } from '@salesflow/platform';
import type { GoalsDatabase, GoalsTransaction } from '../../database';
import type { Target } from '../../generated/prisma/client';
import { type PeriodKind, periodOfRange, subPeriods } from '../period/period-calendar';
import type { TenantCalendarSource } from '../settings/tenant-calendar';
import { TargetError } from '../target/target.errors';
import { targetToProto } from '../target/target.mapper';
import { TARGET_WRITE } from '../target/target.service';
import { isUuid } from '../target/target.validation';
import { canWriteTarget } from '../target/target-access';
import type { NewTargetNodeInput, TargetNodeService } from '../target/target-node.service';
import { appendTargetEvent, insertNode, type NodeSpec, scopePathOf } from '../target/target-store';
import { splitByWeights, weightToUnits } from './largest-remainder';

export const DECOMPOSITION_AXES = [
  'TIME',
  'DEPARTMENTS',
  'MEMBERS',
  'PRODUCT_LINE',
  'REGION',
  'CUSTOMER_SEGMENT',
] as const;
export type DecompositionAxis = (typeof DECOMPOSITION_AXES)[number];

export interface DecompositionPart {
  key: string;
  weight: string | number;
}

export interface DecomposeInput {
  expectedVersion?: number;
  axis?: string;
  /** TIME only: QUARTER or MONTH. */
  childPeriodKind?: string;
  /** Empty: evenly over every sub-period / child department / member. */
  parts?: DecompositionPart[];
}

export interface TemplateInput {
  root: NewTargetNodeInput;
  levels: Omit<DecomposeInput, 'expectedVersion'>[];
}

/** A child as the split describes it, before it gets its share of the value. */
interface ChildShape {
  key: string;
  change: Partial<NodeSpec>;
}

/**
 * Splits a node along one axis into children whose values sum EXACTLY to it (largest remainder,
 * deterministic placement), and builds whole trees from a template in one transaction.
 */
export class DecompositionService {
  constructor(
    private readonly db: GoalsDatabase,
    private readonly nodes: TargetNodeService,
    private readonly calendars: TenantCalendarSource,
    private readonly outbox: OutboxOptions,
  ) {}

  async decompose(
    principal: commonV1.Principal,
    id: string,
    input: DecomposeInput,
  ): Promise<{ parent: Target; children: Target[] }> {
    requirePermission(principal, TARGET_WRITE);
    return this.db.$transaction(async (tx) => {
      const parent = await this.nodes.lockForWrite(tx, principal, id, input.expectedVersion);
      return this.split(tx, principal, parent, input);
    });
  }

  async fromTemplate(principal: commonV1.Principal, input: TemplateInput): Promise<Target[]> {
    requirePermission(principal, TARGET_WRITE);
    if (!isUuid(principal.employeeId)) throw TargetError.notAnEmployee();
    if (!input.levels.length) throw TargetError.invalid([{ field: 'levels', message: 'needs at least one level' }]);
    const rootSpec = await this.nodes.validateNode(principal.tenantId, input.root);
    if (rootSpec.parentId)
      throw TargetError.invalid([{ field: 'root.parentId', message: 'a template builds a new tree' }]);
    return this.db.$transaction(
      async (tx) => {
        const scopePath = await scopePathOf(tx, principal.tenantId, rootSpec.scope, rootSpec.scopeId);
        if (!canWriteTarget(principal, { ...rootSpec, scopePath })) throw TargetError.outOfScope();
        const root = await insertNode(
          tx,
          principal.tenantId,
          principal.employeeId,
          { ...rootSpec, scopePath },
          this.outbox,
        );
        const all = [root];
        let level = [root];
        for (const [index, step] of input.levels.entries()) {
          const next: Target[] = [];
          for (const node of level) {
            try {
              const { children } = await this.split(tx, principal, node, step);
              next.push(...children);
            } catch (error) {
              // Name the level whose input was wrong; the whole tree is rolled back.
              if (error instanceof ServiceError && error.code === 'INVALID_ARGUMENT') {
                throw TargetError.invalid(
                  (error.details.fieldErrors ?? []).map((e) => ({
                    field: `levels[${index}].${e.field}`,
                    message: e.message,
                  })),
                  `level ${index} cannot split ${node.periodKey ?? node.id}: ${error.message}`,
                );
              }
              throw error;
            }
          }
          all.push(...next);
          level = next;
        }
        return all;
      },
      { timeout: 60_000 },
    );
  }

  private async split(
    tx: GoalsTransaction,
    principal: commonV1.Principal,
    parent: Target,
    input: DecomposeInput,
  ): Promise<{ parent: Target; children: Target[] }> {
    if (parent.locked) throw TargetError.locked(parent.id);
    if ((await tx.target.count({ where: { parentId: parent.id } })) > 0) throw TargetError.alreadyDecomposed(parent.id);
    const axis = input.axis?.trim().toUpperCase() as DecompositionAxis;
    if (!DECOMPOSITION_AXES.includes(axis)) {
      throw TargetError.invalid([{ field: 'axis', message: `must be one of ${DECOMPOSITION_AXES.join(', ')}` }]);
    }
    const shapes = await this.shapesFor(tx, parent, axis, input);
    const weights = weightsFor(shapes, input.parts ?? [], axis);
    const values = splitByWeights(parent.value, weights);
    const base: NodeSpec = {
      metric: parent.metric,
      periodStart: parent.periodStart,
      periodEnd: parent.periodEnd,
      periodKind: parent.periodKind,
      periodKey: parent.periodKey,
      scope: parent.scope,
      scopeId: parent.scopeId,
      scopePath: parent.scopePath,
      value: 0n,
      parentId: parent.id,
      productLine: parent.productLine,
      region: parent.region,
      customerSegment: parent.customerSegment,
    };
    const children: Target[] = [];
    for (const [index, shape] of shapes.entries()) {
      const spec = { ...base, ...shape.change, value: values[index] ?? 0n };
      children.push(await insertNode(tx, parent.tenantId, principal.employeeId, spec, this.outbox));
    }
    const updated = await tx.target.update({
      where: { id: parent.id },
      data: { version: { increment: 1 }, updatedAt: new Date() },
    });
    await appendTargetEvent(
      tx,
      'goals.target.decomposed',
      updated,
      principal.employeeId,
      { parent: targetToProto(updated), children: children.map(targetToProto), axis },
      this.outbox,
    );
    return { parent: updated, children };
  }

  /** The children the axis offers, in a stable order. */
  private async shapesFor(
    tx: GoalsTransaction,
    parent: Target,
    axis: DecompositionAxis,
    input: DecomposeInput,
  ): Promise<ChildShape[]> {
    const parts = input.parts ?? [];
    switch (axis) {
      case 'TIME': {
        const calendar = await this.calendars.calendarOf(parent.tenantId);
        const kind = input.childPeriodKind?.trim().toUpperCase() as PeriodKind;
        const period = periodOfRange(parent.periodStart, parent.periodEnd, calendar);
        const subs =
          period && (kind === 'QUARTER' || kind === 'MONTH') ? subPeriods(period, kind, calendar) : undefined;
        if (!subs) {
          throw TargetError.invalid([
            {
              field: 'childPeriodKind',
              message: `a ${period?.kind ?? 'free-range'} target splits into ${
                period?.kind === 'YEAR' ? 'QUARTER or MONTH' : period?.kind === 'QUARTER' ? 'MONTH' : 'nothing by time'
              }`,
            },
          ]);
        }
        return subs.map((p) => ({
          key: p.key,
          change: { periodStart: p.start, periodEnd: p.end, periodKind: p.kind, periodKey: p.key },
        }));
      }
      case 'DEPARTMENTS': {
        if (parent.scope === 'EMPLOYEE') {
          throw TargetError.invalid([{ field: 'axis', message: 'an employee target has no departments below it' }]);
        }
        const prefix = parent.scope === 'TENANT' ? '/' : parent.scopePath;
        if (parent.scope === 'DEPARTMENT' && !prefix) {
          throw TargetError.invalid([{ field: 'axis', message: 'the org replica does not know this department yet' }]);
        }
        const known = await childDepartments(tx, parent.tenantId, prefix);
        const keys = parts.length > 0 ? parts.map((p) => p.key.trim()) : known;
        const errors = keys.flatMap((key, i) =>
          isUuid(key) ? [] : [{ field: `parts[${i}].key`, message: 'is not a department id' }],
        );
        if (errors.length > 0) throw TargetError.invalid(errors);
        if (keys.length === 0) throw TargetError.invalid([{ field: 'parts', message: 'no child departments known' }]);
        return keys.map((key) => ({
          key,
          change: { scope: 'DEPARTMENT', scopeId: key, scopePath: `${prefix}${key}/` },
        }));
      }
      case 'MEMBERS': {
        if (parent.scope !== 'DEPARTMENT' || !parent.scopeId) {
          throw TargetError.invalid([{ field: 'axis', message: 'only a department target splits into its members' }]);
        }
        const members = await tx.$queryRaw<{ id: string; path: string }[]>`
          SELECT id::text, department_path AS path FROM salesflow_employee_replica
          WHERE tenant_id = ${parent.tenantId}::uuid AND department_id = ${parent.scopeId} AND status = 'ACTIVE'
          ORDER BY name, id`;
        const byId = new Map(members.map((m) => [m.id, m.path]));
        const keys = parts.length > 0 ? parts.map((p) => p.key.trim()) : members.map((m) => m.id);
        const errors = keys.flatMap((key, i) =>
          byId.has(key) ? [] : [{ field: `parts[${i}].key`, message: 'is not an active member of the department' }],
        );
        if (errors.length > 0) throw TargetError.invalid(errors);
        if (keys.length === 0)
          throw TargetError.invalid([{ field: 'parts', message: 'the department has no members' }]);
        return keys.map((key) => ({
          key,
          change: { scope: 'EMPLOYEE', scopeId: key, scopePath: byId.get(key) ?? parent.scopePath },
        }));
      }
      case 'PRODUCT_LINE':
      case 'REGION':
      case 'CUSTOMER_SEGMENT': {
        const column = axis === 'PRODUCT_LINE' ? 'productLine' : axis === 'REGION' ? 'region' : 'customerSegment';
        if (parent[column]) {
          throw TargetError.invalid([{ field: 'axis', message: `the target is already for one ${column}` }]);
        }
        if (parts.length === 0) {
          throw TargetError.invalid([{ field: 'parts', message: `name each ${column} and its percentage` }]);
        }
        return parts.map((p) => ({ key: p.key.trim(), change: { [column]: p.key.trim() } }));
      }
    }
  }
}

/**
 * The departments directly under `prefix` ("/" for the top level), as the org replica knows
 * them (departments with members somewhere below), ordered by id for a stable split.
 */
async function childDepartments(tx: GoalsTransaction, tenantId: string, prefix: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT split_part(substr(department_path, ${prefix.length + 1}), '/', 1) AS id
    FROM salesflow_employee_replica
    WHERE tenant_id = ${tenantId}::uuid AND starts_with(department_path, ${prefix})
      AND length(department_path) > ${prefix.length}
    ORDER BY 1`;
  return rows.map((r) => r.id).filter(Boolean);
}

/**
 * The weights of the split: even when no parts are given (time and org axes), else one weight
 * per shape, each key named once. Dimension splits are percentages and must total 100.
 */
function weightsFor(shapes: ChildShape[], parts: DecompositionPart[], axis: DecompositionAxis): bigint[] {
  if (parts.length === 0) return shapes.map(() => 1n);
  const errors: FieldError[] = [];
  const byKey = new Map<string, bigint>();
  parts.forEach((part, i) => {
    const key = part.key.trim();
    const weight = weightToUnits(part.weight);
    if (!key) errors.push({ field: `parts[${i}].key`, message: 'is required' });
    else if (byKey.has(key)) errors.push({ field: `parts[${i}].key`, message: 'is named twice' });
    if (weight === undefined) errors.push({ field: `parts[${i}].weight`, message: 'must be a number >= 0' });
    if (key && weight !== undefined) byKey.set(key, weight);
  });
  if (axis === 'TIME') {
    const known = new Set(shapes.map((s) => s.key));
    parts.forEach((part, i) => {
      if (!known.has(part.key.trim())) {
        errors.push({ field: `parts[${i}].key`, message: `is not one of ${[...known].join(', ')}` });
      }
    });
    if (errors.length === 0 && byKey.size !== shapes.length) {
      errors.push({ field: 'parts', message: `give a weight for each of ${[...known].join(', ')}` });
    }
  }
  const weights = shapes.map((s) => byKey.get(s.key) ?? 0n);
  const total = weights.reduce((a, b) => a + b, 0n);
  if (['PRODUCT_LINE', 'REGION', 'CUSTOMER_SEGMENT'].includes(axis) && errors.length === 0 && total !== 100_000_000n) {
    errors.push({ field: 'parts', message: 'the percentages must total 100' });
  }
  if (errors.length === 0 && total === 0n) errors.push({ field: 'parts', message: 'the weights must not all be 0' });
  if (errors.length > 0) throw TargetError.invalid(errors);
  return weights;
}
