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
  createLeadPoolRequestFromJson,
  leadPoolToJson,
  updateLeadPoolRequestFromJson,
} from './mappers/lead-pool.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  createLeadPoolBodySchema,
  leadPoolListSchema,
  leadPoolSchema,
  updateLeadPoolBodySchema,
} from './schemas/lead-pool.schemas';

const PATH = `${API_PREFIX}/lead-pools`;
const security = [{ [BEARER_AUTH]: [] }];
const poolContent = { 'application/json': { schema: leadPoolSchema } };
const poolIdParams = idParamsSchema('lead pool');

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listLeadPools',
  tags: ['lead pools'],
  summary: 'Lead pools (线索池) and their rules',
  description: 'Needs crm.pool.read.',
  security,
  responses: {
    200: { description: 'Every pool, oldest first.', content: { 'application/json': { schema: leadPoolListSchema } } },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createLeadPool',
  tags: ['lead pools'],
  summary: 'Create a lead pool',
  description: 'Needs crm.pool.write. round_robin needs memberIds; by_region needs regionAssignees.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createLeadPoolBodySchema } } } },
  responses: {
    201: { description: 'Created.', headers: etagHeader('pool'), content: poolContent },
    400: problemResponse('The pool is not valid.'),
    409: problemResponse('A pool with this name exists.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getLeadPool',
  tags: ['lead pools'],
  summary: 'Get one lead pool',
  description: 'Needs crm.pool.read.',
  security,
  request: { params: poolIdParams },
  responses: {
    200: { description: 'The pool.', headers: etagHeader('pool'), content: poolContent },
    404: problemResponse('No such pool.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateLeadPool',
  tags: ['lead pools'],
  summary: "Change a pool's rules",
  description: 'Needs crm.pool.write. A new member list restarts the round-robin turn.',
  security,
  request: {
    params: poolIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateLeadPoolBodySchema } } },
  },
  responses: {
    200: { description: 'The pool as changed.', headers: etagHeader('pool'), content: poolContent },
    400: problemResponse('The change is not valid.'),
    404: problemResponse('No such pool.'),
    412: problemResponse('The pool changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

export function leadPoolRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;
  const canRead = requirePermission('crm.pool.read');
  const canWrite = requirePermission('crm.pool.write');

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const { pools } = await crm.listLeadPools({}, callOptionsOf(req));
    res.json({ items: pools.map(leadPoolToJson) });
  });

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createLeadPoolBodySchema, req.body, 'body');
    const { pool } = await crm.createLeadPool(createLeadPoolRequestFromJson(body), callOptionsOf(req));
    const created = leadPoolToJson(present(pool, 'crm', 'lead pool'));
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(poolIdParams, req.params, 'params');
    const { pool } = await crm.getLeadPool({ id }, callOptionsOf(req));
    sendVersioned(res, leadPoolToJson(present(pool, 'crm', 'lead pool')));
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(poolIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateLeadPoolBodySchema, req.body, 'body');
    const { pool } = await withIfMatch(expectedVersion, () =>
      crm.updateLeadPool(updateLeadPoolRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendVersioned(res, leadPoolToJson(present(pool, 'crm', 'lead pool')));
  });

  return router;
}
