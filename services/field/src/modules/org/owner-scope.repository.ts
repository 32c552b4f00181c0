import type { OwnerFilter } from '@salesflow/platform';
import type { FieldDatabase } from '../../database';

/**
 * Resolves a data scope to the owners whose records are visible, from the local replica
 * of identity's employees. `undefined` means "every owner in the tenant".
 */
export async function visibleOwnerIds(
  db: FieldDatabase,
  tenantId: string,
  self: string,
  filter: OwnerFilter,
): Promise<string[] | undefined> {
  switch (filter.kind) {
    case 'tenant':
      return undefined;
    case 'self':
      return [filter.employeeId];
    case 'department': {
      const rows = await db.employeeReplica.findMany({
        where: { tenantId, departmentId: filter.departmentId },
        select: { id: true },
      });
      return [self, ...rows.map((r) => r.id)];
    }
    case 'subtree': {
      const rows = await db.employeeReplica.findMany({
        where: { tenantId, departmentPath: { startsWith: filter.departmentPath } },
        select: { id: true },
      });
      return [self, ...rows.map((r) => r.id)];
    }
  }
}
