import type { fieldV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { VisitsClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';
import { mondayOf, scheduleOf } from './mappers/field-visit.mapper';

const PLAN_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000a1';
const CUSTOMER = '0190a5e4-7c1e-7b3a-9f00-0000000000c1';
const CHECK_IN_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000d1';
const PHOTO_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000d2';
const AT = new Date('2026-11-23T01:00:00.000Z');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);

function plan(overrides: Partial<fieldV1.VisitPlan> = {}): fieldV1.VisitPlan {
  return {
    id: PLAN_ID,
    tenantId: 't-1',
    employeeId: '0190a5e4-7c1e-7b3a-9f00-0000000000e1',
    planDate: '2026-11-23',
    status: 'VISIT_PLAN_STATUS_SUBMITTED',
    items: [
      { id: PLAN_ID, customerId: CUSTOMER, plannedTime: '09:30', purpose: 'VISIT_PURPOSE_COLLECTION', notes: '' },
    ],
    approverId: '0190a5e4-7c1e-7b3a-9f00-0000000000e2',
    submittedAt: AT,
    decidedBy: '',
    decisionComment: '',
    version: '2',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

const checkIn: fieldV1.CheckIn = {
  id: CHECK_IN_ID,
  tenantId: 't-1',
  employeeId: 'emp-1',
  kind: 'CHECK_IN_KIND_CHECK_IN',
  occurredAt: AT,
  latitude: 31.2314,
  longitude: 121.4737,
  accuracyMeters: 8,
  customerId: CUSTOMER,
  notes: '',
  version: '1',
  distanceMeters: 111.195,
  insideGeofence: true,
  planItemId: '',
  flags: [],
  photoIds: [PHOTO_ID],
  geofenceRadiusMeters: 200,
};

describe('field visit routes', () => {
  let key: SigningKey;
  let rep: string;
  let manager: string;

  beforeAll(async () => {
    key = await createSigningKey();
    const perms = [
      'field.plan.read',
      'field.plan.write',
      'field.checkin.write',
      'field.checkin.read',
      'field.visit.read',
    ];
    rep = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms } });
    manager = await signAccessToken(key, {
      claims: { ...REP_CLAIMS, perms: [...perms, 'field.plan.approve', 'field.settings.write'] },
    });
  });

  function build() {
    const { calls, record } = callRecorder();
    const visits: Fake<Partial<VisitsClient>> = {
      createVisitPlan: record('createVisitPlan', () => ({
        plan: plan({ status: 'VISIT_PLAN_STATUS_DRAFT', version: '1' }),
      })),
      listVisitPlans: record('listVisitPlans', () => ({
        plans: [
          plan(),
          plan({ planDate: '2026-11-24', status: 'VISIT_PLAN_STATUS_APPROVED' }),
          plan({ planDate: '2026-11-30', items: [] }),
        ],
      })),
      rejectVisitPlan: record('rejectVisitPlan', () => {
        throw new ServiceError('CONFLICT', 'changed', { reason: 'VERSION_MISMATCH' });
      }),
      approveVisitPlan: record('approveVisitPlan', () => ({
        plan: plan({ status: 'VISIT_PLAN_STATUS_APPROVED', version: '3' }),
      })),
      recordCheckInWithPhotos: record('recordCheckInWithPhotos', () => ({ checkIn })),
      getCheckInPhoto: record('getCheckInPhoto', () => ({ contentType: 'image/jpeg', data: JPEG })),
      listVisitsByDateRange: record('listVisitsByDateRange', () => ({ visits: [], page: { nextCursor: '' } })),
    };
    const app = routeTestApp(key, { visits: visits as VisitsClient });
    return { app, calls };
  }

  it('creates a plan with purposes in proto form and answers 201 with an ETag', async () => {
    const { app, calls } = build();
    const response = await request(app)
      .post('/api/v1/visit-plans')
      .set('Authorization', `Bearer ${rep}`)
      .send({ planDate: '2026-11-23', items: [{ customerId: CUSTOMER, plannedTime: '09:30', purpose: 'collection' }] });
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({ status: 'draft', items: [{ purpose: 'collection', plannedTime: '09:30' }] });
    expect(calls[0]?.request).toEqual({
      planDate: '2026-11-23',
      items: [{ id: '', customerId: CUSTOMER, plannedTime: '09:30', purpose: 'VISIT_PURPOSE_COLLECTION', notes: '' }],
    });
  });

  it('refuses a bad plan before calling field', async () => {
    const { app, calls } = build();
    const response = await request(app)
      .post('/api/v1/visit-plans')
      .set('Authorization', `Bearer ${rep}`)
      .send({ planDate: '2026-11-31', items: [{ customerId: CUSTOMER, plannedTime: '9:30', purpose: 'party' }] });
    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'planDate',
      'items.0.plannedTime',
      'items.0.purpose',
    ]);
    expect(calls).toEqual([]);
  });

  it('needs field.plan.approve to approve, and turns a stale If-Match into 412', async () => {
    const { app, calls } = build();
    const denied = await request(app)
      .post(`/api/v1/visit-plans/${PLAN_ID}/approve`)
      .set('Authorization', `Bearer ${rep}`)
      .send({});
    expect(denied.status).toBe(403);
    const approved = await request(app)
      .post(`/api/v1/visit-plans/${PLAN_ID}/approve`)
      .set('Authorization', `Bearer ${manager}`)
      .set('If-Match', '"2"')
      .send({ comment: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.headers.etag).toBe('"3"');
    expect(calls.at(-1)?.request).toEqual({ id: PLAN_ID, comment: '同意', expectedVersion: '2' });
    const stale = await request(app)
      .post(`/api/v1/visit-plans/${PLAN_ID}/reject`)
      .set('Authorization', `Bearer ${manager}`)
      .set('If-Match', '"1"')
      .send({ comment: '太多' });
    expect(stale.status).toBe(412);
  });

  it('answers the team schedule with totals by day and by ISO week', async () => {
    const { app, calls } = build();
    const response = await request(app)
      .get('/api/v1/visit-plans?view=team&from=2026-11-23&to=2026-11-30')
      .set('Authorization', `Bearer ${manager}`);
    expect(response.status).toBe(200);
    expect(calls[0]?.request).toEqual({ view: 'team', from: '2026-11-23', to: '2026-11-30' });
    // 23 and 24 November 2026 are Monday and Tuesday of one week; the 30th is the next Monday.
    expect(response.body.days).toEqual([
      { date: '2026-11-23', plans: 1, plannedVisits: 1 },
      { date: '2026-11-24', plans: 1, plannedVisits: 1 },
      { date: '2026-11-30', plans: 1, plannedVisits: 0 },
    ]);
    expect(response.body.weeks).toEqual([
      { weekStart: '2026-11-23', plans: 2, plannedVisits: 2, approvedPlans: 1 },
      { weekStart: '2026-11-30', plans: 1, plannedVisits: 0, approvedPlans: 0 },
    ]);
  });

  it('takes a multipart check-in with photos and passes the bytes on', async () => {
    const { app, calls } = build();
    const response = await request(app)
      .post('/api/v1/check-ins')
      .set('Authorization', `Bearer ${rep}`)
      .field('kind', 'check_in')
      .field('latitude', '31.2314')
      .field('longitude', '121.4737')
      .field('accuracyMeters', '8')
      .field('customerId', CUSTOMER)
      .attach('photos', JPEG, { filename: 'door.jpg', contentType: 'image/jpeg' });
    expect(response.status).toBe(201);
    expect(response.body.checkIn).toMatchObject({ kind: 'check_in', distanceMeters: 111.195, insideGeofence: true });
    expect(response.body.visit).toBeNull();
    const sent = calls[0]?.request as fieldV1.RecordCheckInWithPhotosRequest;
    expect(sent).toMatchObject({ kind: 'CHECK_IN_KIND_CHECK_IN', latitude: 31.2314, customerId: CUSTOMER });
    expect(sent.photos).toEqual([{ contentType: 'image/jpeg', data: JPEG }]);
  });

  it('answers 415 for a GIF and 413 for a photo over 5 MB or a 4th photo, without calling field', async () => {
    const { app, calls } = build();
    const post = () =>
      request(app)
        .post('/api/v1/check-ins')
        .set('Authorization', `Bearer ${rep}`)
        .field('kind', 'check_in')
        .field('latitude', '31.2')
        .field('longitude', '121.4')
        .field('accuracyMeters', '8');
    const gif = await post().attach('photos', Buffer.from('GIF89a'), { filename: 'a.gif', contentType: 'image/gif' });
    expect(gif.status).toBe(415);
    expect(gif.type).toBe('application/problem+json');
    // 5 MB + 1 byte = 5,242,881 bytes.
    const big = await post().attach('photos', Buffer.alloc(5 * 1024 * 1024 + 1), {
      filename: 'big.jpg',
      contentType: 'image/jpeg',
    });
    expect(big.status).toBe(413);
    let four = post();
    for (let i = 0; i < 4; i++) four = four.attach('photos', JPEG, { filename: `${i}.jpg`, contentType: 'image/jpeg' });
    expect((await four).status).toBe(413);
    expect(calls).toEqual([]);
  });

  it('serves a photo with its content type', async () => {
    const { app } = build();
    const response = await request(app)
      .get(`/api/v1/check-ins/${CHECK_IN_ID}/photos/${PHOTO_ID}`)
      .set('Authorization', `Bearer ${rep}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(response.body)).toEqual(JPEG);
  });

  it('needs field.settings.write to change the geofence', async () => {
    const { app } = build();
    const response = await request(app)
      .put(`/api/v1/customers/${CUSTOMER}/geofence`)
      .set('Authorization', `Bearer ${rep}`)
      .send({ radiusMeters: 300 });
    expect(response.status).toBe(403);
  });

  it("lists a customer's visits of the last 366 days, up to tomorrow (UTC), for its 360 page", async () => {
    const { app, calls } = build();
    const customerId = '0190a5e4-7c1e-7b3a-9f00-0000000000c9';
    const response = await request(app)
      .get(`/api/v1/customers/${customerId}/visits`)
      .set('Authorization', `Bearer ${rep}`);
    expect([response.status, response.body]).toEqual([200, { items: [] }]);
    const sent = calls.find((c) => c.method === 'listVisitsByDateRange')?.request as
      | fieldV1.ListVisitsByDateRangeRequest
      | undefined;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    // from = tomorrow - 365 days, to = tomorrow: 366 days, inside field's 400.
    expect(sent).toEqual({ from: day(-365), to: day(1), customerId, page: { limit: 100, cursor: '' } });

    // field checks the id (a field error on customerId); without a token nothing is asked.
    expect((await request(app).get(`/api/v1/customers/${customerId}/visits`)).status).toBe(401);
    expect(calls.filter((c) => c.method === 'listVisitsByDateRange')).toHaveLength(1);
  });
});

describe('schedule arithmetic', () => {
  it('finds the Monday of a week', () => {
    // 2026-11-29 is a Sunday; its ISO week began on Monday the 23rd.
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(scheduleOf([])).toEqual({ items: [], days: [], weeks: [] });
  });
});
