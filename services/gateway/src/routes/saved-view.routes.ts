import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { CrmClient } from '../clients/service-clients';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { createSavedViewRequestFromJson, savedViewToJson } from './mappers/saved-view.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  createSavedViewBodySchema,
  listSavedViewsQuerySchema,
  savedViewListResponseSchema,
  savedViewSchema,
} from './schemas/saved-view.schemas';

const PATH = `${API_PREFIX}/saved-views`;
const security = [{ [BEARER_AUTH]: [] }];
const viewIdParams = idParamsSchema('saved view');

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listSavedViews',
  tags: ['saved views'],
  summary: 'The caller’s saved views (保存的筛选) of a list',
  description: 'Needs crm.lead.read. Only the caller’s own views, sorted by name.',
  security,
  request: { query: listSavedViewsQuerySchema },
  responses: {
    200: { description: 'The views.', content: { 'application/json': { schema: savedViewListResponseSchema } } },
    400: problemResponse('The list is not known.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createSavedView',
  tags: ['saved views'],
  summary: 'Save the current filters of a list under a name',
  description: 'Needs crm.lead.read. Names are unique per person and list; at most 50 views per person and list.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createSavedViewBodySchema } } } },
  responses: {
    201: { description: 'Saved.', content: { 'application/json': { schema: savedViewSchema } } },
    400: problemResponse('The view is not valid (field errors name the fields).'),
    409: problemResponse(
      'already-exists: the caller has a view with this name (a field error on name); failed-precondition: the caller has 50 views of this list already.',
    ),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'delete',
  path: `${PATH}/{id}`,
  operationId: 'deleteSavedView',
  tags: ['saved views'],
  summary: 'Delete one of the caller’s saved views',
  description: 'Needs crm.lead.read. Another person’s view is 404.',
  security,
  request: { params: viewIdParams },
  responses: {
    204: { description: 'Deleted.' },
    404: problemResponse('No such view of the caller.'),
    ...authenticatedProblems,
  },
});

export function savedViewRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;
  // Views are per person and only replay the leads list's filters: reading leads is enough.
  const canRead = requirePermission('crm.lead.read');

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const { list } = validate(listSavedViewsQuerySchema, req.query, 'query');
    const { views } = await crm.listSavedViews({ list }, callOptionsOf(req));
    res.json({ items: views.map(savedViewToJson) });
  });

  router.post(PATH, authenticate, canRead, async (req, res) => {
    const body = validate(createSavedViewBodySchema, req.body, 'body');
    const { view } = await crm.createSavedView(createSavedViewRequestFromJson(body), callOptionsOf(req));
    const created = savedViewToJson(present(view, 'crm', 'saved view'));
    res
      .status(201)
      .location(`${PATH}/${encodeURIComponent(created.id)}`)
      .json(created);
  });

  router.delete(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(viewIdParams, req.params, 'params');
    await crm.deleteSavedView({ id }, callOptionsOf(req));
    res.status(204).end();
  });

  return router;
}
