import type { commonV1 } from '@salesflow/contracts';
import { type FieldError, requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { IdentityDatabase } from '../../database';
import type { Department, Tenant } from '../../generated/prisma/client';
import { recordChange } from '../audit/change-log';
import { EmployeeError } from '../employee/employee.errors';
import {
  type EmployeeWithOrg,
  employeeWithOrg,
  findEmployee,
  findEmployeeByEmail,
  findEmployeeByPhone,
  visibleTo,
} from '../employee/employee.repository';
import { revokeRefreshTokens } from '../employee/employee.service';
import { isUuid, normalizePhone, passwordProblem } from '../shared/validation';
import { buildAccessClaims, principalOf } from '../token/access-claims';
import type { TokenService } from '../token/token.service';
import { AuthError } from './auth.errors';
import { lockSecondsAfter, retryAfterSeconds } from './lockout';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password-hasher';
import { hashRefreshToken, newRefreshToken } from './refresh-token';

export interface LoginInput {
  tenantCode: string;
  /** Either email or phone names the employee; email wins when both are given. */
  email: string;
  phone?: string;
  password: string;
}

export interface SessionTokens {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken: string;
  refreshExpiresInSeconds: number;
}

export interface LoginResult extends SessionTokens {
  employee: EmployeeWithOrg;
  principal: commonV1.Principal;
}

const loginSchema = z
  .object({
    tenantCode: z.string().trim().toLowerCase().min(1, 'is required').max(64, 'is longer than 64 characters'),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(320, 'is longer than 320 characters')
      .refine((e) => e === '' || z.email().safeParse(e).success, 'is not an email address'),
    phone: z.string().max(40, 'is longer than 40 characters').transform(normalizePhone),
    // Bounded: argon2 hashes whatever it is given, so a megabyte password is a cheap denial of service.
    password: z.string().min(1, 'is required').max(1024, 'is longer than 1024 characters'),
  })
  .superRefine((v, ctx) => {
    if (!v.email && !v.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'is required' });
  });

/** Normalizes a login request (tenant code and email lowercase, phone digits) or rejects it with field errors. */
export function parseLoginInput(input: LoginInput): Required<LoginInput> {
  const parsed = loginSchema.safeParse({ ...input, phone: input.phone ?? '' });
  if (!parsed.success) {
    // Field order as in the request, whatever order the refinements ran in.
    const order = ['tenantCode', 'email', 'phone', 'password'];
    const errors = parsed.error.issues
      .map((i) => ({ field: i.path.join('.'), message: i.message }))
      .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
    throw ServiceError.invalid(errors, 'login request is invalid');
  }
  return parsed.data;
}

function newPasswordOrThrow(password: string, field: string): void {
  const problem = passwordProblem(password);
  if (problem) throw ServiceError.invalid([{ field, message: problem }]);
}

export class AuthService {
  constructor(
    private readonly db: IdentityDatabase,
    private readonly tokens: Pick<TokenService, 'issue'>,
    private readonly options: { refreshTokenTtlSeconds: number } = { refreshTokenTtlSeconds: 30 * 24 * 3600 },
  ) {}

  /**
   * Exchanges tenant code, email or phone, and password for an access token and a refresh token
   * (a new family). Every way of getting it wrong answers the same "invalid credentials", after
   * the same argon2 work. A locked account answers ACCOUNT_LOCKED even to the right password.
   */
  async login(input: LoginInput, now: Date = new Date()): Promise<LoginResult> {
    const { tenantCode, email, phone, password } = parseLoginInput(input);
    const tenant = await this.db.tenant.findUnique({ where: { code: tenantCode }, select: { id: true } });
    const employee = !tenant
      ? null
      : email
        ? await findEmployeeByEmail(this.db, tenant.id, email)
        : await findEmployeeByPhone(this.db, tenant.id, phone);
    if (employee) {
      const wait = retryAfterSeconds(employee.lockedUntil, now);
      if (wait > 0) throw AuthError.accountLocked(wait);
    }
    const passwordMatches = await verifyPassword(employee?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!employee || !passwordMatches || employee.status !== 'ACTIVE') {
      if (employee && !passwordMatches) await this.recordFailure(employee.id, now);
      throw AuthError.invalidCredentials();
    }
    if (employee.failedLoginCount > 0 || employee.lockedUntil) {
      await this.db.employee.update({ where: { id: employee.id }, data: { failedLoginCount: 0, lockedUntil: null } });
    }
    const session = await this.issueSession(employee, uuidv7(), now);
    return { ...session, employee, principal: principalOf(buildAccessClaims(subjectOf(employee))) };
  }

  /**
   * Uses a refresh token once: marks it used and returns a new pair in the same family. A token
   * presented again (stolen or replayed) revokes its whole family: REFRESH_TOKEN_REUSED.
   */
  async refresh(rawToken: string, now: Date = new Date()): Promise<SessionTokens> {
    if (!rawToken || rawToken.length > 200) throw AuthError.invalidRefreshToken();
    const row = await this.db.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(rawToken) } });
    if (!row || row.revokedAt) throw AuthError.invalidRefreshToken();
    if (row.usedAt) {
      await this.revokeFamily(row.familyId, now);
      throw AuthError.refreshTokenReused();
    }
    if (row.expiresAt.getTime() <= now.getTime()) throw AuthError.invalidRefreshToken();
    // Conditional: of two concurrent uses of one token, exactly one wins; the other is a reuse.
    const claimed = await this.db.refreshToken.updateMany({
      where: { id: row.id, usedAt: null, revokedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count === 0) {
      await this.revokeFamily(row.familyId, now);
      throw AuthError.refreshTokenReused();
    }
    const employee = await findEmployee(this.db, row.tenantId, row.employeeId);
    if (employee?.status !== 'ACTIVE') {
      await this.revokeFamily(row.familyId, now);
      throw AuthError.invalidRefreshToken();
    }
    return this.issueSession(employee, row.familyId, now);
  }

  /** Revokes the token's family. Unknown, used or already revoked tokens are fine: idempotent. */
  async logout(rawToken: string, now: Date = new Date()): Promise<void> {
    if (!rawToken || rawToken.length > 200) return;
    const row = await this.db.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(rawToken) } });
    if (row) await this.revokeFamily(row.familyId, now);
  }

  /** The caller as stored now: employee, principal (current roles), tenant and department. */
  async me(principal: commonV1.Principal): Promise<{
    employee: EmployeeWithOrg;
    principal: commonV1.Principal;
    tenant: Tenant;
    department: Department;
  }> {
    const employee = await findEmployee(this.db, principal.tenantId, principal.employeeId);
    if (!employee) throw EmployeeError.notFound(principal.employeeId);
    const [tenant, department] = await Promise.all([
      this.db.tenant.findUniqueOrThrow({ where: { id: employee.tenantId } }),
      this.db.department.findUniqueOrThrow({ where: { id: employee.departmentId } }),
    ]);
    return { employee, principal: principalOf(buildAccessClaims(subjectOf(employee))), tenant, department };
  }

  /** Needs the current password; ends every refresh token (other sessions must log in again). */
  async changePassword(principal: commonV1.Principal, currentPassword: string, newPassword: string): Promise<void> {
    const errors: FieldError[] = [];
    if (!currentPassword) errors.push({ field: 'currentPassword', message: 'is required' });
    const problem = passwordProblem(newPassword);
    if (problem) errors.push({ field: 'newPassword', message: problem });
    if (errors.length) throw ServiceError.invalid(errors);
    const employee = await findEmployee(this.db, principal.tenantId, principal.employeeId);
    if (!employee) throw EmployeeError.notFound(principal.employeeId);
    if (!employee.passwordHash || !(await verifyPassword(employee.passwordHash, currentPassword))) {
      throw ServiceError.invalid([{ field: 'currentPassword', message: 'is wrong' }]);
    }
    const passwordHash = await hashPassword(newPassword);
    await this.db.$transaction(async (tx) => {
      await tx.employee.update({ where: { id: employee.id }, data: { passwordHash } });
      await revokeRefreshTokens(tx, employee.id);
      await recordChange(tx, {
        tenantId: employee.tenantId,
        entityType: 'employee',
        entityId: employee.id,
        action: 'password_changed',
        actorId: principal.employeeId,
        before: {},
        after: {},
      });
    });
  }

  /** An admin sets a new password: clears the lockout and ends the employee's refresh tokens. */
  async resetPassword(principal: commonV1.Principal, employeeId: string, newPassword: string): Promise<void> {
    requirePermission(principal, 'identity.employee.write');
    newPasswordOrThrow(newPassword, 'newPassword');
    if (!isUuid(employeeId)) throw EmployeeError.notFound(employeeId);
    const employee = await this.db.employee.findFirst({
      where: { AND: [visibleTo(principal), { id: employeeId }] },
      include: employeeWithOrg,
    });
    if (!employee) throw EmployeeError.notFound(employeeId);
    const passwordHash = await hashPassword(newPassword);
    await this.db.$transaction(async (tx) => {
      await tx.employee.update({
        where: { id: employee.id },
        data: { passwordHash, failedLoginCount: 0, lockedUntil: null },
      });
      await revokeRefreshTokens(tx, employee.id);
      await recordChange(tx, {
        tenantId: employee.tenantId,
        entityType: 'employee',
        entityId: employee.id,
        action: 'password_reset',
        actorId: principal.employeeId,
        before: employee.lockedUntil ? { lockedUntil: employee.lockedUntil } : {},
        after: employee.lockedUntil ? { lockedUntil: null } : {},
      });
    });
  }

  /** Counts a wrong password atomically; every fifth failure in a row locks the account. */
  private async recordFailure(employeeId: string, now: Date): Promise<void> {
    const [row] = await this.db.$queryRaw<{ failed_login_count: number }[]>`
      UPDATE employees SET failed_login_count = failed_login_count + 1
      WHERE id = ${employeeId}::uuid RETURNING failed_login_count`;
    const seconds = lockSecondsAfter(row?.failed_login_count ?? 0);
    if (seconds > 0) {
      await this.db.employee.update({
        where: { id: employeeId },
        data: { lockedUntil: new Date(now.getTime() + seconds * 1000) },
      });
    }
  }

  private async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  }

  private async issueSession(employee: EmployeeWithOrg, familyId: string, now: Date): Promise<SessionTokens> {
    const access = await this.tokens.issue(buildAccessClaims(subjectOf(employee)), now);
    const refreshToken = newRefreshToken();
    const ttl = this.options.refreshTokenTtlSeconds;
    await this.db.refreshToken.create({
      data: {
        id: uuidv7(),
        tenantId: employee.tenantId,
        employeeId: employee.id,
        familyId,
        tokenHash: hashRefreshToken(refreshToken),
        expiresAt: new Date(now.getTime() + ttl * 1000),
      },
    });
    return { ...access, refreshToken, refreshExpiresInSeconds: ttl };
  }
}

function subjectOf(employee: EmployeeWithOrg) {
  return {
    employeeId: employee.id,
    tenantId: employee.tenantId,
    departmentId: employee.departmentId,
    departmentPath: employee.department.path,
    roles: employee.roles.map((r) => r.role),
  };
}
