import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { AnalyticsClient } from '../clients/service-clients';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, registry } from '../openapi/registry';
import { leadSummaryToJson } from './mappers/analytics.mapper';
import { leadSummarySchema } from './schemas/analytics.schemas';

const LEAD_SUMMARY_PATH = `${API_PREFIX}/analytics/leads/summary`;

registry.registerPath({
  method: 'get',
  path: LEAD_SUMMARY_PATH,
  operationId: 'getLeadSummary',
  tags: ['analytics'],
  summary: 'Count the leads of your tenant, per source',
  description: 'Needs analytics.read. Built from events, so a new lead may take a moment to be counted.',
  security: [{ [BEARER_AUTH]: [] }],
  responses: {
    200: { description: 'The summary.', content: { 'application/json': { schema: leadSummarySchema } } },
    ...authenticatedProblems,
  },
});

export function analyticsRoutes(deps: { analytics: AnalyticsClient; authenticate: RequestHandler }): Router {
  const router = Router();

  router.get(LEAD_SUMMARY_PATH, deps.authenticate, requirePermission('analytics.read'), async (req, res) => {
    const summary = await deps.analytics.getLeadSummary({}, callOptionsOf(req));
    res.json(leadSummaryToJson(summary));
  });

  return router;
}
