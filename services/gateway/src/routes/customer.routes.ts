import { pageSize } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { CrmClient } from '../clients/service-clients';
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
import { csvBodyOf, importReportToJson, streamCsv } from './mappers/crm-import.mapper';
import {
  createCustomerRequestFromJson,
  customerToJson,
  lifecycleToProto,
  listCustomersRequestFromQuery,
  updateCustomerRequestFromJson,
} from './mappers/customer.mapper';
import { sendDuplicates } from './mappers/duplicate.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import { exportCustomersQuerySchema, importQuerySchema, registerCsvImport } from './schemas/crm-import.schemas';
import {
  createCustomerBodySchema,
  customerPageSchema,
  customerSchema,
  listCustomersQuerySchema,
  mergeCustomersBodySchema,
  updateCustomerBodySchema,
} from './schemas/customer.schemas';
import { duplicateProblemSchema, forceQuerySchema } from './schemas/duplicate.schemas';

const PATH = `${API_PREFIX}/customers`;
const security = [{ [BEARER_AUTH]: [] }];
const customerContent = { 'application/json': { schema: customerSchema } };
const customerIdParams = idParamsSchema('customer');

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createCustomer',
  tags: ['customers'],
  summary: 'Create a customer (客户)',
  description: 'Needs crm.customer.write. Custom field values are checked against /custom-fields.',
  security,
  request: {
    query: forceQuerySchema,
    body: { required: true, content: { 'application/json': { schema: createCustomerBodySchema } } },
  },
  responses: {
    409: {
      description: 'A customer with the same (normalized) name exists; nothing written.',
      content: { 'application/problem+json': { schema: duplicateProblemSchema } },
    },
    201: {
      description: 'Created.',
      headers: { ...etagHeader('customer'), ...locationHeader('customer') },
      content: customerContent,
    },
    400: problemResponse('The body or a custom field value is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listCustomers',
  tags: ['customers'],
  summary: 'List the customers you may see, newest first',
  description:
    'Needs crm.customer.read; what you see depends on your data scope. Filter on custom fields with `cf.<key>=<value>` (a multi_select matches when it holds the value).',
  security,
  request: { query: listCustomersQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: customerPageSchema } } },
    400: problemResponse('A query parameter is not valid (or names an unknown custom field).'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getCustomer',
  tags: ['customers'],
  summary: 'Get one customer',
  description: 'Needs crm.customer.read. A customer outside your data scope is reported as not found.',
  security,
  request: { params: customerIdParams },
  responses: {
    200: { description: 'The customer.', headers: etagHeader('customer'), content: customerContent },
    404: problemResponse('No such customer, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateCustomer',
  tags: ['customers'],
  summary: 'Change a customer',
  description: 'Needs crm.customer.write. Send If-Match with the ETag you read.',
  security,
  request: {
    params: customerIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateCustomerBodySchema } } },
  },
  responses: {
    200: { description: 'The customer as changed.', headers: etagHeader('customer'), content: customerContent },
    400: problemResponse('The body or a custom field value is not valid.'),
    404: problemResponse('No such customer, or not one you may see.'),
    412: problemResponse('The customer changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/merge`,
  operationId: 'mergeCustomers',
  tags: ['customers'],
  summary: 'Fold a duplicate customer into this one',
  description:
    'Needs crm.customer.write, and both customers in your scope. Contacts (this customer keeps its primary), follow-ups, timeline and converted leads move here; tags and groups are united; empty fields and missing custom values come from the duplicate, which is deleted.',
  security,
  request: {
    params: customerIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: mergeCustomersBodySchema } } },
  },
  responses: {
    200: { description: 'The customer after the merge.', headers: etagHeader('customer'), content: customerContent },
    400: problemResponse('sourceId is missing or the customer itself.'),
    404: problemResponse('Either customer does not exist or is not one you may see.'),
    412: problemResponse('The customer changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registerCsvImport({
  path: `${PATH}/import`,
  operationId: 'importCustomers',
  tag: 'customers',
  summary: 'Import customers from CSV',
  description:
    'Needs crm.customer.write. Header: name, industry, region, address, latitude, longitude, tier, lifecycle, tags, groups (";"-separated), owner_id. Custom field values are not imported. Good rows are created; bad rows and look-alikes (same normalized name) are reported, not merged.',
  security,
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/export`,
  operationId: 'exportCustomers',
  tags: ['customers'],
  summary: 'Export the customers you may see as CSV',
  description: 'Needs crm.customer.read. Streams every matching customer in your data scope, oldest first.',
  security,
  request: { query: exportCustomersQuerySchema },
  responses: {
    200: { description: 'The CSV file.', content: { 'text/csv': { schema: { type: 'string' } } } },
    400: problemResponse('A filter is not valid.'),
    ...authenticatedProblems,
  },
});

export function customerRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;
  const canRead = requirePermission('crm.customer.read');
  const canWrite = requirePermission('crm.customer.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createCustomerBodySchema, req.body, 'body');
    const { force } = validate(forceQuerySchema, req.query, 'query');
    const { customer, duplicates } = await crm.createCustomer(
      { ...createCustomerRequestFromJson(body), force },
      callOptionsOf(req),
    );
    if (duplicates.length > 0) return sendDuplicates(req, res, 'customer', duplicates);
    const created = customerToJson(present(customer, 'crm', 'customer'));
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  // Before the /:id routes, so "import" and "export" are never read as ids.
  router.post(`${PATH}/import`, authenticate, canWrite, async (req, res) => {
    const csv = csvBodyOf(req);
    const { force } = validate(importQuerySchema, req.query, 'query');
    const { report } = await crm.importCustomers({ csv, force }, callOptionsOf(req));
    res.json(importReportToJson(report));
  });

  router.get(`${PATH}/export`, authenticate, canRead, async (req, res) => {
    const query = validate(exportCustomersQuerySchema, req.query, 'query');
    await streamCsv(res, 'customers.csv', (cursor) =>
      crm.exportCustomers(
        { page: { limit: 0, cursor }, lifecycle: lifecycleToProto(query.lifecycle), ownerId: query.ownerId ?? '' },
        callOptionsOf(req),
      ),
    );
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listCustomersQuerySchema, req.query, 'query');
    const response = await crm.listCustomers(
      listCustomersRequestFromQuery(query, req.query as Record<string, unknown>, pageSize(query.limit)),
      callOptionsOf(req),
    );
    res.json({ items: response.customers.map(customerToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(customerIdParams, req.params, 'params');
    const { customer } = await crm.getCustomer({ id }, callOptionsOf(req));
    sendVersioned(res, customerToJson(present(customer, 'crm', 'customer')));
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(customerIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateCustomerBodySchema, req.body, 'body');
    const { customer } = await withIfMatch(expectedVersion, () =>
      crm.updateCustomer(updateCustomerRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendVersioned(res, customerToJson(present(customer, 'crm', 'customer')));
  });

  router.post(`${PATH}/:id/merge`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(customerIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const { sourceId } = validate(mergeCustomersBodySchema, req.body, 'body');
    const { customer } = await withIfMatch(expectedVersion, () =>
      crm.mergeCustomers({ id, sourceId, expectedVersion }, callOptionsOf(req)),
    );
    sendVersioned(res, customerToJson(present(customer, 'crm', 'customer')));
  });

  return router;
}
