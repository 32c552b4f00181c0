import { join } from 'node:path';
import { type identityV1, TOPICS } from '@salesflow/contracts';
import type { OwnerFilter } from '../access/access-control';
import type { EventHandler } from '../messaging/event-consumer';
import type { SqlExecutor } from '../messaging/outbox';

/** The replica's table, for services that opt in with `bootService({ orgReplica: true })`. */
export const ORG_REPLICA_MIGRATIONS = {
  scope: 'org-replica',
  dir: join(__dirname, '..', '..', 'migrations-org-replica'),
} as const;

export const ORG_REPLICA_TOPICS = [TOPICS.identityEmployee] as const;

/** The part of a Prisma client the owner lookup needs. */
export interface SqlQuerier {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
}

/**
 * Upserts the employee unless the stored version is newer: events can arrive twice (the
 * inbox drops those) or late (a replayed older version must not undo a newer one).
 * Identity re-emits every employee of a moved department, so paths stay current from the
 * employee topic alone, in per-employee order.
 */
const upsertEmployee: EventHandler<SqlExecutor> = async (event, tx) => {
  const payload = event.payload as identityV1.EmployeeChanged | identityV1.EmployeeDeparted;
  const employee = payload.employee;
  if (!employee) throw new Error(`event ${event.id} carries no employee`);
  const status = (employee.status || 'EMPLOYEE_STATUS_ACTIVE').replace('EMPLOYEE_STATUS_', '');
  await tx.$executeRaw`
    INSERT INTO salesflow_employee_replica
      (id, tenant_id, name, department_id, department_path, manager_id, status, successor_id, version)
    VALUES (${employee.id}::uuid, ${employee.tenantId}::uuid, ${employee.name}, ${employee.departmentId},
            ${employee.departmentPath}, ${employee.managerId ?? ''}, ${status}, ${employee.successorId ?? ''},
            ${event.aggregateVersion})
    ON CONFLICT (id) DO UPDATE SET
      tenant_id = EXCLUDED.tenant_id, name = EXCLUDED.name, department_id = EXCLUDED.department_id,
      department_path = EXCLUDED.department_path, manager_id = EXCLUDED.manager_id, status = EXCLUDED.status,
      successor_id = EXCLUDED.successor_id, version = EXCLUDED.version, updated_at = now()
    WHERE salesflow_employee_replica.version < EXCLUDED.version`;
};

/** Every identity.employee.* event carries the whole employee; all of them update the replica. */
export const employeeReplicaHandlers: Readonly<Record<string, EventHandler<SqlExecutor>>> = Object.fromEntries(
  Object.keys(TOPICS.identityEmployee.eventTypes).map((type) => [type, upsertEmployee]),
);

/** One employee as the replica knows them. */
export interface ReplicatedEmployee {
  id: string;
  name: string;
  departmentId: string;
  departmentPath: string;
  managerId: string;
  status: 'ACTIVE' | 'INACTIVE' | 'DEPARTED';
  successorId: string;
}

export async function replicatedEmployee(
  db: SqlQuerier,
  tenantId: string,
  employeeId: string,
): Promise<ReplicatedEmployee | undefined> {
  const rows = await db.$queryRaw<ReplicatedEmployee[]>`
    SELECT id::text, name, department_id AS "departmentId", department_path AS "departmentPath",
           manager_id AS "managerId", status, successor_id AS "successorId"
    FROM salesflow_employee_replica WHERE tenant_id = ${tenantId}::uuid AND id = ${employeeId}::uuid`;
  return rows[0];
}

/**
 * The owners whose records a principal may see under `filter`, from the replica; the caller
 * is always included (their own records before the replica has heard of them).
 * `undefined` means every owner of the tenant.
 */
export async function visibleOwnerIds(
  db: SqlQuerier,
  tenantId: string,
  self: string,
  filter: OwnerFilter,
): Promise<string[] | undefined> {
  let rows: { id: string }[];
  switch (filter.kind) {
    case 'tenant':
      return undefined;
    case 'self':
      return [filter.employeeId];
    case 'department':
      rows = await db.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM salesflow_employee_replica
        WHERE tenant_id = ${tenantId}::uuid AND department_id = ${filter.departmentId}`;
      break;
    case 'subtree':
      rows = await db.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM salesflow_employee_replica
        WHERE tenant_id = ${tenantId}::uuid AND department_path LIKE ${`${escapeLike(filter.departmentPath)}%`}`;
      break;
  }
  return [...new Set([self, ...rows.map((r) => r.id)])].filter(Boolean);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
