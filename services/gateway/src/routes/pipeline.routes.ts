import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { SalesClient } from '../clients/service-clients';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { pipelineToJson } from './mappers/sales.mapper';
import {
  addStageBodySchema,
  lostReasonsSchema,
  pipelineSchema,
  reorderStagesBodySchema,
  updateStageBodySchema,
} from './schemas/sales.schemas';

const PATH = `${API_PREFIX}/pipelines`;
const LOST_REASONS = `${API_PREFIX}/lost-reasons`;
const security = [{ [BEARER_AUTH]: [] }];
const stageParams = z.object({
  id: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The pipeline id.' }),
  stageId: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The stage id.' }),
});
const pipelineParams = z.object({
  id: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The pipeline id.' }),
});
const lostReasonsContent = { 'application/json': { schema: lostReasonsSchema } };

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listPipelines',
  tags: ['pipelines'],
  summary: "The tenant's sales pipelines (销售漏斗) with their stages",
  description:
    'Needs crm.opportunity.read. The default pipeline (潜在客户开发 -> 初步接触 -> 需求分析 -> 方案呈现 -> 谈判签约 -> 赢单/输单) is created on first use.',
  security,
  responses: {
    200: {
      description: 'The pipelines, default first.',
      content: { 'application/json': { schema: z.object({ items: z.array(pipelineSchema) }) } },
    },
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}/stages/{stageId}`,
  operationId: 'updatePipelineStage',
  tags: ['pipelines'],
  summary: "Change a stage's name, default probability or required fields",
  description: 'Needs crm.settings.write.',
  security,
  request: {
    params: stageParams,
    body: { required: true, content: { 'application/json': { schema: updateStageBodySchema } } },
  },
  responses: {
    200: { description: 'The pipeline as changed.', content: { 'application/json': { schema: pipelineSchema } } },
    400: problemResponse('The body is not valid.'),
    404: problemResponse('No such pipeline or stage.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/stages`,
  operationId: 'addPipelineStage',
  tags: ['pipelines'],
  summary: 'Add an open stage after the other open ones (won and lost stay last)',
  description: 'Needs crm.settings.write.',
  security,
  request: {
    params: pipelineParams,
    body: { required: true, content: { 'application/json': { schema: addStageBodySchema } } },
  },
  responses: {
    201: {
      description: 'The pipeline with the new stage.',
      content: { 'application/json': { schema: pipelineSchema } },
    },
    400: problemResponse('The body is not valid, or another stage has the name.'),
    404: problemResponse('No such pipeline.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'put',
  path: `${PATH}/{id}/stages/order`,
  operationId: 'reorderPipelineStages',
  tags: ['pipelines'],
  summary: 'Put the open stages in a new order (won and lost stay last)',
  description: 'Needs crm.settings.write.',
  security,
  request: {
    params: pipelineParams,
    body: { required: true, content: { 'application/json': { schema: reorderStagesBodySchema } } },
  },
  responses: {
    200: { description: 'The pipeline in its new order.', content: { 'application/json': { schema: pipelineSchema } } },
    400: problemResponse('stageIds is not every open stage once.'),
    404: problemResponse('No such pipeline.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: LOST_REASONS,
  operationId: 'listLostReasons',
  tags: ['pipelines'],
  summary: "The tenant's lost reasons (输单原因)",
  description: 'Needs crm.opportunity.read. Seeded with defaults on first use.',
  security,
  responses: { 200: { description: 'The list.', content: lostReasonsContent }, ...authenticatedProblems },
});
registry.registerPath({
  method: 'put',
  path: LOST_REASONS,
  operationId: 'replaceLostReasons',
  tags: ['pipelines'],
  summary: "Replace the tenant's lost reasons",
  description: 'Needs crm.settings.write. Opportunities already lost keep their reason text.',
  security,
  request: { body: { required: true, content: lostReasonsContent } },
  responses: {
    200: { description: 'The new list.', content: lostReasonsContent },
    400: problemResponse('The body is not valid.'),
    ...authenticatedProblems,
  },
});

export function pipelineRoutes(deps: { sales: SalesClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { sales, authenticate } = deps;
  const canRead = requirePermission('crm.opportunity.read');
  const canConfigure = requirePermission('crm.settings.write');

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const { pipelines } = await sales.listPipelines({}, callOptionsOf(req));
    res.json({ items: pipelines.map(pipelineToJson) });
  });

  router.patch(`${PATH}/:id/stages/:stageId`, authenticate, canConfigure, async (req, res) => {
    const { id, stageId } = validate(stageParams, req.params, 'params');
    const body = validate(updateStageBodySchema, req.body, 'body');
    const { pipeline } = await sales.updatePipelineStage(
      {
        pipelineId: id,
        stageId,
        name: body.name,
        probability: body.probability,
        requiredFields: body.requiredFields ?? [],
        updateRequiredFields: body.requiredFields !== undefined,
      },
      callOptionsOf(req),
    );
    res.json(pipelineToJson(pipeline));
  });

  router.post(`${PATH}/:id/stages`, authenticate, canConfigure, async (req, res) => {
    const { id } = validate(pipelineParams, req.params, 'params');
    const body = validate(addStageBodySchema, req.body, 'body');
    const { pipeline } = await sales.addPipelineStage(
      { pipelineId: id, name: body.name, probability: body.probability, requiredFields: body.requiredFields ?? [] },
      callOptionsOf(req),
    );
    res.status(201).json(pipelineToJson(pipeline));
  });

  router.put(`${PATH}/:id/stages/order`, authenticate, canConfigure, async (req, res) => {
    const { id } = validate(pipelineParams, req.params, 'params');
    const body = validate(reorderStagesBodySchema, req.body, 'body');
    const { pipeline } = await sales.reorderPipelineStages(
      { pipelineId: id, stageIds: body.stageIds },
      callOptionsOf(req),
    );
    res.json(pipelineToJson(pipeline));
  });

  router.get(LOST_REASONS, authenticate, canRead, async (req, res) => {
    res.json({ reasons: (await sales.listLostReasons({}, callOptionsOf(req))).reasons });
  });

  router.put(LOST_REASONS, authenticate, canConfigure, async (req, res) => {
    const body = validate(lostReasonsSchema, req.body, 'body');
    res.json({ reasons: (await sales.replaceLostReasons({ reasons: body.reasons }, callOptionsOf(req))).reasons });
  });

  return router;
}
