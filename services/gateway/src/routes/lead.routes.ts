import type { crmV1 } from '@salesflow/contracts';
import { pageSize, ServiceError } from '@salesflow/platform';
import { type RequestHandler, type Response, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { CrmClient } from '../clients/service-clients';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { createLeadRequestFromJson, leadSourceToProto, leadStatusToProto, leadToJson } from './mappers/lead.mapper';
import {
  createLeadBodySchema,
  leadIdParamsSchema,
  leadPageSchema,
  leadSchema,
  listLeadsQuerySchema,
} from './schemas/lead.schemas';

const LEADS_PATH = `${API_PREFIX}/leads`;
const security = [{ [BEARER_AUTH]: [] }];
const leadContent = { 'application/json': { schema: leadSchema } };
const etagHeader = { ETag: { description: 'The lead version, quoted.', schema: { type: 'string' as const } } };

registry.registerPath({
  method: 'post',
  path: LEADS_PATH,
  operationId: 'createLead',
  tags: ['leads'],
  summary: 'Create a lead',
  description: 'Needs crm.lead.write.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createLeadBodySchema } } } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader, Location: { description: 'URL of the lead.', schema: { type: 'string' } } },
      content: leadContent,
    },
    400: problemResponse('The request body is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: LEADS_PATH,
  operationId: 'listLeads',
  tags: ['leads'],
  summary: 'List the leads you may see, newest first',
  description: 'Needs crm.lead.read. What you see depends on your data scope.',
  security,
  request: { query: listLeadsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: leadPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${LEADS_PATH}/{id}`,
  operationId: 'getLead',
  tags: ['leads'],
  summary: 'Get one lead',
  description: 'Needs crm.lead.read. A lead outside your data scope is reported as not found.',
  security,
  request: { params: leadIdParamsSchema },
  responses: {
    200: { description: 'The lead.', headers: etagHeader, content: leadContent },
    404: problemResponse('No such lead, or not one you may see.'),
    ...authenticatedProblems,
  },
});

export function leadRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;

  router.post(LEADS_PATH, authenticate, requirePermission('crm.lead.write'), async (req, res) => {
    const body = validate(createLeadBodySchema, req.body, 'body');
    const { lead } = await crm.createLead(createLeadRequestFromJson(body), callOptionsOf(req));
    const created = required(lead);
    res.status(201).location(`${LEADS_PATH}/${encodeURIComponent(created.id)}`);
    sendLead(res, created);
  });

  router.get(LEADS_PATH, authenticate, requirePermission('crm.lead.read'), async (req, res) => {
    const query = validate(listLeadsQuerySchema, req.query, 'query');
    const response = await crm.listLeads(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        source: leadSourceToProto(query.source),
        status: leadStatusToProto(query.status),
      },
      callOptionsOf(req),
    );
    res.json({ items: response.leads.map(leadToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${LEADS_PATH}/:id`, authenticate, requirePermission('crm.lead.read'), async (req, res) => {
    const { id } = validate(leadIdParamsSchema, req.params, 'params');
    const { lead } = await crm.getLead({ id }, callOptionsOf(req));
    sendLead(res, required(lead));
  });

  return router;
}

function sendLead(res: Response, lead: crmV1.Lead): void {
  res.setHeader('ETag', `"${Number(lead.version)}"`);
  res.json(leadToJson(lead));
}

function required(lead: crmV1.Lead | undefined): crmV1.Lead {
  if (!lead) throw new ServiceError('INTERNAL', 'crm answered without a lead');
  return lead;
}
