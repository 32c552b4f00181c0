import type { commonV1, identityV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  decodeCursor,
  encodeCursor,
  type FieldError,
  hasPermission,
  type OutboxOptions,
  pageSize,
  requirePermission,
  ServiceError,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityDatabase, IdentityTransaction } from '../../database';
import type { EmployeeStatus, Prisma, WorkStatus } from '../../generated/prisma/client';
import { changedFields, listChanges, recordChange } from '../audit/change-log';
import { hashPassword } from '../auth/password-hasher';
import { checkVersion, isUuid, parseIsoDate, todayUtc } from '../shared/validation';
import { EmployeeError } from './employee.errors';
import { type EmployeeChangedType, emitEmployeeChanged } from './employee.events';
import { employeeToProto } from './employee.mapper';
import {
  type EmployeeWithOrg,
  employeeWithOrg,
  findEmployeeByEmail,
  findEmployeeByPhone,
  visibleTo,
} from './employee.repository';
import { validateEmployeeFields } from './employee.validation';

export interface NewEmployeeInput {
  tenantId: string;
  departmentId: string;
  name: string;
  email: string;
  phone?: string;
  title?: string;
  /** Plain password, checked against the policy and hashed here. */
  password?: string;
  /** An already computed argon2id hash (CSV import hashes before its transaction). */
  passwordHash?: string;
  managerId?: string;
  roleCodes: readonly string[];
}

interface WriteOptions {
  outbox: OutboxOptions;
  actorId?: string | undefined;
  /** When set, the roles granted must not exceed what this principal holds. */
  grantor?: commonV1.Principal | undefined;
}

/** What the operation log shows of an employee (never secrets). */
export function loggedFields(e: EmployeeWithOrg): Record<string, unknown> {
  return {
    name: e.name,
    email: e.email,
    phone: e.phone,
    title: e.title,
    departmentId: e.departmentId,
    managerId: e.managerId,
    status: e.status,
    workStatus: e.workStatus,
    roles: e.roles.map((r) => r.role.code).sort(),
    successorId: e.successorId,
  };
}

/** Refuses to grant a role carrying a permission the granting principal does not hold itself. */
export function checkGrantable(
  grantor: commonV1.Principal | undefined,
  roles: readonly { code: string; permissions: readonly string[] }[],
): void {
  if (!grantor) return;
  for (const role of roles) {
    const missing = role.permissions.filter((p) =>
      p === '*' ? !grantor.permissions.includes('*') : !hasPermission(grantor, p),
    );
    if (missing.length) {
      throw new ServiceError(
        'PERMISSION_DENIED',
        `granting role ${role.code} needs permissions ${missing.join(', ')}`,
        {
          reason: 'ROLE_ESCALATION',
        },
      );
    }
  }
}

/** Every role code known in the tenant, or INVALID_ARGUMENT naming the unknown ones. */
export async function resolveRoles(
  tx: IdentityTransaction,
  tenantId: string,
  codes: readonly string[],
  field = 'roleCodes',
): Promise<{ id: string; code: string; permissions: string[] }[]> {
  const wanted = [...new Set(codes.map((c) => c.trim()))];
  const roles = await tx.role.findMany({
    where: { tenantId, code: { in: wanted } },
    select: { id: true, code: true, permissions: true },
  });
  const unknown = wanted.filter((code) => !roles.some((r) => r.code === code));
  if (unknown.length) throw ServiceError.invalid([{ field, message: `unknown roles ${unknown.join(', ')}` }]);
  return roles;
}

/** ALREADY_EXISTS with the field when another employee of the tenant has this email or phone. */
export async function checkUnique(
  tx: IdentityTransaction | IdentityDatabase,
  tenantId: string,
  fields: { email?: string | undefined; phone?: string | undefined },
  exceptId?: string,
): Promise<void> {
  if (fields.email) {
    const other = await findEmployeeByEmail(tx, tenantId, fields.email);
    if (other && other.id !== exceptId) throw EmployeeError.emailTaken(fields.email);
  }
  if (fields.phone) {
    const other = await findEmployeeByPhone(tx, tenantId, fields.phone);
    if (other && other.id !== exceptId) throw EmployeeError.phoneTaken(fields.phone);
  }
}

/**
 * Creates an employee with roles, logs it and records `identity.employee.created`, all in the
 * caller's transaction, so the event is published if and only if the employee exists.
 */
export async function createEmployee(
  tx: IdentityTransaction,
  input: NewEmployeeInput,
  options: WriteOptions,
): Promise<EmployeeWithOrg> {
  const fields = validateEmployeeFields({
    name: input.name,
    email: input.email,
    phone: input.phone ?? '',
    title: input.title ?? '',
    password: input.password ?? '',
  });
  const errors: FieldError[] = fields.ok ? [] : [...fields.errors];
  if (!isUuid(input.departmentId)) errors.push({ field: 'departmentId', message: 'is not a department' });
  if (input.managerId && !isUuid(input.managerId)) errors.push({ field: 'managerId', message: 'is not an employee' });
  if (!fields.ok || errors.length) throw ServiceError.invalid(errors, 'employee is invalid');
  const data = fields.value;

  const department = await tx.department.findFirst({
    where: { id: input.departmentId, tenantId: input.tenantId },
    select: { id: true },
  });
  if (!department) throw ServiceError.invalid([{ field: 'departmentId', message: 'is not a department' }]);
  if (input.managerId) {
    const manager = await tx.employee.findFirst({
      where: { id: input.managerId, tenantId: input.tenantId },
      select: { id: true },
    });
    if (!manager) throw ServiceError.invalid([{ field: 'managerId', message: 'is not an employee' }]);
  }
  const roles = await resolveRoles(tx, input.tenantId, input.roleCodes);
  checkGrantable(options.grantor, roles);
  await checkUnique(tx, input.tenantId, data);

  const passwordHash = input.passwordHash ?? (data.password ? await hashPassword(data.password) : null);
  const employee = await tx.employee.create({
    data: {
      id: uuidv7(),
      tenantId: input.tenantId,
      departmentId: input.departmentId,
      name: data.name,
      email: data.email,
      phone: data.phone ?? null,
      passwordHash,
      title: data.title,
      managerId: input.managerId || null,
      roles: { create: roles.map((r) => ({ roleId: r.id })) },
    },
    include: employeeWithOrg,
  });
  await recordChange(tx, {
    tenantId: employee.tenantId,
    entityType: 'employee',
    entityId: employee.id,
    action: 'created',
    actorId: options.actorId,
    before: {},
    after: loggedFields(employee),
  });
  await emitEmployeeChanged(tx, 'identity.employee.created', employee, options);
  return employee;
}

/** Locks the row for the rest of the transaction, then reads it within the principal's view. */
async function lockVisible(
  tx: IdentityTransaction,
  principal: commonV1.Principal,
  id: string,
): Promise<EmployeeWithOrg> {
  if (!isUuid(id)) throw EmployeeError.notFound(id);
  await tx.$executeRaw`SELECT 1 FROM employees WHERE id = ${id}::uuid AND tenant_id = ${principal.tenantId}::uuid FOR UPDATE`;
  const employee = await tx.employee.findFirst({
    where: { AND: [visibleTo(principal), { id }] },
    include: employeeWithOrg,
  });
  if (!employee) throw EmployeeError.notFound(id);
  return employee;
}

/**
 * Applies a change: bumps the version, writes the operation log entry (changed fields only)
 * and the event, in the caller's transaction.
 */
async function applyChange(
  tx: IdentityTransaction,
  current: EmployeeWithOrg,
  data: Prisma.EmployeeUpdateInput,
  change: {
    action: string;
    event: EmployeeChangedType | 'identity.employee.departed';
    actorId: string;
    outbox: OutboxOptions;
    logExtra?: Record<string, unknown>;
  },
): Promise<EmployeeWithOrg> {
  const updated = await tx.employee.update({
    where: { id: current.id },
    data: { ...data, version: { increment: 1 } },
    include: employeeWithOrg,
  });
  const diff = changedFields(loggedFields(current), loggedFields(updated));
  await recordChange(tx, {
    tenantId: updated.tenantId,
    entityType: 'employee',
    entityId: updated.id,
    action: change.action,
    actorId: change.actorId,
    before: diff.before,
    after: { ...diff.after, ...change.logExtra },
  });
  if (change.event === 'identity.employee.departed') {
    await appendToOutbox(
      tx,
      {
        type: 'identity.employee.departed',
        tenantId: updated.tenantId,
        aggregateId: updated.id,
        aggregateVersion: updated.version,
        actorId: change.actorId,
        payload: { employeeId: updated.id, successorId: updated.successorId ?? '', employee: employeeToProto(updated) },
      },
      change.outbox,
    );
  } else {
    await emitEmployeeChanged(tx, change.event, updated, { outbox: change.outbox, actorId: change.actorId });
  }
  return updated;
}

/** Ends every refresh token of the employee (deactivation, departure, password reset). */
export async function revokeRefreshTokens(
  tx: IdentityTransaction | IdentityDatabase,
  employeeId: string,
): Promise<void> {
  await tx.refreshToken.updateMany({ where: { employeeId, revokedAt: null }, data: { revokedAt: new Date() } });
}

const WORK_STATUSES: readonly WorkStatus[] = [
  'IN_OFFICE',
  'VISITING_CLIENT',
  'HANDLING_COMPLAINT',
  'TRAINING',
  'ON_LEAVE',
  'BUSINESS_TRIP',
  'SUBMITTING_REQUIREMENTS',
];
const EMPLOYEE_STATUSES: readonly EmployeeStatus[] = ['ACTIVE', 'INACTIVE', 'DEPARTED'];

export class EmployeeService {
  /** Over the database, or over a transaction (the seed runs several changes in one). */
  constructor(
    private readonly db: IdentityDatabase | IdentityTransaction,
    private readonly outbox: OutboxOptions,
  ) {}

  private transaction<T>(fn: (tx: IdentityTransaction) => Promise<T>, options?: { timeout: number }): Promise<T> {
    return '$transaction' in this.db ? this.db.$transaction(fn, options) : fn(this.db);
  }

  async create(principal: commonV1.Principal, request: identityV1.CreateEmployeeRequest): Promise<EmployeeWithOrg> {
    requirePermission(principal, 'identity.employee.write');
    return this.transaction(
      (tx) =>
        createEmployee(
          tx,
          {
            tenantId: principal.tenantId,
            departmentId: request.departmentId,
            name: request.name,
            email: request.email,
            phone: request.phone,
            title: request.title,
            password: request.password,
            ...(request.managerId ? { managerId: request.managerId } : {}),
            roleCodes: request.roleCodes,
          },
          { outbox: this.outbox, actorId: principal.employeeId, grantor: principal },
        ),
      { timeout: 30_000 },
    );
  }

  /** Within the caller's data scope; another tenant's or an unseen employee is "not found". */
  async get(principal: commonV1.Principal, id: string): Promise<EmployeeWithOrg> {
    requirePermission(principal, 'identity.employee.read');
    if (!isUuid(id)) throw EmployeeError.notFound(id);
    const employee = await this.db.employee.findFirst({
      where: { AND: [visibleTo(principal), { id }] },
      include: employeeWithOrg,
    });
    if (!employee) throw EmployeeError.notFound(id);
    return employee;
  }

  async list(
    principal: commonV1.Principal,
    request: identityV1.ListEmployeesRequest,
  ): Promise<{ employees: EmployeeWithOrg[]; nextCursor: string }> {
    requirePermission(principal, 'identity.employee.read');
    const limit = pageSize(request.page?.limit);
    const cursor = request.page?.cursor ? decodeCursor(request.page.cursor) : undefined;
    const filters: Prisma.EmployeeWhereInput[] = [visibleTo(principal)];
    if (request.departmentId) {
      const department = isUuid(request.departmentId)
        ? await this.db.department.findFirst({
            where: { id: request.departmentId, tenantId: principal.tenantId },
            select: { path: true },
          })
        : null;
      if (!department) throw ServiceError.invalid([{ field: 'departmentId', message: 'is not a department' }]);
      filters.push({ department: { path: { startsWith: department.path } } });
    }
    if (request.status && request.status !== 'EMPLOYEE_STATUS_UNSPECIFIED') {
      const status = request.status.replace('EMPLOYEE_STATUS_', '') as EmployeeStatus;
      if (!EMPLOYEE_STATUSES.includes(status)) throw ServiceError.invalid([{ field: 'status', message: 'is unknown' }]);
      filters.push({ status });
    }
    if (request.roleCode) filters.push({ roles: { some: { role: { code: request.roleCode } } } });
    const query = request.query.trim();
    if (query) {
      const contains = { contains: query, mode: 'insensitive' as const };
      filters.push({ OR: [{ name: contains }, { email: contains }, { phone: contains }, { title: contains }] });
    }
    if (cursor) {
      const at = new Date(cursor.at);
      filters.push({ OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: cursor.id } }] });
    }
    const rows = await this.db.employee.findMany({
      where: { AND: filters },
      include: employeeWithOrg,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit + 1,
    });
    const employees = rows.slice(0, limit);
    const last = employees.at(-1);
    return {
      employees,
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '',
    };
  }

  async update(principal: commonV1.Principal, request: identityV1.UpdateEmployeeRequest): Promise<EmployeeWithOrg> {
    requirePermission(principal, 'identity.employee.write');
    return this.transaction(async (tx) => {
      const current = await lockVisible(tx, principal, request.id);
      checkVersion(request.expectedVersion, current.version, 'employee');
      const fields = validateEmployeeFields({
        name: request.name ?? current.name,
        email: request.email ?? current.email,
        phone: request.phone ?? current.phone ?? '',
        title: request.title ?? current.title,
        password: '',
      });
      if (!fields.ok) throw ServiceError.invalid(fields.errors, 'employee is invalid');
      const next = fields.value;
      await checkUnique(tx, current.tenantId, next, current.id);
      const data = {
        name: next.name,
        email: next.email,
        phone: next.phone ?? null,
        title: next.title,
      };
      if (
        data.name === current.name &&
        data.email === current.email &&
        data.phone === current.phone &&
        data.title === current.title
      ) {
        return current;
      }
      return applyChange(tx, current, data, {
        action: 'updated',
        event: 'identity.employee.updated',
        actorId: principal.employeeId,
        outbox: this.outbox,
      });
    });
  }

  async deactivate(principal: commonV1.Principal, id: string, reason: string): Promise<EmployeeWithOrg> {
    requirePermission(principal, 'identity.employee.write');
    return this.transaction(async (tx) => {
      const current = await lockVisible(tx, principal, id);
      if (current.status !== 'ACTIVE') throw EmployeeError.notActive(id);
      await revokeRefreshTokens(tx, current.id);
      return applyChange(
        tx,
        current,
        { status: 'INACTIVE' },
        {
          action: 'deactivated',
          event: 'identity.employee.status_changed',
          actorId: principal.employeeId,
          outbox: this.outbox,
          logExtra: { reason: reason.trim() },
        },
      );
    });
  }

  async reactivate(principal: commonV1.Principal, id: string): Promise<EmployeeWithOrg> {
    requirePermission(principal, 'identity.employee.write');
    return this.transaction(async (tx) => {
      const current = await lockVisible(tx, principal, id);
      if (current.status !== 'INACTIVE') throw EmployeeError.notInactive(id);
      return applyChange(
        tx,
        current,
        { status: 'ACTIVE', failedLoginCount: 0, lockedUntil: null },
        {
          action: 'reactivated',
          event: 'identity.employee.reactivated',
          actorId: principal.employeeId,
          outbox: this.outbox,
        },
      );
    });
  }

  /** Anyone may set their own work status; others' needs identity.employee.write. */
  async setWorkStatus(
    principal: commonV1.Principal,
    request: identityV1.SetWorkStatusRequest,
  ): Promise<EmployeeWithOrg> {
    if (request.id !== principal.employeeId) requirePermission(principal, 'identity.employee.write');
    const status = request.workStatus.replace('WORK_STATUS_', '') as WorkStatus;
    const errors: FieldError[] = [];
    if (!WORK_STATUSES.includes(status)) errors.push({ field: 'workStatus', message: 'is required' });
    if (request.note.length > 500) errors.push({ field: 'note', message: 'is longer than 500 characters' });
    if (errors.length) throw ServiceError.invalid(errors);
    return this.transaction(async (tx) => {
      const current =
        request.id === principal.employeeId
          ? await lockVisible(tx, { ...principal, dataScope: 'DATA_SCOPE_SELF' }, request.id)
          : await lockVisible(tx, principal, request.id);
      if (current.status !== 'ACTIVE') throw EmployeeError.notActive(request.id);
      if (current.workStatus === status) return current;
      await tx.workStatusChange.create({
        data: {
          id: uuidv7(),
          tenantId: current.tenantId,
          employeeId: current.id,
          fromStatus: current.workStatus,
          toStatus: status,
          note: request.note.trim(),
          actorId: principal.employeeId,
        },
      });
      return applyChange(
        tx,
        current,
        { workStatus: status },
        {
          action: 'status_changed',
          event: 'identity.employee.status_changed',
          actorId: principal.employeeId,
          outbox: this.outbox,
          ...(request.note.trim() ? { logExtra: { note: request.note.trim() } } : {}),
        },
      );
    });
  }

  async transfer(principal: commonV1.Principal, request: identityV1.TransferEmployeeRequest): Promise<EmployeeWithOrg> {
    requirePermission(principal, 'identity.employee.write');
    const errors: FieldError[] = [];
    if (!isUuid(request.departmentId)) errors.push({ field: 'departmentId', message: 'is not a department' });
    if (request.managerId && !isUuid(request.managerId))
      errors.push({ field: 'managerId', message: 'is not an employee' });
    if (request.title !== undefined && request.title.trim().length > 100)
      errors.push({ field: 'title', message: 'is longer than 100 characters' });
    const effectiveDate = request.effectiveDate ? parseIsoDate(request.effectiveDate) : todayUtc();
    if (!effectiveDate) errors.push({ field: 'effectiveDate', message: 'is not a date (YYYY-MM-DD)' });
    if (request.reason.length > 500) errors.push({ field: 'reason', message: 'is longer than 500 characters' });
    if (errors.length || !effectiveDate) throw ServiceError.invalid(errors, 'transfer is invalid');

    return this.transaction(async (tx) => {
      const current = await lockVisible(tx, principal, request.id);
      if (current.status === 'DEPARTED') throw EmployeeError.notActive(request.id);
      const department = await tx.department.findFirst({
        where: { id: request.departmentId, tenantId: principal.tenantId },
        select: { id: true },
      });
      if (!department) throw ServiceError.invalid([{ field: 'departmentId', message: 'is not a department' }]);
      const managerId = request.managerId === undefined ? current.managerId : request.managerId || null;
      if (managerId && managerId !== current.managerId) {
        if (managerId === current.id)
          throw ServiceError.invalid([{ field: 'managerId', message: 'cannot be the employee' }]);
        const manager = await tx.employee.findFirst({ where: { id: managerId, tenantId: principal.tenantId } });
        if (!manager) throw ServiceError.invalid([{ field: 'managerId', message: 'is not an employee' }]);
      }
      const title = request.title === undefined ? current.title : request.title.trim();
      await tx.transfer.create({
        data: {
          id: uuidv7(),
          tenantId: current.tenantId,
          employeeId: current.id,
          effectiveDate,
          fromDepartmentId: current.departmentId,
          toDepartmentId: department.id,
          fromTitle: current.title,
          toTitle: title,
          fromManagerId: current.managerId,
          toManagerId: managerId,
          reason: request.reason.trim(),
          actorId: principal.employeeId,
        },
      });
      return applyChange(
        tx,
        current,
        { department: { connect: { id: department.id } }, title, managerId },
        {
          action: 'transferred',
          event: 'identity.employee.transferred',
          actorId: principal.employeeId,
          outbox: this.outbox,
          logExtra: { effectiveDate: effectiveDate.toISOString().slice(0, 10), reason: request.reason.trim() },
        },
      );
    });
  }

  /**
   * Marks the employee departed and names the active colleague who takes over their open work;
   * other services act on `identity.employee.departed`. Never deletes the row.
   */
  async depart(principal: commonV1.Principal, request: identityV1.DepartEmployeeRequest): Promise<EmployeeWithOrg> {
    requirePermission(principal, 'identity.employee.write');
    const errors: FieldError[] = [];
    if (!request.successorId) errors.push({ field: 'successorId', message: 'is required' });
    else if (!isUuid(request.successorId)) errors.push({ field: 'successorId', message: 'is not an employee' });
    else if (request.successorId === request.id)
      errors.push({ field: 'successorId', message: 'cannot be the departing employee' });
    const departedOn = request.departedOn ? parseIsoDate(request.departedOn) : todayUtc();
    if (!departedOn) errors.push({ field: 'departedOn', message: 'is not a date (YYYY-MM-DD)' });
    if (request.reason.length > 500) errors.push({ field: 'reason', message: 'is longer than 500 characters' });
    if (errors.length || !departedOn) throw ServiceError.invalid(errors, 'departure is invalid');

    return this.transaction(async (tx) => {
      const current = await lockVisible(tx, principal, request.id);
      if (current.status === 'DEPARTED') throw EmployeeError.notActive(request.id);
      const successor = await tx.employee.findFirst({
        where: { id: request.successorId, tenantId: principal.tenantId },
        select: { status: true },
      });
      if (!successor) throw ServiceError.invalid([{ field: 'successorId', message: 'is not an employee' }]);
      if (successor.status !== 'ACTIVE') throw EmployeeError.successorNotEligible('is not an active employee');
      await revokeRefreshTokens(tx, current.id);
      return applyChange(
        tx,
        current,
        { status: 'DEPARTED', successorId: request.successorId, departedOn, failedLoginCount: 0, lockedUntil: null },
        {
          action: 'departed',
          event: 'identity.employee.departed',
          actorId: principal.employeeId,
          outbox: this.outbox,
          logExtra: { departedOn: departedOn.toISOString().slice(0, 10), reason: request.reason.trim() },
        },
      );
    });
  }

  async assignRoles(principal: commonV1.Principal, request: identityV1.AssignRolesRequest): Promise<EmployeeWithOrg> {
    requirePermission(principal, 'identity.employee.write');
    return this.transaction(async (tx) => {
      const current = await lockVisible(tx, principal, request.employeeId);
      const roles = await resolveRoles(tx, principal.tenantId, request.roleCodes);
      const added = roles.filter((r) => !current.roles.some((c) => c.role.code === r.code));
      checkGrantable(principal, added);
      const same =
        roles.length === current.roles.length && roles.every((r) => current.roles.some((c) => c.role.code === r.code));
      if (same) return current;
      return applyChange(
        tx,
        current,
        { roles: { deleteMany: {}, create: roles.map((r) => ({ roleId: r.id })) } },
        {
          action: 'roles_assigned',
          event: 'identity.employee.updated',
          actorId: principal.employeeId,
          outbox: this.outbox,
        },
      );
    });
  }

  async history(principal: commonV1.Principal, request: identityV1.GetEmployeeHistoryRequest) {
    const employee = await this.get(principal, request.id);
    return listChanges(
      this.db,
      { tenantId: employee.tenantId, entityType: 'employee', entityId: employee.id },
      request.page,
    );
  }
}
