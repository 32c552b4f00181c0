import type { commonV1 } from '@salesflow/contracts';
import { ownerFilterOf, requirePermission } from '@salesflow/platform';
import type { IdentityDatabase } from '../../database';
import type { Prisma } from '../../generated/prisma/client';
import { EmployeeError } from '../employee/employee.errors';
import { type EmployeeWithOrg, employeeWithOrg, visibleTo } from '../employee/employee.repository';
import { isUuid } from '../shared/validation';

/** Who reports to whom and whose records a principal covers, for the other services. */
export class HierarchyService {
  constructor(private readonly db: IdentityDatabase) {}

  /**
   * Direct: employees whose manager is the employee, plus members of departments they manage.
   * Whole subtree: those plus every member of the subtrees of the departments they manage.
   * Departed people are left out; results are limited to what the caller may see.
   */
  async subordinates(
    principal: commonV1.Principal,
    employeeId: string,
    wholeSubtree: boolean,
  ): Promise<EmployeeWithOrg[]> {
    requirePermission(principal, 'identity.employee.read');
    const employee = await this.employeeOfTenant(principal, employeeId);
    const managed = await this.db.department.findMany({
      where: { tenantId: principal.tenantId, managerId: employee.id },
      select: { id: true, path: true },
    });
    const reach: Prisma.EmployeeWhereInput[] = [{ managerId: employee.id }];
    if (wholeSubtree) reach.push(...managed.map((d) => ({ department: { path: { startsWith: d.path } } })));
    else if (managed.length) reach.push({ departmentId: { in: managed.map((d) => d.id) } });
    return this.db.employee.findMany({
      where: {
        AND: [visibleTo(principal), { OR: reach }, { id: { not: employee.id } }, { status: { not: 'DEPARTED' } }],
      },
      include: employeeWithOrg,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  async departmentPath(
    principal: commonV1.Principal,
    employeeId: string,
  ): Promise<{ departmentId: string; departmentPath: string }> {
    requirePermission(principal, 'identity.employee.read');
    const employee = await this.employeeOfTenant(principal, employeeId);
    return { departmentId: employee.departmentId, departmentPath: employee.department.path };
  }

  /** The employees whose records the principal's data scope covers (every status: owners stay owners). */
  async resolveScope(principal: commonV1.Principal): Promise<{ employeeIds: string[]; wholeTenant: boolean }> {
    if (ownerFilterOf(principal).kind === 'tenant') return { employeeIds: [], wholeTenant: true };
    const rows = await this.db.employee.findMany({
      where: visibleTo(principal),
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return { employeeIds: rows.map((r) => r.id), wholeTenant: false };
  }

  private async employeeOfTenant(principal: commonV1.Principal, id: string): Promise<EmployeeWithOrg> {
    const employee = isUuid(id)
      ? await this.db.employee.findFirst({ where: { id, tenantId: principal.tenantId }, include: employeeWithOrg })
      : null;
    if (!employee) throw EmployeeError.notFound(id);
    return employee;
  }
}
