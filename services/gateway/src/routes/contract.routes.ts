import type { crmV1 } from '@salesflow/contracts';
import { pageSize } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { SalesClient } from '../clients/service-clients';
import { expectedVersionOf, withIfMatch } from '../http/if-match';
import { sendVersioned } from '../http/respond';
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
  contractLineToProto,
  contractToJson,
  enumToProto,
  moneyToProto,
  paymentPlanToJson,
} from './mappers/sales.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  amendContractBodySchema,
  contractPageSchema,
  contractSchema,
  createContractBodySchema,
  listContractsQuerySchema,
  paymentPlanSchema,
  reasonBodySchema,
  setPaymentPlanBodySchema,
  signContractBodySchema,
} from './schemas/sales.schemas';

const PATH = `${API_PREFIX}/contracts`;
const security = [{ [BEARER_AUTH]: [] }];
const contractContent = { 'application/json': { schema: contractSchema } };
const contractIdParams = idParamsSchema('contract');
const notFound = problemResponse('No such contract, or not one you may see.');
const versioned = (description: string) => ({ description, headers: etagHeader('contract'), content: contractContent });

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createContract',
  tags: ['contracts'],
  summary: 'Draft a contract (合同) with its lines',
  description:
    "Needs crm.contract.write and the customer (and opportunity) in your data scope. A line's product line and cost default to its product's (unit cost x quantity); gross margin = amount - cost.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createContractBodySchema } } } },
  responses: {
    201: { ...versioned('Created as a draft.'), headers: { ...etagHeader('contract'), ...locationHeader('contract') } },
    400: problemResponse('The body or a line is not valid (per-field errors).'),
    404: problemResponse('No such customer or opportunity, or not one you may see.'),
    409: problemResponse('The contract number is taken.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listContracts',
  tags: ['contracts'],
  summary: 'List the contracts you may see, newest first',
  description: 'Needs crm.contract.read.',
  security,
  request: { query: listContractsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: contractPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getContract',
  tags: ['contracts'],
  summary: 'Get one contract with its lines, received and outstanding amounts',
  description: 'Needs crm.contract.read.',
  security,
  request: { params: contractIdParams },
  responses: { 200: versioned('The contract.'), 404: notFound, ...authenticatedProblems },
});
registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/sign`,
  operationId: 'signContract',
  tags: ['contracts'],
  summary: 'Sign the contract (签约)',
  description:
    "Needs crm.contract.write. In one transaction: the contract counts from signedOn with the owner's department, the customer's region and segment frozen; its opportunity is won; a prospect or dormant customer becomes active.",
  security,
  request: {
    params: contractIdParams,
    headers: ifMatchHeaders,
    body: { required: false, content: { 'application/json': { schema: signContractBodySchema } } },
  },
  responses: {
    200: versioned('The signed contract.'),
    400: problemResponse('signedOn is not a date.'),
    404: notFound,
    409: problemResponse('The contract is not a draft.'),
    412: problemResponse('The contract changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'put',
  path: `${PATH}/{id}/lines`,
  operationId: 'amendContract',
  tags: ['contracts'],
  summary: 'Replace the lines (amend a signed contract)',
  description:
    'Needs crm.contract.write. A signed contract may not fall below what was received; it keeps the attribution of its signing.',
  security,
  request: {
    params: contractIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: amendContractBodySchema } } },
  },
  responses: {
    200: versioned('The amended contract.'),
    400: problemResponse('The lines are not valid.'),
    404: notFound,
    409: problemResponse('The contract is cancelled.'),
    412: problemResponse('The contract changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/cancel`,
  operationId: 'cancelContract',
  tags: ['contracts'],
  summary: 'Cancel the contract, with a reason',
  description: 'Needs crm.contract.write. Payments received must be reversed first.',
  security,
  request: {
    params: contractIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: reasonBodySchema } } },
  },
  responses: {
    200: versioned('The cancelled contract.'),
    400: problemResponse('The reason is missing.'),
    404: notFound,
    409: problemResponse('Already cancelled, or payments received.'),
    412: problemResponse('The contract changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}/payment-plan`,
  operationId: 'getPaymentPlan',
  tags: ['contracts'],
  summary: 'The planned installments (回款计划) and what was received against each',
  description: 'Needs crm.contract.read.',
  security,
  request: { params: contractIdParams },
  responses: {
    200: { description: 'The plan.', content: { 'application/json': { schema: paymentPlanSchema } } },
    404: notFound,
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'put',
  path: `${PATH}/{id}/payment-plan`,
  operationId: 'setPaymentPlan',
  tags: ['contracts'],
  summary: 'Replace the payment plan',
  description: 'Needs crm.contract.write. The installments must add up to the contract total.',
  security,
  request: {
    params: contractIdParams,
    body: { required: true, content: { 'application/json': { schema: setPaymentPlanBodySchema } } },
  },
  responses: {
    200: { description: 'The new plan.', content: { 'application/json': { schema: paymentPlanSchema } } },
    400: problemResponse('The installments are not valid or do not add up.'),
    404: notFound,
    409: problemResponse('The contract is cancelled.'),
    ...authenticatedProblems,
  },
});

export function contractRoutes(deps: { sales: SalesClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { sales, authenticate } = deps;
  const canRead = requirePermission('crm.contract.read');
  const canWrite = requirePermission('crm.contract.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createContractBodySchema, req.body, 'body');
    const { contract } = await sales.createContract(
      {
        number: body.number,
        title: body.title ?? '',
        customerId: body.customerId,
        opportunityId: body.opportunityId ?? '',
        ownerId: body.ownerId ?? '',
        currency: body.currency ?? '',
        lines: body.lines.map(contractLineToProto),
      },
      callOptionsOf(req),
    );
    const created = contractToJson(contract);
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listContractsQuerySchema, req.query, 'query');
    const response = await sales.listContracts(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        status: enumToProto<crmV1.ContractStatus>(query.status, 'CONTRACT_STATUS_'),
        customerId: query.customerId ?? '',
        ownerId: query.ownerId ?? '',
      },
      callOptionsOf(req),
    );
    res.json({ items: response.contracts.map(contractToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(contractIdParams, req.params, 'params');
    sendVersioned(res, contractToJson((await sales.getContract({ id }, callOptionsOf(req))).contract));
  });

  router.post(`${PATH}/:id/sign`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(contractIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(signContractBodySchema, req.body ?? {}, 'body');
    const { contract } = await withIfMatch(expectedVersion, () =>
      sales.signContract({ id, signedOn: body.signedOn ?? '', expectedVersion }, callOptionsOf(req)),
    );
    sendVersioned(res, contractToJson(contract));
  });

  router.put(`${PATH}/:id/lines`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(contractIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(amendContractBodySchema, req.body, 'body');
    const { contract } = await withIfMatch(expectedVersion, () =>
      sales.amendContract(
        { id, lines: body.lines.map(contractLineToProto), title: body.title, expectedVersion },
        callOptionsOf(req),
      ),
    );
    sendVersioned(res, contractToJson(contract));
  });

  router.post(`${PATH}/:id/cancel`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(contractIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const { reason } = validate(reasonBodySchema, req.body, 'body');
    const { contract } = await withIfMatch(expectedVersion, () =>
      sales.cancelContract({ id, reason, expectedVersion }, callOptionsOf(req)),
    );
    sendVersioned(res, contractToJson(contract));
  });

  router.get(`${PATH}/:id/payment-plan`, authenticate, canRead, async (req, res) => {
    const { id } = validate(contractIdParams, req.params, 'params');
    const { installments } = await sales.getPaymentPlan({ contractId: id }, callOptionsOf(req));
    res.json(paymentPlanToJson(id, installments));
  });

  router.put(`${PATH}/:id/payment-plan`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(contractIdParams, req.params, 'params');
    const body = validate(setPaymentPlanBodySchema, req.body, 'body');
    const { installments } = await sales.setPaymentPlan(
      {
        contractId: id,
        installments: body.installments.map((i) => ({ dueOn: i.dueOn, amount: moneyToProto(i.amount) })),
      },
      callOptionsOf(req),
    );
    res.json(paymentPlanToJson(id, installments));
  });

  return router;
}
