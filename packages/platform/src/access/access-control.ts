import type { commonV1 } from '@salesflow/contracts';
import { ServiceError } from '../errors/service-error';

/**
 * Whose records a principal may read, derived from its data scope (ARCHITECTURE §3).
 * Services turn this into a query against their local org replica.
 */
export type OwnerFilter =
  | { kind: 'tenant' }
  | { kind: 'self'; employeeId: string }
  | { kind: 'department'; departmentId: string }
  | { kind: 'subtree'; departmentPath: string };

export function ownerFilterOf(principal: commonV1.Principal): OwnerFilter {
  switch (principal.dataScope) {
    case 'DATA_SCOPE_TENANT':
      return { kind: 'tenant' };
    case 'DATA_SCOPE_DEPARTMENT_TREE':
      return principal.departmentPath
        ? { kind: 'subtree', departmentPath: principal.departmentPath }
        : { kind: 'self', employeeId: principal.employeeId };
    case 'DATA_SCOPE_DEPARTMENT':
      return principal.departmentId
        ? { kind: 'department', departmentId: principal.departmentId }
        : { kind: 'self', employeeId: principal.employeeId };
    default:
      // SELF, and anything unknown: the narrowest scope is the safe default.
      return { kind: 'self', employeeId: principal.employeeId };
  }
}

/** True when the principal holds the permission (or the wildcard `*` of admins). */
export function hasPermission(principal: commonV1.Principal, permission: string): boolean {
  return principal.permissions.some(
    (p) => p === '*' || p === permission || (p.endsWith('.*') && permission.startsWith(p.slice(0, -1))),
  );
}

export function requirePermission(principal: commonV1.Principal, permission: string): void {
  if (!hasPermission(principal, permission)) {
    throw new ServiceError('PERMISSION_DENIED', `missing permission ${permission}`, { reason: 'PERMISSION_MISSING' });
  }
}
