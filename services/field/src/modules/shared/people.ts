import type { commonV1 } from '@salesflow/contracts';
import { ownerFilterOf, replicatedEmployee, type SqlQuerier, visibleOwnerIds } from '@salesflow/platform';
import { isUuid } from '../check-in/check-in.validation';
import { FieldWorkError } from './field-work.errors';

/** The caller as an employee: reports, clock-ins and expenses are always one's own. */
export function requireEmployee(principal: commonV1.Principal): string {
  if (!isUuid(principal.employeeId)) throw FieldWorkError.notAnEmployee();
  return principal.employeeId;
}

/**
 * The employee's supervisor: their manager as the org replica knows it (identity's
 * employee.managerId, fed by events). Empty when unknown.
 */
export async function supervisorOf(db: SqlQuerier, tenantId: string, employeeId: string): Promise<string> {
  const employee = await replicatedEmployee(db, tenantId, employeeId);
  const managerId = employee?.managerId ?? '';
  return isUuid(managerId) ? managerId : '';
}

/** Whose records the caller may read; undefined = the whole tenant. */
export function ownersVisibleTo(db: SqlQuerier, principal: commonV1.Principal): Promise<string[] | undefined> {
  return visibleOwnerIds(db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
}

export function canSee(owners: string[] | undefined, employeeId: string): boolean {
  return owners === undefined || owners.includes(employeeId);
}

/** Names of employees from the replica, for lists a manager reads. */
export async function employeeNames(
  db: SqlQuerier,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT id::text, name FROM salesflow_employee_replica
    WHERE tenant_id = ${tenantId}::uuid AND id = ANY(${[...ids]}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The active employees in the caller's data scope (themselves included): whose reports a
 * manager expects. Undefined owners (tenant scope) means every active employee of the tenant.
 */
export async function employeesInScope(
  db: SqlQuerier,
  principal: commonV1.Principal,
): Promise<{ id: string; name: string }[]> {
  const owners = await ownersVisibleTo(db, principal);
  const rows = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT id::text, name FROM salesflow_employee_replica
    WHERE tenant_id = ${principal.tenantId}::uuid AND status = 'ACTIVE'
    ORDER BY name, id`;
  const inScope = rows.filter((r) => canSee(owners, r.id));
  if (!inScope.some((r) => r.id === principal.employeeId) && isUuid(principal.employeeId)) {
    inScope.push({ id: principal.employeeId, name: '' });
  }
  return inScope;
}
