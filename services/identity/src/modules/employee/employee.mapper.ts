import type { commonV1, identityV1 } from '@salesflow/contracts';
import type { DataScope, EmployeeStatus, WorkStatus } from '../../generated/prisma/client';
import { widestScope } from '../token/access-claims';
import type { EmployeeWithOrg } from './employee.repository';

export function statusToProto(status: EmployeeStatus): identityV1.EmployeeStatus {
  return `EMPLOYEE_STATUS_${status}` as identityV1.EmployeeStatus;
}

export function workStatusToProto(status: WorkStatus): identityV1.WorkStatus {
  return `WORK_STATUS_${status}` as identityV1.WorkStatus;
}

export function dataScopeToProto(scope: DataScope): commonV1.DataScope {
  return `DATA_SCOPE_${scope}` as commonV1.DataScope;
}

/** The employee as the API and events show it: never the password hash or lockout state. */
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
    phone: employee.phone ?? '',
    title: employee.title,
    managerId: employee.managerId ?? '',
    workStatus: workStatusToProto(employee.workStatus),
    dataScope: dataScopeToProto(widestScope(employee.roles.map((r) => r.role.dataScope))),
    updatedAt: employee.updatedAt,
    successorId: employee.successorId ?? '',
  };
}
