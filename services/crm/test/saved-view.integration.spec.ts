import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { SavedViewService } from '../src/modules/saved-view/saved-view.service';

/** Saved views of the leads list: private per person, validated, unique names, a cap of 50. */
describe('saved views', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let views: SavedViewService;
  const tenantId = randomUUID();
  const people = { anna: randomUUID(), bo: randomUUID() };
  const poolId = randomUUID();
  const principal = (employeeId: string, permissions = ['crm.lead.read'], tenant = tenantId) =>
    commonV1.Principal.fromPartial({
      tenantId: tenant,
      employeeId,
      permissions,
      dataScope: 'DATA_SCOPE_SELF',
      departmentId: 'dept-sh',
      departmentPath: '/root/sales/sh/',
    });
  const anna = () => principal(people.anna);
  const bo = () => principal(people.bo);

  beforeAll(async () => {
    database = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'));
    db = createCrmDatabase(database.url);
    views = new SavedViewService(db);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('saves a trimmed name with the filters, lists only the caller’s own views by name, and deletes them', async () => {
    const hot = await views.create(anna(), {
      list: 'leads',
      name: '  热门展会线索 ',
      filtersJson: JSON.stringify({ source: 'exhibition', status: 'new', claimable: false, q: '上海' }),
    });
    expect(hot).toMatchObject({ tenantId, employeeId: people.anna, list: 'leads', name: '热门展会线索' });
    expect(hot.filters).toEqual({ source: 'exhibition', status: 'new', claimable: false, q: '上海' });
    const pool = await views.create(anna(), { list: 'leads', name: 'A pool', filtersJson: JSON.stringify({ poolId }) });
    await views.create(bo(), { list: 'leads', name: 'Bo only', filtersJson: '{}' });

    // Ordered by name: "A pool" (A) sorts before the Chinese name.
    expect((await views.list(anna(), 'leads')).map((v) => v.name)).toEqual(['A pool', '热门展会线索']);
    expect((await views.list(bo(), 'leads')).map((v) => v.name)).toEqual(['Bo only']);
    // Another tenant with the same employee id sees nothing.
    expect(await views.list(principal(people.anna, ['crm.lead.read'], randomUUID()), 'leads')).toEqual([]);

    // Bo cannot delete Anna's view: NOT_FOUND, and it stays.
    await expect(views.delete(bo(), pool.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(views.delete(anna(), 'not-an-id')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await views.delete(anna(), pool.id);
    expect((await views.list(anna(), 'leads')).map((v) => v.name)).toEqual(['热门展会线索']);
    await expect(views.delete(anna(), pool.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a duplicate name with a field error on name, while another person may use it', async () => {
    await views.create(anna(), { list: 'leads', name: 'Mine', filtersJson: '{"status":"new"}' });
    await expect(views.create(anna(), { list: 'leads', name: ' Mine ', filtersJson: '{}' })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      details: { reason: 'SAVED_VIEW_NAME_TAKEN', fieldErrors: [{ field: 'name' }] },
    });
    await expect(views.create(bo(), { list: 'leads', name: 'Mine', filtersJson: '{}' })).resolves.toMatchObject({
      name: 'Mine',
    });
    expect(await db.savedView.count({ where: { tenantId, name: 'Mine' } })).toBe(2);
  });

  it('refuses bad input with field errors and without crm.lead.read, saving nothing', async () => {
    const before = await db.savedView.count();
    const fieldsOf = async (input: { list: string; name: string; filtersJson: string }) => {
      const error = await views.create(anna(), input).then(
        () => undefined,
        (e: { code: string; details: { fieldErrors?: { field: string }[] } }) => e,
      );
      expect(error?.code).toBe('INVALID_ARGUMENT');
      return error?.details.fieldErrors?.map((f) => f.field);
    };
    expect(await fieldsOf({ list: 'leads', name: '   ', filtersJson: '{}' })).toEqual(['name']);
    expect(await fieldsOf({ list: 'leads', name: 'x'.repeat(61), filtersJson: '{}' })).toEqual(['name']);
    expect(await fieldsOf({ list: 'customers', name: 'ok', filtersJson: '{}' })).toEqual(['list']);
    expect(await fieldsOf({ list: 'leads', name: 'ok', filtersJson: '{not json' })).toEqual(['filters']);
    expect(await fieldsOf({ list: 'leads', name: 'ok', filtersJson: '["new"]' })).toEqual(['filters']);
    expect(await fieldsOf({ list: 'leads', name: 'ok', filtersJson: '{"colour":"red"}' })).toEqual(['filters.colour']);
    expect(await fieldsOf({ list: 'leads', name: 'ok', filtersJson: '{"claimable":"yes"}' })).toEqual([
      'filters.claimable',
    ]);
    expect(await fieldsOf({ list: 'leads', name: 'ok', filtersJson: '{"ownerId":"bob"}' })).toEqual([
      'filters.ownerId',
    ]);
    // 4096 bytes at most: 1500 three-byte characters are 4500 bytes though only 1500 characters.
    expect(
      await fieldsOf({ list: 'leads', name: 'ok', filtersJson: JSON.stringify({ q: '线'.repeat(1500) }) }),
    ).toEqual(['filters']);
    await expect(views.list(anna(), 'orders')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      views.create(principal(people.anna, ['crm.customer.read']), { list: 'leads', name: 'n', filtersJson: '{}' }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(views.list(principal(people.anna, []), 'leads')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await db.savedView.count()).toBe(before);
  });

  it('keeps at most 50 views per person and list, even when saved at once', async () => {
    const carl = principal(randomUUID());
    // 55 saves at the same time: the lock makes the count check hold, so exactly 50 land.
    const results = await Promise.allSettled(
      Array.from({ length: 55 }, (_, i) => views.create(carl, { list: 'leads', name: `view ${i}`, filtersJson: '{}' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(await views.list(carl, 'leads')).toHaveLength(50);
  });
});
