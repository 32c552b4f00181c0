import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { CrmClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const VIEW_ID = '0190a5e4-7c1e-7b3a-9f00-0000000005a1';
const POOL_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000f1';
const AT = new Date('2026-12-13T08:00:00.000Z');

describe('saved view routes', () => {
  let key: SigningKey;
  let rep: string;
  let noLeads: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key);
    noLeads = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.customer.read'] } });
  });

  function build(options: { duplicate?: boolean } = {}) {
    const { calls, record, sent } = callRecorder();
    const crm: Fake<Partial<CrmClient>> = {
      listSavedViews: record('listSavedViews', () => ({
        views: [
          {
            id: VIEW_ID,
            list: 'leads',
            name: '展会新线索',
            filtersJson: '{"source":"exhibition","status":"new","claimable":true}',
            createdAt: AT,
          },
          // Saved before "fax" stopped being a lead source: the other filters still apply.
          { id: POOL_ID, list: 'leads', name: 'Old', filtersJson: '{"source":"fax","q":"杭州"}', createdAt: AT },
        ],
      })),
      createSavedView: record('createSavedView', (req: { name: string; filtersJson: string }) => {
        if (options.duplicate) {
          throw new ServiceError('ALREADY_EXISTS', 'a saved view named "x" exists', {
            reason: 'SAVED_VIEW_NAME_TAKEN',
            fieldErrors: [{ field: 'name', message: 'is already the name of one of your views' }],
          });
        }
        return { view: { id: VIEW_ID, list: 'leads', name: req.name, filtersJson: req.filtersJson, createdAt: AT } };
      }),
      deleteSavedView: record('deleteSavedView', (req: { id: string }) => {
        if (req.id !== VIEW_ID) throw new ServiceError('NOT_FOUND', `saved view ${req.id} not found`);
        return {};
      }),
    };
    const app = routeTestApp(key, { crm: crm as CrmClient });
    return { app, calls, sent };
  }

  it('lists the caller’s views of a list with the filters as an object', async () => {
    const { app, sent } = build();
    const res = await request(app).get('/api/v1/saved-views?list=leads').set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: VIEW_ID,
          list: 'leads',
          name: '展会新线索',
          filters: { source: 'exhibition', status: 'new', claimable: true },
          createdAt: '2026-12-13T08:00:00.000Z',
        },
        { id: POOL_ID, list: 'leads', name: 'Old', filters: { q: '杭州' }, createdAt: '2026-12-13T08:00:00.000Z' },
      ],
    });
    expect(sent('listSavedViews')).toEqual({ list: 'leads' });
  });

  it('saves a trimmed name with the filters sent to crm as JSON', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/saved-views')
      .set('Authorization', `Bearer ${rep}`)
      .send({ list: 'leads', name: ' 公海可领 ', filters: { poolId: POOL_ID, claimable: true, q: '上海' } });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/saved-views/${VIEW_ID}`);
    expect(res.body).toMatchObject({ name: '公海可领', filters: { poolId: POOL_ID, claimable: true, q: '上海' } });
    expect(sent('createSavedView')).toEqual({
      list: 'leads',
      name: '公海可领',
      filtersJson: `{"poolId":"${POOL_ID}","claimable":true,"q":"上海"}`,
    });
  });

  it('answers a duplicate name with 409 and a field error on name', async () => {
    const { app } = build({ duplicate: true });
    const res = await request(app)
      .post('/api/v1/saved-views')
      .set('Authorization', `Bearer ${rep}`)
      .send({ list: 'leads', name: 'x', filters: {} });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'name', message: 'is already the name of one of your views' }]);
  });

  it('refuses bad input with field errors without calling crm', async () => {
    const { app, calls } = build();
    const post = (body: object) =>
      request(app).post('/api/v1/saved-views').set('Authorization', `Bearer ${rep}`).send(body);
    const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field);

    const blank = await post({ list: 'leads', name: '   ', filters: {} });
    expect(blank.status).toBe(400);
    expect(fieldsOf(blank)).toEqual(['name']);
    const long = await post({ list: 'leads', name: 'x'.repeat(61), filters: {} });
    expect(fieldsOf(long)).toEqual(['name']);
    const unknownKey = await post({ list: 'leads', name: 'ok', filters: { colour: 'red' } });
    expect(unknownKey.status).toBe(400);
    const badSource = await post({ list: 'leads', name: 'ok', filters: { source: 'carrier_pigeon' } });
    expect(fieldsOf(badSource)).toEqual(['filters.source']);
    const badList = await post({ list: 'orders', name: 'ok', filters: {} });
    expect(fieldsOf(badList)).toEqual(['list']);
    const listQuery = await request(app).get('/api/v1/saved-views?list=orders').set('Authorization', `Bearer ${rep}`);
    expect(listQuery.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('deletes with 204 and answers another person’s view with 404', async () => {
    const { app, sent } = build();
    const gone = await request(app).delete(`/api/v1/saved-views/${VIEW_ID}`).set('Authorization', `Bearer ${rep}`);
    expect(gone.status).toBe(204);
    expect(sent('deleteSavedView')).toEqual({ id: VIEW_ID });
    const theirs = await request(app)
      .delete('/api/v1/saved-views/0190a5e4-7c1e-7b3a-9f00-0000000005ff')
      .set('Authorization', `Bearer ${rep}`);
    expect(theirs.status).toBe(404);
  });

  it('needs crm.lead.read', async () => {
    const { app, calls } = build();
    const list = await request(app).get('/api/v1/saved-views?list=leads').set('Authorization', `Bearer ${noLeads}`);
    const save = await request(app)
      .post('/api/v1/saved-views')
      .set('Authorization', `Bearer ${noLeads}`)
      .send({ list: 'leads', name: 'x', filters: {} });
    const remove = await request(app)
      .delete(`/api/v1/saved-views/${VIEW_ID}`)
      .set('Authorization', `Bearer ${noLeads}`);
    expect([list.status, save.status, remove.status]).toEqual([403, 403, 403]);
    expect(calls).toEqual([]);
  });
});
