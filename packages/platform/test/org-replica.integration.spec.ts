import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DomainEvent } from '../src/messaging/event-envelope';
import type { SqlExecutor } from '../src/messaging/outbox';
import {
  employeeReplicaHandlers,
  replicatedEmployee,
  type SqlQuerier,
  visibleOwnerIds,
} from '../src/org-replica/employee-replica';
import { createTestDatabase, type TestDatabase } from '../src/testing';

/** Raw-SQL stand-ins for a Prisma client's tagged templates, on a real connection. */
function sqlClient(client: Client): SqlExecutor & SqlQuerier {
  const run = async (strings: TemplateStringsArray, values: unknown[]) => {
    const text = strings.reduce((acc, part, i) => `${acc}$${i}${part}`);
    return client.query(text, values);
  };
  return {
    $executeRaw: async (strings, ...values) => (await run(strings, values)).rowCount ?? 0,
    $queryRaw: async <T>(strings: TemplateStringsArray, ...values: unknown[]) => (await run(strings, values)).rows as T,
  };
}

describe('org replica', () => {
  let database: TestDatabase;
  let client: Client;
  let sql: SqlExecutor & SqlQuerier;
  let tenantId = randomUUID();

  beforeAll(async () => {
    // The kit's tables only: an empty service migrations folder.
    database = await createTestDatabase('platform', join(__dirname, 'no-migrations'), { orgReplica: true });
    client = new Client({ connectionString: database.url });
    await client.connect();
    sql = sqlClient(client);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const changed = (id: string, version: number, departmentId: string, departmentPath: string): DomainEvent => ({
    id: randomUUID(),
    type: 'identity.employee.updated',
    tenantId,
    aggregateId: id,
    aggregateVersion: version,
    occurredAt: new Date(),
    actorId: '',
    payload: { employee: { id, tenantId, name: `员工 ${version}`, departmentId, departmentPath, managerId: 'm1' } },
  });
  const apply = (event: DomainEvent) => employeeReplicaHandlers[event.type]?.(event, sql);

  it('keeps the newest version and ignores a late older one', async () => {
    const id = randomUUID();
    await apply(changed(id, 2, 'east', '/root/east/'));
    await apply(changed(id, 1, 'west', '/root/west/'));
    expect(await replicatedEmployee(sql, tenantId, id)).toEqual({
      id,
      name: '员工 2',
      departmentId: 'east',
      departmentPath: '/root/east/',
      managerId: 'm1',
      status: 'ACTIVE',
      successorId: '',
    });
  });

  it('records a departure with its successor', async () => {
    const [leaver, successor] = [randomUUID(), randomUUID()];
    await apply(changed(leaver, 1, 'east', '/root/east/'));
    await employeeReplicaHandlers['identity.employee.departed']?.(
      {
        ...changed(leaver, 2, 'east', '/root/east/'),
        type: 'identity.employee.departed',
        payload: {
          employeeId: leaver,
          successorId: successor,
          employee: {
            id: leaver,
            tenantId,
            name: '离职员工',
            departmentId: 'east',
            departmentPath: '/root/east/',
            status: 'EMPLOYEE_STATUS_DEPARTED',
            successorId: successor,
          },
        },
      },
      sql,
    );
    expect(await replicatedEmployee(sql, tenantId, leaver)).toMatchObject({
      status: 'DEPARTED',
      successorId: successor,
    });
  });

  it('resolves each data scope to the owners it covers, always including the caller', async () => {
    tenantId = randomUUID();
    const [director, eastManager, shanghaiRep, southRep] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await apply(changed(director, 1, 'root', '/root/'));
    await apply(changed(eastManager, 1, 'east', '/root/east/'));
    await apply(changed(shanghaiRep, 1, 'sh', '/root/east/sh/'));
    await apply(changed(southRep, 1, 'south', '/root/south/'));
    // A department whose path has LIKE wildcards in it must not match its neighbours.
    const oddRep = randomUUID();
    await apply(changed(oddRep, 1, 'odd', '/root/ea_t/'));

    const sorted = (ids: string[] | undefined) => [...(ids ?? [])].sort();
    expect(await visibleOwnerIds(sql, tenantId, director, { kind: 'tenant' })).toBeUndefined();
    expect(await visibleOwnerIds(sql, tenantId, southRep, { kind: 'self', employeeId: southRep })).toEqual([southRep]);
    expect(
      sorted(await visibleOwnerIds(sql, tenantId, eastManager, { kind: 'subtree', departmentPath: '/root/east/' })),
    ).toEqual(sorted([eastManager, shanghaiRep]));
    expect(
      sorted(await visibleOwnerIds(sql, tenantId, shanghaiRep, { kind: 'department', departmentId: 'sh' })),
    ).toEqual([shanghaiRep]);
    // Another tenant's replica rows are invisible.
    expect(await visibleOwnerIds(sql, randomUUID(), director, { kind: 'subtree', departmentPath: '/root/' })).toEqual([
      director,
    ]);
  });
});
