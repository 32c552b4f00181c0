import type { IdentityDatabase, IdentityTransaction } from '../../database';
import type { Prisma } from '../../generated/prisma/client';

type Reader = IdentityDatabase | IdentityTransaction;

/** An employee with what tokens and events carry besides the row: department path and roles. */
export const employeeWithOrg = {
  department: { select: { path: true } },
  roles: { select: { role: { select: { code: true, permissions: true, dataScope: true } } } },
} as const satisfies Prisma.EmployeeInclude;

export type EmployeeWithOrg = Prisma.EmployeeGetPayload<{ include: typeof employeeWithOrg }>;

export function findEmployee(db: Reader, tenantId: string, id: string): Promise<EmployeeWithOrg | null> {
  return db.employee.findFirst({ where: { id, tenantId }, include: employeeWithOrg });
}

/** `email` must already be normalized (trimmed, lowercase). */
export function findEmployeeByEmail(db: Reader, tenantId: string, email: string): Promise<EmployeeWithOrg | null> {
  return db.employee.findUnique({ where: { tenantId_email: { tenantId, email } }, include: employeeWithOrg });
}
