import type { crmV1 } from '@salesflow/contracts';
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { SalesClient } from '../clients/service-clients';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { analysisToJson, competitorToJson, enumToProto, moneyToProto } from './mappers/sales.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  analysisSchema,
  competitorSchema,
  createCompetitorBodySchema,
  upsertAnalysisBodySchema,
} from './schemas/sales.schemas';

const PATH = `${API_PREFIX}/competitors`;
const ANALYSES = `${API_PREFIX}/opportunities/{id}/competitors`;
const security = [{ [BEARER_AUTH]: [] }];
const opportunityIdParams = idParamsSchema('opportunity');
const analysisParams = z.object({
  id: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The opportunity id.' }),
  competitorId: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The competitor id.' }),
});

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createCompetitor',
  tags: ['competitors'],
  summary: 'Record a competitor (竞争对手)',
  description: 'Needs crm.opportunity.write.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createCompetitorBodySchema } } } },
  responses: {
    201: { description: 'Created.', content: { 'application/json': { schema: competitorSchema } } },
    400: problemResponse('The body is not valid.'),
    409: problemResponse('A competitor of that name exists.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listCompetitors',
  tags: ['competitors'],
  summary: "The tenant's competitors, by name",
  description: 'Needs crm.opportunity.read.',
  security,
  responses: {
    200: {
      description: 'All of them.',
      content: { 'application/json': { schema: z.object({ items: z.array(competitorSchema) }) } },
    },
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: ANALYSES,
  operationId: 'listCompetitiveAnalyses',
  tags: ['competitors'],
  summary: 'The competitive analysis (竞争分析) of an opportunity',
  description: 'Needs crm.opportunity.read and the opportunity in your data scope.',
  security,
  request: { params: opportunityIdParams },
  responses: {
    200: {
      description: 'One entry per competitor.',
      content: { 'application/json': { schema: z.object({ items: z.array(analysisSchema) }) } },
    },
    404: problemResponse('No such opportunity, or not one you may see.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'put',
  path: `${ANALYSES}/{competitorId}`,
  operationId: 'upsertCompetitiveAnalysis',
  tags: ['competitors'],
  summary: "Record or replace one competitor's offer, strengths, weaknesses and status in an opportunity",
  description: 'Needs crm.opportunity.write. status: active, beaten or lost_to.',
  security,
  request: {
    params: analysisParams,
    body: { required: true, content: { 'application/json': { schema: upsertAnalysisBodySchema } } },
  },
  responses: {
    200: { description: 'The analysis.', content: { 'application/json': { schema: analysisSchema } } },
    400: problemResponse('The body is not valid.'),
    404: problemResponse('No such opportunity or competitor.'),
    ...authenticatedProblems,
  },
});

export function competitorRoutes(deps: { sales: SalesClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { sales, authenticate } = deps;
  const canRead = requirePermission('crm.opportunity.read');
  const canWrite = requirePermission('crm.opportunity.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createCompetitorBodySchema, req.body, 'body');
    const { competitor } = await sales.createCompetitor(
      {
        name: body.name,
        website: body.website ?? '',
        strengths: body.strengths ?? '',
        weaknesses: body.weaknesses ?? '',
        notes: body.notes ?? '',
      },
      callOptionsOf(req),
    );
    res.status(201).json(competitorToJson(competitor));
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    res.json({ items: (await sales.listCompetitors({}, callOptionsOf(req))).competitors.map(competitorToJson) });
  });

  router.get(`${API_PREFIX}/opportunities/:id/competitors`, authenticate, canRead, async (req, res) => {
    const { id } = validate(opportunityIdParams, req.params, 'params');
    const { analyses } = await sales.listCompetitiveAnalyses({ opportunityId: id }, callOptionsOf(req));
    res.json({ items: analyses.map(analysisToJson) });
  });

  router.put(`${API_PREFIX}/opportunities/:id/competitors/:competitorId`, authenticate, canWrite, async (req, res) => {
    const { id, competitorId } = validate(analysisParams, req.params, 'params');
    const body = validate(upsertAnalysisBodySchema, req.body, 'body');
    const { analysis } = await sales.upsertCompetitiveAnalysis(
      {
        opportunityId: id,
        competitorId,
        offer: body.offer ? moneyToProto(body.offer) : undefined,
        strengths: body.strengths ?? '',
        weaknesses: body.weaknesses ?? '',
        status: enumToProto<crmV1.CompetitionStatus>(body.status, 'COMPETITION_STATUS_'),
      },
      callOptionsOf(req),
    );
    res.json(analysisToJson(analysis));
  });

  return router;
}
