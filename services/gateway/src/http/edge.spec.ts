import { createLogger, ServiceError } from '@salesflow/platform';
import request from 'supertest';
import { type AppDependencies, createApp } from '../app';
import { createTokenVerifier } from '../auth/token-verifier';
import type { AnalyticsClient, CrmClient, ServiceClients, TaskClient } from '../clients/service-clients';
import { createSigningKey, jwksJson, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import { fakeIdentity } from '../testing/fake-identity';
import { stubClients } from '../testing/stub-clients';

const PROBLEM = /^application\/problem\+json/;

/** The whole app with the edge middleware: limits, headers, idempotency, public documents. */
describe('gateway edge', () => {
  let key: SigningKey;
  let admin: string;

  beforeAll(async () => {
    key = await createSigningKey();
    admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, roles: ['admin'], perms: ['*'] } });
  });

  function build(overrides: Partial<AppDependencies> = {}) {
    const calls: string[] = [];
    const identity = fakeIdentity(
      (method) => calls.push(method),
      () => jwksJson(key),
    );
    identity.login = async (req) => {
      calls.push('login');
      throw new ServiceError('UNAUTHENTICATED', `bad credentials for ${req.tenantCode}`);
    };
    const clients: ServiceClients = stubClients({
      identity,
      crm: {} as CrmClient,
      analytics: {} as AnalyticsClient,
      tasks: {} as TaskClient,
    });
    const app = createApp({
      clients,
      tokenVerifier: createTokenVerifier({ fetchJwks: async () => jwksJson(key) }),
      log: createLogger('gateway', 'silent'),
      bodyLimit: '1kb',
      uploadLimit: '2kb',
      corsOrigins: ['https://app.example'],
      ...overrides,
    });
    return { app, calls };
  }

  it('answers a JSON body over BODY_LIMIT with a 413 problem', async () => {
    const { app } = build();

    const res = await request(app)
      .post('/api/v1/departments')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'x'.repeat(2048) });

    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.type).toBe('https://salesflow.dev/problems/payload-too-large');
  });

  it('answers a CSV upload over UPLOAD_LIMIT with a 413 problem, and takes one under it', async () => {
    const { app, calls } = build();
    const upload = (csv: string) =>
      request(app)
        .post('/api/v1/employees/import')
        .set('Authorization', `Bearer ${admin}`)
        .set('Content-Type', 'text/csv')
        .send(csv);

    const tooLarge = await upload(`name,email\n${'a,b@c.d\n'.repeat(400)}`);
    const small = await upload('name,email\nLi Na,li@example.com\n');

    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(PROBLEM);
    expect(small.status).toBe(200);
    expect(calls.filter((c) => c === 'importEmployees')).toHaveLength(1);
  });

  it('sends security headers, echoes X-Request-Id and RateLimit-* on every answer', async () => {
    const { app } = build();

    const res = await request(app)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${admin}`)
      .set('X-Request-Id', 'req-42');

    expect(res.headers).toMatchObject({
      'x-request-id': 'req-42',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': expect.any(String),
      'content-security-policy': expect.any(String),
      'ratelimit-limit': '600',
      'ratelimit-remaining': '599',
      'ratelimit-policy': '600;w=60, 6000;w=60',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('lets a configured origin read the rate-limit and idempotency headers', async () => {
    const { app } = build();

    const res = await request(app).get('/api/v1/openapi.json').set('Origin', 'https://app.example');

    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers['access-control-expose-headers']).toMatch(/RateLimit-Remaining/);
    expect(res.headers['access-control-expose-headers']).toMatch(/Idempotent-Replayed/);
  });

  it('limits sign-in per client address and tenant code with RATE_LIMIT_LOGIN_PER_MINUTE', async () => {
    const { app, calls } = build({ rateLimits: { userPerMinute: 100, tenantPerMinute: 1000, loginPerMinute: 2 } });
    const login = () =>
      request(app).post('/api/v1/auth/login').send({ tenantCode: 'acme', email: 'li@example.com', password: 'nope' });

    expect((await login()).status).toBe(401);
    expect((await login()).status).toBe(401);
    const third = await login();

    expect(third.status).toBe(429);
    expect(third.body.type).toBe('https://salesflow.dev/problems/rate-limited');
    expect(third.headers['retry-after']).toEqual(expect.any(String));
    expect(calls.filter((c) => c === 'login')).toHaveLength(2);
  });

  it('replays an idempotent POST through the whole app', async () => {
    const { app, calls } = build();
    const create = () =>
      request(app)
        .post('/api/v1/departments')
        .set('Authorization', `Bearer ${admin}`)
        .set('Idempotency-Key', 'dept-1')
        .send({ name: 'East', parentId: '0190a5e4-7c1e-7b3a-9f00-0000000000d1' });

    const first = await create();
    const second = await create();

    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(calls.filter((c) => c === 'createDepartment')).toHaveLength(1);
  });

  it('serves the AsyncAPI document publicly', async () => {
    const { app } = build();

    const res = await request(app).get('/api/v1/asyncapi.json');

    expect(res.status).toBe(200);
    expect(res.body.asyncapi).toBe('3.0.0');
    expect(res.body.channels['crm-lead-v1'].address).toBe('salesflow.crm.lead.v1');
  });
});
