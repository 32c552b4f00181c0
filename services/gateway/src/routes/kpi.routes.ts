import { ServiceError } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import type { z } from 'zod';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { KpiClient } from '../clients/service-clients';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import {
  churnAnalysisToJson,
  churnRisksToJson,
  customerValueToJson,
  funnelToJson,
  groupByToProto,
  kpiReportToJson,
  targetCompletionToJson,
} from './mappers/kpi.mapper';
import {
  churnAnalysisQuerySchema,
  churnAnalysisSchema,
  churnRiskQuerySchema,
  churnRisksSchema,
  customerValueQuerySchema,
  customerValueSchema,
  funnelQuerySchema,
  funnelSchema,
  kpiQuerySchema,
  kpiReportSchema,
  leaderboardQuerySchema,
  leaderboardSchema,
  rebuildSchema,
  targetCompletionQuerySchema,
  targetCompletionSchema,
  timeseriesQuerySchema,
  timeseriesSchema,
} from './schemas/kpi.schemas';

const BASE = `${API_PREFIX}/analytics`;
const security = [{ [BEARER_AUTH]: [] }];
const SCOPED =
  'Needs analytics.read; counts only the facts of the people your data scope shows you. Built from events, so a fact may take a moment to count.';

function registerRead(path: string, operationId: string, summary: string, query: z.ZodType, schema: z.ZodType) {
  registry.registerPath({
    method: 'get',
    path: `${BASE}${path}`,
    operationId,
    tags: ['analytics'],
    summary,
    description: SCOPED,
    security,
    request: { query: query as z.ZodObject },
    responses: {
      200: { description: 'The answer.', content: { 'application/json': { schema } } },
      400: problemResponse('A query parameter is not valid.'),
      ...authenticatedProblems,
    },
  });
}

registerRead(
  '/kpis',
  'getKpis',
  'KPIs of a period (DOMAIN §6), in total and per employee or department',
  kpiQuerySchema,
  kpiReportSchema,
);
registerRead(
  '/funnel',
  'getFunnel',
  'Stage funnel: entries, conversion, days in stage, lost reasons',
  funnelQuerySchema,
  funnelSchema,
);
registerRead(
  '/leaderboard',
  'getLeaderboard',
  'Rank employees or departments by one KPI',
  leaderboardQuerySchema,
  leaderboardSchema,
);
registerRead('/timeseries', 'getTimeseries', 'One KPI per day, week or month', timeseriesQuerySchema, timeseriesSchema);
registerRead(
  '/customer-value',
  'getCustomerValue',
  'Pareto share and RFM tiers from payments',
  customerValueQuerySchema,
  customerValueSchema,
);
registerRead(
  '/churn-risks',
  'listChurnRisks',
  'Customers gone quiet or ordering less, with the reasons',
  churnRiskQuerySchema,
  churnRisksSchema,
);

registerRead(
  '/target-completion',
  'getTargetCompletion',
  'Target completion (achieved / value) of the goals target nodes whose period overlaps the period',
  targetCompletionQuerySchema,
  targetCompletionSchema,
);
registerRead(
  '/churn-analysis',
  'getChurnAnalysis',
  'Customers churned in the period by segment and by reason, with the revenue of their last 12 months',
  churnAnalysisQuerySchema,
  churnAnalysisSchema,
);

registry.registerPath({
  method: 'post',
  path: `${BASE}/rebuild`,
  operationId: 'rebuildAnalytics',
  tags: ['analytics'],
  summary: 'Empty the projections and replay every topic from the beginning',
  description: 'Needs analytics.rebuild (admins). Answers at once; the numbers come back as the replay proceeds.',
  security,
  responses: {
    202: { description: 'The rebuild started.', content: { 'application/json': { schema: rebuildSchema } } },
    ...authenticatedProblems,
  },
});

export function kpiRoutes(deps: { kpis: KpiClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const kpis = (): KpiClient => {
    if (!deps.kpis) throw new ServiceError('UNAVAILABLE', 'analytics KPIs are not configured');
    return deps.kpis;
  };
  const read = [deps.authenticate, requirePermission('analytics.read')];

  router.get(`${BASE}/kpis`, ...read, async (req, res) => {
    const q = validate(kpiQuerySchema, req.query, 'query');
    const answer = await kpis().getKpis(
      { period: q.period, groupBy: groupByToProto(q.groupBy), departmentId: q.departmentId ?? '' },
      callOptionsOf(req),
    );
    res.json(kpiReportToJson(answer));
  });

  router.get(`${BASE}/funnel`, ...read, async (req, res) => {
    const q = validate(funnelQuerySchema, req.query, 'query');
    const answer = await kpis().getFunnel(
      { period: q.period, employeeId: q.employeeId ?? '', departmentId: q.departmentId ?? '' },
      callOptionsOf(req),
    );
    res.json(funnelToJson(answer));
  });

  router.get(`${BASE}/leaderboard`, ...read, async (req, res) => {
    const q = validate(leaderboardQuerySchema, req.query, 'query');
    const answer = await kpis().getLeaderboard(
      { metric: q.metric, period: q.period, groupBy: groupByToProto(q.groupBy ?? 'employee'), limit: q.limit ?? 10 },
      callOptionsOf(req),
    );
    res.json({
      metric: answer.metric,
      entries: answer.entries.map((e) => ({ rank: e.rank, group: e.groupKey, value: e.value })),
    });
  });

  router.get(`${BASE}/timeseries`, ...read, async (req, res) => {
    const q = validate(timeseriesQuerySchema, req.query, 'query');
    const answer = await kpis().getTimeseries(q, callOptionsOf(req));
    res.json({ metric: answer.metric, points: answer.points.map((p) => ({ start: p.start, value: p.value ?? null })) });
  });

  router.get(`${BASE}/customer-value`, ...read, async (req, res) => {
    const q = validate(customerValueQuerySchema, req.query, 'query');
    res.json(customerValueToJson(await kpis().getCustomerValue(q, callOptionsOf(req))));
  });

  router.get(`${BASE}/churn-risks`, ...read, async (req, res) => {
    const q = validate(churnRiskQuerySchema, req.query, 'query');
    const answer = await kpis().listChurnRisks(
      { days: q.days ?? 0, limit: q.limit ?? 0, asOf: q.asOf ?? '' },
      callOptionsOf(req),
    );
    res.json(churnRisksToJson(answer));
  });

  router.get(`${BASE}/target-completion`, ...read, async (req, res) => {
    const q = validate(targetCompletionQuerySchema, req.query, 'query');
    const answer = await kpis().getTargetCompletion({ period: q.period, metric: q.metric ?? '' }, callOptionsOf(req));
    res.json(targetCompletionToJson(answer));
  });

  router.get(`${BASE}/churn-analysis`, ...read, async (req, res) => {
    const q = validate(churnAnalysisQuerySchema, req.query, 'query');
    const answer = await kpis().getChurnAnalysis(
      { period: q.period, departmentId: q.departmentId ?? '' },
      callOptionsOf(req),
    );
    res.json(churnAnalysisToJson(answer));
  });

  router.post(`${BASE}/rebuild`, deps.authenticate, requirePermission('analytics.rebuild'), async (req, res) => {
    const answer = await kpis().rebuildProjections({}, callOptionsOf(req));
    res.status(202).json({ generation: Number(answer.generation) });
  });

  return router;
}
