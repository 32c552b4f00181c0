import type { notificationsV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { WebhooksClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const ID = '0190a5e4-7c1e-7b3a-9f00-0000000000b1';
const AT = new Date('2026-12-05T08:00:00.000Z');

const stored: notificationsV1.WebhookSubscription = {
  id: ID,
  tenantId: 't-1',
  eventPatterns: ['crm.contract.*'],
  url: 'https://erp.example.com/hooks',
  active: true,
  disabledReason: '',
  consecutiveFailures: 0,
  createdBy: 'emp-1',
  version: '3',
  createdAt: AT,
  updatedAt: AT,
};

describe('webhook routes', () => {
  let key: SigningKey;
  let admin: string;
  let rep: string;

  beforeAll(async () => {
    key = await createSigningKey();
    admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['*'] } });
    rep = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['notifications.read'] } });
  });

  function build() {
    const { calls, record } = callRecorder();
    const webhooks: Fake<Partial<WebhooksClient>> = {
      createWebhook: record('createWebhook', () => ({ webhook: stored, secret: 'whsec_abc' })),
      updateWebhook: record('updateWebhook', (req: notificationsV1.UpdateWebhookRequest) => {
        if (req.expectedVersion === '2') throw new ServiceError('CONFLICT', 'changed');
        return { webhook: { ...stored, version: '4' } };
      }),
      listWebhookDeliveries: record('listWebhookDeliveries', () => ({
        deliveries: [
          {
            id: 'd-1',
            subscriptionId: ID,
            eventId: 'e-1',
            eventType: 'crm.contract.signed',
            status: 'DELIVERED',
            attempts: 2,
            createdAt: AT,
            attemptLog: [
              { attempt: 1, statusCode: 500, error: 'HTTP 500', durationMs: 12, attemptedAt: AT },
              { attempt: 2, statusCode: 200, error: '', durationMs: 9, attemptedAt: AT },
            ],
          },
        ],
        page: { nextCursor: '' },
      })),
      deleteWebhook: record('deleteWebhook', () => ({})),
    };
    const app = routeTestApp(key, { webhooks: webhooks as WebhooksClient });
    return { app, calls };
  }

  it('creates a webhook and shows its secret once, with ETag and Location', async () => {
    const { app, calls } = build();
    const res = await request(app)
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ eventPatterns: ['crm.contract.*'], url: 'https://erp.example.com/hooks' });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"3"');
    expect(res.headers.location).toBe(`/api/v1/webhooks/${ID}`);
    expect(res.body.secret).toBe('whsec_abc');
    expect(res.body.webhook).toMatchObject({ id: ID, active: true, disabledReason: null, version: 3 });
    expect(calls[0]?.request).toEqual({
      eventPatterns: ['crm.contract.*'],
      url: 'https://erp.example.com/hooks',
      secret: '',
      inactive: false,
    });
  });

  it('refuses callers without webhooks.manage and bad bodies, calling nothing', async () => {
    const { app, calls } = build();
    const forbidden = await request(app).get('/api/v1/webhooks').set('Authorization', `Bearer ${rep}`);
    expect(forbidden.status).toBe(403);
    const bad = await request(app)
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ eventPatterns: [], url: 'https://x.example', secret: 'short', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['eventPatterns', 'extra', 'secret']);
    expect(calls).toEqual([]);
  });

  it('patches with If-Match (stale -> 412) and deletes', async () => {
    const { app, calls } = build();
    const ok = await request(app)
      .patch(`/api/v1/webhooks/${ID}`)
      .set('Authorization', `Bearer ${admin}`)
      .set('If-Match', '"3"')
      .send({ active: true });
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"4"');
    expect(calls[0]?.request).toEqual({
      id: ID,
      expectedVersion: '3',
      eventPatterns: [],
      setEventPatterns: false,
      active: true,
    });
    const stale = await request(app)
      .patch(`/api/v1/webhooks/${ID}`)
      .set('Authorization', `Bearer ${admin}`)
      .set('If-Match', '"2"')
      .send({ url: 'https://erp.example.com/v2' });
    expect(stale.status).toBe(412);
    const gone = await request(app).delete(`/api/v1/webhooks/${ID}`).set('Authorization', `Bearer ${admin}`);
    expect(gone.status).toBe(204);
  });

  it('shows the delivery log with every attempt', async () => {
    const { app } = build();
    const res = await request(app).get(`/api/v1/webhooks/${ID}/deliveries`).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: 'd-1',
          eventId: 'e-1',
          eventType: 'crm.contract.signed',
          status: 'delivered',
          attempts: 2,
          nextAttemptAt: null,
          createdAt: '2026-12-05T08:00:00.000Z',
          attemptLog: [
            { attempt: 1, statusCode: 500, error: 'HTTP 500', durationMs: 12, attemptedAt: '2026-12-05T08:00:00.000Z' },
            { attempt: 2, statusCode: 200, error: null, durationMs: 9, attemptedAt: '2026-12-05T08:00:00.000Z' },
          ],
        },
      ],
      nextCursor: null,
    });
  });
});
