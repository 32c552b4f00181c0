import type { commonV1 } from '@salesflow/contracts';
import { ownerFilterOf } from '@salesflow/platform';
import type { IdentityDatabase, IdentityTransaction } from '../../database';
import type { Prisma } from '../../generated/prisma/client';

type Reader = IdentityDatabase | IdentityTransaction;

/** An employee with what tokens and events carry besides the row: department path and roles. */
export const employeeWithOrg = {
  department: { select: { path: true } },
  roles: { select: { role: { select: { code: true, permissions: true, dataScope: true } } } },
} as const satisfies Prisma.EmployeeInclude;

export type EmployeeWithOrg = Prisma.EmployeeGetPayload<{ include: typeof employeeWithOrg }>;

/** The employees a principal may see: its tenant narrowed by its data scope. */
export function visibleTo(principal: commonV1.Principal): Prisma.EmployeeWhereInput {
  const filter = ownerFilterOf(principal);
  const tenant = { tenantId: principal.tenantId };
  switch (filter.kind) {
    case 'tenant':
      return tenant;
    case 'self':
      return { ...tenant, id: filter.employeeId };
    case 'department':
      return { ...tenant, departmentId: filter.departmentId };
    case 'subtree':
      return { ...tenant, department: { path: { startsWith: filter.departmentPath } } };
  }
}

export function findEmployee(db: Reader, tenantId: string, id: string): Promise<EmployeeWithOrg | null> {
  return db.employee.findFirst({ where: { id, tenantId }, include: employeeWithOrg });
}

/** `email` must already be normalized (trimmed, lowercase). */
export function findEmployeeByEmail(db: Reader, tenantId: string, email: string): Promise<EmployeeWithOrg | null> {
  return db.employee.findUnique({ where: { tenantId_email: { tenantId, email } }, include: employeeWithOrg });
}

/** `phone` must already be normalized ("+" and digits). */
export function findEmployeeByPhone(db: Reader, tenantId: string, phone: string): Promise<EmployeeWithOrg | null> {
  return db.employee.findUnique({ where: { tenantId_phone: { tenantId, phone } }, include: employeeWithOrg });
}
