import { crmV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { CrmClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const PROBLEM = /^application\/problem\+json/;
const CUSTOMER_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000c1';
const AT = new Date('2026-11-23T08:00:00.000Z');
const FIELD_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000f1';

function storedCustomer(overrides: Partial<crmV1.Customer> = {}): crmV1.Customer {
  return {
    id: CUSTOMER_ID,
    tenantId: 't-1',
    name: '华信贸易',
    industry: '制造业',
    region: '',
    address: '',
    location: { latitude: 31.2397, longitude: 121.4998 },
    tier: 'A',
    lifecycle: crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_PROSPECT,
    tags: ['VIP'],
    groups: [],
    ownerId: 'emp-1',
    customFields: { annual_revenue: 12000000 },
    version: '4',
    createdAt: AT,
    updatedAt: AT,
    nextFollowUpOn: '',
    churnReason: '',
    ...overrides,
  };
}

describe('customer, contact and custom-field routes', () => {
  let key: SigningKey;
  let rep: string;
  let reader: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key, {
      claims: {
        ...REP_CLAIMS,
        perms: ['crm.customer.read', 'crm.customer.write', 'crm.contact.read', 'crm.contact.write'],
      },
    });
    reader = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.customer.read'] } });
  });

  function build() {
    const { calls, record, sent } = callRecorder();
    const crm: Fake<Partial<CrmClient>> = {
      createCustomer: record('createCustomer', () => ({ customer: storedCustomer({ version: '1' }), duplicates: [] })),
      listCustomers: record('listCustomers', () => ({ customers: [storedCustomer()], page: { nextCursor: '' } })),
      getCustomer: record('getCustomer', () => {
        throw new ServiceError('NOT_FOUND', `customer ${CUSTOMER_ID} not found`);
      }),
      updateCustomer: record('updateCustomer', () => {
        throw new ServiceError('CONFLICT', 'customer was changed by someone else');
      }),
      listUpcomingBirthdays: record('listUpcomingBirthdays', () => ({ birthdays: [] })),
      createCustomField: record('createCustomField', () => ({})),
      updateCustomField: record('updateCustomField', () => ({
        customField: {
          id: FIELD_ID,
          tenantId: 't-1',
          key: 'channels',
          label: '渠道',
          type: crmV1.CustomFieldType.CUSTOM_FIELD_TYPE_MULTI_SELECT,
          options: ['retail', 'online'],
          required: true,
          version: '3',
          createdAt: AT,
        },
      })),
    };
    const app = routeTestApp(key, { crm: crm as CrmClient });
    return { app, calls, sent };
  }

  it('creates a customer: 201, Location, ETag, and API names mapped to proto', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/customers')
      .set('Authorization', `Bearer ${rep}`)
      .send({ name: '华信贸易', lifecycle: 'active', tags: ['VIP'], customFields: { annual_revenue: 12000000 } });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/customers/${CUSTOMER_ID}`);
    expect(res.body).toMatchObject({
      id: CUSTOMER_ID,
      region: null,
      location: { latitude: 31.2397, longitude: 121.4998 },
      lifecycle: 'prospect',
      customFields: { annual_revenue: 12000000 },
      version: 1,
    });
    expect(sent('createCustomer')).toMatchObject({
      name: '华信贸易',
      lifecycle: 'CUSTOMER_LIFECYCLE_ACTIVE',
      tags: ['VIP'],
      groups: [],
      ownerId: '',
      customFields: { annual_revenue: 12000000 },
    });
  });

  it('changes a custom field with If-Match as expected_version; key and type cannot be sent', async () => {
    const { app, sent } = build();
    const admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.settings.write'] } });

    const res = await request(app)
      .patch(`/api/v1/custom-fields/${FIELD_ID}`)
      .set('Authorization', `Bearer ${admin}`)
      .set('If-Match', '"2"')
      .send({ label: ' 渠道 ', required: true, options: ['retail', 'online'] });
    const keyChange = await request(app)
      .patch(`/api/v1/custom-fields/${FIELD_ID}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ key: 'other', type: 'text' });
    const forbidden = await request(app)
      .patch(`/api/v1/custom-fields/${FIELD_ID}`)
      .set('Authorization', `Bearer ${rep}`)
      .send({ label: 'x' });

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toMatchObject({
      key: 'channels',
      type: 'multi_select',
      options: ['retail', 'online'],
      version: 3,
    });
    expect(sent('updateCustomField')).toEqual({
      id: FIELD_ID,
      expectedVersion: '2',
      label: '渠道',
      required: true,
      options: { options: ['retail', 'online'] },
    });
    expect(keyChange.status).toBe(400);
    expect(forbidden.status).toBe(403);
  });

  it('passes cf.<key> query parameters as custom field filters', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/customers?lifecycle=dormant&cf.channels=retail&cf.annual_revenue=500000&limit=500')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(sent('listCustomers')).toMatchObject({
      page: { limit: 200, cursor: '' },
      lifecycle: 'CUSTOMER_LIFECYCLE_DORMANT',
      customFieldFilters: { channels: 'retail', annual_revenue: '500000' },
    });
  });

  it('answers 404 problem+json for a customer crm does not show', async () => {
    const { app } = build();
    const res = await request(app).get(`/api/v1/customers/${CUSTOMER_ID}`).set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it('sends If-Match as expected_version, null location as clear, and turns a conflict into 412', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .patch(`/api/v1/customers/${CUSTOMER_ID}`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"3"')
      .send({ location: null, tags: [] });
    expect(res.status).toBe(412);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(sent('updateCustomer')).toMatchObject({
      id: CUSTOMER_ID,
      expectedVersion: '3',
      clearLocation: true,
      location: undefined,
      tags: { values: [] },
      groups: undefined,
    });
  });

  it('refuses writes without the permission and bad input, calling crm for neither', async () => {
    const { app, calls } = build();
    const forbidden = await request(app)
      .post('/api/v1/customers')
      .set('Authorization', `Bearer ${reader}`)
      .send({ name: 'x' });
    expect(forbidden.status).toBe(403);
    const settings = await request(app)
      .post('/api/v1/custom-fields')
      .set('Authorization', `Bearer ${rep}`)
      .send({ key: 'x', label: 'x', type: 'text' });
    expect(settings.status).toBe(403);
    const bad = await request(app)
      .post('/api/v1/customers')
      .set('Authorization', `Bearer ${rep}`)
      .send({ name: '', location: { latitude: 91, longitude: 0 }, lifecycle: 'zombie' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'lifecycle',
      'location.latitude',
      'name',
    ]);
    const tooFar = await request(app)
      .get('/api/v1/contacts/birthdays?within=61d')
      .set('Authorization', `Bearer ${rep}`);
    expect(tooFar.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('reads within=Nd as days for the birthday list', async () => {
    const { app, sent } = build();
    const res = await request(app).get('/api/v1/contacts/birthdays?within=14d').set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
    expect(sent('listUpcomingBirthdays')).toEqual({ withinDays: 14 });
  });
});

describe('activity routes', () => {
  let key: SigningKey;
  let rep: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key, {
      claims: { ...REP_CLAIMS, perms: ['crm.activity.read', 'crm.activity.write', 'crm.customer.read'] },
    });
  });

  function build() {
    const { calls, record } = callRecorder();
    const crm: Fake<Partial<CrmClient>> = {
      createActivity: record('createActivity', (req: crmV1.CreateActivityRequest) => ({
        activity: {
          id: 'a-1',
          tenantId: 't-1',
          subjectType: req.subjectType,
          subjectId: req.subjectId,
          method: req.method,
          contactId: '',
          content: req.content,
          result: '',
          nextStep: '',
          nextFollowUpOn: req.nextFollowUpOn,
          ownerId: 'emp-1',
          occurredAt: AT,
          createdAt: AT,
        },
      })),
      listOverdueFollowUps: record('listOverdueFollowUps', () => ({
        items: [
          {
            subjectType: crmV1.ActivitySubjectType.ACTIVITY_SUBJECT_TYPE_CUSTOMER,
            subjectId: CUSTOMER_ID,
            name: '华信',
            ownerId: 'emp-1',
            nextFollowUpOn: '2026-11-20',
            daysOverdue: 3,
          },
        ],
      })),
      getCustomerTimeline: record('getCustomerTimeline', () => ({ entries: [], page: { nextCursor: '' } })),
    };
    const app = routeTestApp(key, { crm: crm as CrmClient });
    return { app, calls };
  }

  it('records a follow-up with API names mapped to proto', async () => {
    const { app, calls } = build();
    const res = await request(app).post('/api/v1/activities').set('Authorization', `Bearer ${rep}`).send({
      subjectType: 'customer',
      subjectId: CUSTOMER_ID,
      method: 'wechat',
      content: '发了报价单',
      nextFollowUpOn: '2026-11-30',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ subjectType: 'customer', method: 'wechat', nextFollowUpOn: '2026-11-30' });
    expect(calls[0]?.request).toMatchObject({
      subjectType: 'ACTIVITY_SUBJECT_TYPE_CUSTOMER',
      method: 'FOLLOW_UP_METHOD_WECHAT',
      contactId: '',
      occurredAt: undefined,
    });
  });

  it('refuses a bad method or date without calling crm', async () => {
    const { app, calls } = build();
    const res = await request(app)
      .post('/api/v1/activities')
      .set('Authorization', `Bearer ${rep}`)
      .send({ subjectType: 'deal', subjectId: 'x', method: 'fax', content: '', nextFollowUpOn: '2026-02-30' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'content',
      'method',
      'nextFollowUpOn',
      'subjectId',
      'subjectType',
    ]);
    expect(calls).toEqual([]);
  });

  it('maps ?scope=team to team and names the subject type', async () => {
    const { app, calls } = build();
    const res = await request(app).get('/api/v1/activities/overdue?scope=team').set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        subjectType: 'customer',
        subjectId: CUSTOMER_ID,
        name: '华信',
        ownerId: 'emp-1',
        nextFollowUpOn: '2026-11-20',
        daysOverdue: 3,
      },
    ]);
    expect(calls[0]?.request).toEqual({ team: true });
    const bad = await request(app)
      .get('/api/v1/activities/overdue?scope=everyone')
      .set('Authorization', `Bearer ${rep}`);
    expect(bad.status).toBe(400);
  });

  it('pages the customer timeline', async () => {
    const { app, calls } = build();
    const res = await request(app)
      .get(`/api/v1/customers/${CUSTOMER_ID}/timeline?limit=10`)
      .set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
    expect(calls[0]?.request).toEqual({ customerId: CUSTOMER_ID, page: { limit: 10, cursor: '' } });
  });
});

describe('duplicates and merging', () => {
  let key: SigningKey;
  let rep: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key, {
      claims: { ...REP_CLAIMS, perms: ['crm.customer.read', 'crm.customer.write', 'crm.lead.write'] },
    });
  });

  function build() {
    const { calls, record } = callRecorder();
    const duplicate: crmV1.DuplicateMatch = {
      kind: 'customer',
      id: CUSTOMER_ID,
      matchedOn: ['company'],
      visible: false,
      name: '',
      ownerId: '',
    };
    const crm: Fake<Partial<CrmClient>> = {
      createCustomer: record('createCustomer', (req: crmV1.CreateCustomerRequest) =>
        req.force ? { customer: storedCustomer({ version: '1' }), duplicates: [] } : { duplicates: [duplicate] },
      ),
      createLead: record('createLead', () => ({
        duplicates: [{ ...duplicate, kind: 'lead', matchedOn: ['phone', 'email'], visible: true, name: '王建国' }],
      })),
      mergeCustomers: record('mergeCustomers', () => ({ customer: storedCustomer({ version: '5' }) })),
    };
    const app = routeTestApp(key, { crm: crm as CrmClient });
    return { app, calls };
  }

  it('answers a look-alike customer with 409 and the match, and creates it with ?force=true', async () => {
    const { app, calls } = build();
    const refused = await request(app)
      .post('/api/v1/customers')
      .set('Authorization', `Bearer ${rep}`)
      .send({ name: '华信' });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    expect(refused.body).toMatchObject({
      status: 409,
      reason: 'DUPLICATE',
      duplicates: [
        { kind: 'customer', id: CUSTOMER_ID, matchedOn: ['company'], visible: false, name: null, ownerId: null },
      ],
    });
    const forced = await request(app)
      .post('/api/v1/customers?force=true')
      .set('Authorization', `Bearer ${rep}`)
      .send({ name: '华信' });
    expect(forced.status).toBe(201);
    expect(calls.map((c) => (c.request as { force: boolean }).force)).toEqual([false, true]);
  });

  it('answers a look-alike lead with 409 naming what matched', async () => {
    const { app } = build();
    const res = await request(app).post('/api/v1/leads').set('Authorization', `Bearer ${rep}`).send({ name: '王总' });
    expect(res.status).toBe(409);
    expect(res.body.duplicates).toEqual([
      { kind: 'lead', id: CUSTOMER_ID, matchedOn: ['phone', 'email'], visible: true, name: '王建国', ownerId: null },
    ]);
  });

  it('merges with If-Match and refuses a body without sourceId', async () => {
    const { app, calls } = build();
    const source = '0190a5e4-7c1e-7b3a-9f00-0000000000c2';
    const bad = await request(app)
      .post(`/api/v1/customers/${CUSTOMER_ID}/merge`)
      .set('Authorization', `Bearer ${rep}`)
      .send({});
    expect(bad.status).toBe(400);
    const res = await request(app)
      .post(`/api/v1/customers/${CUSTOMER_ID}/merge`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"4"')
      .send({ sourceId: source });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"5"');
    expect(calls).toEqual([
      {
        method: 'mergeCustomers',
        request: { id: CUSTOMER_ID, sourceId: source, expectedVersion: '4' },
        options: expect.anything(),
      },
    ]);
  });
});

describe('CSV import and export', () => {
  let key: SigningKey;
  let rep: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key, {
      claims: { ...REP_CLAIMS, perms: ['crm.lead.read', 'crm.lead.write', 'crm.customer.read'] },
    });
  });

  function build() {
    const { calls, record } = callRecorder();
    const crm: Fake<Partial<CrmClient>> = {
      importLeads: record('importLeads', () => ({
        report: {
          totalRows: 3,
          created: 1,
          errors: [{ row: 3, field: 'phone', message: 'is not a phone number' }],
          duplicates: [{ row: 4, matches: [], duplicateOfRow: 2 }],
        },
      })),
      exportCustomers: record('exportCustomers', (req: crmV1.ExportCustomersRequest) =>
        req.page?.cursor ? { csv: '2,乙\r\n', nextCursor: '' } : { csv: 'id,name\r\n1,甲\r\n', nextCursor: 'next' },
      ),
    };
    const app = routeTestApp(key, { crm: crm as CrmClient });
    return { app, calls };
  }

  it('sends the CSV to crm and answers its report', async () => {
    const { app, calls } = build();
    const csv = 'name,phone\n王建国,13800138000\n';
    const res = await request(app)
      .post('/api/v1/leads/import?force=true')
      .set('Authorization', `Bearer ${rep}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      totalRows: 3,
      created: 1,
      errors: [{ row: 3, field: 'phone', message: 'is not a phone number' }],
      duplicates: [{ row: 4, matches: [], duplicateOfRow: 2 }],
    });
    expect(calls).toEqual([{ method: 'importLeads', request: { csv, force: true }, options: expect.anything() }]);
  });

  it('refuses a body that is not text/csv', async () => {
    const { app, calls } = build();
    const res = await request(app)
      .post('/api/v1/leads/import')
      .set('Authorization', `Bearer ${rep}`)
      .send({ csv: 'x' });
    expect(res.status).toBe(415);
    expect(calls).toEqual([]);
  });

  it('streams every export page after a BOM', async () => {
    const { app, calls } = build();
    const res = await request(app)
      .get('/api/v1/customers/export?lifecycle=active')
      .set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="customers.csv"');
    expect(res.text).toBe('\ufeffid,name\r\n1,甲\r\n2,乙\r\n');
    expect(calls.map((c) => (c.request as { page: { cursor: string } }).page.cursor)).toEqual(['', 'next']);
  });
});
