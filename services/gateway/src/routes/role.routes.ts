import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { IdentityClient } from '../clients/service-clients';
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
import { createRoleRequestFromJson, roleToJson, updateRoleRequestFromJson } from './mappers/role.mapper';
import {
  createRoleBodySchema,
  roleIdParamsSchema,
  roleListSchema,
  roleSchema,
  updateRoleBodySchema,
} from './schemas/role.schemas';

const ROLES_PATH = `${API_PREFIX}/roles`;
const security = [{ [BEARER_AUTH]: [] }];
const json = <S>(schema: S) => ({ 'application/json': { schema } });

registry.registerPath({
  method: 'get',
  path: ROLES_PATH,
  operationId: 'listRoles',
  tags: ['roles'],
  summary: 'The roles of your tenant, built-in and custom',
  description: 'Needs identity.role.read.',
  security,
  responses: { 200: { description: 'Every role.', content: json(roleListSchema) }, ...authenticatedProblems },
});

registry.registerPath({
  method: 'post',
  path: ROLES_PATH,
  operationId: 'createRole',
  tags: ['roles'],
  summary: 'Create a custom role',
  description: 'Needs identity.role.write.',
  security,
  request: { body: { required: true, content: json(createRoleBodySchema) } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('role'), ...locationHeader('role') },
      content: json(roleSchema),
    },
    400: problemResponse('The request body is not valid.'),
    409: problemResponse('A role with this code exists.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${ROLES_PATH}/{id}`,
  operationId: 'updateRole',
  tags: ['roles'],
  summary: 'Rename a role, or replace its permissions or data scope',
  description: 'Needs identity.role.write. Built-in roles cannot be renamed.',
  security,
  request: {
    params: roleIdParamsSchema,
    headers: ifMatchHeaders,
    body: { required: true, content: json(updateRoleBodySchema) },
  },
  responses: {
    200: { description: 'Changed.', headers: etagHeader('role'), content: json(roleSchema) },
    400: problemResponse('The body or If-Match is not valid.'),
    404: problemResponse('No such role.'),
    409: problemResponse('The role is built in and cannot change this way.'),
    412: problemResponse('If-Match names a version that is no longer current.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'delete',
  path: `${ROLES_PATH}/{id}`,
  operationId: 'deleteRole',
  tags: ['roles'],
  summary: 'Delete a custom role nobody holds',
  description:
    'Needs identity.role.write. Built-in roles cannot be deleted; a role still assigned to someone is refused (take it off them first).',
  security,
  request: { params: roleIdParamsSchema, headers: ifMatchHeaders },
  responses: {
    204: { description: 'Deleted.' },
    400: problemResponse('If-Match is not valid.'),
    404: problemResponse('No such role.'),
    409: problemResponse('The role is built in, or someone still holds it.'),
    412: problemResponse('If-Match names a version that is no longer current.'),
    ...authenticatedProblems,
  },
});

export function roleRoutes(deps: { identity: IdentityClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { identity, authenticate } = deps;
  const canWrite = requirePermission('identity.role.write');

  router.get(ROLES_PATH, authenticate, requirePermission('identity.role.read'), async (req, res) => {
    const { roles } = await identity.listRoles({}, callOptionsOf(req));
    res.json({ items: roles.map(roleToJson) });
  });

  router.post(ROLES_PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createRoleBodySchema, req.body, 'body');
    const { role } = await identity.createRole(createRoleRequestFromJson(body), callOptionsOf(req));
    const created = roleToJson(present(role, 'identity', 'role'));
    res.status(201).location(`${ROLES_PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.patch(`${ROLES_PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(roleIdParamsSchema, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateRoleBodySchema, req.body, 'body');
    const { role } = await withIfMatch(expectedVersion, () =>
      identity.updateRole(updateRoleRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendVersioned(res, roleToJson(present(role, 'identity', 'role')));
  });

  router.delete(`${ROLES_PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(roleIdParamsSchema, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    await withIfMatch(expectedVersion, () => identity.deleteRole({ id, expectedVersion }, callOptionsOf(req)));
    res.status(204).end();
  });

  return router;
}
