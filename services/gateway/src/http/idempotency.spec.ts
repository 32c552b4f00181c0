import { commonV1 } from '@salesflow/contracts';
import { createLogger, ServiceError } from '@salesflow/platform';
import express, { type Express } from 'express';
import request from 'supertest';
import type { TokenVerifier } from '../auth/token-verifier';
import { identifyCaller } from './caller';
import { errorHandler } from './error-handler';
import { type IdempotencyStore, idempotency, memoryIdempotencyStore } from './idempotency';

const PROBLEM = /^application\/problem\+json/;

/** Tokens are "<tenant>/<employee>"; anything else does not verify. */
const verifier: TokenVerifier = {
  async verify(token) {
    const [tenantId, employeeId] = token.split('/');
    if (!tenantId || !employeeId) throw new ServiceError('UNAUTHENTICATED', 'bad token');
    return commonV1.Principal.fromPartial({ tenantId, employeeId });
  },
};

function build(store: IdempotencyStore = memoryIdempotencyStore()) {
  const runs: unknown[] = [];
  let release: (() => void) | undefined;
  const app: Express = express();
  app.use(identifyCaller(verifier));
  app.use(express.json());
  app.use(express.text({ type: 'text/csv' }));
  app.use(idempotency({ store, log: createLogger('gateway', 'silent') }));
  app.post('/things', (req, res) => {
    runs.push(req.body);
    res
      .status(201)
      .setHeader('Location', '/things/1')
      .setHeader('ETag', '"1"')
      .json({ id: 1, ...req.body, run: runs.length });
  });
  app.post('/slow', async (req, res) => {
    runs.push(req.body);
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    res.status(201).json({ run: runs.length });
  });
  app.post('/fails', (req) => {
    runs.push(req.body);
    throw new ServiceError('UNAVAILABLE', 'crm is down');
  });
  app.post('/tokens', (req, res) => {
    runs.push(req.body);
    res.setHeader('Cache-Control', 'no-store').json({ accessToken: `secret-${runs.length}` });
  });
  app.post('/import', (req, res) => {
    runs.push(req.body);
    res.json({ rows: String(req.body).split('\n').length });
  });
  app.use(errorHandler(createLogger('gateway', 'silent')));
  return { app, runs, release: () => release?.() };
}

const post = (app: Express, path: string, key: string | undefined, body: object, token = 't-1/alice') => {
  const req = request(app).post(path).set('Authorization', `Bearer ${token}`);
  if (key !== undefined) req.set('Idempotency-Key', key);
  return req.send(body);
};

describe('Idempotency-Key', () => {
  it('runs a retried POST once and replays status, Location, ETag, Content-Type and body', async () => {
    const { app, runs } = build();

    const first = await post(app, '/things', 'key-1', { name: 'A' });
    const second = await post(app, '/things', 'key-1', { name: 'A' });

    expect(runs).toHaveLength(1);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers).toMatchObject({
      location: '/things/1',
      etag: '"1"',
      'content-type': first.headers['content-type'],
      'idempotent-replayed': 'true',
    });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers the same key with a different body with a 422 problem and runs nothing', async () => {
    const { app, runs } = build();

    await post(app, '/things', 'key-1', { name: 'A' });
    const res = await post(app, '/things', 'key-1', { name: 'B' });

    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      type: 'https://salesflow.dev/problems/idempotency-key-mismatch',
      reason: 'IDEMPOTENCY_KEY_MISMATCH',
    });
    expect(runs).toHaveLength(1);
  });

  it('treats the same key on another path as a different request', async () => {
    const { app } = build();

    await post(app, '/things', 'key-1', { name: 'A' });
    const res = await post(app, '/import', 'key-1', { name: 'A' });

    expect(res.status).toBe(422);
  });

  it('keeps keys per caller: another user may use the same key', async () => {
    const { app, runs } = build();

    await post(app, '/things', 'key-1', { name: 'A' }, 't-1/alice');
    const bob = await post(app, '/things', 'key-1', { name: 'A' }, 't-1/bob');
    const otherTenant = await post(app, '/things', 'key-1', { name: 'A' }, 't-2/alice');

    expect(bob.headers['idempotent-replayed']).toBeUndefined();
    expect(otherTenant.headers['idempotent-replayed']).toBeUndefined();
    expect(runs).toHaveLength(3);
  });

  it('answers a duplicate that arrives while the first still runs with 409 and Retry-After: 1', async () => {
    const { app, runs, release } = build();

    const first = post(app, '/slow', 'key-1', { n: 1 }).then((res) => res);
    await new Promise((r) => setTimeout(r, 50));
    const second = await post(app, '/slow', 'key-1', { n: 1 });
    release();
    const firstRes = await first;

    expect(second.status).toBe(409);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.body.type).toBe('https://salesflow.dev/problems/idempotency-key-in-use');
    expect(firstRes.status).toBe(201);
    expect(runs).toHaveLength(1);
  });

  it('lets a retry run again after a 5xx', async () => {
    const { app, runs } = build();

    expect((await post(app, '/fails', 'key-1', {})).status).toBe(503);
    expect((await post(app, '/fails', 'key-1', {})).status).toBe(503);

    expect(runs).toHaveLength(2);
  });

  it('never stores a response marked no-store (tokens)', async () => {
    const { app, runs } = build();

    await post(app, '/tokens', 'key-1', {});
    const again = await post(app, '/tokens', 'key-1', {});

    expect(again.body.accessToken).toBe('secret-2');
    expect(runs).toHaveLength(2);
  });

  it('treats an expired key as new', async () => {
    let now = Date.parse('2026-11-23T08:00:00Z');
    const { app, runs } = build(memoryIdempotencyStore(() => now));

    await post(app, '/things', 'key-1', { name: 'A' });
    now += 24 * 60 * 60 * 1000 + 1;
    const later = await post(app, '/things', 'key-1', { name: 'B' });

    expect(later.status).toBe(201);
    expect(runs).toHaveLength(2);
  });

  it('scopes unauthenticated requests by client address, and covers text/csv bodies', async () => {
    const { app, runs } = build();
    const csv = (body: string) =>
      request(app).post('/import').set('Idempotency-Key', 'csv-1').set('Content-Type', 'text/csv').send(body);

    await csv('name\nA');
    const replay = await csv('name\nA');
    const other = await csv('name\nB');

    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(other.status).toBe(422);
    expect(runs).toHaveLength(1);
  });

  it('ignores requests without a key and methods other than POST', async () => {
    const { app, runs } = build();

    await post(app, '/things', undefined, { name: 'A' });
    await post(app, '/things', undefined, { name: 'A' });

    expect(runs).toHaveLength(2);
  });

  it('rejects a key that is empty or too long with a 400 naming the header', async () => {
    const { app } = build();

    const res = await post(app, '/things', 'x'.repeat(256), {});

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});
