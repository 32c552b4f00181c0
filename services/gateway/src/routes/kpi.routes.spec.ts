import type { analyticsV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { KpiClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const money = (amountMinor: string) => ({ amountMinor, currency: 'CNY' });

const values: analyticsV1.KpiValues = {
  salesAmount: money('270000'),
  collections: money('80000'),
  previousSalesAmount: money('100000'),
  previousCollections: money('10000'),
  salesGrowth: 1.7,
  newCustomers: '2',
  ratings: '3',
  satisfiedRatings: '2',
  satisfaction: 2 / 3,
  leads: '0',
  convertedLeads: '0',
  won: '1',
  lost: '2',
  winRate: 1 / 3,
  visits: '4',
  effectiveVisits: '2',
  effectiveVisitRate: 0.5,
  contracts: '2',
  transactionRate: 0.5,
  reps: '2',
  averageSalesPerRepPerWeek: money('30484'),
  salesCost: money('27000'),
  expenses: '2',
  costRatio: 0.1,
  reportsSubmitted: '4',
  reportsOnTime: '3',
  reportTimeliness: 0.75,
  tasksDue: '0',
  tasksCompletedOnTime: '0',
};

describe('analytics KPI routes', () => {
  let key: SigningKey;
  let reader: string;
  let admin: string;

  beforeAll(async () => {
    key = await createSigningKey();
    reader = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['analytics.read'] } });
    admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['*'], scope: 'TENANT' } });
  });

  function build() {
    const { record, sent } = callRecorder();
    const kpis: Partial<KpiClient> = {
      getKpis: record('getKpis', () => ({
        period: '2026-07',
        from: '2026-07-01',
        to: '2026-07-31',
        previousPeriod: '2026-06',
        total: values,
        rows: [{ groupKey: 'emp-1', values }],
      })),
      getLeaderboard: record('getLeaderboard', () => {
        throw new ServiceError('INVALID_ARGUMENT', 'bad', { fieldErrors: [{ field: 'metric', message: 'no' }] });
      }),
      listChurnRisks: record('listChurnRisks', () => ({
        risks: [{ customerId: 'c-1', name: '客户', ownerId: 'emp-1', reason: 'no_follow_up,no_order' }],
      })),
      getTargetCompletion: record('getTargetCompletion', () => ({
        targets: [
          {
            targetId: 't-1',
            parentId: '',
            metric: 'CONTRACT_AMOUNT',
            scope: 'EMPLOYEE',
            scopeId: 'emp-1',
            periodKey: '2026-07',
            periodFrom: '2026-07-01',
            periodTo: '2026-07-31',
            productLine: '',
            region: '',
            customerSegment: '',
            value: '200000',
            achieved: '150000',
            completion: 0.75,
          },
        ],
      })),
      getChurnAnalysis: record('getChurnAnalysis', () => ({
        period: '2026-07',
        from: '2026-07-01',
        to: '2026-07-31',
        churnedCustomers: '2',
        lostRevenue: money('90000'),
        bySegment: [{ key: 'key', customers: '2', lostRevenue: money('90000') }],
        byReason: [
          { key: 'price', customers: '1', lostRevenue: money('60000') },
          { key: '', customers: '1', lostRevenue: money('30000') },
        ],
      })),
      rebuildProjections: record('rebuildProjections', () => ({ generation: '3' })),
    };
    const app = routeTestApp(key, { kpis: kpis as KpiClient });
    return { app, sent };
  }

  it('maps the KPI report to JSON (money as integers, absent rates as null)', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/analytics/kpis?period=2026-07&groupBy=employee&departmentId=d-7')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(sent('getKpis')).toEqual({ period: '2026-07', groupBy: 'KPI_GROUP_BY_EMPLOYEE', departmentId: 'd-7' });
    expect(res.body.total).toMatchObject({
      salesAmount: { amountMinor: 270000, currency: 'CNY' },
      salesGrowth: 1.7,
      collectionsGrowth: null,
      leadConversion: null,
      winRate: 1 / 3,
      averageSalesPerRepPerWeek: { amountMinor: 30484, currency: 'CNY' },
      salesCost: { amountMinor: 27000, currency: 'CNY' },
      costRatio: 0.1,
      reportTimeliness: 0.75,
      tasksDue: 0,
      taskCompletion: null,
    });
    expect(res.body.rows[0].group).toBe('emp-1');
  });

  it('rejects a bad period before calling the service, and passes service field errors through', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/analytics/kpis?period=2026-13')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'period' })]);
    expect(sent('getKpis')).toBeUndefined();
    const unknown = await request(app)
      .get('/api/v1/analytics/leaderboard?metric=height&period=2026-07')
      .set('Authorization', `Bearer ${reader}`);
    expect(unknown.status).toBe(400);
  });

  it('lists churn risks with their reasons as a list', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/analytics/churn-risks?days=45&asOf=2026-07-31')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(sent('listChurnRisks')).toEqual({ days: 45, limit: 0, asOf: '2026-07-31' });
    expect(res.body.items).toEqual([
      {
        customerId: 'c-1',
        name: '客户',
        ownerId: 'emp-1',
        daysSinceFollowUp: null,
        daysSinceOrder: null,
        reasons: ['no_follow_up', 'no_order'],
      },
    ]);
  });

  it('answers target completion with empty ids as null', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/analytics/target-completion?period=2026Q3&metric=CONTRACT_AMOUNT')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(sent('getTargetCompletion')).toEqual({ period: '2026Q3', metric: 'CONTRACT_AMOUNT' });
    expect(res.body.items).toEqual([
      {
        targetId: 't-1',
        parentId: null,
        metric: 'CONTRACT_AMOUNT',
        scope: 'EMPLOYEE',
        scopeId: 'emp-1',
        periodKey: '2026-07',
        periodFrom: '2026-07-01',
        periodTo: '2026-07-31',
        productLine: null,
        region: null,
        customerSegment: null,
        value: 200000,
        achieved: 150000,
        completion: 0.75,
      },
    ]);
    const bad = await request(app)
      .get('/api/v1/analytics/target-completion?period=2026Q3&metric=HEIGHT')
      .set('Authorization', `Bearer ${reader}`);
    expect(bad.status).toBe(400);
  });

  it('answers the churn analysis by segment and by reason', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/analytics/churn-analysis?period=2026-07&departmentId=d-7')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(sent('getChurnAnalysis')).toEqual({ period: '2026-07', departmentId: 'd-7' });
    expect(res.body).toEqual({
      period: '2026-07',
      from: '2026-07-01',
      to: '2026-07-31',
      churnedCustomers: 2,
      lostRevenue: { amountMinor: 90000, currency: 'CNY' },
      bySegment: [{ key: 'key', customers: 2, lostRevenue: { amountMinor: 90000, currency: 'CNY' } }],
      byReason: [
        { key: 'price', customers: 1, lostRevenue: { amountMinor: 60000, currency: 'CNY' } },
        { key: '', customers: 1, lostRevenue: { amountMinor: 30000, currency: 'CNY' } },
      ],
    });
    const noPeriod = await request(app)
      .get('/api/v1/analytics/churn-analysis')
      .set('Authorization', `Bearer ${reader}`);
    expect(noPeriod.status).toBe(400);
  });

  it('lets only holders of analytics.rebuild start a rebuild', async () => {
    const { app, sent } = build();
    const denied = await request(app).post('/api/v1/analytics/rebuild').set('Authorization', `Bearer ${reader}`);
    expect(denied.status).toBe(403);
    expect(sent('rebuildProjections')).toBeUndefined();
    const started = await request(app).post('/api/v1/analytics/rebuild').set('Authorization', `Bearer ${admin}`);
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ generation: 3 });
  });
});
