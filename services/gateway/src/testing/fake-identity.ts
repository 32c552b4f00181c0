// Test support only (not compiled into dist): an in-process identity that answers every RPC
// the gateway uses with canned records and lets each test record or replace calls.
import { commonV1, identityV1 } from '@salesflow/contracts';
import type { CallOptions } from '@salesflow/platform';
import type { IdentityClient } from '../clients/service-clients';

// The generated definitions are `as const`, so client methods are read-only; fakes may be swapped.
export type Fake<T> = { -readonly [K in keyof T]: T[K] };

export type RecordCall = (method: string, request: unknown, options?: CallOptions) => void;

export const EMPLOYEE_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000e1';
const AT = new Date('2026-11-23T08:00:00.000Z');

export function storedEmployee(overrides: Partial<identityV1.Employee> = {}): identityV1.Employee {
  return {
    id: EMPLOYEE_ID,
    tenantId: 't-1',
    name: '王芳',
    email: 'wang.fang@acme.example',
    phone: '',
    title: '销售代表',
    departmentId: 'd-7',
    departmentPath: '/d-1/d-7/',
    managerId: 'emp-9',
    roles: ['sales_rep'],
    status: identityV1.EmployeeStatus.EMPLOYEE_STATUS_ACTIVE,
    workStatus: identityV1.WorkStatus.WORK_STATUS_IN_OFFICE,
    dataScope: commonV1.DataScope.DATA_SCOPE_SELF,
    successorId: '',
    version: '3',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function storedDepartment(overrides: Partial<identityV1.Department> = {}): identityV1.Department {
  return {
    id: 'd-1',
    tenantId: 't-1',
    name: '总部',
    parentId: '',
    path: '/d-1/',
    version: '1',
    managerId: '',
    region: '',
    createdAt: AT,
    ...overrides,
  };
}

export function storedTenant(overrides: Partial<identityV1.Tenant> = {}): identityV1.Tenant {
  return {
    id: 't-1',
    code: 'acme',
    name: 'Acme',
    settings: {
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
      weekStart: 1,
      fiscalYearStartMonth: 1,
      leaderboardVisibleToAll: true,
      defaultGeofenceRadiusMeters: 200,
      leadRecycleDays: 30,
    },
    version: '5',
    createdAt: AT,
    ...overrides,
  };
}

export function storedRole(overrides: Partial<identityV1.Role> = {}): identityV1.Role {
  return {
    id: 'r-1',
    tenantId: 't-1',
    code: 'key_account_manager',
    name: 'Key account manager',
    permissions: ['crm.lead.read'],
    dataScope: commonV1.DataScope.DATA_SCOPE_DEPARTMENT_TREE,
    builtIn: false,
    version: '2',
    ...overrides,
  };
}

export function fakeIdentity(record: RecordCall, jwks: () => string): Fake<IdentityClient> {
  const employee = async (method: string, request: unknown, options?: CallOptions) => {
    record(method, request, options);
    return { employee: storedEmployee() };
  };
  return {
    async login(request, options) {
      record('login', request, options);
      return {
        accessToken: 'header.payload.signature',
        tokenType: 'Bearer',
        expiresInSeconds: 900,
        refreshToken: 'refresh-1',
        refreshExpiresInSeconds: 2_592_000,
        employee: storedEmployee({ email: request.email, phone: request.phone }),
      };
    },
    async refreshToken(request, options) {
      record('refreshToken', request, options);
      return {
        accessToken: 'new.access.token',
        tokenType: 'Bearer',
        expiresInSeconds: 900,
        refreshToken: 'refresh-2',
        refreshExpiresInSeconds: 2_592_000,
      };
    },
    async logout(request, options) {
      record('logout', request, options);
      return {};
    },
    async getJwks(request, options) {
      record('getJwks', request, options);
      return { jwksJson: jwks() };
    },
    async rotateSigningKey(request, options) {
      record('rotateSigningKey', request, options);
      return { kid: 'key-2' };
    },
    async getMe(request, options) {
      record('getMe', request, options);
      return {
        employee: storedEmployee(),
        principal: {
          tenantId: 't-1',
          employeeId: EMPLOYEE_ID,
          roles: ['sales_rep'],
          permissions: ['crm.lead.read'],
          dataScope: commonV1.DataScope.DATA_SCOPE_SELF,
          departmentId: 'd-7',
          departmentPath: '/d-1/d-7/',
        },
        tenant: storedTenant(),
        department: storedDepartment({ id: 'd-7', name: '杭州销售部', parentId: 'd-1', path: '/d-1/d-7/' }),
      };
    },
    async changePassword(request, options) {
      record('changePassword', request, options);
      return {};
    },
    async resetPassword(request, options) {
      record('resetPassword', request, options);
      return {};
    },
    async getTenant(request, options) {
      record('getTenant', request, options);
      return { tenant: storedTenant() };
    },
    async updateTenant(request, options) {
      record('updateTenant', request, options);
      return { tenant: storedTenant({ version: '6' }) };
    },
    async listDepartments(request, options) {
      record('listDepartments', request, options);
      return { departments: [storedDepartment()] };
    },
    async createDepartment(request, options) {
      record('createDepartment', request, options);
      return { department: storedDepartment({ id: 'd-9', name: request.name, parentId: request.parentId }) };
    },
    async updateDepartment(request, options) {
      record('updateDepartment', request, options);
      return { department: storedDepartment({ version: '2' }) };
    },
    async moveDepartment(request, options) {
      record('moveDepartment', request, options);
      return { department: storedDepartment({ version: '2' }), movedCount: 3 };
    },
    async deleteDepartment(request, options) {
      record('deleteDepartment', request, options);
      return {};
    },
    createEmployee: (request, options) => employee('createEmployee', request, options),
    getEmployee: (request, options) => employee('getEmployee', request, options),
    async listEmployees(request, options) {
      record('listEmployees', request, options);
      return { employees: [storedEmployee()], page: { nextCursor: '' } };
    },
    updateEmployee: (request, options) => employee('updateEmployee', request, options),
    deactivateEmployee: (request, options) => employee('deactivateEmployee', request, options),
    reactivateEmployee: (request, options) => employee('reactivateEmployee', request, options),
    setWorkStatus: (request, options) => employee('setWorkStatus', request, options),
    transferEmployee: (request, options) => employee('transferEmployee', request, options),
    departEmployee: (request, options) => employee('departEmployee', request, options),
    assignRoles: (request, options) => employee('assignRoles', request, options),
    async importEmployees(request, options) {
      record('importEmployees', request, options);
      return { created: [storedEmployee()], errors: [], rowsTotal: 1 };
    },
    async getEmployeeHistory(request, options) {
      record('getEmployeeHistory', request, options);
      return { records: [], page: { nextCursor: '' } };
    },
    async listSubordinates(request, options) {
      record('listSubordinates', request, options);
      return { employees: [storedEmployee()] };
    },
    async listRoles(request, options) {
      record('listRoles', request, options);
      return { roles: [storedRole()] };
    },
    async createRole(request, options) {
      record('createRole', request, options);
      return { role: storedRole() };
    },
    async updateRole(request, options) {
      record('updateRole', request, options);
      return { role: storedRole({ version: '3' }) };
    },
    async deleteRole(request, options) {
      record('deleteRole', request, options);
      return {};
    },
  };
}
