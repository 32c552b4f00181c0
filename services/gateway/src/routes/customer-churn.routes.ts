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
  problemResponse,
  registry,
} from '../openapi/registry';
import { customerToJson } from './mappers/customer.mapper';
import { churnCustomerBodySchema } from './schemas/churn.schemas';
import { idParamsSchema } from './schemas/common.schemas';
import { customerSchema } from './schemas/customer.schemas';

const customerIdParams = idParamsSchema('customer');

registry.registerPath({
  method: 'post',
  path: `${API_PREFIX}/customers/{id}/churn`,
  operationId: 'churnCustomer',
  tags: ['customers'],
  summary: 'Mark a customer as lost (流失), with the reason',
  description:
    'Needs crm.customer.write. The only way to the churned lifecycle (PATCH refuses it): sets churnReason and lifecycleChangedAt and emits crm.customer.lifecycle_changed.',
  security: [{ [BEARER_AUTH]: [] }],
  request: {
    params: customerIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: churnCustomerBodySchema } } },
  },
  responses: {
    200: {
      description: 'The customer, churned.',
      headers: etagHeader('customer'),
      content: { 'application/json': { schema: customerSchema } },
    },
    400: problemResponse('The reason is missing.'),
    404: problemResponse('No such customer, or not one you may see.'),
    409: problemResponse('The customer is already churned.'),
    412: problemResponse('The customer changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

export function customerChurnRoutes(deps: { tickets: TicketsClient; authenticate: RequestHandler }): Router {
  const router = Router();
  router.post(
    `${API_PREFIX}/customers/:id/churn`,
    deps.authenticate,
    requirePermission('crm.customer.write'),
    async (req, res) => {
      const { id } = validate(customerIdParams, req.params, 'params');
      const expectedVersion = expectedVersionOf(req);
      const { reason } = validate(churnCustomerBodySchema, req.body, 'body');
      const { customer } = await withIfMatch(expectedVersion, () =>
        deps.tickets.churnCustomer({ id, reason, expectedVersion }, callOptionsOf(req)),
      );
      sendVersioned(res, customerToJson(present(customer, 'crm', 'customer')));
    },
  );
  return router;
}
