import type { commonV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import { z } from 'zod';
import type { IdentityDatabase } from '../../database';
import { type EmployeeWithOrg, findEmployeeByEmail } from '../employee/employee.repository';
import { buildAccessClaims, principalOf } from '../token/access-claims';
import type { TokenService } from '../token/token.service';
import { AuthError } from './auth.errors';
import { decoyPasswordHash, verifyPassword } from './password-hasher';

export interface LoginInput {
  tenantCode: string;
  email: string;
  password: string;
}

export interface LoginResult {
  accessToken: string;
  expiresInSeconds: number;
  employee: EmployeeWithOrg;
  principal: commonV1.Principal;
}

const loginSchema = z.object({
  tenantCode: z.string().trim().toLowerCase().min(1, 'is required').max(64, 'is longer than 64 characters'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'is required')
    .max(320, 'is longer than 320 characters')
    .refine((e) => e === '' || z.email().safeParse(e).success, 'is not an email address'),
  // Bounded: argon2 hashes whatever it is given, so a megabyte password is a cheap denial of service.
  password: z.string().min(1, 'is required').max(1024, 'is longer than 1024 characters'),
});

/** Normalizes a login request (tenant code and email lowercase) or rejects it with field errors. */
export function parseLoginInput(input: LoginInput): LoginInput {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) {
    throw ServiceError.invalid(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      'login request is invalid',
    );
  }
  return parsed.data;
}

export class AuthService {
  constructor(
    private readonly db: IdentityDatabase,
    private readonly tokens: Pick<TokenService, 'issue'>,
  ) {}

  /**
   * Exchanges tenant code, email and password for an access token. Every way of getting it
   * wrong answers the same UNAUTHENTICATED "invalid credentials", after the same argon2 work.
   */
  async login(input: LoginInput): Promise<LoginResult> {
    const { tenantCode, email, password } = parseLoginInput(input);
    const tenant = await this.db.tenant.findUnique({ where: { code: tenantCode }, select: { id: true } });
    const employee = tenant ? await findEmployeeByEmail(this.db, tenant.id, email) : null;
    const passwordMatches = await verifyPassword(employee?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!employee || !passwordMatches || employee.status !== 'ACTIVE') throw AuthError.invalidCredentials();

    const claims = buildAccessClaims({
      employeeId: employee.id,
      tenantId: employee.tenantId,
      departmentId: employee.departmentId,
      departmentPath: employee.department.path,
      roles: employee.roles.map((r) => r.role),
    });
    const token = await this.tokens.issue(claims);
    return { ...token, employee, principal: principalOf(claims) };
  }
}
