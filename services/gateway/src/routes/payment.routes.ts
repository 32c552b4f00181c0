import type { crmV1 } from '@salesflow/contracts';
import { pageSize } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { SalesClient } from '../clients/service-clients';
import { validate } from '../http/validate';
import {
  API_PREFIX,
  authenticatedProblems,
  BEARER_AUTH,
  locationHeader,
  problemResponse,
  registry,
} from '../openapi/registry';
import { enumToProto, moneyToJson, moneyToProto, paymentToJson } from './mappers/sales.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  listPaymentsQuerySchema,
  paymentPageSchema,
  paymentSchema,
  reasonBodySchema,
  receivablesQuerySchema,
  receivablesSchema,
  receivePaymentBodySchema,
} from './schemas/sales.schemas';

const PATH = `${API_PREFIX}/payments`;
const RECEIVABLES = `${API_PREFIX}/receivables`;
const security = [{ [BEARER_AUTH]: [] }];
const paymentContent = { 'application/json': { schema: paymentSchema } };
const paymentIdParams = idParamsSchema('payment');

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'receivePayment',
  tags: ['payments'],
  summary: 'Record money received against a signed contract (回款)',
  description:
    "Needs crm.payment.write and the contract in your data scope. More than the contract's outstanding amount is refused (409, nothing written); the payment counts for whoever signed the contract.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: receivePaymentBodySchema } } } },
  responses: {
    201: { description: 'Recorded.', headers: locationHeader('payment'), content: paymentContent },
    400: problemResponse('The body is not valid.'),
    404: problemResponse('No such contract, or not one you may see.'),
    409: problemResponse('The contract is not signed, or the payment exceeds what is outstanding.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listPayments',
  tags: ['payments'],
  summary: 'List the payments of contracts you may see, newest first',
  description: 'Needs crm.payment.read.',
  security,
  request: { query: listPaymentsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: paymentPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getPayment',
  tags: ['payments'],
  summary: 'Get one payment',
  description: 'Needs crm.payment.read.',
  security,
  request: { params: paymentIdParams },
  responses: {
    200: { description: 'The payment.', content: paymentContent },
    404: problemResponse('No such payment, or not one you may see.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/reverse`,
  operationId: 'reversePayment',
  tags: ['payments'],
  summary: 'Reverse a payment (bounced, refunded, entered in error)',
  description: 'Needs crm.payment.write. It stops counting; the event carries the attribution of the signing.',
  security,
  request: {
    params: paymentIdParams,
    body: { required: true, content: { 'application/json': { schema: reasonBodySchema } } },
  },
  responses: {
    200: { description: 'The reversed payment.', content: paymentContent },
    400: problemResponse('The reason is missing.'),
    404: problemResponse('No such payment, or not one you may see.'),
    409: problemResponse('Already reversed.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: RECEIVABLES,
  operationId: 'getReceivables',
  tags: ['payments'],
  summary: 'Outstanding receivables (应收) per contract, customer or rep',
  description:
    'Needs crm.payment.read. Signed contracts you may see, summed in the database, largest outstanding first.',
  security,
  request: { query: receivablesQuerySchema },
  responses: {
    200: { description: 'The receivables.', content: { 'application/json': { schema: receivablesSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

export function paymentRoutes(deps: { sales: SalesClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { sales, authenticate } = deps;
  const canRead = requirePermission('crm.payment.read');
  const canWrite = requirePermission('crm.payment.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(receivePaymentBodySchema, req.body, 'body');
    const { payment } = await sales.receivePayment(
      {
        contractId: body.contractId,
        amount: moneyToProto(body.amount),
        receivedOn: body.receivedOn,
        method: body.method ?? '',
        reference: body.reference ?? '',
        installmentId: body.installmentId ?? '',
      },
      callOptionsOf(req),
    );
    const created = paymentToJson(payment);
    res
      .status(201)
      .location(`${PATH}/${encodeURIComponent(created.id)}`)
      .json(created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listPaymentsQuerySchema, req.query, 'query');
    const response = await sales.listPayments(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        contractId: query.contractId ?? '',
        customerId: query.customerId ?? '',
        // The received-date range is for analytics' reconciliation; the REST list does not offer it.
        receivedFrom: '',
        receivedTo: '',
      },
      callOptionsOf(req),
    );
    res.json({ items: response.payments.map(paymentToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(paymentIdParams, req.params, 'params');
    res.json(paymentToJson((await sales.getPayment({ id }, callOptionsOf(req))).payment));
  });

  router.post(`${PATH}/:id/reverse`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(paymentIdParams, req.params, 'params');
    const { reason } = validate(reasonBodySchema, req.body, 'body');
    res.json(paymentToJson((await sales.reversePayment({ id, reason }, callOptionsOf(req))).payment));
  });

  router.get(RECEIVABLES, authenticate, canRead, async (req, res) => {
    const query = validate(receivablesQuerySchema, req.query, 'query');
    const { receivables } = await sales.getReceivables(
      {
        groupBy: enumToProto<crmV1.ReceivablesGrouping>(query.groupBy, 'RECEIVABLES_GROUPING_'),
        customerId: query.customerId ?? '',
        ownerId: query.ownerId ?? '',
      },
      callOptionsOf(req),
    );
    res.json({
      items: receivables.map((r) => ({
        key: r.key,
        contracts: r.contracts,
        totalAmount: moneyToJson(r.totalAmount),
        receivedAmount: moneyToJson(r.receivedAmount),
        outstandingAmount: moneyToJson(r.outstandingAmount),
      })),
    });
  });

  return router;
}
