import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import { type DomainEvent, decodeEnvelope } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../../src/database';

/**
 * The small sales organisation crm integration tests keep needing: one tenant with a manager
 * of East (华东) over a Shanghai rep, and a rep in South (华南), in the org replica; a
 * principal per person; and the outbox read back as decoded events.
 *
 *   /root/sales/east/      manager (DEPARTMENT_TREE)
 *   /root/sales/east/sh/   repShanghai (SELF)
 *   /root/sales/south/     repSouth (SELF)
 */
export interface SmallOrg {
  database: TestDatabase;
  db: CrmDatabase;
  tenantId: string;
  people: { manager: string; repShanghai: string; repSouth: string };
  departments: Record<'east' | 'shanghai' | 'south', { id: string; path: string }>;
  manager(): commonV1.Principal;
  repShanghai(): commonV1.Principal;
  repSouth(): commonV1.Principal;
  /** Everything in the tenant (TENANT scope), like a director or admin. */
  admin(): commonV1.Principal;
  /** Anyone of the tenant, SELF scope, in `dept` (add them to the replica with `hire`). */
  as(employeeId: string, dept?: { id: string; path: string }): commonV1.Principal;
  /** Adds an employee to the org replica. */
  hire(employeeId: string, dept: { id: string; path: string }): Promise<void>;
  /** Someone of another tenant with every permission. */
  stranger(): commonV1.Principal;
  /** Decoded outbox events, oldest first, optionally of one aggregate. */
  events(aggregateId?: string): Promise<DomainEvent[]>;
  outboxCount(): Promise<number>;
  close(): Promise<void>;
}

export async function createSmallOrg(permissions: readonly string[]): Promise<SmallOrg> {
  const database = await createTestDatabase('crm', join(__dirname, '../../prisma/migrations'), { orgReplica: true });
  const db = createCrmDatabase(database.url);
  const tenantId = randomUUID();
  const departments = {
    east: { id: 'dept-east', path: '/root/sales/east/' },
    shanghai: { id: 'dept-sh', path: '/root/sales/east/sh/' },
    south: { id: 'dept-south', path: '/root/sales/south/' },
  };
  const people = { manager: randomUUID(), repShanghai: randomUUID(), repSouth: randomUUID() };
  for (const [id, dept] of [
    [people.manager, departments.east],
    [people.repShanghai, departments.shanghai],
    [people.repSouth, departments.south],
  ] as const) {
    await db.$executeRaw`
      INSERT INTO salesflow_employee_replica (id, tenant_id, department_id, department_path, version)
      VALUES (${id}::uuid, ${tenantId}::uuid, ${dept.id}, ${dept.path}, 1)`;
  }
  const principal = (
    employeeId: string,
    scope: commonV1.DataScope,
    dept: { id: string; path: string },
    tenant = tenantId,
  ) =>
    commonV1.Principal.fromPartial({
      tenantId: tenant,
      employeeId,
      permissions: [...permissions],
      dataScope: scope,
      departmentId: dept.id,
      departmentPath: dept.path,
    });
  const adminId = randomUUID();
  const strangerId = randomUUID();
  return {
    database,
    db,
    tenantId,
    people,
    departments,
    manager: () => principal(people.manager, 'DATA_SCOPE_DEPARTMENT_TREE', departments.east),
    repShanghai: () => principal(people.repShanghai, 'DATA_SCOPE_SELF', departments.shanghai),
    repSouth: () => principal(people.repSouth, 'DATA_SCOPE_SELF', departments.south),
    admin: () => principal(adminId, 'DATA_SCOPE_TENANT', departments.east),
    as: (employeeId, dept = departments.east) => principal(employeeId, 'DATA_SCOPE_SELF', dept),
    async hire(employeeId, dept) {
      await db.$executeRaw`
        INSERT INTO salesflow_employee_replica (id, tenant_id, department_id, department_path, version)
        VALUES (${employeeId}::uuid, ${tenantId}::uuid, ${dept.id}, ${dept.path}, 1)`;
    },
    stranger: () => principal(strangerId, 'DATA_SCOPE_TENANT', departments.east, randomUUID()),
    async events(aggregateId) {
      const rows = await db.$queryRaw<{ value: Uint8Array }[]>`
        SELECT value FROM salesflow_outbox
        WHERE ${aggregateId ?? null}::text IS NULL OR message_key = ${`${tenantId}:${aggregateId}`}
        ORDER BY seq`;
      return rows.map((r) => decodeEnvelope(r.value));
    },
    async outboxCount() {
      return Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`)[0]?.n);
    },
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}
