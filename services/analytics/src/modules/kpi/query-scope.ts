import type { commonV1 } from '@salesflow/contracts';
import { ownerFilterOf } from '@salesflow/platform';
import type { Pool } from 'pg';

/** Positional parameters for one SQL statement. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Whose facts a viewer may count (ARCHITECTURE §3), from the org replica as crm does it: the
 * owners in the viewer's department or subtree, themselves always included; `undefined` for
 * the whole tenant.
 */
export async function visibleOwners(pool: Pool, principal: commonV1.Principal): Promise<string[] | undefined> {
  const filter = ownerFilterOf(principal);
  let rows: { id: string }[] = [];
  switch (filter.kind) {
    case 'tenant':
      return undefined;
    case 'self':
      return [filter.employeeId];
    case 'department':
      rows = (
        await pool.query<{ id: string }>(
          'SELECT id::text FROM salesflow_employee_replica WHERE tenant_id = $1::uuid AND department_id = $2',
          [principal.tenantId, filter.departmentId],
        )
      ).rows;
      break;
    case 'subtree':
      rows = (
        await pool.query<{ id: string }>(
          'SELECT id::text FROM salesflow_employee_replica WHERE tenant_id = $1::uuid AND starts_with(department_path, $2)',
          [principal.tenantId, filter.departmentPath],
        )
      ).rows;
      break;
  }
  return [...new Set([principal.employeeId, ...rows.map((r) => r.id)])].filter(Boolean);
}

/**
 * The WHERE conditions every analytics query shares: the tenant, the viewer's owners, and an
 * optional department (its subtree, by the department path frozen on each fact).
 */
export function scopeConditions(
  params: SqlParams,
  scope: { tenantId: string; owners: string[] | undefined; departmentId?: string; employeeId?: string },
  columns: { owner: string; path: string; tenant?: string } = { owner: 'employee_id', path: 'department_path' },
): string[] {
  const conditions = [`${columns.tenant ?? 'tenant_id'} = ${params.add(scope.tenantId)}::uuid`];
  if (scope.owners) conditions.push(`${columns.owner} = ANY(${params.add(scope.owners)}::text[])`);
  if (scope.departmentId) conditions.push(`strpos(${columns.path}, ${params.add(`${scope.departmentId}/`)}) > 0`);
  if (scope.employeeId) conditions.push(`${columns.owner} = ${params.add(scope.employeeId)}`);
  return conditions;
}
