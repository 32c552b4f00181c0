import type { commonV1, identityV1 } from '@salesflow/contracts';
import { type FieldError, type OutboxOptions, requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { IdentityDatabase } from '../../database';
import type { Tenant } from '../../generated/prisma/client';
import { changedFields, recordChange } from '../audit/change-log';
import type { EmployeeWithOrg } from '../employee/employee.repository';
import { createEmployee } from '../employee/employee.service';
import { createDepartment } from '../org/department.service';
import { ensureBuiltInRoles } from '../role/built-in-role-sync';
import { checkVersion, fieldErrorsOf, passwordProblem } from '../shared/validation';
import { DEFAULT_TENANT_SETTINGS, definedOnly, tenantSettingsPatchSchema } from './tenant-settings';

const tenantCodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'is not 2..40 lowercase letters, digits or "-", starting with a letter');
const tenantNameSchema = z.string().trim().min(1, 'is required').max(200, 'is longer than 200 characters');

function logged(t: Tenant): Record<string, unknown> {
  const { id: _id, code: _code, version: _version, createdAt: _createdAt, ...rest } = t;
  return rest;
}

export class TenantService {
  constructor(
    private readonly db: IdentityDatabase,
    private readonly outbox: OutboxOptions,
  ) {}

  /**
   * A platform operation (no principal; the gateway does not expose it publicly): the tenant,
   * its built-in roles, a root department and its first admin, in one transaction.
   */
  async create(request: identityV1.CreateTenantRequest): Promise<{ tenant: Tenant; admin: EmployeeWithOrg }> {
    const errors: FieldError[] = [];
    const code = tenantCodeSchema.safeParse(request.code);
    if (!code.success) errors.push(...fieldErrorsOf(code.error).map((e) => ({ ...e, field: 'code' })));
    const name = tenantNameSchema.safeParse(request.name);
    if (!name.success) errors.push(...fieldErrorsOf(name.error).map((e) => ({ ...e, field: 'name' })));
    // proto3 has no "unset" for these: 0 or "" means "the default". leaderboardVisibleToAll is
    // taken as sent when settings are sent at all.
    const sent = Object.fromEntries(
      Object.entries(request.settings ?? {}).filter(([, v]) => v !== 0 && v !== ''),
    ) as Partial<identityV1.TenantSettings>;
    const settings = tenantSettingsPatchSchema.safeParse(sent);
    if (!settings.success) {
      errors.push(...fieldErrorsOf(settings.error).map((e) => ({ ...e, field: `settings.${e.field}` })));
    }
    if (!request.adminPassword) errors.push({ field: 'adminPassword', message: 'is required' });
    else {
      const problem = passwordProblem(request.adminPassword);
      if (problem) errors.push({ field: 'adminPassword', message: problem });
    }
    if (errors.length || !code.success || !name.success || !settings.success) {
      throw ServiceError.invalid(errors, 'tenant is invalid');
    }
    const values = { ...DEFAULT_TENANT_SETTINGS, ...definedOnly(settings.data) };

    return this.db.$transaction(
      async (tx) => {
        if (await tx.tenant.findUnique({ where: { code: code.data } })) {
          throw new ServiceError('ALREADY_EXISTS', `tenant ${code.data} already exists`, {
            reason: 'TENANT_CODE_TAKEN',
            fieldErrors: [{ field: 'code', message: 'is already taken' }],
          });
        }
        const tenant = await tx.tenant.create({ data: { id: uuidv7(), code: code.data, name: name.data, ...values } });
        await recordChange(tx, {
          tenantId: tenant.id,
          entityType: 'tenant',
          entityId: tenant.id,
          action: 'created',
          before: {},
          after: logged(tenant),
        });
        await ensureBuiltInRoles(tx, tenant.id);
        const root = await createDepartment(
          tx,
          { tenantId: tenant.id, name: request.rootDepartmentName.trim() || tenant.name.slice(0, 100) },
          { outbox: this.outbox },
        );
        const admin = await createEmployee(
          tx,
          {
            tenantId: tenant.id,
            departmentId: root.id,
            name: request.adminName,
            email: request.adminEmail,
            password: request.adminPassword,
            title: '系统管理员',
            roleCodes: ['admin'],
          },
          { outbox: this.outbox },
        ).catch((error: unknown) => {
          // The admin's fields arrive as adminName / adminEmail: name them so.
          if (error instanceof ServiceError && error.details.fieldErrors) {
            const renamed = error.details.fieldErrors.map((f) => ({
              ...f,
              field: { name: 'adminName', email: 'adminEmail', password: 'adminPassword' }[f.field] ?? f.field,
            }));
            throw new ServiceError(error.code, error.message, { ...error.details, fieldErrors: renamed });
          }
          throw error;
        });
        return { tenant, admin };
      },
      { timeout: 30_000 },
    );
  }

  async get(principal: commonV1.Principal): Promise<Tenant> {
    const tenant = await this.db.tenant.findUnique({ where: { id: principal.tenantId } });
    if (!tenant) throw new ServiceError('NOT_FOUND', 'tenant not found', { reason: 'TENANT_NOT_FOUND' });
    return tenant;
  }

  /** Partial update: unset fields keep their value; a stale expected_version is a CONFLICT. */
  async update(principal: commonV1.Principal, request: identityV1.UpdateTenantRequest): Promise<Tenant> {
    requirePermission(principal, 'identity.tenant.write');
    const errors: FieldError[] = [];
    const name = request.name === undefined ? undefined : tenantNameSchema.safeParse(request.name);
    if (name && !name.success) errors.push(...fieldErrorsOf(name.error).map((e) => ({ ...e, field: 'name' })));
    const settings = tenantSettingsPatchSchema.safeParse(request.settings ?? {});
    if (!settings.success) {
      errors.push(...fieldErrorsOf(settings.error).map((e) => ({ ...e, field: `settings.${e.field}` })));
    }
    if (errors.length || !settings.success) throw ServiceError.invalid(errors, 'tenant update is invalid');

    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM tenants WHERE id = ${principal.tenantId}::uuid FOR UPDATE`;
      const current = await tx.tenant.findUnique({ where: { id: principal.tenantId } });
      if (!current) throw new ServiceError('NOT_FOUND', 'tenant not found', { reason: 'TENANT_NOT_FOUND' });
      checkVersion(request.expectedVersion, current.version, 'tenant');
      const data = { ...definedOnly(settings.data), ...(name?.success ? { name: name.data } : {}) };
      const diff = changedFields(logged(current), { ...logged(current), ...data });
      if (Object.keys(diff.after).length === 0) return current;
      const tenant = await tx.tenant.update({
        where: { id: current.id },
        data: { ...data, version: { increment: 1 } },
      });
      await recordChange(tx, {
        tenantId: tenant.id,
        entityType: 'tenant',
        entityId: tenant.id,
        action: 'updated',
        actorId: principal.employeeId,
        ...diff,
      });
      return tenant;
    });
  }
}
