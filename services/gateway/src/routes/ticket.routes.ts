import { pageSize } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { TicketsClient } from '../clients/service-clients';
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
  createTicketRequestFromJson,
  listTicketsRequestFromQuery,
  ticketStatusToProto,
  ticketToJson,
  ticketTransitionToJson,
  updateTicketRequestFromJson,
} from './mappers/ticket.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  assignTicketBodySchema,
  changeTicketStatusBodySchema,
  createTicketBodySchema,
  listTicketsQuerySchema,
  rateTicketBodySchema,
  ticketHistorySchema,
  ticketPageSchema,
  ticketSchema,
  updateTicketBodySchema,
} from './schemas/ticket.schemas';

const PATH = `${API_PREFIX}/tickets`;
const security = [{ [BEARER_AUTH]: [] }];
const ticketContent = { 'application/json': { schema: ticketSchema } };
const ticketIdParams = idParamsSchema('ticket');
const notFound = problemResponse('No such ticket, or not one you may see.');
const versioned = { description: 'The ticket as changed.', headers: etagHeader('ticket'), content: ticketContent };
const body = <S>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createTicket',
  tags: ['tickets'],
  summary: 'Open a service ticket (客户投诉 / 售后服务)',
  description:
    "Needs crm.ticket.write and the customer in your data scope. The due time is now plus the severity's response time from /service-settings.",
  security,
  request: { body: body(createTicketBodySchema) },
  responses: {
    201: {
      description: 'Opened.',
      headers: { ...etagHeader('ticket'), ...locationHeader('ticket') },
      content: ticketContent,
    },
    400: problemResponse('The body is not valid.'),
    404: problemResponse('No such customer, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listTickets',
  tags: ['tickets'],
  summary: 'List the tickets you may see',
  description:
    'Needs crm.ticket.read. You see tickets assigned to someone in your data scope or on a customer owned by someone in it. Newest first; with overdue=true the unresolved tickets past their due time, earliest due first.',
  security,
  request: { query: listTicketsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: ticketPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getTicket',
  tags: ['tickets'],
  summary: 'Get one ticket',
  description: 'Needs crm.ticket.read.',
  security,
  request: { params: ticketIdParams },
  responses: {
    200: { description: 'The ticket.', headers: etagHeader('ticket'), content: ticketContent },
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateTicket',
  tags: ['tickets'],
  summary: "Change a ticket's title, description or severity",
  description: 'Needs crm.ticket.write. Send If-Match with the ETag you read. The due time does not move.',
  security,
  request: { params: ticketIdParams, headers: ifMatchHeaders, body: body(updateTicketBodySchema) },
  responses: {
    200: versioned,
    400: problemResponse('The body is not valid.'),
    404: notFound,
    412: problemResponse('The ticket changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/assign`,
  operationId: 'assignTicket',
  tags: ['tickets'],
  summary: 'Give the ticket to someone else',
  description: 'Needs crm.ticket.write. Recorded in the history.',
  security,
  request: { params: ticketIdParams, headers: ifMatchHeaders, body: body(assignTicketBodySchema) },
  responses: {
    200: versioned,
    400: problemResponse('The body is not valid.'),
    404: notFound,
    412: problemResponse('The ticket changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/status`,
  operationId: 'changeTicketStatus',
  tags: ['tickets'],
  summary: 'Move the ticket: start, resolve, close or reopen',
  description:
    'Needs crm.ticket.write. open -> in_progress -> resolved (needs a resolution) -> closed; open may be resolved directly; resolved or closed may be reopened (status open, with a fresh due time). Any other move is a 409 and changes nothing.',
  security,
  request: { params: ticketIdParams, headers: ifMatchHeaders, body: body(changeTicketStatusBodySchema) },
  responses: {
    200: versioned,
    400: problemResponse('The body is not valid.'),
    404: notFound,
    409: problemResponse('The move is not allowed from the current status (reason ILLEGAL_TICKET_TRANSITION).'),
    412: problemResponse('The ticket changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/rating`,
  operationId: 'rateTicket',
  tags: ['tickets'],
  summary: "Record the customer's satisfaction with the resolution",
  description: 'Needs crm.ticket.write. Once per ticket, and only when it is resolved or closed.',
  security,
  request: { params: ticketIdParams, body: body(rateTicketBodySchema) },
  responses: {
    200: versioned,
    400: problemResponse('The rating is not 1-5.'),
    404: notFound,
    409: problemResponse('Not resolved yet (TICKET_NOT_RESOLVED) or already rated (TICKET_ALREADY_RATED).'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}/history`,
  operationId: 'getTicketHistory',
  tags: ['tickets'],
  summary: 'Every move of the ticket, oldest first (who, when, from, to, comment)',
  description: 'Needs crm.ticket.read.',
  security,
  request: { params: ticketIdParams },
  responses: {
    200: { description: 'The history.', content: { 'application/json': { schema: ticketHistorySchema } } },
    404: notFound,
    ...authenticatedProblems,
  },
});

export function ticketRoutes(deps: { tickets: TicketsClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { tickets, authenticate } = deps;
  const canRead = requirePermission('crm.ticket.read');
  const canWrite = requirePermission('crm.ticket.write');
  const sendTicket = (res: Parameters<RequestHandler>[1], ticket: Parameters<typeof ticketToJson>[0] | undefined) =>
    sendVersioned(res, ticketToJson(present(ticket, 'crm', 'ticket')));

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const input = validate(createTicketBodySchema, req.body, 'body');
    const { ticket } = await tickets.createTicket(createTicketRequestFromJson(input), callOptionsOf(req));
    const created = ticketToJson(present(ticket, 'crm', 'ticket'));
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listTicketsQuerySchema, req.query, 'query');
    const response = await tickets.listTickets(
      listTicketsRequestFromQuery(query, pageSize(query.limit)),
      callOptionsOf(req),
    );
    res.json({ items: response.tickets.map(ticketToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(ticketIdParams, req.params, 'params');
    const { ticket } = await tickets.getTicket({ id }, callOptionsOf(req));
    sendTicket(res, ticket);
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(ticketIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const input = validate(updateTicketBodySchema, req.body, 'body');
    const { ticket } = await withIfMatch(expectedVersion, () =>
      tickets.updateTicket(updateTicketRequestFromJson(id, expectedVersion, input), callOptionsOf(req)),
    );
    sendTicket(res, ticket);
  });

  router.post(`${PATH}/:id/assign`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(ticketIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const input = validate(assignTicketBodySchema, req.body, 'body');
    const { ticket } = await withIfMatch(expectedVersion, () =>
      tickets.assignTicket(
        { id, assigneeId: input.assigneeId, comment: input.comment ?? '', expectedVersion },
        callOptionsOf(req),
      ),
    );
    sendTicket(res, ticket);
  });

  router.post(`${PATH}/:id/status`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(ticketIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const input = validate(changeTicketStatusBodySchema, req.body, 'body');
    const { ticket } = await withIfMatch(expectedVersion, () =>
      tickets.changeTicketStatus(
        {
          id,
          status: ticketStatusToProto(input.status),
          resolution: input.resolution ?? '',
          comment: input.comment ?? '',
          expectedVersion,
        },
        callOptionsOf(req),
      ),
    );
    sendTicket(res, ticket);
  });

  router.post(`${PATH}/:id/rating`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(ticketIdParams, req.params, 'params');
    const input = validate(rateTicketBodySchema, req.body, 'body');
    const { ticket } = await tickets.rateTicket(
      { id, rating: input.rating, comment: input.comment ?? '' },
      callOptionsOf(req),
    );
    sendTicket(res, ticket);
  });

  router.get(`${PATH}/:id/history`, authenticate, canRead, async (req, res) => {
    const { id } = validate(ticketIdParams, req.params, 'params');
    const { transitions } = await tickets.getTicketHistory({ id }, callOptionsOf(req));
    res.json({ items: transitions.map(ticketTransitionToJson) });
  });

  return router;
}
