import { crmV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { CrmClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const LEAD_ID = '0190a5e4-7c1e-7b3a-9f00-000000000001';
const POOL_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000f1';
const OWNER = '0190a5e4-7c1e-7b3a-9f00-0000000000aa';
const AT = new Date('2026-11-23T08:00:00.000Z');

const lead: crmV1.Lead = {
  id: LEAD_ID,
  tenantId: 't-1',
  name: '公海一',
  company: '',
  phone: '',
  email: '',
  source: crmV1.LeadSource.LEAD_SOURCE_WEB,
  status: crmV1.LeadStatus.LEAD_STATUS_NEW,
  ownerId: 'emp-1',
  notes: '',
  version: '5',
  nextFollowUpOn: '',
  poolId: POOL_ID,
  region: '华东',
  ownerSince: AT,
  convertedCustomerId: '',
  convertedContactId: '',
};

describe('lead pool and lead action routes', () => {
  let key: SigningKey;
  let rep: string;
  let manager: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key);
    manager = await signAccessToken(key, {
      claims: { ...REP_CLAIMS, perms: ['crm.lead.read', 'crm.lead.write', 'crm.pool.read', 'crm.pool.write'] },
    });
  });

  function build() {
    const { calls, record, sent } = callRecorder();
    const crm: Fake<Partial<CrmClient>> = {
      createLeadPool: record('createLeadPool', () => ({
        pool: {
          id: POOL_ID,
          tenantId: 't-1',
          name: '公海',
          public: true,
          assignment: crmV1.PoolAssignment.POOL_ASSIGNMENT_ROUND_ROBIN,
          memberIds: [OWNER],
          regionAssignees: {},
          claimLimit: 20,
          recycleAfterDays: 7,
          version: '1',
          createdAt: AT,
        },
      })),
      claimLead: record('claimLead', () => {
        throw new ServiceError('FAILED_PRECONDITION', 'limit', { reason: 'CLAIM_LIMIT_REACHED' });
      }),
      assignLead: record('assignLead', () => ({ lead })),
      updateLead: record('updateLead', () => ({ lead })),
      convertLead: record('convertLead', () => {
        throw new ServiceError('FAILED_PRECONDITION', 'converted already', { reason: 'LEAD_ALREADY_CONVERTED' });
      }),
      getConversionRules: record('getConversionRules', () => ({
        rules: { mappings: [{ source: 'company', target: 'customer.name', defaultValue: '' }], version: '0' },
      })),
      updateConversionRules: record('updateConversionRules', () => {
        throw new ServiceError('CONFLICT', 'changed');
      }),
      getLeadHistory: record('getLeadHistory', () => ({
        operations: [
          {
            id: 'op-1',
            leadId: LEAD_ID,
            action: 'recycled',
            actorId: '',
            occurredAt: AT,
            before: { ownerId: 'emp-1' },
            after: { ownerId: null },
          },
        ],
      })),
    };
    const app = routeTestApp(key, { crm: crm as CrmClient });
    return { app, calls, sent };
  }

  it('creates a pool with API names mapped to proto', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/lead-pools')
      .set('Authorization', `Bearer ${manager}`)
      .send({
        name: '公海',
        public: true,
        assignment: 'round_robin',
        memberIds: [OWNER],
        claimLimit: 20,
        recycleAfterDays: 7,
      });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ assignment: 'round_robin', claimLimit: 20, recycleAfterDays: 7 });
    expect(sent('createLeadPool')).toEqual({
      name: '公海',
      public: true,
      assignment: 'POOL_ASSIGNMENT_ROUND_ROBIN',
      memberIds: [OWNER],
      regionAssignees: {},
      claimLimit: 20,
      recycleAfterDays: 7,
    });
  });

  it('refuses pool writes and assignment to a rep without crm.pool.write', async () => {
    const { app, calls } = build();
    const pool = await request(app)
      .post('/api/v1/lead-pools')
      .set('Authorization', `Bearer ${rep}`)
      .send({ name: 'x' });
    const assign = await request(app)
      .post(`/api/v1/leads/${LEAD_ID}/assign`)
      .set('Authorization', `Bearer ${rep}`)
      .send({});
    expect([pool.status, assign.status]).toEqual([403, 403]);
    expect(calls).toEqual([]);
  });

  it('answers a reached claim limit as a problem naming the reason', async () => {
    const { app } = build();
    const res = await request(app).post(`/api/v1/leads/${LEAD_ID}/claim`).set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('assigns by the pool rule when no owner is named, and patches with If-Match', async () => {
    const { app, sent } = build();
    const assigned = await request(app)
      .post(`/api/v1/leads/${LEAD_ID}/assign`)
      .set('Authorization', `Bearer ${manager}`);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ poolId: POOL_ID, region: '华东', ownerSince: AT.toISOString() });
    expect(sent('assignLead')).toEqual({ id: LEAD_ID, ownerId: '' });

    const patched = await request(app)
      .patch(`/api/v1/leads/${LEAD_ID}`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"4"')
      .send({ status: 'qualified', nextFollowUpOn: null });
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe('"5"');
    expect(sent('updateLead')).toMatchObject({
      id: LEAD_ID,
      expectedVersion: '4',
      status: 'LEAD_STATUS_QUALIFIED',
      source: 'LEAD_SOURCE_UNSPECIFIED',
      nextFollowUpOn: '',
      name: undefined,
    });
    const converted = await request(app)
      .patch(`/api/v1/leads/${LEAD_ID}`)
      .set('Authorization', `Bearer ${rep}`)
      .send({ status: 'converted' });
    expect(converted.status).toBe(400);
  });

  it('shows the operation log with a null actor for the system', async () => {
    const { app } = build();
    const res = await request(app).get(`/api/v1/leads/${LEAD_ID}/history`).set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: 'op-1',
        action: 'recycled',
        actorId: null,
        occurredAt: AT.toISOString(),
        before: { ownerId: 'emp-1' },
        after: { ownerId: null },
      },
    ]);
  });

  it('answers a second conversion with 409, and serves the conversion rules with their version', async () => {
    const { app, sent } = build();
    const again = await request(app).post(`/api/v1/leads/${LEAD_ID}/convert`).set('Authorization', `Bearer ${rep}`);
    expect(again.status).toBe(409);
    expect(sent('convertLead')).toEqual({ id: LEAD_ID, openOpportunity: false, opportunityName: '' });

    const rules = await request(app).get('/api/v1/conversion-rules').set('Authorization', `Bearer ${rep}`);
    expect(rules.status).toBe(200);
    expect(rules.headers.etag).toBe('"0"');
    expect(rules.body).toEqual({
      mappings: [{ source: 'company', target: 'customer.name', defaultValue: '' }],
      version: 0,
      updatedAt: null,
    });
  });

  it('needs crm.settings.write to replace the rules, and turns a stale If-Match into 412', async () => {
    const { app, sent } = build();
    const body = { mappings: [{ source: 'name', target: 'contact.name' }] };
    const forbidden = await request(app)
      .put('/api/v1/conversion-rules')
      .set('Authorization', `Bearer ${rep}`)
      .send(body);
    expect(forbidden.status).toBe(403);
    const admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.settings.write'] } });
    const stale = await request(app)
      .put('/api/v1/conversion-rules')
      .set('Authorization', `Bearer ${admin}`)
      .set('If-Match', '"2"')
      .send(body);
    expect(stale.status).toBe(412);
    expect(sent('updateConversionRules')).toEqual({
      expectedVersion: '2',
      mappings: [{ source: 'name', target: 'contact.name', defaultValue: '' }],
    });
  });
});
