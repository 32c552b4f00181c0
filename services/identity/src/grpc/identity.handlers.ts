import { identityV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import type { AuthService } from '../modules/auth/auth.service';
import { employeeToProto } from '../modules/employee/employee.mapper';
import type { EmployeeService } from '../modules/employee/employee.service';
import type { TokenService } from '../modules/token/token.service';

/** proto <-> domain for IdentityService; errors are mapped to gRPC status by the kit. */
export function identityServiceBinding(deps: { auth: AuthService; tokens: TokenService; employees: EmployeeService }) {
  return bindService(identityV1.IdentityServiceService, {
    // The one RPC that needs no principal: it is how a caller gets one.
    async login(request) {
      const result = await deps.auth.login({
        tenantCode: request.tenantCode,
        email: request.email,
        password: request.password,
      });
      return {
        accessToken: result.accessToken,
        tokenType: 'Bearer',
        expiresInSeconds: result.expiresInSeconds,
        employee: employeeToProto(result.employee),
        principal: result.principal,
      };
    },
    async getJwks() {
      return { jwksJson: await deps.tokens.jwksJson() };
    },
    async getEmployee(request, context) {
      return { employee: employeeToProto(await deps.employees.get(requirePrincipal(context), request.id)) };
    },
  });
}
