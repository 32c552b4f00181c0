import type { Logger } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityDatabase, IdentityTransaction } from '../../database';
import { recordChange } from '../audit/change-log';
import { BUILT_IN_ROLES } from './built-in-roles';

export interface BuiltInRoleSync {
  /** Built-in roles the tenant did not have. */
  created: number;
  /** Permissions added to existing built-in roles because this release's definition added them. */
  granted: number;
}

/**
 * Brings a tenant's built-in roles up to this release's definitions: a missing built-in role is
 * created, and a permission a release added to a built-in role is granted once. Each permission a
 * definition gave is recorded in built_in_role_grants, so one that an admin later took away from
 * an editable built-in role is not given back at the next start.
 */
export async function ensureBuiltInRoles(
  tx: IdentityTransaction,
  tenantId: string,
  actorId?: string,
): Promise<BuiltInRoleSync> {
  // Two identity replicas starting together must not both grant (nor both create) a role.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('identity.built-in-roles'), hashtext(${tenantId}))`;
  const result: BuiltInRoleSync = { created: 0, granted: 0 };
  for (const definition of BUILT_IN_ROLES) {
    const given = new Set(
      (
        await tx.builtInRoleGrant.findMany({
          where: { tenantId, roleCode: definition.code },
          select: { permission: true },
        })
      ).map((g) => g.permission),
    );
    const fresh = definition.permissions.filter((p) => !given.has(p));
    const existing = await tx.role.findUnique({ where: { tenantId_code: { tenantId, code: definition.code } } });
    if (!existing) {
      const row = await tx.role.create({ data: { id: uuidv7(), tenantId, builtIn: true, ...definition } });
      await recordChange(tx, {
        tenantId,
        entityType: 'role',
        entityId: row.id,
        action: 'created',
        actorId,
        before: {},
        after: { code: row.code, name: row.name, permissions: row.permissions, dataScope: row.dataScope },
      });
      result.created++;
    } else if (existing.builtIn) {
      const added = fresh.filter((p) => !existing.permissions.includes(p));
      if (added.length > 0) {
        const permissions = [...existing.permissions, ...added].sort();
        await tx.role.update({ where: { id: existing.id }, data: { permissions, version: { increment: 1 } } });
        await recordChange(tx, {
          tenantId,
          entityType: 'role',
          entityId: existing.id,
          action: 'updated',
          actorId,
          before: { permissions: existing.permissions },
          after: { permissions },
        });
        result.granted += added.length;
      }
    }
    if (fresh.length > 0) {
      await tx.builtInRoleGrant.createMany({
        data: fresh.map((permission) => ({ tenantId, roleCode: definition.code, permission })),
        skipDuplicates: true,
      });
    }
  }
  return result;
}

/** At startup: every tenant's built-in roles brought up to this release (one transaction per tenant). */
export async function syncBuiltInRolesOfAllTenants(db: IdentityDatabase, log: Logger): Promise<void> {
  const tenants = await db.tenant.findMany({ select: { id: true, code: true }, orderBy: { createdAt: 'asc' } });
  for (const tenant of tenants) {
    const result = await db.$transaction((tx) => ensureBuiltInRoles(tx, tenant.id));
    if (result.created > 0 || result.granted > 0) {
      log.info({ tenant: tenant.code, ...result }, 'built-in roles brought up to this release');
    }
  }
}
