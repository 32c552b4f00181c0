import type { commonV1, identityV1 } from '@salesflow/contracts';
import { appendToOutbox, type OutboxOptions, requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { IdentityDatabase, IdentityTransaction } from '../../database';
import type { Department } from '../../generated/prisma/client';
import { changedFields, recordChange } from '../audit/change-log';
import { emitEmployeeChanged } from '../employee/employee.events';
import { employeeWithOrg } from '../employee/employee.repository';
import { checkVersion, isUuid, parseOrThrow } from '../shared/validation';
import { DepartmentError } from './department.errors';
import { departmentToProto } from './department.mapper';

export interface NewDepartmentInput {
  tenantId: string;
  name: string;
  /** Absent for the root of the org tree. */
  parentId?: string;
  managerId?: string;
  region?: string;
}

interface WriteOptions {
  outbox: OutboxOptions;
  actorId?: string | undefined;
}

const nameSchema = z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters');
const regionSchema = z.string().trim().max(50, 'is longer than 50 characters');
const optionalId = (what: string) =>
  z
    .string()
    .refine((v) => v === '' || isUuid(v), `is not ${what}`)
    .optional();

const newDepartmentSchema = z.object({
  tenantId: z.uuid('is not an id'),
  name: nameSchema,
  parentId: optionalId('a department'),
  managerId: optionalId('an employee'),
  region: regionSchema.default(''),
});

/** Ids from the root down, each followed by "/": a subtree is everything whose path starts with its path. */
export function childPath(parentPath: string | undefined, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

function logged(d: Department): Record<string, unknown> {
  return { name: d.name, parentId: d.parentId, path: d.path, managerId: d.managerId, region: d.region };
}

async function emitDepartment(
  tx: IdentityTransaction,
  type: 'identity.department.created' | 'identity.department.renamed' | 'identity.department.deleted',
  department: Department,
  options: WriteOptions,
): Promise<void> {
  await appendToOutbox(
    tx,
    {
      type,
      tenantId: department.tenantId,
      aggregateId: department.id,
      aggregateVersion: department.version,
      ...(options.actorId ? { actorId: options.actorId } : {}),
      payload: { department: departmentToProto(department) },
    },
    options.outbox,
  );
}

/** ALREADY_EXISTS when a sibling (same parent) already has the name. */
async function checkSiblingName(
  tx: IdentityTransaction,
  tenantId: string,
  parentId: string | null,
  name: string,
  exceptId?: string,
): Promise<void> {
  const sibling = await tx.department.findFirst({
    where: { tenantId, parentId, name, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (sibling) throw DepartmentError.nameTaken(name);
}

async function checkManager(tx: IdentityTransaction, tenantId: string, managerId: string): Promise<void> {
  const manager = await tx.employee.findFirst({ where: { id: managerId, tenantId }, select: { status: true } });
  if (!manager) throw ServiceError.invalid([{ field: 'managerId', message: 'is not an employee' }]);
  if (manager.status === 'DEPARTED') throw ServiceError.invalid([{ field: 'managerId', message: 'has departed' }]);
}

/**
 * Creates a department under its parent (or as a root), computes its materialized path, logs
 * it and records `identity.department.created` in the same transaction.
 */
export async function createDepartment(
  tx: IdentityTransaction,
  input: NewDepartmentInput,
  options: WriteOptions,
): Promise<Department> {
  const data = parseOrThrow(newDepartmentSchema, input, 'department is invalid');
  const parent = data.parentId
    ? await tx.department.findFirst({ where: { id: data.parentId, tenantId: data.tenantId }, select: { path: true } })
    : undefined;
  if (data.parentId && !parent) throw ServiceError.invalid([{ field: 'parentId', message: 'is not a department' }]);
  if (data.managerId) await checkManager(tx, data.tenantId, data.managerId);
  await checkSiblingName(tx, data.tenantId, data.parentId || null, data.name);

  const id = uuidv7();
  const department = await tx.department.create({
    data: {
      id,
      tenantId: data.tenantId,
      name: data.name,
      parentId: data.parentId || null,
      path: childPath(parent?.path, id),
      managerId: data.managerId || null,
      region: data.region,
    },
  });
  await recordChange(tx, {
    tenantId: department.tenantId,
    entityType: 'department',
    entityId: department.id,
    action: 'created',
    actorId: options.actorId,
    before: {},
    after: logged(department),
  });
  await emitDepartment(tx, 'identity.department.created', department, options);
  return department;
}

/**
 * Renames a department or changes its manager or region: one version, one log entry and one
 * `identity.department.renamed`. Unchanged input changes nothing.
 */
export async function updateDepartment(
  tx: IdentityTransaction,
  current: Department,
  patch: { name?: string | undefined; managerId?: string | null | undefined; region?: string | undefined },
  options: WriteOptions,
): Promise<Department> {
  const next = {
    name: patch.name ?? current.name,
    managerId: patch.managerId === undefined ? current.managerId : patch.managerId,
    region: patch.region ?? current.region,
  };
  if (next.name === current.name && next.managerId === current.managerId && next.region === current.region) {
    return current;
  }
  if (next.name !== current.name) await checkSiblingName(tx, current.tenantId, current.parentId, next.name, current.id);
  if (next.managerId && next.managerId !== current.managerId) await checkManager(tx, current.tenantId, next.managerId);
  const department = await tx.department.update({
    where: { id: current.id },
    data: { ...next, version: { increment: 1 } },
  });
  const diff = changedFields(logged(current), logged(department));
  await recordChange(tx, {
    tenantId: department.tenantId,
    entityType: 'department',
    entityId: department.id,
    action: 'updated',
    actorId: options.actorId,
    ...diff,
  });
  await emitDepartment(tx, 'identity.department.renamed', department, options);
  return department;
}

/** Names the department's manager (the seed's way in); records `identity.department.renamed`. */
export async function assignDepartmentManager(
  tx: IdentityTransaction,
  input: { tenantId: string; departmentId: string; managerId: string },
  options: WriteOptions,
): Promise<Department> {
  const current = await tx.department.findFirst({ where: { id: input.departmentId, tenantId: input.tenantId } });
  if (!current) throw ServiceError.invalid([{ field: 'departmentId', message: 'is not a department' }]);
  return updateDepartment(tx, current, { managerId: input.managerId }, options);
}

const updateSchema = z.object({
  name: nameSchema.optional(),
  managerId: optionalId('an employee'),
  region: regionSchema.optional(),
});

export class DepartmentService {
  constructor(
    private readonly db: IdentityDatabase,
    private readonly outbox: OutboxOptions,
  ) {}

  /** Every department of the tenant, parents before children. */
  async list(principal: commonV1.Principal): Promise<Department[]> {
    requirePermission(principal, 'identity.department.read');
    return this.db.department.findMany({ where: { tenantId: principal.tenantId }, orderBy: { path: 'asc' } });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Department> {
    requirePermission(principal, 'identity.department.read');
    const department = isUuid(id)
      ? await this.db.department.findFirst({ where: { id, tenantId: principal.tenantId } })
      : null;
    if (!department) throw DepartmentError.notFound(id);
    return department;
  }

  async create(principal: commonV1.Principal, request: identityV1.CreateDepartmentRequest): Promise<Department> {
    requirePermission(principal, 'identity.department.write');
    return this.db.$transaction((tx) =>
      createDepartment(
        tx,
        {
          tenantId: principal.tenantId,
          name: request.name,
          ...(request.parentId ? { parentId: request.parentId } : {}),
          ...(request.managerId ? { managerId: request.managerId } : {}),
          region: request.region,
        },
        { outbox: this.outbox, actorId: principal.employeeId },
      ),
    );
  }

  async update(principal: commonV1.Principal, request: identityV1.UpdateDepartmentRequest): Promise<Department> {
    requirePermission(principal, 'identity.department.write');
    const patch = parseOrThrow(
      updateSchema,
      { name: request.name, managerId: request.managerId, region: request.region },
      'department is invalid',
    );
    return this.db.$transaction(async (tx) => {
      const current = await this.lock(tx, principal.tenantId, request.id);
      checkVersion(request.expectedVersion, current.version, 'department');
      return updateDepartment(
        tx,
        current,
        {
          name: patch.name,
          managerId: patch.managerId === undefined ? undefined : patch.managerId || null,
          region: patch.region,
        },
        { outbox: this.outbox, actorId: principal.employeeId },
      );
    });
  }

  /**
   * Re-parents a department. In one transaction: the paths of the department and its whole
   * subtree change with one UPDATE on the old path prefix, `identity.department.moved` carries
   * the old path, and every employee of the subtree gets a new version and an
   * `identity.employee.updated` (replicas elsewhere track department paths per employee).
   */
  async move(
    principal: commonV1.Principal,
    request: identityV1.MoveDepartmentRequest,
  ): Promise<{ department: Department; movedCount: number }> {
    requirePermission(principal, 'identity.department.write');
    if (request.newParentId && !isUuid(request.newParentId)) {
      throw ServiceError.invalid([{ field: 'newParentId', message: 'is not a department' }]);
    }
    return this.db.$transaction(
      async (tx) => {
        // One move at a time per tenant: two concurrent moves could otherwise build a cycle.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`identity_department_move:${principal.tenantId}`}))`;
        const current = await this.lock(tx, principal.tenantId, request.id);
        checkVersion(request.expectedVersion, current.version, 'department');
        const parent = request.newParentId
          ? await tx.department.findFirst({ where: { id: request.newParentId, tenantId: principal.tenantId } })
          : null;
        if (request.newParentId && !parent) {
          throw ServiceError.invalid([{ field: 'newParentId', message: 'is not a department' }]);
        }
        if (parent?.path.startsWith(current.path)) throw DepartmentError.intoOwnSubtree();
        if ((parent?.id ?? null) === current.parentId) return { department: current, movedCount: 0 };
        await checkSiblingName(tx, principal.tenantId, parent?.id ?? null, current.name, current.id);

        const oldPath = current.path;
        const newPath = childPath(parent?.path, current.id);
        const movedCount = await tx.$executeRaw`
          UPDATE departments SET path = ${newPath} || substr(path, ${oldPath.length + 1}::int)
          WHERE tenant_id = ${principal.tenantId}::uuid AND starts_with(path, ${oldPath})`;
        const department = await tx.department.update({
          where: { id: current.id },
          data: { parentId: parent?.id ?? null, version: { increment: 1 } },
        });
        await recordChange(tx, {
          tenantId: department.tenantId,
          entityType: 'department',
          entityId: department.id,
          action: 'moved',
          actorId: principal.employeeId,
          before: { parentId: current.parentId, path: oldPath },
          after: { parentId: department.parentId, path: department.path },
        });
        await appendToOutbox(
          tx,
          {
            type: 'identity.department.moved',
            tenantId: department.tenantId,
            aggregateId: department.id,
            aggregateVersion: department.version,
            actorId: principal.employeeId,
            payload: { department: departmentToProto(department), oldPath },
          },
          this.outbox,
        );
        const where = { tenantId: principal.tenantId, department: { path: { startsWith: newPath } } };
        await tx.employee.updateMany({ where, data: { version: { increment: 1 } } });
        const employees = await tx.employee.findMany({ where, include: employeeWithOrg, orderBy: { id: 'asc' } });
        for (const employee of employees) {
          await recordChange(tx, {
            tenantId: employee.tenantId,
            entityType: 'employee',
            entityId: employee.id,
            action: 'department_moved',
            actorId: principal.employeeId,
            before: { departmentPath: oldPath + employee.department.path.slice(newPath.length) },
            after: { departmentPath: employee.department.path },
          });
          await emitEmployeeChanged(tx, 'identity.employee.updated', employee, {
            outbox: this.outbox,
            actorId: principal.employeeId,
          });
        }
        return { department, movedCount };
      },
      { timeout: 60_000 },
    );
  }

  /** Only an empty department (no sub-departments, no members of any status) can go. */
  async delete(principal: commonV1.Principal, id: string): Promise<void> {
    requirePermission(principal, 'identity.department.write');
    await this.db.$transaction(async (tx) => {
      const current = await this.lock(tx, principal.tenantId, id);
      const children = await tx.department.count({ where: { parentId: current.id } });
      const members = await tx.employee.count({ where: { departmentId: current.id } });
      if (children > 0 || members > 0) throw DepartmentError.notEmpty();
      await tx.department.delete({ where: { id: current.id } });
      await recordChange(tx, {
        tenantId: current.tenantId,
        entityType: 'department',
        entityId: current.id,
        action: 'deleted',
        actorId: principal.employeeId,
        before: logged(current),
        after: {},
      });
      await emitDepartment(
        tx,
        'identity.department.deleted',
        { ...current, version: current.version + 1 },
        { outbox: this.outbox, actorId: principal.employeeId },
      );
    });
  }

  private async lock(tx: IdentityTransaction, tenantId: string, id: string): Promise<Department> {
    if (!isUuid(id)) throw DepartmentError.notFound(id);
    await tx.$executeRaw`SELECT 1 FROM departments WHERE id = ${id}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
    const department = await tx.department.findFirst({ where: { id, tenantId } });
    if (!department) throw DepartmentError.notFound(id);
    return department;
  }
}
