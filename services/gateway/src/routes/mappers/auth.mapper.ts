import type { identityV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import type { LoginResponseJson } from '../schemas/auth.schemas';

export function loginResponseToJson(response: identityV1.LoginResponse): LoginResponseJson {
  const { employee } = response;
  if (!employee) throw new ServiceError('INTERNAL', 'identity answered a login without the employee');
  return {
    accessToken: response.accessToken,
    tokenType: 'Bearer',
    expiresIn: response.expiresInSeconds,
    employee: {
      id: employee.id,
      name: employee.name,
      email: employee.email,
      departmentId: employee.departmentId || null,
      roles: employee.roles,
    },
  };
}
