import type { identityV1 } from '@salesflow/contracts';
import type { EmployeeStatus } from '../../generated/prisma/client';
import type { EmployeeWithOrg } from './employee.repository';

export function statusToProto(status: EmployeeStatus): identityV1.EmployeeStatus {
  return `EMPLOYEE_STATUS_${status}` as identityV1.EmployeeStatus;
}

/** The employee as the API and events show it: never the password hash. */
export function employeeToProto(employee: EmployeeWithOrg): identityV1.Employee {
  return {
    id: employee.id,
    tenantId: employee.tenantId,
    name: employee.name,
    email: employee.email,
    departmentId: employee.departmentId,
    departmentPath: employee.department.path,
    roles: employee.roles.map((r) => r.role.code).sort(),
    status: statusToProto(employee.status),
    version: String(employee.version),
    createdAt: employee.createdAt,
  };
}
