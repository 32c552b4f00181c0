import type { commonV1 } from '@salesflow/contracts';

/** Data scopes from narrowest to widest (ARCHITECTURE §3). */
export const DATA_SCOPES = ['SELF', 'DEPARTMENT', 'DEPARTMENT_TREE', 'TENANT'] as const;
export type DataScopeName = (typeof DATA_SCOPES)[number];

export const TOKEN_ISSUER = 'salesflow-identity';
export const TOKEN_AUDIENCE = 'salesflow-api';

/** What one role grants. */
export interface RoleGrant {
  code: string;
  permissions: readonly string[];
  dataScope: DataScopeName;
}

/** Everything an access token says about the employee it was issued to. */
export interface TokenSubject {
  employeeId: string;
  tenantId: string;
  departmentId: string;
  departmentPath: string;
  roles: readonly RoleGrant[];
}

/**
 * The Salesflow claims of an access token (iss, aud, iat, exp and jti are added when signing).
 * Short names because the token travels with every request.
 */
export interface AccessClaims {
  sub: string;
  tid: string;
  roles: string[];
  perms: string[];
  scope: DataScopeName;
  dept: string;
  dpath: string;
}

/** The widest scope any of the roles grants; no role at all grants only SELF. */
export function widestScope(scopes: Iterable<DataScopeName>): DataScopeName {
  let widest = 0;
  for (const scope of scopes) widest = Math.max(widest, DATA_SCOPES.indexOf(scope));
  return DATA_SCOPES[widest] ?? 'SELF';
}

/** Every permission any of the roles grants, once each, sorted (stable tokens, readable diffs). */
export function unionPermissions(roles: readonly Pick<RoleGrant, 'permissions'>[]): string[] {
  return [...new Set(roles.flatMap((r) => r.permissions))].sort();
}

export function buildAccessClaims(subject: TokenSubject): AccessClaims {
  return {
    sub: subject.employeeId,
    tid: subject.tenantId,
    roles: [...new Set(subject.roles.map((r) => r.code))].sort(),
    perms: unionPermissions(subject.roles),
    scope: widestScope(subject.roles.map((r) => r.dataScope)),
    dept: subject.departmentId,
    dpath: subject.departmentPath,
  };
}

/** The principal the gateway will build from these claims, returned with a login. */
export function principalOf(claims: AccessClaims): commonV1.Principal {
  return {
    tenantId: claims.tid,
    employeeId: claims.sub,
    roles: claims.roles,
    permissions: claims.perms,
    dataScope: `DATA_SCOPE_${claims.scope}` as commonV1.DataScope,
    departmentId: claims.dept,
    departmentPath: claims.dpath,
  };
}
