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

  it('refuses a PATCH with a stale If-Match (412) and changes nothing', async () => {
    await api.login(demo.tenantCode, demo.adminEmail, demo.password);
    const created = await api.request('POST', '/api/v1/leads', { name: '赵敏', company: '苏州恒达', source: 'web' });
    const id = (created.body as { id: string }).id;
    const etag = created.headers.get('etag') ?? '';
    expect(etag).toBe('"1"');
    const renamed = await api.request(
      'PATCH',
      `/api/v1/leads/${id}`,
      { company: '苏州恒达集团' },
      { 'if-match': etag },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"2"');
    // The same stale version again: someone else's change must not be overwritten.
    const stale = await api.request('PATCH', `/api/v1/leads/${id}`, { company: '被覆盖' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const after = await api.request('GET', `/api/v1/leads/${id}`);
    expect(after.body).toMatchObject({ company: '苏州恒达集团', version: 2 });
  });

  it('echoes X-Request-Id, sends security headers, and limits logins with RateLimit-* and Retry-After', async () => {
    const traced = await api.request('GET', '/api/v1/openapi.json', undefined, { 'x-request-id': 'e2e-trace-42' });
    expect(traced.headers.get('x-request-id')).toBe('e2e-trace-42');
    expect(traced.headers.get('x-content-type-options')).toBe('nosniff');

    // Logins are limited per client address, tenant code and account (RATE_LIMIT_LOGIN_PER_MINUTE, 10 by
    // default): the 11th attempt within the minute is refused before the password is looked at.
    const attempt = () =>
      api.request('POST', '/api/v1/auth/login', {
        tenantCode: 'no-such-tenant',
        email: 'x@example.com',
        password: 'x',
      });
    // The limiter counts in fixed one-minute windows aligned to the clock: begin early in a
    // window, so that a slow machine cannot spread the eleven attempts over two of them.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 30_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 250));
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof attempt>> | undefined;
    for (let i = 0; i < 11; i++) {
      last = await attempt();
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(last?.headers.get('ratelimit-remaining')).toBe('0');
    expect(last?.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('answers 404, not 403, for a lead id that does not exist', async () => {
    await api.login(demo.tenantCode, demo.adminEmail, demo.password);
    const res = await api.request('GET', '/api/v1/leads/0190f1d2-0000-7000-8000-000000000000');
    expect(res.status).toBe(404);
  });

  it('tells the rep over Server-Sent Events that a lead was assigned, and resumes after Last-Event-ID', async () => {
    const rep = new ApiClient(stack.gatewayUrl);
    await rep.login(demo.tenantCode, 'zhang.wei@demo.salesflow.local', demo.password);
    await api.login(demo.tenantCode, demo.adminEmail, demo.password);
    const assign = async (name: string) => {
      const lead = await api.request('POST', '/api/v1/leads', { name, company: `${name}贸易`, source: 'referral' });
      const assigned = await api.request('POST', `/api/v1/leads/${(lead.body as { id: string }).id}/assign`, {
        ownerId: rep.employeeId(),
      });
      expect(assigned.status).toBe(200);
    };

    await assign('孔令辉');
    const first = await readNotifications(rep, undefined, 1);
    expect(first[0]?.data).toMatchObject({ kind: 'crm.lead.assigned', readAt: null });
    expect(JSON.stringify(first[0]?.data)).toContain('孔令辉');

    await assign('邓亚萍');
    // Reconnecting with the id last seen gives only what came after it.
    const resumed = await readNotifications(rep, first[0]?.id, 1);
    expect(resumed).toHaveLength(1);
    expect(JSON.stringify(resumed[0]?.data)).toContain('邓亚萍');

    const read = await rep.request('POST', `/api/v1/notifications/${first[0]?.id}/read`);
    expect(read.status).toBeLessThan(300);
    const unread = await rep.request('GET', '/api/v1/notifications?unread=true');
    const items = (unread.body as { items: { id: string }[] }).items;
    expect(items.map((n) => n.id)).toEqual([resumed[0]?.id]);
  });
});

/** Reads the notification stream until `count` notifications came (or fails after 60 s). */
async function readNotifications(
  client: ApiClient,
  lastEventId: string | undefined,
  count: number,
): Promise<{ id: string; data: unknown }[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 60_000);
  const res = await fetch(`${client.baseUrl}/api/v1/notifications/stream`, {
    headers: {
      authorization: `Bearer ${client.accessToken()}`,
      accept: 'text/event-stream',
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const events: { id: string; data: unknown }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        if (field('event') === 'notification')
          events.push({ id: field('id') ?? '', data: JSON.parse(field('data') ?? '{}') });
        end = buffer.indexOf('\n\n');
      }
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return events;
}
