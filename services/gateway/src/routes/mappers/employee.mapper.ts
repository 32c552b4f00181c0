import { identityV1 } from '@salesflow/contracts';
import type {
  ChangeRecordJson,
  CreateEmployeeBody,
  DepartEmployeeBody,
  EmployeeJson,
  EmployeeStatusName,
  ImportEmployeesJson,
  TransferEmployeeBody,
  UpdateEmployeeBody,
  WorkStatusName,
} from '../schemas/employee.schemas';
import { invert } from './enum-names';
import { dataScopeFromProto } from './role.mapper';

const STATUS_TO_PROTO: Record<EmployeeStatusName, identityV1.EmployeeStatus> = {
  active: identityV1.EmployeeStatus.EMPLOYEE_STATUS_ACTIVE,
  inactive: identityV1.EmployeeStatus.EMPLOYEE_STATUS_INACTIVE,
  departed: identityV1.EmployeeStatus.EMPLOYEE_STATUS_DEPARTED,
};

const WORK_STATUS_TO_PROTO: Record<WorkStatusName, identityV1.WorkStatus> = {
  in_office: identityV1.WorkStatus.WORK_STATUS_IN_OFFICE,
  visiting_client: identityV1.WorkStatus.WORK_STATUS_VISITING_CLIENT,
  handling_complaint: identityV1.WorkStatus.WORK_STATUS_HANDLING_COMPLAINT,
  training: identityV1.WorkStatus.WORK_STATUS_TRAINING,
  on_leave: identityV1.WorkStatus.WORK_STATUS_ON_LEAVE,
  business_trip: identityV1.WorkStatus.WORK_STATUS_BUSINESS_TRIP,
  submitting_requirements: identityV1.WorkStatus.WORK_STATUS_SUBMITTING_REQUIREMENTS,
};

const STATUS_FROM_PROTO = invert(STATUS_TO_PROTO);
const WORK_STATUS_FROM_PROTO = invert(WORK_STATUS_TO_PROTO);

export function employeeStatusToProto(status: EmployeeStatusName | undefined): identityV1.EmployeeStatus {
  return status ? STATUS_TO_PROTO[status] : identityV1.EmployeeStatus.EMPLOYEE_STATUS_UNSPECIFIED;
}

export function workStatusToProto(status: WorkStatusName): identityV1.WorkStatus {
  return WORK_STATUS_TO_PROTO[status];
}

/** null for UNSPECIFIED and for values newer than this gateway. */
export function employeeStatusFromProto(status: identityV1.EmployeeStatus | string): EmployeeStatusName | null {
  return STATUS_FROM_PROTO.get(status) ?? null;
}

export function workStatusFromProto(status: identityV1.WorkStatus | string): WorkStatusName | null {
  return WORK_STATUS_FROM_PROTO.get(status) ?? null;
}

/** proto3 has no "absent" for strings: empty optional fields become null in the API. */
export function employeeToJson(employee: identityV1.Employee): EmployeeJson {
  return {
    id: employee.id,
    name: employee.name,
    email: employee.email || null,
    phone: employee.phone || null,
    title: employee.title || null,
    departmentId: employee.departmentId || null,
    departmentPath: employee.departmentPath || null,
    managerId: employee.managerId || null,
    roles: employee.roles,
    status: employeeStatusFromProto(employee.status),
    workStatus: workStatusFromProto(employee.workStatus),
    dataScope: dataScopeFromProto(employee.dataScope),
    successorId: employee.successorId || null,
    version: Number(employee.version),
    createdAt: employee.createdAt?.toISOString() ?? null,
    updatedAt: employee.updatedAt?.toISOString() ?? null,
  };
}

export function createEmployeeRequestFromJson(body: CreateEmployeeBody): identityV1.CreateEmployeeRequest {
  return {
    name: body.name,
    email: body.email ?? '',
    phone: body.phone ?? '',
    password: body.password ?? '',
    departmentId: body.departmentId,
    title: body.title ?? '',
    managerId: body.managerId ?? '',
    roleCodes: body.roleCodes ?? [],
  };
}

export function updateEmployeeRequestFromJson(
  id: string,
  expectedVersion: string,
  body: UpdateEmployeeBody,
): identityV1.UpdateEmployeeRequest {
  return {
    id,
    expectedVersion,
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.email === undefined ? {} : { email: body.email }),
    ...(body.phone === undefined ? {} : { phone: body.phone }),
    ...(body.title === undefined ? {} : { title: body.title }),
  };
}

export function transferEmployeeRequestFromJson(
  id: string,
  body: TransferEmployeeBody,
): identityV1.TransferEmployeeRequest {
  return {
    id,
    departmentId: body.departmentId,
    ...(body.title === undefined ? {} : { title: body.title }),
    ...(body.managerId === undefined ? {} : { managerId: body.managerId ?? '' }),
    effectiveDate: body.effectiveDate,
    reason: body.reason ?? '',
  };
}

export function departEmployeeRequestFromJson(id: string, body: DepartEmployeeBody): identityV1.DepartEmployeeRequest {
  return { id, successorId: body.successorId, departedOn: body.departedOn ?? '', reason: body.reason ?? '' };
}

export function importResultToJson(result: identityV1.ImportEmployeesResponse): ImportEmployeesJson {
  return {
    created: result.created.map(employeeToJson),
    errors: result.errors.map(({ line, field, message }) => ({ line, field, message })),
    rowsTotal: result.rowsTotal,
  };
}

export function changeRecordToJson(record: identityV1.ChangeRecord): ChangeRecordJson {
  return {
    id: record.id,
    entityType: record.entityType,
    entityId: record.entityId,
    action: record.action,
    actorId: record.actorId || null,
    occurredAt: record.occurredAt?.toISOString() ?? null,
    before: jsonObjectOrNull(record.beforeJson),
    after: jsonObjectOrNull(record.afterJson),
  };
}

function jsonObjectOrNull(text: string): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
