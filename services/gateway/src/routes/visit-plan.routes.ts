import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { VisitsClient } from '../clients/service-clients';
import { requireVisitsClient } from '../clients/visits-client';
import { expectedVersionOf, withIfMatch } from '../http/if-match';
import { present, sendVersioned } from '../http/respond';
import { validate } from '../http/validate';
import {
  API_PREFIX,
  authenticatedProblems,
  BEARER_AUTH,
  etagHeader,
  ifMatchHeaders,
  locationHeader,
  problemResponse,
  registry,
} from '../openapi/registry';
import { planItemsToProto, scheduleOf, visitPlanToJson } from './mappers/field-visit.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  createVisitPlanBodySchema,
  decideVisitPlanBodySchema,
  listVisitPlansQuerySchema,
  updateVisitPlanBodySchema,
  visitPlanListSchema,
  visitPlanScheduleSchema,
  visitPlanSchema,
} from './schemas/field-visit.schemas';

const PATH = `${API_PREFIX}/visit-plans`;
const security = [{ [BEARER_AUTH]: [] }];
const planContent = { 'application/json': { schema: visitPlanSchema } };
const planIdParams = idParamsSchema('visit plan');
const tags = ['visit-plans'];

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createVisitPlan',
  tags,
  summary: 'Plan a day of visits (每日拜访计划表)',
  description: 'Needs field.plan.write. One plan a day per rep; it starts as a draft.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createVisitPlanBodySchema } } } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('plan'), ...locationHeader('plan') },
      content: planContent,
    },
    400: problemResponse('The body is not valid.'),
    409: problemResponse('You already have a plan for that date.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listVisitPlans',
  tags,
  summary: 'Your plans, or your team’s schedule by day and week (领导查看下属日程)',
  description: 'Needs field.plan.read. view=team lists the plans of everyone below you in the org (at most 62 days).',
  security,
  request: { query: listVisitPlansQuerySchema },
  responses: {
    200: {
      description: 'The plans with day and week totals.',
      content: { 'application/json': { schema: visitPlanScheduleSchema } },
    },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/approvals`,
  operationId: 'listVisitPlanApprovals',
  tags,
  summary: 'Submitted plans waiting for your approval (主管核签)',
  description: 'Needs field.plan.approve.',
  security,
  responses: {
    200: { description: 'Oldest date first.', content: { 'application/json': { schema: visitPlanListSchema } } },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getVisitPlan',
  tags,
  summary: 'Get one visit plan',
  description: 'Needs field.plan.read: your own, one you approve, or one of your team.',
  security,
  request: { params: planIdParams },
  responses: {
    200: { description: 'The plan.', headers: etagHeader('plan'), content: planContent },
    404: problemResponse('No such plan, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'put',
  path: `${PATH}/{id}`,
  operationId: 'updateVisitPlan',
  tags,
  summary: 'Replace the visits of your draft or rejected plan',
  description: 'Needs field.plan.write. Send If-Match with the ETag you read.',
  security,
  request: {
    params: planIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateVisitPlanBodySchema } } },
  },
  responses: {
    200: { description: 'The plan as changed.', headers: etagHeader('plan'), content: planContent },
    400: problemResponse('The body is not valid.'),
    ...authenticatedProblems,
    403: problemResponse('Not your plan, or no field.plan.write.'),
    404: problemResponse('No such plan, or not one you may see.'),
    409: problemResponse('The plan is submitted or approved.'),
    412: problemResponse('The plan changed since the version in If-Match.'),
  },
});

function registerAction(action: 'submit' | 'approve' | 'reject', summary: string, description: string) {
  registry.registerPath({
    method: 'post',
    path: `${PATH}/{id}/${action}`,
    operationId: `${action}VisitPlan`,
    tags,
    summary,
    description,
    security,
    request: {
      params: planIdParams,
      headers: ifMatchHeaders,
      ...(action === 'submit'
        ? {}
        : { body: { required: false, content: { 'application/json': { schema: decideVisitPlanBodySchema } } } }),
    },
    responses: {
      200: { description: 'The plan as changed.', headers: etagHeader('plan'), content: planContent },
      ...authenticatedProblems,
      400: problemResponse(action === 'reject' ? 'A rejection needs a comment.' : 'The plan has no visits.'),
      403: problemResponse(
        action === 'submit' ? 'Not your plan.' : "You are not the rep's supervisor (nor hold the tenant scope).",
      ),
      404: problemResponse('No such plan, or not one you may see.'),
      409: problemResponse(
        action === 'submit' ? 'The plan is already submitted or approved.' : 'The plan is not submitted.',
      ),
      412: problemResponse('The plan changed since the version in If-Match.'),
    },
  });
}
registerAction('submit', 'Submit your plan to your supervisor', 'Needs field.plan.write. A draft or a rejected plan.');
registerAction('approve', 'Approve a submitted plan (核签)', "Needs field.plan.approve; only the rep's supervisor.");
registerAction(
  'reject',
  'Reject a submitted plan with a comment',
  "Needs field.plan.approve; only the rep's supervisor.",
);

/** Today in the business time zone (Asia/Shanghai), as the default `from` of the schedule. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function visitPlanRoutes(deps: { visits: VisitsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const visits = () => requireVisitsClient(deps.visits);
  const canRead = requirePermission('field.plan.read');
  const canWrite = requirePermission('field.plan.write');
  const canApprove = requirePermission('field.plan.approve');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createVisitPlanBodySchema, req.body, 'body');
    const { plan } = await visits().createVisitPlan(
      { planDate: body.planDate, items: planItemsToProto(body.items) },
      callOptionsOf(req),
    );
    const created = visitPlanToJson(present(plan, 'field', 'plan'));
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listVisitPlansQuerySchema, req.query, 'query');
    const from = query.from ?? today();
    const to = query.to ?? plusDays(from, 6);
    const { plans } = await visits().listVisitPlans({ view: query.view ?? 'mine', from, to }, callOptionsOf(req));
    res.json(scheduleOf(plans.map(visitPlanToJson)));
  });

  // Before /:id, so "approvals" is never read as an id.
  router.get(`${PATH}/approvals`, authenticate, canApprove, async (req, res) => {
    const { plans } = await visits().listPendingApprovals({}, callOptionsOf(req));
    res.json({ items: plans.map(visitPlanToJson) });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(planIdParams, req.params, 'params');
    const { plan } = await visits().getVisitPlan({ id, expectedVersion: '0' }, callOptionsOf(req));
    sendVersioned(res, visitPlanToJson(present(plan, 'field', 'plan')));
  });

  router.put(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(planIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateVisitPlanBodySchema, req.body, 'body');
    const { plan } = await withIfMatch(expectedVersion, () =>
      visits().updateVisitPlan({ id, items: planItemsToProto(body.items), expectedVersion }, callOptionsOf(req)),
    );
    sendVersioned(res, visitPlanToJson(present(plan, 'field', 'plan')));
  });

  router.post(`${PATH}/:id/submit`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(planIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const { plan } = await withIfMatch(expectedVersion, () =>
      visits().submitVisitPlan({ id, expectedVersion }, callOptionsOf(req)),
    );
    sendVersioned(res, visitPlanToJson(present(plan, 'field', 'plan')));
  });

  for (const action of ['approve', 'reject'] as const) {
    router.post(`${PATH}/:id/${action}`, authenticate, canApprove, async (req, res) => {
      const { id } = validate(planIdParams, req.params, 'params');
      const expectedVersion = expectedVersionOf(req);
      const { comment } = validate(decideVisitPlanBodySchema, req.body ?? {}, 'body');
      const request = { id, comment: comment ?? '', expectedVersion };
      const { plan } = await withIfMatch(expectedVersion, () =>
        action === 'approve'
          ? visits().approveVisitPlan(request, callOptionsOf(req))
          : visits().rejectVisitPlan(request, callOptionsOf(req)),
      );
      sendVersioned(res, visitPlanToJson(present(plan, 'field', 'plan')));
    });
  }

  return router;
}
