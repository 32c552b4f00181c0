import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import { createLogger, ServiceError } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import express from 'express';
import request from 'supertest';
import type { TokenVerifier } from '../src/auth/token-verifier';
import { createGatewayDatabase, type GatewayDatabase, purgeExpired } from '../src/database';
import { identifyCaller } from '../src/http/caller';
import { errorHandler } from '../src/http/error-handler';
import { idempotency } from '../src/http/idempotency';
import { postgresIdempotencyStore } from '../src/http/idempotency.repository';
import { rateLimit } from '../src/http/rate-limit';
import { postgresRateLimitStore } from '../src/http/rate-limit.repository';

const log = createLogger('gateway', 'silent');
const verifier: TokenVerifier = {
  async verify(token) {
    const [tenantId, employeeId] = token.split('/');
    if (!tenantId || !employeeId) throw new ServiceError('UNAUTHENTICATED', 'bad token');
    return commonV1.Principal.fromPartial({ tenantId, employeeId });
  },
};

/** The key store and the rate-limit counters against a real PostgreSQL database of their own. */
describe('gateway database', () => {
  let database: TestDatabase;
  let db: GatewayDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('gateway', join(__dirname, '..', 'prisma', 'migrations'));
    db = createGatewayDatabase(database.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  describe('idempotency keys', () => {
    function build(ttlMs?: number) {
      let runs = 0;
      const app = express();
      app.use(identifyCaller(verifier));
      app.use(express.json());
      app.use(idempotency({ store: postgresIdempotencyStore(db), log, ...(ttlMs ? { ttlMs } : {}) }));
      app.post('/things', async (req, res) => {
        runs += 1;
        // Long enough for a concurrent duplicate to arrive while this one runs.
        await new Promise((r) => setTimeout(r, 200));
        res
          .status(201)
          .setHeader('Location', `/things/${runs}`)
          .setHeader('ETag', '"1"')
          .json({ run: runs, ...req.body });
      });
      app.use(errorHandler(log));
      return { app, runs: () => runs };
    }
    const post = (app: express.Express, key: string, body: object) =>
      request(app).post('/things').set('Authorization', 'Bearer t-1/alice').set('Idempotency-Key', key).send(body);

    it('replays the stored first response for a retry', async () => {
      const { app, runs } = build();

      const first = await post(app, 'replay-1', { name: 'A' });
      const second = await post(app, 'replay-1', { name: 'A' });

      expect(runs()).toBe(1);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers).toMatchObject({ location: '/things/1', etag: '"1"', 'idempotent-replayed': 'true' });
      expect(second.headers['content-type']).toBe(first.headers['content-type']);
    });

    it('answers the same key with another body with 422', async () => {
      const { app, runs } = build();

      await post(app, 'mismatch-1', { name: 'A' });
      const res = await post(app, 'mismatch-1', { name: 'B' });

      expect(res.status).toBe(422);
      expect(res.body.type).toBe('https://salesflow.dev/problems/idempotency-key-mismatch');
      expect(runs()).toBe(1);
    });

    it('runs the handler once for two simultaneous requests with one key', async () => {
      const { app, runs } = build();

      const [a, b] = await Promise.all([post(app, 'concurrent-1', { n: 1 }), post(app, 'concurrent-1', { n: 1 })]);

      expect(runs()).toBe(1);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const conflict = a.status === 409 ? a : b;
      expect(conflict.headers['retry-after']).toBe('1');
      expect(conflict.body.type).toBe('https://salesflow.dev/problems/idempotency-key-in-use');
    });

    it('treats an expired key as new, and purges it', async () => {
      const { app, runs } = build(1);

      await post(app, 'expiring-1', { name: 'A' });
      await new Promise((r) => setTimeout(r, 20));
      const again = await post(app, 'expiring-1', { name: 'B' });

      expect(again.status).toBe(201);
      expect(runs()).toBe(2);
      await new Promise((r) => setTimeout(r, 20));
      await purgeExpired(db);
      const left = await db.idempotencyKey.count({ where: { key: 'expiring-1' } });
      expect(left).toBe(0);
    });
  });

  describe('rate-limit counters', () => {
    it('counts user and tenant in one statement and answers 429 over the limit', async () => {
      const app = express();
      app.use(identifyCaller(verifier));
      app.use(rateLimit({ store: postgresRateLimitStore(db), userPerMinute: 2, tenantPerMinute: 100, log }));
      app.get('/things', (_req, res) => {
        res.json({ ok: true });
      });
      app.use(errorHandler(log));
      const get = () => request(app).get('/things').set('Authorization', 'Bearer t-rl/alice');

      const first = await get();
      await get();
      const third = await get();

      expect(first.headers['ratelimit-remaining']).toBe('1');
      expect(third.status).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      const rows = await db.rateLimitCounter.findMany({ where: { key: { in: ['user:t-rl:alice', 'tenant:t-rl'] } } });
      expect(rows.map((r) => [r.key, r.hits]).sort()).toEqual([
        ['tenant:t-rl', 3],
        ['user:t-rl:alice', 3],
      ]);
    });

    it('shares counters between stores (replicas) and starts again in the next window', async () => {
      const replicaA = postgresRateLimitStore(db);
      const otherReplica = createGatewayDatabase(database.url);
      const replicaB = postgresRateLimitStore(otherReplica);
      // Start right after a window boundary so both hits share one 2 s window.
      await new Promise((r) => setTimeout(r, 2000 - (Date.now() % 2000) + 50));

      const [a] = await replicaA.hit(['shared'], 2);
      const [b] = await replicaB.hit(['shared'], 2);
      await new Promise((r) => setTimeout(r, 2100));
      const [c] = await replicaA.hit(['shared'], 2);
      await otherReplica.$disconnect();

      expect(a?.hits).toBe(1);
      expect(b?.hits).toBe(2);
      expect(b?.resetSeconds).toBeGreaterThanOrEqual(1);
      expect(b?.resetSeconds).toBeLessThanOrEqual(2);
      expect(c?.hits).toBe(1);
    });
  });
});
