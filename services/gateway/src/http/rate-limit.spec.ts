import { commonV1 } from '@salesflow/contracts';
import { createLogger, ServiceError } from '@salesflow/platform';
import express from 'express';
import request from 'supertest';
import type { TokenVerifier } from '../auth/token-verifier';
import { identifyCaller } from './caller';
import { errorHandler } from './error-handler';
import { loginRateLimit, memoryRateLimitStore, type RateLimitStore, rateLimit } from './rate-limit';

const log = createLogger('gateway', 'silent');
const verifier: TokenVerifier = {
  async verify(token) {
    const [tenantId, employeeId] = token.split('/');
    if (!tenantId || !employeeId) throw new ServiceError('UNAUTHENTICATED', 'bad token');
    return commonV1.Principal.fromPartial({ tenantId, employeeId });
  },
};

function build(options: { user?: number; tenant?: number; login?: number; store?: RateLimitStore } = {}) {
  const store = options.store ?? memoryRateLimitStore();
  const app = express();
  app.use(identifyCaller(verifier));
  app.use(rateLimit({ store, userPerMinute: options.user ?? 3, tenantPerMinute: options.tenant ?? 100, log }));
  app.use(express.json());
  app.use(loginRateLimit({ store, perMinute: options.login ?? 2, path: '/login', log }));
  app.all('/{*rest}', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler(log));
  return app;
}

const as = (token: string) => (app: express.Express) =>
  request(app).get('/things').set('Authorization', `Bearer ${token}`);

describe('rate limits', () => {
  it('counts per user and answers over the limit with a 429 problem, Retry-After and RateLimit-*', async () => {
    const app = build({ user: 2 });
    const alice = as('t-1/alice');

    const first = await alice(app);
    await alice(app);
    const third = await alice(app);

    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-limit']).toBe('2');
    expect(first.headers['ratelimit-remaining']).toBe('1');
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(first.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.headers['ratelimit-remaining']).toBe('0');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(third.body).toMatchObject({
      type: 'https://salesflow.dev/problems/rate-limited',
      status: 429,
      reason: 'RATE_LIMITED',
      retryAfterSeconds: Number(third.headers['retry-after']),
    });
    expect((await as('t-1/bob')(app)).status).toBe(200);
  });

  it('counts every user of a tenant against the tenant limit, and reports the tighter limit', async () => {
    const app = build({ user: 100, tenant: 3 });

    await as('t-1/a')(app);
    await as('t-1/b')(app);
    const third = await as('t-1/c')(app);
    const fourth = await as('t-1/d')(app);
    const otherTenant = await as('t-2/a')(app);

    expect(third.status).toBe(200);
    expect(third.headers['ratelimit-limit']).toBe('3');
    expect(third.headers['ratelimit-remaining']).toBe('0');
    expect(fourth.status).toBe(429);
    expect(fourth.body.detail).toMatch(/tenant/);
    expect(otherTenant.status).toBe(200);
  });

  it('counts unauthenticated callers per client address', async () => {
    const app = build({ user: 1 });

    expect((await request(app).get('/docs')).status).toBe(200);
    expect((await request(app).get('/docs')).status).toBe(429);
  });

  it('limits sign-in attempts per address, tenant code and account, apart from other requests', async () => {
    const app = build({ user: 100, login: 2 });
    const login = (tenantCode: string, email = 'a@b.c') => request(app).post('/login').send({ tenantCode, email });

    expect((await login('acme')).status).toBe(200);
    const second = await login('ACME ', 'A@B.C');
    const third = await login('acme');

    expect(second.headers['ratelimit-limit']).toBe('2');
    expect(third.status).toBe(429);
    expect(third.body.detail).toMatch(/sign-in/);
    expect((await login('globex')).status).toBe(200);
    // A colleague at the same address signs in undisturbed.
    expect((await login('acme', 'colleague@b.c')).status).toBe(200);
  });

  it('starts counting again in the next window', async () => {
    let now = Date.parse('2026-11-23T08:00:10Z');
    const app = build({ user: 1, store: memoryRateLimitStore(() => now) });

    await as('t-1/alice')(app);
    const limited = await as('t-1/alice')(app);
    now += 60_000;
    const later = await as('t-1/alice')(app);

    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('50');
    expect(later.status).toBe(200);
  });

  it('lets requests through when the counter store is down', async () => {
    const app = build({
      store: {
        async hit() {
          throw new Error('connection refused');
        },
      },
    });

    const res = await as('t-1/alice')(app);

    expect(res.status).toBe(200);
    expect(res.headers['ratelimit-limit']).toBeUndefined();
  });
});
