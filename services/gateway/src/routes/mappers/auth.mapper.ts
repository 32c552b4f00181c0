import type { identityV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import type { LoginBody, LoginResponseJson, TokenPairJson } from '../schemas/auth.schemas';
import type { MeJson } from '../schemas/employee.schemas';
import { employeeToJson } from './employee.mapper';
import { dataScopeFromProto } from './role.mapper';

export function loginRequestFromJson(body: LoginBody): identityV1.LoginRequest {
  return {
    tenantCode: body.tenantCode,
    email: body.email ?? '',
    phone: body.phone ?? '',
    password: body.password,
  };
}

export function loginResponseToJson(response: identityV1.LoginResponse): LoginResponseJson {
  const { employee } = response;
  if (!employee) throw new ServiceError('INTERNAL', 'identity answered a login without the employee');
  return {
    ...tokenPairToJson(response),
    employee: {
      id: employee.id,
      name: employee.name,
      email: employee.email || null,
      phone: employee.phone || null,
      departmentId: employee.departmentId || null,
      roles: employee.roles,
    },
  };
}

export function tokenPairToJson(
  response: Pick<
    identityV1.RefreshTokenResponse,
    'accessToken' | 'expiresInSeconds' | 'refreshToken' | 'refreshExpiresInSeconds'
  >,
): TokenPairJson {
  return {
    accessToken: response.accessToken,
    tokenType: 'Bearer',
    expiresIn: response.expiresInSeconds,
    refreshToken: response.refreshToken,
    refreshExpiresIn: response.refreshExpiresInSeconds,
  };
}

export function meToJson(response: identityV1.GetMeResponse): MeJson {
  const { employee, principal, tenant, department } = response;
  if (!employee) throw new ServiceError('INTERNAL', 'identity answered GetMe without the employee');
  return {
    employee: employeeToJson(employee),
    permissions: principal?.permissions ?? [],
    dataScope: principal ? dataScopeFromProto(principal.dataScope) : dataScopeFromProto(employee.dataScope),
    tenant: tenant ? { id: tenant.id, code: tenant.code, name: tenant.name } : null,
    department: department ? { id: department.id, name: department.name, path: department.path } : null,
  };
}
