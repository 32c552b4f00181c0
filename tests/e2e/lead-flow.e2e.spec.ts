import { eventually } from '@salesflow/platform/testing';
import { ApiClient } from './support/api-client';
import { type Stack, startTestStack } from './support/stack-fixture';

// scripts/seed-demo.js is shared with `./salesflow up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

describe('walking skeleton: login -> create lead -> Kafka -> analytics', () => {
  let stack: Stack;
  let api: ApiClient;
  let demo: { tenantCode: string; adminEmail: string; password: string };

  beforeAll(async () => {
    stack = await startTestStack();
    demo = seedIdentity(stack);
    api = new ApiClient(stack.gatewayUrl);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a wrong password with a problem+json 401 and no token', async () => {
    const res = await api.request('POST', '/api/v1/auth/login', {
      tenantCode: demo.tenantCode,
      email: demo.adminEmail,
      password: 'wrong-password',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).not.toHaveProperty('accessToken');
  });

  it('refuses an unauthenticated lead and a malformed one, creating nothing', async () => {
    const anonymous = await api.request('POST', '/api/v1/leads', { name: '张三', source: 'web' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/application\/problem\+json/);

    await api.login(demo.tenantCode, demo.adminEmail, demo.password);
    const malformed = await api.request('POST', '/api/v1/leads', '{"name": "broken', {});
    expect(malformed.status).toBe(400);
    const invalid = await api.request('POST', '/api/v1/leads', { name: '', email: 'not-an-email', source: 'web' });
    expect(invalid.status).toBe(400);
    const fields = ((invalid.body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field).sort();
    expect(fields).toEqual(['email', 'name']);

    const list = await api.request('GET', '/api/v1/leads');
    expect((list.body as { items: unknown[] }).items).toHaveLength(0);
  });

  it('counts a created lead by source in analytics, eventually', async () => {
    await api.login(demo.tenantCode, demo.adminEmail, demo.password);
    const created = await api.request('POST', '/api/v1/leads', {
      name: '王建国',
      company: '上海华信精密机械有限公司',
      phone: '+86 138-0013-8000',
      email: 'wang@huaxin.example.cn',
      source: 'exhibition',
    });
    expect(created.status).toBe(201);
    const lead = created.body as { id: string; status: string; source: string; phone: string };
    expect(lead.status).toBe('new');
    expect(lead.source).toBe('exhibition');
    expect(lead.phone).toBe('+8613800138000');

    const fetched = await api.request('GET', `/api/v1/leads/${lead.id}`);
    expect(fetched.status).toBe(200);

    const summary = await eventually(
      async () => (await api.request('GET', '/api/v1/analytics/leads/summary')).body as { total: number },
      (s) => s.total === 1,
      { what: 'analytics counting the lead', timeoutMs: 60_000 },
    );
    expect(summary).toEqual({ total: 1, bySource: { exhibition: 1 } });
  });

  it('creates a lead once however often a POST with the same Idempotency-Key is retried', async () => {
    await api.login(demo.tenantCode, demo.adminEmail, demo.password);
    const key = { 'idempotency-key': `retry-${Date.now()}` };
    const body = { name: '李晓梅', company: '杭州云帆科技有限公司', source: 'web' };
    const first = await api.request('POST', '/api/v1/leads', body, key);
    const retry = await api.request('POST', '/api/v1/leads', body, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((retry.body as { id: string }).id).toBe((first.body as { id: string }).id);
    const other = await api.request('POST', '/api/v1/leads', { ...body, name: '别人' }, key);
    expect(other.status).toBe(422);
    const list = (await api.request('GET', '/api/v1/leads?limit=200')).body as { items: { name: string }[] };
    expect(list.items.filter((l) => l.name === '李晓梅')).toHaveLength(1);
  });

  it('answers 404, not 403, for a lead id that does not exist', async () => {
    await api.login(demo.tenantCode, demo.adminEmail, demo.password);
    const res = await api.request('GET', '/api/v1/leads/0190f1d2-0000-7000-8000-000000000000');
    expect(res.status).toBe(404);
  });
});
