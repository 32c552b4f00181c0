import { appendToOutbox, type OutboxOptions, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { IdentityTransaction } from '../../database';
import type { Department } from '../../generated/prisma/client';
import { departmentToProto } from './department.mapper';

export interface NewDepartmentInput {
  tenantId: string;
  name: string;
  /** Absent for the root of the org tree. */
  parentId?: string;
  region?: string;
}

const newDepartmentSchema = z.object({
  tenantId: z.uuid('is not an id'),
  name: z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters'),
  parentId: z.uuid('is not an id').optional(),
  region: z.string().trim().max(50, 'is longer than 50 characters').default(''),
});

/** Ids from the root down, each followed by "/": a subtree is everything whose path starts with its path. */
export function childPath(parentPath: string | undefined, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/**
 * Creates a department under its parent and records `identity.department.created` in the
 * same transaction.
 */
export async function createDepartment(
  tx: IdentityTransaction,
  input: NewDepartmentInput,
  options: { outbox: OutboxOptions; actorId?: string },
): Promise<Department> {
  const parsed = newDepartmentSchema.safeParse(input);
  if (!parsed.success) {
    throw ServiceError.invalid(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      'department is invalid',
    );
  }
  const data = parsed.data;
  const parent = data.parentId
    ? await tx.department.findFirst({ where: { id: data.parentId, tenantId: data.tenantId }, select: { path: true } })
    : undefined;
  if (data.parentId && !parent) throw ServiceError.invalid([{ field: 'parentId', message: 'is not a department' }]);

  const id = uuidv7();
  const department = await tx.department.create({
    data: {
      id,
      tenantId: data.tenantId,
      name: data.name,
      parentId: data.parentId ?? null,
      path: childPath(parent?.path, id),
      region: data.region,
    },
  });
  await appendToOutbox(
    tx,
    {
      type: 'identity.department.created',
      tenantId: department.tenantId,
      aggregateId: department.id,
      aggregateVersion: department.version,
      ...(options.actorId ? { actorId: options.actorId } : {}),
      payload: { department: departmentToProto(department) },
    },
    options.outbox,
  );
  return department;
}

/** Names the department's manager (an employee of the same tenant); records `identity.department.updated`. */
export async function assignDepartmentManager(
  tx: IdentityTransaction,
  input: { tenantId: string; departmentId: string; managerId: string },
  options: { outbox: OutboxOptions; actorId?: string },
): Promise<Department> {
  const manager = await tx.employee.findFirst({
    where: { id: input.managerId, tenantId: input.tenantId },
    select: { id: true },
  });
  if (!manager) throw ServiceError.invalid([{ field: 'managerId', message: 'is not an employee' }]);
  const { count } = await tx.department.updateMany({
    where: { id: input.departmentId, tenantId: input.tenantId },
    data: { managerId: manager.id, version: { increment: 1 } },
  });
  if (count === 0) throw ServiceError.invalid([{ field: 'departmentId', message: 'is not a department' }]);
  const department = await tx.department.findUniqueOrThrow({ where: { id: input.departmentId } });
  await appendToOutbox(
    tx,
    {
      type: 'identity.department.updated',
      tenantId: department.tenantId,
      aggregateId: department.id,
      aggregateVersion: department.version,
      ...(options.actorId ? { actorId: options.actorId } : {}),
      payload: { department: departmentToProto(department) },
    },
    options.outbox,
  );
  return department;
}
