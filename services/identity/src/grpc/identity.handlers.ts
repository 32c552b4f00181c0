import { identityV1 } from '@salesflow/contracts';
import { bindService, requirePermission, requirePrincipal } from '@salesflow/platform';
import { changeRecordToProto } from '../modules/audit/change-log';
import type { AuthService } from '../modules/auth/auth.service';
import { employeeToProto } from '../modules/employee/employee.mapper';
import type { EmployeeService } from '../modules/employee/employee.service';
import type { EmployeeImporter } from '../modules/employee/employee-import';
import type { HierarchyService } from '../modules/hierarchy/hierarchy.service';
import { departmentToProto } from '../modules/org/department.mapper';
import type { DepartmentService } from '../modules/org/department.service';
import type { RoleService } from '../modules/role/role.service';
import { roleToProto } from '../modules/role/role.service';
import { tenantToProto } from '../modules/tenant/tenant.mapper';
import type { TenantService } from '../modules/tenant/tenant.service';
import type { TokenService } from '../modules/token/token.service';

export interface IdentityModules {
  auth: AuthService;
  tokens: TokenService;
  tenants: TenantService;
  departments: DepartmentService;
  employees: EmployeeService;
  importer: EmployeeImporter;
  roles: RoleService;
  hierarchy: HierarchyService;
}

/** proto <-> domain for IdentityService; errors are mapped to gRPC status by the kit. */
export function identityServiceBinding(deps: IdentityModules) {
  const employee = employeeToProto;
  return bindService(identityV1.IdentityServiceService, {
    // ---- authentication: Login, RefreshToken, Logout and GetJwks need no principal ----
    async login(request) {
      const result = await deps.auth.login({
        tenantCode: request.tenantCode,
        email: request.email,
        phone: request.phone,
        password: request.password,
      });
      return {
        accessToken: result.accessToken,
        tokenType: 'Bearer',
        expiresInSeconds: result.expiresInSeconds,
        employee: employee(result.employee),
        principal: result.principal,
        refreshToken: result.refreshToken,
        refreshExpiresInSeconds: result.refreshExpiresInSeconds,
      };
    },
    async refreshToken(request) {
      const session = await deps.auth.refresh(request.refreshToken);
      return { tokenType: 'Bearer', ...session };
    },
    async logout(request) {
      await deps.auth.logout(request.refreshToken);
      return {};
    },
    async getJwks() {
      return { jwksJson: await deps.tokens.jwksJson() };
    },
    async rotateSigningKey(_request, context) {
      requirePermission(requirePrincipal(context), 'identity.tenant.write');
      return { kid: await deps.tokens.rotate() };
    },
    async getMe(_request, context) {
      const me = await deps.auth.me(requirePrincipal(context));
      return {
        employee: employee(me.employee),
        principal: me.principal,
        tenant: tenantToProto(me.tenant),
        department: departmentToProto(me.department),
      };
    },
    async changePassword(request, context) {
      await deps.auth.changePassword(requirePrincipal(context), request.currentPassword, request.newPassword);
      return {};
    },
    async resetPassword(request, context) {
      await deps.auth.resetPassword(requirePrincipal(context), request.employeeId, request.newPassword);
      return {};
    },

    // ---- tenants ----
    // A platform operation: no principal. The gateway must not expose it publicly.
    async createTenant(request) {
      const { tenant, admin } = await deps.tenants.create(request);
      return { tenant: tenantToProto(tenant), admin: employee(admin) };
    },
    async getTenant(_request, context) {
      return { tenant: tenantToProto(await deps.tenants.get(requirePrincipal(context))) };
    },
    async updateTenant(request, context) {
      return { tenant: tenantToProto(await deps.tenants.update(requirePrincipal(context), request)) };
    },

    // ---- org tree ----
    async listDepartments(_request, context) {
      return { departments: (await deps.departments.list(requirePrincipal(context))).map(departmentToProto) };
    },
    async createDepartment(request, context) {
      return { department: departmentToProto(await deps.departments.create(requirePrincipal(context), request)) };
    },
    async updateDepartment(request, context) {
      return { department: departmentToProto(await deps.departments.update(requirePrincipal(context), request)) };
    },
    async moveDepartment(request, context) {
      const { department, movedCount } = await deps.departments.move(requirePrincipal(context), request);
      return { department: departmentToProto(department), movedCount };
    },
    async deleteDepartment(request, context) {
      await deps.departments.delete(requirePrincipal(context), request.id);
      return {};
    },

    // ---- employees ----
    async createEmployee(request, context) {
      return { employee: employee(await deps.employees.create(requirePrincipal(context), request)) };
    },
    async getEmployee(request, context) {
      return { employee: employee(await deps.employees.get(requirePrincipal(context), request.id)) };
    },
    async listEmployees(request, context) {
      const { employees, nextCursor } = await deps.employees.list(requirePrincipal(context), request);
      return { employees: employees.map(employee), page: { nextCursor } };
    },
    async updateEmployee(request, context) {
      return { employee: employee(await deps.employees.update(requirePrincipal(context), request)) };
    },
    async deactivateEmployee(request, context) {
      return {
        employee: employee(await deps.employees.deactivate(requirePrincipal(context), request.id, request.reason)),
      };
    },
    async reactivateEmployee(request, context) {
      return { employee: employee(await deps.employees.reactivate(requirePrincipal(context), request.id)) };
    },
    async setWorkStatus(request, context) {
      return { employee: employee(await deps.employees.setWorkStatus(requirePrincipal(context), request)) };
    },
    async transferEmployee(request, context) {
      return { employee: employee(await deps.employees.transfer(requirePrincipal(context), request)) };
    },
    async departEmployee(request, context) {
      return { employee: employee(await deps.employees.depart(requirePrincipal(context), request)) };
    },
    async assignRoles(request, context) {
      return { employee: employee(await deps.employees.assignRoles(requirePrincipal(context), request)) };
    },
    async importEmployees(request, context) {
      const result = await deps.importer.import(requirePrincipal(context), request.csv);
      return { created: result.created.map(employee), errors: result.errors, rowsTotal: result.rowsTotal };
    },
    async getEmployeeHistory(request, context) {
      const { records, nextCursor } = await deps.employees.history(requirePrincipal(context), request);
      return { records: records.map(changeRecordToProto), page: { nextCursor } };
    },

    // ---- roles ----
    async listRoles(_request, context) {
      return { roles: (await deps.roles.list(requirePrincipal(context))).map(roleToProto) };
    },
    async createRole(request, context) {
      return { role: roleToProto(await deps.roles.create(requirePrincipal(context), request)) };
    },
    async updateRole(request, context) {
      return { role: roleToProto(await deps.roles.update(requirePrincipal(context), request)) };
    },
    async deleteRole(request, context) {
      await deps.roles.delete(requirePrincipal(context), request);
      return {};
    },

    // ---- hierarchy ----
    async listSubordinates(request, context) {
      const employees = await deps.hierarchy.subordinates(
        requirePrincipal(context),
        request.employeeId,
        request.wholeSubtree,
      );
      return { employees: employees.map(employee) };
    },
    async getEmployeeDepartmentPath(request, context) {
      return deps.hierarchy.departmentPath(requirePrincipal(context), request.employeeId);
    },
    async resolveScope(_request, context) {
      const principal = requirePrincipal(context);
      return { principal, ...(await deps.hierarchy.resolveScope(principal)) };
    },
  });
}
