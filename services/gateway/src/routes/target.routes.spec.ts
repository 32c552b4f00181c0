import { goalsV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { TargetsClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const PROBLEM = /^application\/problem\+json/;
const TARGET_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000d1';
const AT = new Date('2026-11-23T08:00:00.000Z');

function node(overrides: Partial<goalsV1.Target> = {}): goalsV1.TargetProgress {
  return {
    target: goalsV1.Target.fromPartial({
      id: TARGET_ID,
      tenantId: 't-1',
      metric: goalsV1.TargetMetric.TARGET_METRIC_CONTRACT_AMOUNT,
      periodStart: '2026-07-01',
      periodEnd: '2026-10-01',
      periodKind: 'QUARTER',
      periodKey: '2026Q3',
      scope: goalsV1.TargetScope.TARGET_SCOPE_TENANT,
      value: '1000000',
      achieved: '400000',
      version: '3',
      createdAt: AT,
      updatedAt: AT,
      ...overrides,
    }),
    achieved: '400000',
    completionPercent: 40,
    expectedByNow: '500000',
    expectedPercent: 50,
  };
}

describe('target routes', () => {
  let key: SigningKey;
  let manager: string;
  let reader: string;

  beforeAll(async () => {
    key = await createSigningKey();
    manager = await signAccessToken(key, {
      claims: { ...REP_CLAIMS, perms: ['goals.target.read', 'goals.target.write', 'goals.settings.write'] },
    });
    reader = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['goals.target.read'] } });
  });

  function build() {
    const { record, sent } = callRecorder();
    const targets: Fake<Partial<TargetsClient>> = {
      createTargetNode: record('createTargetNode', () => ({ node: node({ version: '1' }), children: [] })),
      getTargetNode: record('getTargetNode', () => ({ node: node(), children: [node({ id: 'child-1' })] })),
      updateTargetNode: record('updateTargetNode', () => {
        throw new ServiceError('CONFLICT', 'target was changed by someone else');
      }),
      decomposeTarget: record('decomposeTarget', () => ({ parent: node(), children: [node({ id: 'c1' })] })),
      getTargetTree: record('getTargetTree', () => ({ nodes: [node()] })),
    };
    const app = routeTestApp(key, { targets: targets as TargetsClient });
    return { app, sent };
  }

  it('creates a target by period key: 201, Location, ETag, API names mapped to proto', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/targets')
      .set('Authorization', `Bearer ${manager}`)
      .send({ metric: 'CONTRACT_AMOUNT', period: '2026Q3', scope: 'TENANT', value: 1000000, productLine: 'A' });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/targets/${TARGET_ID}`);
    expect(res.body).toMatchObject({
      id: TARGET_ID,
      metric: 'CONTRACT_AMOUNT',
      periodKey: '2026Q3',
      scope: 'TENANT',
      scopeId: null,
      value: 1000000,
      achieved: 400000,
      completionPercent: 40,
      expectedByNow: 500000,
      children: [],
    });
    expect(sent('createTargetNode')).toMatchObject({
      metric: 'TARGET_METRIC_CONTRACT_AMOUNT',
      period: '2026Q3',
      scope: 'TARGET_SCOPE_TENANT',
      value: '1000000',
      productLine: 'A',
    });
  });

  it('rejects a negative value and an unknown metric with field errors, calling nothing', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/targets')
      .set('Authorization', `Bearer ${manager}`)
      .send({ metric: 'REVENUE', period: '2026', scope: 'TENANT', value: -1 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['metric', 'value']);
    expect(sent('createTargetNode')).toBeUndefined();
  });

  it('needs goals.target.write to create', async () => {
    const { app } = build();
    const res = await request(app)
      .post('/api/v1/targets')
      .set('Authorization', `Bearer ${reader}`)
      .send({ metric: 'VISITS', period: '2026', scope: 'TENANT', value: 1 });
    expect(res.status).toBe(403);
  });

  it('reads a node with its children and ETag', async () => {
    const { app } = build();
    const res = await request(app).get(`/api/v1/targets/${TARGET_ID}`).set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body.children).toHaveLength(1);
  });

  it('answers 412 to a stale If-Match on PATCH', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .patch(`/api/v1/targets/${TARGET_ID}`)
      .set('Authorization', `Bearer ${manager}`)
      .set('If-Match', '"2"')
      .send({ value: 5 });
    expect(res.status).toBe(412);
    expect(sent('updateTargetNode')).toEqual({ id: TARGET_ID, expectedVersion: '2', value: '5' });
  });

  it('decomposes by weights', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post(`/api/v1/targets/${TARGET_ID}/decompose`)
      .set('Authorization', `Bearer ${manager}`)
      .send({
        axis: 'PRODUCT_LINE',
        parts: [
          { key: 'A', weight: 60 },
          { key: 'B', weight: '40' },
        ],
      });
    expect(res.status).toBe(201);
    expect(res.body.children).toHaveLength(1);
    expect(sent('decomposeTarget')).toEqual({
      id: TARGET_ID,
      expectedVersion: '0',
      axis: 'DECOMPOSITION_AXIS_PRODUCT_LINE',
      childPeriodKind: '',
      parts: [
        { key: 'A', weight: '60' },
        { key: 'B', weight: '40' },
      ],
    });
  });

  it('serves the tree for a period and metric', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/targets/tree?period=2026Q3&metric=CONTRACT_AMOUNT')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(sent('getTargetTree')).toEqual({ period: '2026Q3', metric: 'TARGET_METRIC_CONTRACT_AMOUNT' });
  });
});
