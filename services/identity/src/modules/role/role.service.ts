import type { commonV1, identityV1 } from '@salesflow/contracts';
import { type FieldError, type OutboxOptions, requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityDatabase } from '../../database';
import type { DataScope, Role } from '../../generated/prisma/client';
import { changedFields, recordChange } from '../audit/change-log';
import { emitEmployeeChanged } from '../employee/employee.events';
import { dataScopeToProto } from '../employee/employee.mapper';
import { employeeWithOrg } from '../employee/employee.repository';
import { checkGrantable } from '../employee/employee.service';
import { checkVersion, isUuid } from '../shared/validation';
import { DATA_SCOPES } from '../token/access-claims';
import { FIXED_ROLE_CODE } from './built-in-roles';
import { permissionProblems, roleCodeProblem } from './role.validation';

export function roleToProto(role: Role): identityV1.Role {
  return {
    id: role.id,
    tenantId: role.tenantId,
    code: role.code,
    name: role.name,
    permissions: role.permissions,
    dataScope: dataScopeToProto(role.dataScope),
    builtIn: role.builtIn,
    version: String(role.version),
  };
}

function scopeOf(value: commonV1.DataScope | undefined): DataScope | undefined {
  const scope = value?.replace('DATA_SCOPE_', '');
  return (DATA_SCOPES as readonly string[]).includes(scope ?? '') ? (scope as DataScope) : undefined;
}

function nameProblem(name: string): string | undefined {
  if (!name.trim()) return 'is required';
  return name.trim().length > 100 ? 'is longer than 100 characters' : undefined;
}

function logged(r: Role): Record<string, unknown> {
  return { code: r.code, name: r.name, permissions: r.permissions, dataScope: r.dataScope };
}

function roleNotFound(id: string): ServiceError {
  return new ServiceError('NOT_FOUND', `role ${id} not found`, { reason: 'ROLE_NOT_FOUND' });
}

/**
 * Roles carry permissions and a data scope. Changing a role's permissions takes effect at each
 * holder's next login or refresh (access tokens are self-contained). Roles have no topic: changes
 * go to the operation log; a changed data scope re-announces every holder (identity.employee.updated).
 */
export class RoleService {
  constructor(
    private readonly db: IdentityDatabase,
    private readonly outbox: OutboxOptions,
  ) {}

  async list(principal: commonV1.Principal): Promise<Role[]> {
    requirePermission(principal, 'identity.role.read');
    return this.db.role.findMany({
      where: { tenantId: principal.tenantId },
      orderBy: [{ builtIn: 'desc' }, { code: 'asc' }],
    });
  }

  async create(principal: commonV1.Principal, request: identityV1.CreateRoleRequest): Promise<Role> {
    requirePermission(principal, 'identity.role.write');
    const code = request.code.trim();
    const errors: FieldError[] = [];
    const codeError = roleCodeProblem(code);
    if (codeError) errors.push({ field: 'code', message: codeError });
    const nameError = nameProblem(request.name);
    if (nameError) errors.push({ field: 'name', message: nameError });
    errors.push(...permissionProblems(request.permissions));
    const dataScope = scopeOf(request.dataScope);
    if (!dataScope) errors.push({ field: 'dataScope', message: 'is required' });
    if (errors.length || !dataScope) throw ServiceError.invalid(errors, 'role is invalid');
    const permissions = [...new Set(request.permissions)].sort();
    checkGrantable(principal, [{ code, permissions }]);

    return this.db.$transaction(async (tx) => {
      if (await tx.role.findUnique({ where: { tenantId_code: { tenantId: principal.tenantId, code } } })) {
        throw new ServiceError('ALREADY_EXISTS', `role ${code} already exists`, {
          reason: 'ROLE_CODE_TAKEN',
          fieldErrors: [{ field: 'code', message: 'is already taken' }],
        });
      }
      const role = await tx.role.create({
        data: { id: uuidv7(), tenantId: principal.tenantId, code, name: request.name.trim(), permissions, dataScope },
      });
      await recordChange(tx, {
        tenantId: role.tenantId,
        entityType: 'role',
        entityId: role.id,
        action: 'created',
        actorId: principal.employeeId,
        before: {},
        after: logged(role),
      });
      return role;
    });
  }

  /** Partial update; the built-in `admin` keeps its name, permissions and scope. */
  async update(principal: commonV1.Principal, request: identityV1.UpdateRoleRequest): Promise<Role> {
    requirePermission(principal, 'identity.role.write');
    const errors: FieldError[] = [];
    if (request.name !== undefined) {
      const nameError = nameProblem(request.name);
      if (nameError) errors.push({ field: 'name', message: nameError });
    }
    if (request.permissions) errors.push(...permissionProblems(request.permissions.permissions));
    const dataScope = request.dataScope === undefined ? undefined : scopeOf(request.dataScope);
    if (request.dataScope !== undefined && !dataScope)
      errors.push({ field: 'dataScope', message: 'is not a data scope' });
    if (errors.length) throw ServiceError.invalid(errors, 'role update is invalid');

    return this.db.$transaction(async (tx) => {
      if (!isUuid(request.id)) throw roleNotFound(request.id);
      await tx.$executeRaw`SELECT 1 FROM roles WHERE id = ${request.id}::uuid FOR UPDATE`;
      const current = await tx.role.findFirst({ where: { id: request.id, tenantId: principal.tenantId } });
      if (!current) throw roleNotFound(request.id);
      checkVersion(request.expectedVersion, current.version, 'role');
      const next = {
        name: request.name === undefined ? current.name : request.name.trim(),
        permissions: request.permissions ? [...new Set(request.permissions.permissions)].sort() : current.permissions,
        dataScope: dataScope ?? current.dataScope,
      };
      const diff = changedFields(logged(current), { ...logged(current), ...next });
      if (Object.keys(diff.after).length === 0) return current;
      if (current.builtIn && current.code === FIXED_ROLE_CODE) {
        throw new ServiceError('FAILED_PRECONDITION', 'the built-in admin role cannot change', {
          reason: 'ROLE_FIXED',
        });
      }
      checkGrantable(principal, [{ code: current.code, permissions: next.permissions }]);
      const role = await tx.role.update({ where: { id: current.id }, data: { ...next, version: { increment: 1 } } });
      await recordChange(tx, {
        tenantId: role.tenantId,
        entityType: 'role',
        entityId: role.id,
        action: 'updated',
        actorId: principal.employeeId,
        ...diff,
      });
      if (role.dataScope !== current.dataScope) {
        // An employee's data scope is the widest of its roles and travels in the employee event.
        const where = { tenantId: role.tenantId, roles: { some: { roleId: role.id } } };
        await tx.employee.updateMany({ where, data: { version: { increment: 1 } } });
        const holders = await tx.employee.findMany({ where, include: employeeWithOrg, orderBy: { id: 'asc' } });
        for (const holder of holders) {
          await emitEmployeeChanged(tx, 'identity.employee.updated', holder, {
            outbox: this.outbox,
            actorId: principal.employeeId,
          });
        }
      }
      return role;
    });
  }

  /**
   * Deletes a custom role. Built-in roles stay (every tenant's releases rely on their codes);
   * a role someone still holds stays too, so nobody loses permissions without an admin deciding
   * it on the employee first.
   */
  async delete(principal: commonV1.Principal, request: identityV1.DeleteRoleRequest): Promise<void> {
    requirePermission(principal, 'identity.role.write');
    await this.db.$transaction(async (tx) => {
      if (!isUuid(request.id)) throw roleNotFound(request.id);
      await tx.$executeRaw`SELECT 1 FROM roles WHERE id = ${request.id}::uuid FOR UPDATE`;
      const current = await tx.role.findFirst({ where: { id: request.id, tenantId: principal.tenantId } });
      if (!current) throw roleNotFound(request.id);
      checkVersion(request.expectedVersion, current.version, 'role');
      if (current.builtIn) {
        throw new ServiceError('FAILED_PRECONDITION', `the built-in role ${current.code} cannot be deleted`, {
          reason: 'ROLE_BUILT_IN',
        });
      }
      const holders = await tx.employeeRole.count({ where: { roleId: current.id } });
      if (holders > 0) {
        throw new ServiceError('FAILED_PRECONDITION', `${holders} employee(s) still hold the role ${current.code}`, {
          reason: 'ROLE_IN_USE',
        });
      }
      await tx.role.delete({ where: { id: current.id } });
      await recordChange(tx, {
        tenantId: current.tenantId,
        entityType: 'role',
        entityId: current.id,
        action: 'deleted',
        actorId: principal.employeeId,
        before: logged(current),
        after: {},
      });
    });
  }
}
