import type { OutboxOptions } from '@salesflow/platform';
import type { IdentityDatabase } from './database';
import type { IdentityModules } from './grpc/identity.handlers';
import { AuthService } from './modules/auth/auth.service';
import { EmployeeService } from './modules/employee/employee.service';
import { EmployeeImporter } from './modules/employee/employee-import';
import { HierarchyService } from './modules/hierarchy/hierarchy.service';
import { DepartmentService } from './modules/org/department.service';
import { RoleService } from './modules/role/role.service';
import { TenantService } from './modules/tenant/tenant.service';
import type { TokenService } from './modules/token/token.service';

export const IDENTITY_OUTBOX: OutboxOptions = { source: '/salesflow/identity' };

/** Every module of the service over one database (main.ts and the integration tests share it). */
export function createIdentityModules(
  db: IdentityDatabase,
  tokens: TokenService,
  options: { refreshTokenTtlSeconds: number },
): IdentityModules {
  return {
    auth: new AuthService(db, tokens, options),
    tokens,
    tenants: new TenantService(db, IDENTITY_OUTBOX),
    departments: new DepartmentService(db, IDENTITY_OUTBOX),
    employees: new EmployeeService(db, IDENTITY_OUTBOX),
    importer: new EmployeeImporter(db, IDENTITY_OUTBOX),
    roles: new RoleService(db, IDENTITY_OUTBOX),
    hierarchy: new HierarchyService(db),
  };
}
