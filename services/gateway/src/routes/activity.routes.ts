import { pageSize } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { CrmClient } from '../clients/service-clients';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import {
  activityToJson,
  createActivityRequestFromJson,
  subjectTypeFromProto,
  subjectTypeToProto,
  timelineEntryToJson,
} from './mappers/activity.mapper';
import {
  activityPageSchema,
  activitySchema,
  createActivityBodySchema,
  listActivitiesQuerySchema,
  overdueListSchema,
  overdueQuerySchema,
  timelinePageSchema,
  timelineQuerySchema,
} from './schemas/activity.schemas';
import { idParamsSchema } from './schemas/common.schemas';

const PATH = `${API_PREFIX}/activities`;
const TIMELINE = `${API_PREFIX}/customers/{id}/timeline`;
const security = [{ [BEARER_AUTH]: [] }];
const customerIdParams = idParamsSchema('customer');

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createActivity',
  tags: ['activities'],
  summary: 'Record a follow-up (联系记录)',
  description:
    "Needs crm.activity.write. On a lead or customer it also sets the subject's last follow-up and next follow-up date (a new lead becomes contacted), in one transaction; a customer's goes on its timeline.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createActivityBodySchema } } } },
  responses: {
    201: { description: 'Recorded.', content: { 'application/json': { schema: activitySchema } } },
    400: problemResponse('The body is not valid (e.g. a next follow-up before the follow-up itself).'),
    404: problemResponse('No such lead or customer, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listActivities',
  tags: ['activities'],
  summary: 'The follow-ups of one lead, customer or opportunity, newest first',
  description: 'Needs crm.activity.read.',
  security,
  request: { query: listActivitiesQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: activityPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    404: problemResponse('No such lead or customer, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/overdue`,
  operationId: 'listOverdueFollowUps',
  tags: ['activities'],
  summary: 'Leads and customers whose next follow-up date has passed',
  description: 'Needs crm.activity.read. Most overdue first, at most 500.',
  security,
  request: { query: overdueQuerySchema },
  responses: {
    200: { description: 'Most overdue first.', content: { 'application/json': { schema: overdueListSchema } } },
    400: problemResponse('scope is not mine or team.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: TIMELINE,
  operationId: 'getCustomerTimeline',
  tags: ['customers'],
  summary: "A customer's 360 timeline, newest first",
  description:
    'Needs crm.customer.read. Follow-ups today; opportunities, contracts, tickets and visits as they arrive.',
  security,
  request: { params: customerIdParams, query: timelineQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: timelinePageSchema } } },
    404: problemResponse('No such customer, or not one you may see.'),
    ...authenticatedProblems,
  },
});

export function activityRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;
  const canRead = requirePermission('crm.activity.read');

  router.post(PATH, authenticate, requirePermission('crm.activity.write'), async (req, res) => {
    const body = validate(createActivityBodySchema, req.body, 'body');
    const { activity } = await crm.createActivity(createActivityRequestFromJson(body), callOptionsOf(req));
    res.status(201).json(activityToJson(present(activity, 'crm', 'activity')));
  });

  router.get(`${PATH}/overdue`, authenticate, canRead, async (req, res) => {
    const { scope } = validate(overdueQuerySchema, req.query, 'query');
    const { items } = await crm.listOverdueFollowUps({ team: scope === 'team' }, callOptionsOf(req));
    res.json({ items: items.map((i) => ({ ...i, subjectType: subjectTypeFromProto(i.subjectType) })) });
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listActivitiesQuerySchema, req.query, 'query');
    const response = await crm.listActivities(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        subjectType: subjectTypeToProto(query.subjectType),
        subjectId: query.subjectId,
      },
      callOptionsOf(req),
    );
    res.json({ items: response.activities.map(activityToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(
    `${API_PREFIX}/customers/:id/timeline`,
    authenticate,
    requirePermission('crm.customer.read'),
    async (req, res) => {
      const { id } = validate(customerIdParams, req.params, 'params');
      const query = validate(timelineQuerySchema, req.query, 'query');
      const response = await crm.getCustomerTimeline(
        { customerId: id, page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' } },
        callOptionsOf(req),
      );
      res.json({ items: response.entries.map(timelineEntryToJson), nextCursor: response.page?.nextCursor || null });
    },
  );

  return router;
}
