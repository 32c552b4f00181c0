import type { crmV1 } from '@salesflow/contracts';
import { pageSize } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { SalesClient } from '../clients/service-clients';
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
import {
  enumToProto,
  moneyToJson,
  moneyToProto,
  opportunityToJson,
  pipelineToJson,
  stageChangeToJson,
  stageToJson,
} from './mappers/sales.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  boardQuerySchema,
  boardSchema,
  createOpportunityBodySchema,
  listOpportunitiesQuerySchema,
  moveStageBodySchema,
  opportunityPageSchema,
  opportunitySchema,
  stageChangeSchema,
  updateOpportunityBodySchema,
} from './schemas/sales.schemas';

const PATH = `${API_PREFIX}/opportunities`;
const security = [{ [BEARER_AUTH]: [] }];
const opportunityContent = { 'application/json': { schema: opportunitySchema } };
const opportunityIdParams = idParamsSchema('opportunity');
const notFound = problemResponse('No such opportunity, or not one you may see.');

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createOpportunity',
  tags: ['opportunities'],
  summary: 'Create an opportunity (商机) on a customer',
  description:
    "Needs crm.opportunity.write and the customer in your data scope. Starts in the default pipeline's first stage (or stageId) with its probability; that stage's required fields must be filled.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createOpportunityBodySchema } } } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('opportunity'), ...locationHeader('opportunity') },
      content: opportunityContent,
    },
    400: problemResponse('The body is not valid, or a required field of the stage is empty (per-field errors).'),
    404: problemResponse('No such customer, or not one you may see.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listOpportunities',
  tags: ['opportunities'],
  summary: 'List the opportunities you may see, newest first',
  description: 'Needs crm.opportunity.read; your data scope decides whose you see.',
  security,
  request: { query: listOpportunitiesQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: opportunityPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: `${PATH}/board`,
  operationId: 'getOpportunityBoard',
  tags: ['opportunities'],
  summary: 'The pipeline board (看板): opportunities grouped by stage with totals',
  description:
    'Needs crm.opportunity.read. Counts and sums (and probability-weighted sums) cover every opportunity you may see in each stage, computed in the database; each column lists the 50 most recently updated.',
  security,
  request: { query: boardQuerySchema },
  responses: {
    200: { description: 'The board.', content: { 'application/json': { schema: boardSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    404: problemResponse('No such pipeline.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getOpportunity',
  tags: ['opportunities'],
  summary: 'Get one opportunity',
  description: 'Needs crm.opportunity.read.',
  security,
  request: { params: opportunityIdParams },
  responses: {
    200: { description: 'The opportunity.', headers: etagHeader('opportunity'), content: opportunityContent },
    404: notFound,
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateOpportunity',
  tags: ['opportunities'],
  summary: 'Change an opportunity (amount, close date, probability, product line, owner)',
  description:
    "Needs crm.opportunity.write. The current stage's required fields must stay filled. Send If-Match with the ETag you read.",
  security,
  request: {
    params: opportunityIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateOpportunityBodySchema } } },
  },
  responses: {
    200: {
      description: 'The opportunity as changed.',
      headers: etagHeader('opportunity'),
      content: opportunityContent,
    },
    400: problemResponse('The body is not valid.'),
    404: notFound,
    412: problemResponse('The opportunity changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/stage`,
  operationId: 'moveOpportunityStage',
  tags: ['opportunities'],
  summary: 'Move the opportunity to another stage (won and lost included)',
  description:
    "Needs crm.opportunity.write. The target stage's required fields must be filled, a move back needs a reason, the lost stage one of the tenant's lost reasons; all refused with per-field errors and nothing changed. Recorded in the stage history.",
  security,
  request: {
    params: opportunityIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: moveStageBodySchema } } },
  },
  responses: {
    200: {
      description: 'The opportunity after the move.',
      headers: etagHeader('opportunity'),
      content: opportunityContent,
    },
    400: problemResponse('The move is not allowed (per-field errors).'),
    404: notFound,
    412: problemResponse('The opportunity changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}/history`,
  operationId: 'getOpportunityHistory',
  tags: ['opportunities'],
  summary: 'The stage history: every move, who and when, oldest first',
  description: 'Needs crm.opportunity.read.',
  security,
  request: { params: opportunityIdParams },
  responses: {
    200: {
      description: 'The moves.',
      content: { 'application/json': { schema: z.object({ items: z.array(stageChangeSchema) }) } },
    },
    404: notFound,
    ...authenticatedProblems,
  },
});

export function opportunityRoutes(deps: { sales: SalesClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { sales, authenticate } = deps;
  const canRead = requirePermission('crm.opportunity.read');
  const canWrite = requirePermission('crm.opportunity.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createOpportunityBodySchema, req.body, 'body');
    const { opportunity } = await sales.createOpportunity(
      {
        name: body.name,
        customerId: body.customerId,
        amount: body.amount ? moneyToProto(body.amount) : undefined,
        expectedCloseOn: body.expectedCloseOn ?? '',
        probability: body.probability,
        productLine: body.productLine ?? '',
        ownerId: body.ownerId ?? '',
        sourceLeadId: body.sourceLeadId ?? '',
        stageId: body.stageId ?? '',
      },
      callOptionsOf(req),
    );
    const created = opportunityToJson(opportunity);
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listOpportunitiesQuerySchema, req.query, 'query');
    const response = await sales.listOpportunities(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        status: enumToProto<crmV1.OpportunityStatus>(query.status, 'OPPORTUNITY_STATUS_'),
        stageId: query.stageId ?? '',
        ownerId: query.ownerId ?? '',
        customerId: query.customerId ?? '',
      },
      callOptionsOf(req),
    );
    res.json({ items: response.opportunities.map(opportunityToJson), nextCursor: response.page?.nextCursor || null });
  });

  // Before /:id, so "board" is never read as an id.
  router.get(`${PATH}/board`, authenticate, canRead, async (req, res) => {
    const query = validate(boardQuerySchema, req.query, 'query');
    const board = await sales.getOpportunityBoard(
      { pipelineId: query.pipelineId ?? '', ownerId: query.ownerId ?? '' },
      callOptionsOf(req),
    );
    res.json({
      pipeline: pipelineToJson(board.pipeline),
      columns: board.columns.map((column) => ({
        stage: stageToJson(present(column.stage, 'crm', 'board stage')),
        count: column.count,
        totals: column.totalAmounts.map(moneyToJson),
        weightedTotals: column.weightedAmounts.map(moneyToJson),
        items: column.opportunities.map(opportunityToJson),
      })),
    });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(opportunityIdParams, req.params, 'params');
    sendVersioned(res, opportunityToJson((await sales.getOpportunity({ id }, callOptionsOf(req))).opportunity));
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(opportunityIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateOpportunityBodySchema, req.body, 'body');
    const { opportunity } = await withIfMatch(expectedVersion, () =>
      sales.updateOpportunity(
        {
          id,
          expectedVersion,
          name: body.name,
          amount: body.amount ? moneyToProto(body.amount) : undefined,
          clearAmount: body.amount === null,
          expectedCloseOn: body.expectedCloseOn === null ? '' : body.expectedCloseOn,
          probability: body.probability,
          productLine: body.productLine,
          ownerId: body.ownerId,
        },
        callOptionsOf(req),
      ),
    );
    sendVersioned(res, opportunityToJson(opportunity));
  });

  router.post(`${PATH}/:id/stage`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(opportunityIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(moveStageBodySchema, req.body, 'body');
    const { opportunity } = await withIfMatch(expectedVersion, () =>
      sales.moveOpportunityStage(
        { id, stageId: body.stageId, reason: body.reason ?? '', lostReason: body.lostReason ?? '', expectedVersion },
        callOptionsOf(req),
      ),
    );
    sendVersioned(res, opportunityToJson(opportunity));
  });

  router.get(`${PATH}/:id/history`, authenticate, canRead, async (req, res) => {
    const { id } = validate(opportunityIdParams, req.params, 'params');
    const { changes } = await sales.getOpportunityHistory({ id }, callOptionsOf(req));
    res.json({ items: changes.map(stageChangeToJson) });
  });

  return router;
}
