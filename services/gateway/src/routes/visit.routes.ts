import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { VisitsClient } from '../clients/service-clients';
import { requireVisitsClient } from '../clients/visits-client';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { visitToJson } from './mappers/field-visit.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import { listVisitsQuerySchema, visitListSchema } from './schemas/field-visit.schemas';

const PATH = `${API_PREFIX}/visits`;
const CUSTOMER_VISITS_PATH = `${API_PREFIX}/customers/{id}/visits`;
const customerIdParams = idParamsSchema('customer');
/** The customer 360 page's window: the last year of visits, newest first (field allows 400 days). */
const CUSTOMER_VISITS_DAYS = 366;
const CUSTOMER_VISITS_LIMIT = 100;

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

registry.registerPath({
  method: 'get',
  path: CUSTOMER_VISITS_PATH,
  operationId: 'listCustomerVisits',
  tags: ['visits'],
  summary: 'The last year of visits to a customer (its 360 page)',
  description:
    'Needs field.visit.read. Completed visits to the customer over the last 366 days (UTC days, up to tomorrow), newest first, at most 100, by the reps in your data scope.',
  security: [{ [BEARER_AUTH]: [] }],
  request: { params: customerIdParams },
  responses: {
    200: { description: 'Newest first.', content: { 'application/json': { schema: visitListSchema } } },
    400: problemResponse('The id is not valid.'),
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
  router.get(
    CUSTOMER_VISITS_PATH.replace('{id}', ':id'),
    deps.authenticate,
    requirePermission('field.visit.read'),
    async (req, res) => {
      const { id } = validate(customerIdParams, req.params, 'params');
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      // UTC days one either side of "today", so the business day of any zone is inside.
      const { visits } = await requireVisitsClient(deps.visits).listVisitsByDateRange(
        {
          from: day(1 - CUSTOMER_VISITS_DAYS),
          to: day(1),
          customerId: id,
          page: { limit: CUSTOMER_VISITS_LIMIT, cursor: '' },
        },
        callOptionsOf(req),
      );
      res.json({ items: visits.map(visitToJson) });
    },
  );
  return router;
}
