import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { CrmClient } from '../clients/service-clients';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { createCustomFieldRequestFromJson, customFieldToJson } from './mappers/custom-field.mapper';
import { createCustomFieldBodySchema, customFieldListSchema, customFieldSchema } from './schemas/custom-field.schemas';

const PATH = `${API_PREFIX}/custom-fields`;
const security = [{ [BEARER_AUTH]: [] }];

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listCustomFields',
  tags: ['customers'],
  summary: "The tenant's custom fields of customers (自定义字段)",
  description: 'Needs crm.customer.read.',
  security,
  responses: {
    200: {
      description: 'Every definition, oldest first.',
      content: { 'application/json': { schema: customFieldListSchema } },
    },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createCustomField',
  tags: ['customers'],
  summary: 'Define a custom field of customers',
  description:
    'Needs crm.settings.write. Values are validated on every customer write and can filter lists (cf.<key>=).',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createCustomFieldBodySchema } } } },
  responses: {
    201: { description: 'Defined.', content: { 'application/json': { schema: customFieldSchema } } },
    400: problemResponse('The definition is not valid.'),
    409: problemResponse('A field with this key exists.'),
    ...authenticatedProblems,
  },
});

export function customFieldRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;

  router.get(PATH, authenticate, requirePermission('crm.customer.read'), async (req, res) => {
    const { customFields } = await crm.listCustomFields({}, callOptionsOf(req));
    res.json({ items: customFields.map(customFieldToJson) });
  });

  router.post(PATH, authenticate, requirePermission('crm.settings.write'), async (req, res) => {
    const body = validate(createCustomFieldBodySchema, req.body, 'body');
    const { customField } = await crm.createCustomField(createCustomFieldRequestFromJson(body), callOptionsOf(req));
    res.status(201).json(customFieldToJson(present(customField, 'crm', 'custom field')));
  });

  return router;
}
