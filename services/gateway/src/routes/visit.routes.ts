import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { VisitsClient } from '../clients/service-clients';
import { requireVisitsClient } from '../clients/visits-client';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { visitToJson } from './mappers/field-visit.mapper';
import { listVisitsQuerySchema, visitListSchema } from './schemas/field-visit.schemas';

const PATH = `${API_PREFIX}/visits`;

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listVisits',
  tags: ['visits'],
  summary: 'Visits (拜访) of a day: yours, or your team’s',
  description:
    'Needs field.visit.read. view=team: everyone in your data scope. A visit is effective when checked in inside the geofence, long enough, and followed the same day by a follow-up record in crm.',
  security: [{ [BEARER_AUTH]: [] }],
  request: { query: listVisitsQuerySchema },
  responses: {
    200: { description: 'By rep, then start time.', content: { 'application/json': { schema: visitListSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

export function visitRoutes(deps: { visits: VisitsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  router.get(PATH, deps.authenticate, requirePermission('field.visit.read'), async (req, res) => {
    const query = validate(listVisitsQuerySchema, req.query, 'query');
    const { visits } = await requireVisitsClient(deps.visits).listVisits(
      { view: query.view ?? 'mine', date: query.date ?? '' },
      callOptionsOf(req),
    );
    res.json({ items: visits.map(visitToJson) });
  });
  return router;
}
