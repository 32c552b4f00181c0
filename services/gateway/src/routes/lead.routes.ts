import type { crmV1 } from '@salesflow/contracts';
import { pageSize, ServiceError } from '@salesflow/platform';
import { type RequestHandler, type Response, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { CrmClient } from '../clients/service-clients';
import { expectedVersionOf, withIfMatch } from '../http/if-match';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import {
  API_PREFIX,
  authenticatedProblems,
  BEARER_AUTH,
  ifMatchHeaders,
  problemResponse,
  registry,
} from '../openapi/registry';
import { contactToJson } from './mappers/contact.mapper';
import { csvBodyOf, importReportToJson, streamCsv } from './mappers/crm-import.mapper';
import { customerToJson } from './mappers/customer.mapper';
import { sendDuplicates } from './mappers/duplicate.mapper';
import {
  createLeadRequestFromJson,
  leadOperationToJson,
  leadSourceToProto,
  leadStatusToProto,
  leadToJson,
  updateLeadRequestFromJson,
} from './mappers/lead.mapper';
import { moneyToProto, opportunityToJson } from './mappers/sales.mapper';
import { convertLeadResponseSchema } from './schemas/conversion-rule.schemas';
import { exportLeadsQuerySchema, importQuerySchema, registerCsvImport } from './schemas/crm-import.schemas';
import { duplicateProblemSchema, forceQuerySchema } from './schemas/duplicate.schemas';
import {
  assignLeadBodySchema,
  createLeadBodySchema,
  leadHistorySchema,
  leadIdParamsSchema,
  leadPageSchema,
  leadSchema,
  listLeadsQuerySchema,
  releaseLeadBodySchema,
  updateLeadBodySchema,
} from './schemas/lead.schemas';
import { convertLeadBodySchema } from './schemas/sales.schemas';

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
  request: {
    query: forceQuerySchema,
    body: { required: true, content: { 'application/json': { schema: createLeadBodySchema } } },
  },
  responses: {
    409: {
      description: 'Looks like an existing lead or customer (same phone, email or company); nothing written.',
      content: { 'application/problem+json': { schema: duplicateProblemSchema } },
    },
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

registry.registerPath({
  method: 'patch',
  path: `${LEADS_PATH}/{id}`,
  operationId: 'updateLead',
  tags: ['leads'],
  summary: 'Change a lead',
  description:
    'Needs crm.lead.write. Send If-Match with the ETag you read. A lead waiting in a pool must be claimed first.',
  security,
  request: {
    params: leadIdParamsSchema,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateLeadBodySchema } } },
  },
  responses: {
    200: { description: 'The lead as changed.', headers: etagHeader, content: leadContent },
    400: problemResponse('The body is not valid.'),
    404: problemResponse('No such lead, or not one you may see.'),
    409: problemResponse('The lead waits in a pool, or is converted.'),
    412: problemResponse('The lead changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

for (const [action, summary, description, extra] of [
  [
    'claim',
    'Claim a lead from its pool',
    'Needs crm.lead.write. 409 when someone has it or your claim limit for the pool is reached.',
    undefined,
  ],
  [
    'assign',
    'Give a lead an owner',
    "Needs crm.pool.write. To someone in your data scope, or by the pool's rule when ownerId is left out.",
    assignLeadBodySchema,
  ],
  ['release', 'Give a lead back to its pool', 'Needs crm.lead.write.', releaseLeadBodySchema],
] as const) {
  registry.registerPath({
    method: 'post',
    path: `${LEADS_PATH}/{id}/${action}`,
    operationId: `${action}Lead`,
    tags: ['leads'],
    summary,
    description,
    security,
    request: {
      params: leadIdParamsSchema,
      ...(extra ? { body: { required: false, content: { 'application/json': { schema: extra } } } } : {}),
    },
    responses: {
      200: { description: 'The lead as changed.', headers: etagHeader, content: leadContent },
      400: problemResponse('The body is not valid.'),
      404: problemResponse('No such lead, or not one you may see.'),
      409: problemResponse('The lead is not in a state for this (see the problem type).'),
      ...authenticatedProblems,
    },
  });
}

registry.registerPath({
  method: 'get',
  path: `${LEADS_PATH}/{id}/history`,
  operationId: 'getLeadHistory',
  tags: ['leads'],
  summary: "A lead's operation log (操作日志), newest first",
  description: 'Needs crm.lead.read.',
  security,
  request: { params: leadIdParamsSchema },
  responses: {
    200: { description: 'The log.', content: { 'application/json': { schema: leadHistorySchema } } },
    404: problemResponse('No such lead, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${LEADS_PATH}/{id}/convert`,
  operationId: 'convertLead',
  tags: ['leads'],
  summary: 'Convert a lead into a customer and contact (转客户)',
  description:
    "Needs crm.lead.write, crm.customer.write and crm.contact.write. One transaction by the tenant's /conversion-rules; the lead links to what it became. With `opportunity` (and crm.opportunity.write) an opportunity is opened on the new customer in the same transaction.",
  security,
  request: {
    params: leadIdParamsSchema,
    body: { required: false, content: { 'application/json': { schema: convertLeadBodySchema } } },
  },
  responses: {
    201: { description: 'Converted.', content: { 'application/json': { schema: convertLeadResponseSchema } } },
    400: problemResponse('The mapped customer or contact is not valid; nothing was written.'),
    404: problemResponse('No such lead, or not one you may see.'),
    409: problemResponse('The lead was converted already, or waits in a pool.'),
    ...authenticatedProblems,
  },
});

registerCsvImport({
  path: `${LEADS_PATH}/import`,
  operationId: 'importLeads',
  tag: 'leads',
  summary: 'Import leads from CSV',
  description:
    'Needs crm.lead.write. Header: name, company, phone, email, source (exhibition/展会, web, referral, campaign, cold_call, other), region, notes, owner_id (someone in your scope; default you). Good rows are created; bad rows and look-alikes are reported, not merged. The body is text/csv within the upload limit.',
  security,
});

registry.registerPath({
  method: 'get',
  path: `${LEADS_PATH}/export`,
  operationId: 'exportLeads',
  tags: ['leads'],
  summary: 'Export the leads you may see as CSV',
  description: 'Needs crm.lead.read. Streams every matching lead in your data scope, oldest first.',
  security,
  request: { query: exportLeadsQuerySchema },
  responses: {
    200: { description: 'The CSV file.', content: { 'text/csv': { schema: { type: 'string' } } } },
    400: problemResponse('A filter is not valid.'),
    ...authenticatedProblems,
  },
});

export function leadRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;

  router.post(LEADS_PATH, authenticate, requirePermission('crm.lead.write'), async (req, res) => {
    const body = validate(createLeadBodySchema, req.body, 'body');
    const { force } = validate(forceQuerySchema, req.query, 'query');
    const { lead, duplicates } = await crm.createLead(
      { ...createLeadRequestFromJson(body), force },
      callOptionsOf(req),
    );
    if (duplicates.length > 0) return sendDuplicates(req, res, 'lead', duplicates);
    const created = required(lead);
    res.status(201).location(`${LEADS_PATH}/${encodeURIComponent(created.id)}`);
    sendLead(res, created);
  });

  // Before the /:id routes, so "import" and "export" are never read as ids.
  router.post(`${LEADS_PATH}/import`, authenticate, requirePermission('crm.lead.write'), async (req, res) => {
    const csv = csvBodyOf(req);
    const { force } = validate(importQuerySchema, req.query, 'query');
    const { report } = await crm.importLeads({ csv, force }, callOptionsOf(req));
    res.json(importReportToJson(report));
  });

  router.get(`${LEADS_PATH}/export`, authenticate, requirePermission('crm.lead.read'), async (req, res) => {
    const query = validate(exportLeadsQuerySchema, req.query, 'query');
    await streamCsv(res, 'leads.csv', (cursor) =>
      crm.exportLeads(
        {
          page: { limit: 0, cursor },
          status: leadStatusToProto(query.status),
          poolId: query.poolId ?? '',
          ownerId: query.ownerId ?? '',
        },
        callOptionsOf(req),
      ),
    );
  });

  router.get(LEADS_PATH, authenticate, requirePermission('crm.lead.read'), async (req, res) => {
    const query = validate(listLeadsQuerySchema, req.query, 'query');
    const response = await crm.listLeads(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        source: leadSourceToProto(query.source),
        status: leadStatusToProto(query.status),
        poolId: query.poolId ?? '',
        ownerId: query.ownerId ?? '',
        claimable: query.claimable ?? false,
        query: query.q ?? '',
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

  router.patch(`${LEADS_PATH}/:id`, authenticate, requirePermission('crm.lead.write'), async (req, res) => {
    const { id } = validate(leadIdParamsSchema, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateLeadBodySchema, req.body, 'body');
    const { lead } = await withIfMatch(expectedVersion, () =>
      crm.updateLead(updateLeadRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendLead(res, required(lead));
  });

  router.post(`${LEADS_PATH}/:id/claim`, authenticate, requirePermission('crm.lead.write'), async (req, res) => {
    const { id } = validate(leadIdParamsSchema, req.params, 'params');
    sendLead(res, required((await crm.claimLead({ id }, callOptionsOf(req))).lead));
  });

  router.post(`${LEADS_PATH}/:id/assign`, authenticate, requirePermission('crm.pool.write'), async (req, res) => {
    const { id } = validate(leadIdParamsSchema, req.params, 'params');
    const { ownerId } = validate(assignLeadBodySchema, req.body ?? {}, 'body');
    sendLead(res, required((await crm.assignLead({ id, ownerId: ownerId ?? '' }, callOptionsOf(req))).lead));
  });

  router.post(`${LEADS_PATH}/:id/release`, authenticate, requirePermission('crm.lead.write'), async (req, res) => {
    const { id } = validate(leadIdParamsSchema, req.params, 'params');
    const { reason } = validate(releaseLeadBodySchema, req.body ?? {}, 'body');
    sendLead(res, required((await crm.releaseLead({ id, reason: reason ?? '' }, callOptionsOf(req))).lead));
  });

  router.post(`${LEADS_PATH}/:id/convert`, authenticate, requirePermission('crm.lead.write'), async (req, res) => {
    const { id } = validate(leadIdParamsSchema, req.params, 'params');
    const { opportunity } = validate(convertLeadBodySchema, req.body ?? {}, 'body');
    const result = await crm.convertLead(
      {
        id,
        openOpportunity: opportunity !== undefined,
        opportunityName: opportunity?.name ?? '',
        opportunityAmount: opportunity?.amount ? moneyToProto(opportunity.amount) : undefined,
      },
      callOptionsOf(req),
    );
    res.status(201).json({
      lead: leadToJson(required(result.lead)),
      customer: customerToJson(present(result.customer, 'crm', 'customer')),
      contact: contactToJson(present(result.contact, 'crm', 'contact')),
      ...(result.opportunity ? { opportunity: opportunityToJson(result.opportunity) } : {}),
    });
  });

  router.get(`${LEADS_PATH}/:id/history`, authenticate, requirePermission('crm.lead.read'), async (req, res) => {
    const { id } = validate(leadIdParamsSchema, req.params, 'params');
    const { operations } = await crm.getLeadHistory({ id }, callOptionsOf(req));
    res.json({ items: operations.map(leadOperationToJson) });
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
