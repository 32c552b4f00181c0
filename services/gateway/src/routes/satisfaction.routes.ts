import { pageSize } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { TicketsClient } from '../clients/service-clients';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { satisfactionSurveyToJson } from './mappers/satisfaction.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  listAllSurveysQuerySchema,
  listSurveysQuerySchema,
  recordSurveyBodySchema,
  satisfactionSurveyPageSchema,
  satisfactionSurveySchema,
} from './schemas/satisfaction.schemas';

const CUSTOMER_SURVEYS = `${API_PREFIX}/customers/{id}/satisfaction-surveys`;
const SURVEYS = `${API_PREFIX}/satisfaction-surveys`;
const security = [{ [BEARER_AUTH]: [] }];
const customerIdParams = idParamsSchema('customer');
const pageContent = { 'application/json': { schema: satisfactionSurveyPageSchema } };

registry.registerPath({
  method: 'post',
  path: CUSTOMER_SURVEYS,
  operationId: 'recordSatisfactionSurvey',
  tags: ['satisfaction'],
  summary: 'Record a satisfaction survey (满意度调查) of a customer',
  description: 'Needs crm.ticket.write and the customer in your data scope. Emits crm.satisfaction.recorded.',
  security,
  request: {
    params: customerIdParams,
    body: { required: true, content: { 'application/json': { schema: recordSurveyBodySchema } } },
  },
  responses: {
    201: { description: 'Recorded.', content: { 'application/json': { schema: satisfactionSurveySchema } } },
    400: problemResponse('The score is not 1-5, or surveyedAt is in the future.'),
    404: problemResponse('No such customer, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: CUSTOMER_SURVEYS,
  operationId: 'listCustomerSatisfactionSurveys',
  tags: ['satisfaction'],
  summary: "A customer's satisfaction surveys, newest first",
  description: 'Needs crm.ticket.read and the customer in your data scope.',
  security,
  request: { params: customerIdParams, query: listSurveysQuerySchema },
  responses: {
    200: { description: 'One page.', content: pageContent },
    404: problemResponse('No such customer, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: SURVEYS,
  operationId: 'listSatisfactionSurveys',
  tags: ['satisfaction'],
  summary: 'Satisfaction surveys of the customers you may see, newest first',
  description: 'Needs crm.ticket.read.',
  security,
  request: { query: listAllSurveysQuerySchema },
  responses: {
    200: { description: 'One page.', content: pageContent },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

export function satisfactionRoutes(deps: { tickets: TicketsClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { tickets, authenticate } = deps;
  const canRead = requirePermission('crm.ticket.read');
  const canWrite = requirePermission('crm.ticket.write');
  const customerSurveys = `${API_PREFIX}/customers/:id/satisfaction-surveys`;

  router.post(customerSurveys, authenticate, canWrite, async (req, res) => {
    const { id } = validate(customerIdParams, req.params, 'params');
    const input = validate(recordSurveyBodySchema, req.body, 'body');
    const { survey } = await tickets.recordSatisfactionSurvey(
      {
        customerId: id,
        score: input.score,
        comment: input.comment ?? '',
        surveyedAt: input.surveyedAt ? new Date(input.surveyedAt) : undefined,
      },
      callOptionsOf(req),
    );
    res.status(201).json(satisfactionSurveyToJson(present(survey, 'crm', 'survey')));
  });

  router.get(customerSurveys, authenticate, canRead, async (req, res) => {
    const { id } = validate(customerIdParams, req.params, 'params');
    const query = validate(listSurveysQuerySchema, req.query, 'query');
    const response = await tickets.listSatisfactionSurveys(
      { customerId: id, page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' } },
      callOptionsOf(req),
    );
    res.json({ items: response.surveys.map(satisfactionSurveyToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(SURVEYS, authenticate, canRead, async (req, res) => {
    const query = validate(listAllSurveysQuerySchema, req.query, 'query');
    const response = await tickets.listSatisfactionSurveys(
      { customerId: query.customerId ?? '', page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' } },
      callOptionsOf(req),
    );
    res.json({ items: response.surveys.map(satisfactionSurveyToJson), nextCursor: response.page?.nextCursor || null });
  });

  return router;
}
