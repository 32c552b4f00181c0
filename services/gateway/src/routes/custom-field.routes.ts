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
  problemResponse,
  registry,
} from '../openapi/registry';
import {
  createCustomFieldRequestFromJson,
  customFieldToJson,
  updateCustomFieldRequestFromJson,
} from './mappers/custom-field.mapper';
import {
  createCustomFieldBodySchema,
  customFieldIdParamsSchema,
  customFieldListSchema,
  customFieldSchema,
  updateCustomFieldBodySchema,
} from './schemas/custom-field.schemas';

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

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateCustomField',
  tags: ['customers'],
  summary: 'Rename a custom field, make it (not) required, or give a select more choices',
  description: 'Needs crm.settings.write. Key and type stay; no current choice of a select can be taken away.',
  security,
  request: {
    params: customFieldIdParamsSchema,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateCustomFieldBodySchema } } },
  },
  responses: {
    200: {
      description: 'Changed.',
      headers: etagHeader('custom field'),
      content: { 'application/json': { schema: customFieldSchema } },
    },
    400: problemResponse('The change or If-Match is not valid (options: not a select, or a current choice missing).'),
    404: problemResponse('No such custom field.'),
    412: problemResponse('If-Match names a version that is no longer current.'),
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

  router.patch(`${PATH}/:id`, authenticate, requirePermission('crm.settings.write'), async (req, res) => {
    const { id } = validate(customFieldIdParamsSchema, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateCustomFieldBodySchema, req.body, 'body');
    const { customField } = await withIfMatch(expectedVersion, () =>
      crm.updateCustomField(updateCustomFieldRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendVersioned(res, customFieldToJson(present(customField, 'crm', 'custom field')));
  });

  return router;
}
