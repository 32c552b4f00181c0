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
import {
  createDepartmentRequestFromJson,
  departmentToJson,
  departmentTree,
  updateDepartmentRequestFromJson,
} from './mappers/department.mapper';
import {
  createDepartmentBodySchema,
  departmentIdParamsSchema,
  departmentListSchema,
  departmentSchema,
  departmentTreeSchema,
  listDepartmentsQuerySchema,
  moveDepartmentBodySchema,
  moveDepartmentResponseSchema,
  updateDepartmentBodySchema,
} from './schemas/department.schemas';

const DEPARTMENTS_PATH = `${API_PREFIX}/departments`;
const security = [{ [BEARER_AUTH]: [] }];
const json = <S>(schema: S) => ({ 'application/json': { schema } });
const departmentContent = json(departmentSchema);

registry.registerPath({
  method: 'get',
  path: DEPARTMENTS_PATH,
  operationId: 'listDepartments',
  tags: ['departments'],
  summary: 'The org tree of your tenant, nested or flat',
  description: 'Needs identity.department.read.',
  security,
  request: { query: listDepartmentsQuerySchema },
  responses: {
    200: {
      description: 'Every department: nested under `children` (view=tree) or ordered by path (view=flat).',
      content: { 'application/json': { schema: departmentTreeSchema.or(departmentListSchema) } },
    },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: DEPARTMENTS_PATH,
  operationId: 'createDepartment',
  tags: ['departments'],
  summary: 'Create a department',
  description: 'Needs identity.department.write.',
  security,
  request: { body: { required: true, content: json(createDepartmentBodySchema) } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('department'), ...locationHeader('department') },
      content: departmentContent,
    },
    400: problemResponse('The request body is not valid.'),
    404: problemResponse('The parent or manager does not exist.'),
    409: problemResponse('A sibling department has this name.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${DEPARTMENTS_PATH}/{id}`,
  operationId: 'updateDepartment',
  tags: ['departments'],
  summary: 'Rename a department, or change its manager or region',
  description: 'Needs identity.department.write.',
  security,
  request: {
    params: departmentIdParamsSchema,
    headers: ifMatchHeaders,
    body: { required: true, content: json(updateDepartmentBodySchema) },
  },
  responses: {
    200: { description: 'Changed.', headers: etagHeader('department'), content: departmentContent },
    400: problemResponse('The body or If-Match is not valid.'),
    404: problemResponse('No such department.'),
    412: problemResponse('If-Match names a version that is no longer current.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${DEPARTMENTS_PATH}/{id}/move`,
  operationId: 'moveDepartment',
  tags: ['departments'],
  summary: 'Move a department (and its subtree) under another parent',
  description: 'Needs identity.department.write. Moving under its own descendant is refused (409).',
  security,
  request: {
    params: departmentIdParamsSchema,
    headers: ifMatchHeaders,
    body: { required: true, content: json(moveDepartmentBodySchema) },
  },
  responses: {
    200: { description: 'Moved.', headers: etagHeader('department'), content: json(moveDepartmentResponseSchema) },
    400: problemResponse('The body or If-Match is not valid.'),
    404: problemResponse('No such department or parent.'),
    409: problemResponse('The new parent is the department itself or one of its descendants.'),
    412: problemResponse('If-Match names a version that is no longer current.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'delete',
  path: `${DEPARTMENTS_PATH}/{id}`,
  operationId: 'deleteDepartment',
  tags: ['departments'],
  summary: 'Delete an empty department',
  description: 'Needs identity.department.write. Only a department without children and members.',
  security,
  request: { params: departmentIdParamsSchema },
  responses: {
    204: { description: 'Deleted.' },
    404: problemResponse('No such department.'),
    409: problemResponse('The department still has children or members.'),
    ...authenticatedProblems,
  },
});

export function departmentRoutes(deps: { identity: IdentityClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { identity, authenticate } = deps;
  const canRead = requirePermission('identity.department.read');
  const canWrite = requirePermission('identity.department.write');

  router.get(DEPARTMENTS_PATH, authenticate, canRead, async (req, res) => {
    const { view } = validate(listDepartmentsQuerySchema, req.query, 'query');
    const { departments } = await identity.listDepartments({}, callOptionsOf(req));
    res.json(
      view === 'tree'
        ? { view, items: departmentTree(departments) }
        : { view, items: departments.map(departmentToJson) },
    );
  });

  router.post(DEPARTMENTS_PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createDepartmentBodySchema, req.body, 'body');
    const { department } = await identity.createDepartment(createDepartmentRequestFromJson(body), callOptionsOf(req));
    const created = departmentToJson(present(department, 'identity', 'department'));
    res.status(201).location(`${DEPARTMENTS_PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.patch(`${DEPARTMENTS_PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(departmentIdParamsSchema, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateDepartmentBodySchema, req.body, 'body');
    const { department } = await withIfMatch(expectedVersion, () =>
      identity.updateDepartment(updateDepartmentRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendVersioned(res, departmentToJson(present(department, 'identity', 'department')));
  });

  router.post(`${DEPARTMENTS_PATH}/:id/move`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(departmentIdParamsSchema, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const { parentId } = validate(moveDepartmentBodySchema, req.body, 'body');
    const response = await withIfMatch(expectedVersion, () =>
      identity.moveDepartment({ id, newParentId: parentId ?? '', expectedVersion }, callOptionsOf(req)),
    );
    const moved = departmentToJson(present(response.department, 'identity', 'department'));
    res.setHeader('ETag', `"${moved.version}"`);
    res.json({ department: moved, movedCount: response.movedCount });
  });

  router.delete(`${DEPARTMENTS_PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(departmentIdParamsSchema, req.params, 'params');
    await identity.deleteDepartment({ id }, callOptionsOf(req));
    res.status(204).end();
  });

  return router;
}
