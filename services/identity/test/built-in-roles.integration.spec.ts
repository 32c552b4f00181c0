// Built-in roles across releases, against a real PostgreSQL: a permission a newer release adds to
// a built-in role reaches tenants created before it, once; what an admin removed stays removed.
import { join } from 'node:path';
import { createLogger } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { createIdentityDatabase, type IdentityDatabase } from '../src/database';
import { IDENTITY_OUTBOX } from '../src/modules';
import { syncBuiltInRolesOfAllTenants } from '../src/modules/role/built-in-role-sync';
import { seedDemoTenant } from '../src/seed/demo-tenant';

const log = createLogger('identity-test', 'silent');

let database: TestDatabase;
let db: IdentityDatabase;
let tenantId: string;

async function role(code: string) {
  return db.role.findUniqueOrThrow({ where: { tenantId_code: { tenantId, code } } });
}

/** What an older release left behind: the rep role without `permission`, and no record of giving it. */
async function asBeforeTheReleaseThatAdded(permission: string) {
  const rep = await role('sales_rep');
  await db.role.update({
    where: { id: rep.id },
    data: { permissions: rep.permissions.filter((p) => p !== permission) },
  });
  await db.builtInRoleGrant.delete({
    where: { tenantId_roleCode_permission: { tenantId, roleCode: 'sales_rep', permission } },
  });
}

beforeAll(async () => {
  database = await createTestDatabase('identity', join(__dirname, '..', 'prisma', 'migrations'));
  db = createIdentityDatabase(database.url);
  await seedDemoTenant(db, IDENTITY_OUTBOX);
  tenantId = (await db.tenant.findFirstOrThrow({ select: { id: true } })).id;
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('built-in roles brought up to this release at startup', () => {
  it('grants a permission the release added to an existing tenant once, with an audit record', async () => {
    await asBeforeTheReleaseThatAdded('notifications.read');
    const before = await role('sales_rep');
    expect(before.permissions).not.toContain('notifications.read');

    await syncBuiltInRolesOfAllTenants(db, log);
    await syncBuiltInRolesOfAllTenants(db, log);

    const after = await role('sales_rep');
    expect(after.permissions).toContain('notifications.read');
    expect(after.permissions.filter((p) => p === 'notifications.read')).toHaveLength(1);
    expect(after.version).toBe(before.version + 1);
    const audit = await db.changeRecord.findMany({ where: { entityId: after.id, action: 'updated' } });
    expect(audit).toHaveLength(1);
  });

  it('does not give back a permission an admin took away', async () => {
    const rep = await role('sales_rep');
    await db.role.update({
      where: { id: rep.id },
      data: { permissions: rep.permissions.filter((p) => p !== 'field.expense.write') },
    });

    await syncBuiltInRolesOfAllTenants(db, log);

    expect((await role('sales_rep')).permissions).not.toContain('field.expense.write');
  });

  it('creates a built-in role the tenant lacks, and leaves custom roles alone', async () => {
    const manager = await role('sales_manager');
    await db.employeeRole.deleteMany({ where: { roleId: manager.id } });
    await db.role.delete({ where: { id: manager.id } });
    const custom = await db.role.create({
      data: {
        id: '0190a5e4-7c1e-7b3a-9f00-00000000c0de',
        tenantId,
        code: 'sales_manager_custom',
        name: '定制角色',
        permissions: ['crm.lead.read'],
        dataScope: 'SELF',
      },
    });

    await syncBuiltInRolesOfAllTenants(db, log);

    const recreated = await role('sales_manager');
    expect(recreated.builtIn).toBe(true);
    expect(recreated.dataScope).toBe('DEPARTMENT_TREE');
    expect((await db.role.findUniqueOrThrow({ where: { id: custom.id } })).permissions).toEqual(['crm.lead.read']);
  });
});
