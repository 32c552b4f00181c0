import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crmV1 } from '@salesflow/contracts';
import { type CallOptions, createLogger, currentCallContext, ServiceError } from '@salesflow/platform';
import request from 'supertest';
import { type AppDependencies, createApp } from './app';
import { createTokenVerifier } from './auth/token-verifier';
import type { AnalyticsClient, CrmClient, IdentityClient, TaskClient, TicketsClient } from './clients/service-clients';
import { createSigningKey, jwksJson, REP_CLAIMS, type SigningKey, signAccessToken } from './testing/access-tokens';
import { type Fake, fakeIdentity } from './testing/fake-identity';

const LEAD_ID = '0190a5e4-7c1e-7b3a-9f00-000000000001';
const PROBLEM = /^application\/problem\+json/;

interface Recorded {
  method: string;
  request: unknown;
  options: CallOptions | undefined;
  contextRequestId: string | undefined;
}

/** In-process stand-ins for the three services, recording what the gateway sends them. */
function fakeServices(jwks: () => string) {
  const calls: Recorded[] = [];
  const record = (method: string, request: unknown, options?: CallOptions) =>
    calls.push({ method, request, options, contextRequestId: currentCallContext()?.requestId });

  const storedLead = (request: crmV1.CreateLeadRequest): crmV1.Lead => ({
    ...request,
    id: LEAD_ID,
    tenantId: 't-1',
    status: crmV1.LeadStatus.LEAD_STATUS_NEW,
    version: '1',
    createdAt: new Date('2026-11-23T08:00:00.000Z'),
    updatedAt: new Date('2026-11-23T08:00:00.000Z'),
    nextFollowUpOn: '',
    convertedCustomerId: '',
    convertedContactId: '',
  });

  const identity: Fake<IdentityClient> = {
    ...fakeIdentity(record, jwks),
    async login(request, options) {
      record('login', request, options);
      if (request.password !== 'correct horse') throw new ServiceError('UNAUTHENTICATED', 'bad credentials');
      return {
        accessToken: 'header.payload.signature',
        tokenType: 'Bearer',
        expiresInSeconds: 900,
        refreshToken: 'refresh-1',
        refreshExpiresInSeconds: 2_592_000,
        employee: {
          id: 'emp-1',
          tenantId: 't-1',
          name: 'Li Na',
          email: request.email,
          phone: request.phone,
          departmentId: 'd-7',
          departmentPath: '/d-1/d-7/',
          roles: ['sales_rep'],
          status: 'EMPLOYEE_STATUS_ACTIVE',
          version: '4',
          title: '',
          managerId: '',
          workStatus: 'WORK_STATUS_IN_OFFICE',
          dataScope: 'DATA_SCOPE_SELF',
          successorId: '',
        },
      };
    },
  };
  // Only the lead calls; the customer routes have their own spec.
  const crm: Fake<Pick<CrmClient, 'createLead' | 'getLead' | 'listLeads'>> = {
    async createLead(request, options) {
      record('createLead', request, options);
      return { lead: storedLead(request), duplicates: [] };
    },
    async getLead(request, options) {
      record('getLead', request, options);
      if (request.id !== LEAD_ID) {
        throw new ServiceError('NOT_FOUND', `lead ${request.id} not found`, { reason: 'LEAD_NOT_FOUND' });
      }
      return { lead: { ...storedLead({ ...createRequest, name: 'Zhang Wei' }), version: '2' } };
    },
    async listLeads(request, options) {
      record('listLeads', request, options);
      return { leads: [storedLead({ ...createRequest, name: 'Zhang Wei' })], page: { nextCursor: '' } };
    },
  };
  const analytics: Fake<AnalyticsClient> = {
    async getLeadSummary(request, options) {
      record('getLeadSummary', request, options);
      return {
        total: '5',
        bySource: [
          { source: 'LEAD_SOURCE_WEB', count: '3' },
          { source: 'LEAD_SOURCE_REFERRAL', count: '2' },
        ],
      };
    },
  };
  return {
    clients: {
      identity,
      crm: crm as Fake<CrmClient>,
      analytics,
      tasks: {} as TaskClient,
      tickets: {} as TicketsClient,
    },
    calls,
  };
}

const createRequest: crmV1.CreateLeadRequest = {
  name: '',
  company: '',
  phone: '',
  email: '',
  source: crmV1.LeadSource.LEAD_SOURCE_UNSPECIFIED,
  ownerId: '',
  notes: '',
  poolId: '',
  region: '',
  force: false,
};

describe('gateway app', () => {
  let key: SigningKey;
  let token: string;

  beforeAll(async () => {
    key = await createSigningKey();
    token = await signAccessToken(key);
  });

  function build(overrides: Partial<AppDependencies> = {}) {
    const services = fakeServices(() => jwksJson(key));
    const app = createApp({
      clients: services.clients,
      tokenVerifier: createTokenVerifier({
        fetchJwks: async () => (await services.clients.identity.getJwks({})).jwksJson,
      }),
      log: createLogger('gateway', 'silent'),
      bodyLimit: '1mb',
      corsOrigins: [],
      ...overrides,
    });
    return { app, ...services };
  }

  describe('authentication', () => {
    it('answers an unauthenticated POST /leads with a 401 problem and a Bearer challenge', async () => {
      const { app, calls } = build();

      const res = await request(app).post('/api/v1/leads').send({ name: 'Zhang Wei' });

      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({
        type: 'https://salesflow.dev/problems/unauthenticated',
        status: 401,
        reason: 'TOKEN_MISSING',
        instance: '/api/v1/leads',
      });
      expect(calls.filter((c) => c.method === 'createLead')).toHaveLength(0);
    });

    it('rejects a token that does not verify with invalid_token', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/leads').set('Authorization', `Bearer ${token}x`);

      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="salesflow-api", error="invalid_token"');
      expect(res.body.reason).toBe('TOKEN_INVALID');
    });

    it('rejects an expired token', async () => {
      const { app } = build();
      const now = Math.floor(Date.now() / 1000);
      const expired = await signAccessToken(key, { issuedAt: now - 3600, expiresAt: now - 60 });

      const res = await request(app).get('/api/v1/leads').set('Authorization', `Bearer ${expired}`);

      expect(res.status).toBe(401);
      expect(res.body.reason).toBe('TOKEN_EXPIRED');
    });

    it('answers 403 when the caller lacks the permission', async () => {
      const { app, calls } = build();
      const readOnly = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.lead.read'] } });

      const res = await request(app)
        .post('/api/v1/leads')
        .set('Authorization', `Bearer ${readOnly}`)
        .send({ name: 'A' });

      expect(res.status).toBe(403);
      expect(res.body.type).toBe('https://salesflow.dev/problems/forbidden');
      expect(calls.filter((c) => c.method === 'createLead')).toHaveLength(0);
    });

    it('lets the admin wildcard through', async () => {
      const { app } = build();
      const admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, roles: ['admin'], perms: ['*'] } });

      const res = await request(app).get('/api/v1/analytics/leads/summary').set('Authorization', `Bearer ${admin}`);

      expect(res.status).toBe(200);
    });
  });

  describe('errors', () => {
    it('answers malformed JSON with a 400 problem and no stack trace', async () => {
      const { app } = build();

      const res = await request(app)
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"tenantCode": "acme",');

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ type: 'https://salesflow.dev/problems/malformed-json', status: 400 });
      expect(res.text).not.toMatch(/SyntaxError|at .*\.js/);
    });

    it('answers a body over the limit with 413', async () => {
      const { app } = build({ bodyLimit: '100b' });

      const res = await request(app)
        .post('/api/v1/leads')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'A', notes: 'x'.repeat(200) });

      expect(res.status).toBe(413);
      expect(res.body.type).toBe('https://salesflow.dev/problems/payload-too-large');
    });

    it('answers an unknown route under /api/v1 with a 404 problem', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/no-such-thing');

      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.type).toBe('https://salesflow.dev/problems/not-found');
    });

    it('answers 503 with Retry-After when a service is unavailable, without naming its address', async () => {
      const { app, clients } = build();
      clients.crm.listLeads = async () => {
        throw new ServiceError('UNAVAILABLE', 'No connection established. connect ECONNREFUSED 127.0.0.1:50052');
      };

      const res = await request(app).get('/api/v1/leads').set('Authorization', `Bearer ${token}`);

      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.type).toBe('https://salesflow.dev/problems/unavailable');
      expect(res.text).not.toContain('127.0.0.1');
    });

    it('answers an unexpected failure with a bare 500 problem', async () => {
      const { app, clients } = build();
      clients.crm.listLeads = async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'leads')");
      };

      const res = await request(app).get('/api/v1/leads').set('Authorization', `Bearer ${token}`);

      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        type: 'https://salesflow.dev/problems/internal',
        title: 'Something went wrong on our side',
        status: 500,
        instance: '/api/v1/leads',
        requestId: expect.any(String),
      });
    });

    it('sends security headers', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/openapi.json');

      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('request ids', () => {
    it('echoes the X-Request-Id it was given and sends it to the services', async () => {
      const { app, calls } = build();

      const res = await request(app)
        .post('/api/v1/leads')
        .set('Authorization', `Bearer ${token}`)
        .set('X-Request-Id', 'req-abc-123')
        .send({ name: 'Zhang Wei' });

      expect(res.status).toBe(201);
      expect(res.headers['x-request-id']).toBe('req-abc-123');
      const create = calls.find((c) => c.method === 'createLead');
      expect(create?.options?.requestId).toBe('req-abc-123');
      // The JWKS fetch passes no options: the id reaches it through the call context.
      expect(calls.find((c) => c.method === 'getJwks')?.contextRequestId).toBe('req-abc-123');
    });

    it('makes one up when none was given, and replaces one that is unsafe to log', async () => {
      const { app } = build();

      const plain = await request(app).get('/api/v1/openapi.json');
      const unsafe = await request(app).get('/api/v1/openapi.json').set('X-Request-Id', 'a b\tc');

      expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('keeps the request id in the call context when the body arrives after the headers', async () => {
      const { app, calls } = build();
      const server = app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      try {
        // The body comes in later socket events; the body parser must resume in the request's context.
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json', 'x-request-id': 'login-1', 'transfer-encoding': 'chunked' },
        });
        req.flushHeaders();
        await new Promise((resolve) => setTimeout(resolve, 50));
        req.end(JSON.stringify({ tenantCode: 'acme', email: 'li.na@acme.example', password: 'correct horse' }));
        const [res] = (await once(req, 'response')) as [IncomingMessage];
        res.resume();
        expect(res.statusCode).toBe(200);
      } finally {
        server.close();
      }

      expect(calls.find((c) => c.method === 'login')?.contextRequestId).toBe('login-1');
    });
  });

  describe('POST /api/v1/auth/login', () => {
    it('exchanges good credentials for an access token', async () => {
      const { app, calls } = build();

      const res = await request(app)
        .post('/api/v1/auth/login')
        .send({ tenantCode: 'acme', email: 'li.na@acme.example', password: 'correct horse' });

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        accessToken: 'header.payload.signature',
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: 'refresh-1',
        refreshExpiresIn: 2_592_000,
        employee: {
          id: 'emp-1',
          name: 'Li Na',
          email: 'li.na@acme.example',
          phone: null,
          departmentId: 'd-7',
          roles: ['sales_rep'],
        },
      });
      expect(calls.find((c) => c.method === 'login')?.request).toEqual({
        tenantCode: 'acme',
        email: 'li.na@acme.example',
        phone: '',
        password: 'correct horse',
      });
    });

    it('answers bad credentials with a 401 problem', async () => {
      const { app } = build();

      const res = await request(app)
        .post('/api/v1/auth/login')
        .send({ tenantCode: 'acme', email: 'li.na@acme.example', password: 'wrong' });

      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({
        type: 'https://salesflow.dev/problems/unauthenticated',
        reason: 'BAD_CREDENTIALS',
      });
    });

    it('answers an unknown tenant exactly like a wrong password', async () => {
      const { app, clients } = build();
      clients.identity.login = async () => {
        throw new ServiceError('NOT_FOUND', 'tenant nope not found');
      };

      const res = await request(app)
        .post('/api/v1/auth/login')
        .send({ tenantCode: 'nope', email: 'li.na@acme.example', password: 'x' });

      expect(res.status).toBe(401);
      expect(res.body.reason).toBe('BAD_CREDENTIALS');
      expect(res.text).not.toContain('tenant nope');
    });
  });

  describe('leads', () => {
    it('creates a lead: 201, Location, ETag, API names in and out, the principal sent to crm', async () => {
      const { app, calls } = build();

      const res = await request(app)
        .post('/api/v1/leads')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'Zhang Wei', email: 'zw@example.com', source: 'cold_call' });

      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/api/v1/leads/${LEAD_ID}`);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        id: LEAD_ID,
        name: 'Zhang Wei',
        company: null,
        phone: null,
        email: 'zw@example.com',
        source: 'cold_call',
        status: 'new',
        ownerId: null,
        notes: null,
        version: 1,
        createdAt: '2026-11-23T08:00:00.000Z',
        updatedAt: '2026-11-23T08:00:00.000Z',
        lastFollowUpAt: null,
        nextFollowUpOn: null,
        poolId: null,
        region: null,
        ownerSince: null,
        convertedCustomerId: null,
        convertedContactId: null,
        convertedAt: null,
      });
      const create = calls.find((c) => c.method === 'createLead');
      expect(create?.request).toMatchObject({ name: 'Zhang Wei', source: 'LEAD_SOURCE_COLD_CALL' });
      expect(create?.options?.principal).toMatchObject({
        tenantId: 't-1',
        employeeId: 'emp-1',
        dataScope: 'DATA_SCOPE_SELF',
      });
    });

    it('answers a bad email with a 400 problem naming the field', async () => {
      const { app } = build();

      const res = await request(app)
        .post('/api/v1/leads')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'Zhang Wei', email: 'nope', source: 'fax' });

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.type).toBe('https://salesflow.dev/problems/validation');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'email', message: expect.any(String) },
          { field: 'source', message: expect.any(String) },
        ]),
      );
    });

    it('lists leads as items with a null nextCursor on the last page, capping limit at 200', async () => {
      const { app, calls } = build();

      const res = await request(app)
        .get('/api/v1/leads?limit=500&source=web&status=new&cursor=abc')
        .set('Authorization', `Bearer ${token}`);

      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ id: LEAD_ID, name: 'Zhang Wei', status: 'new' });
      expect(calls.find((c) => c.method === 'listLeads')?.request).toEqual({
        page: { limit: 200, cursor: 'abc' },
        source: 'LEAD_SOURCE_WEB',
        status: 'LEAD_STATUS_NEW',
        poolId: '',
        ownerId: '',
        claimable: false,
        query: '',
      });
    });

    it('passes the next cursor on', async () => {
      const { app, clients } = build();
      clients.crm.listLeads = async () => ({ leads: [], page: { nextCursor: 'next-page' } });

      const res = await request(app).get('/api/v1/leads').set('Authorization', `Bearer ${token}`);

      expect(res.body).toEqual({ items: [], nextCursor: 'next-page' });
    });

    it('answers an invalid limit with 400', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/leads?limit=lots').set('Authorization', `Bearer ${token}`);

      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'limit', message: expect.any(String) }]);
    });

    it('gets one lead with its version as the ETag', async () => {
      const { app } = build();

      const res = await request(app).get(`/api/v1/leads/${LEAD_ID}`).set('Authorization', `Bearer ${token}`);

      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ id: LEAD_ID, version: 2 });
    });

    it('answers an unknown lead with a 404 problem', async () => {
      const { app } = build();

      const res = await request(app)
        .get('/api/v1/leads/0190a5e4-7c1e-7b3a-9f00-0000000000ff')
        .set('Authorization', `Bearer ${token}`);

      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ type: 'https://salesflow.dev/problems/not-found', reason: 'LEAD_NOT_FOUND' });
    });
  });

  describe('GET /api/v1/analytics/leads/summary', () => {
    it('answers the total and the count per API source name', async () => {
      const { app } = build();
      const analyst = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['analytics.read'] } });

      const res = await request(app).get('/api/v1/analytics/leads/summary').set('Authorization', `Bearer ${analyst}`);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        total: 5,
        bySource: { web: 3, referral: 2 },
      });
    });

    it('needs analytics.read', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/analytics/leads/summary').set('Authorization', `Bearer ${token}`);

      expect(res.status).toBe(403);
    });
  });

  describe('OpenAPI', () => {
    it('serves an OpenAPI 3.1 document built from the validation schemas', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/openapi.json').set('X-Request-Id', 'docs-1');

      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toBe('docs-1');
      expect(res.body.openapi).toBe('3.1.0');
      expect(res.body.paths['/api/v1/leads'].post).toBeDefined();
      expect(res.body.paths['/api/v1/leads'].get).toBeDefined();
      expect(res.body.paths['/api/v1/leads/{id}'].get).toBeDefined();
      expect(res.body.paths['/api/v1/auth/login'].post).toBeDefined();
      expect(res.body.paths['/api/v1/analytics/leads/summary'].get).toBeDefined();
      expect(Object.keys(res.body.components.schemas)).toEqual(
        expect.arrayContaining(['Lead', 'CreateLeadRequest', 'LeadPage', 'Problem', 'LoginRequest', 'LeadSummary']),
      );
      expect(res.body.components.schemas.CreateLeadRequest.required).toEqual(['name']);
      expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
      const refs = [...res.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(Object.keys(res.body.components.schemas)).toContain(ref);
    });

    it('serves a reference page that loads nothing from elsewhere', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/docs');

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('/api/v1/leads');
      expect(res.text).toContain('/api/v1/openapi.json');
      expect(res.text).not.toMatch(/<script|https?:\/\/(?!salesflow\.dev)/);
    });
  });

  describe('CORS', () => {
    it('adds no CORS headers when no origin is configured', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/openapi.json').set('Origin', 'https://app.example');

      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers a preflight from a configured origin and ignores others', async () => {
      const { app } = build({ corsOrigins: ['https://app.example'] });

      const allowed = await request(app)
        .options('/api/v1/leads')
        .set('Origin', 'https://app.example')
        .set('Access-Control-Request-Method', 'POST');
      const other = await request(app).get('/api/v1/openapi.json').set('Origin', 'https://evil.example');

      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(allowed.headers['access-control-allow-headers']).toContain('Authorization');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
