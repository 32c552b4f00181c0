import type { goalsV1 } from '@salesflow/contracts';
import { pageSize } from '@salesflow/platform';
import { type RequestHandler, type Response, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { TaskClient } from '../clients/service-clients';
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
  createProjectRequestFromJson,
  projectStatusToProto,
  projectToJson,
  updateProjectRequestFromJson,
} from './mappers/project.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  addProjectMemberBodySchema,
  createProjectBodySchema,
  listProjectsQuerySchema,
  projectMemberParamsSchema,
  projectPageSchema,
  projectSchema,
  updateProjectBodySchema,
} from './schemas/project.schemas';

const PATH = `${API_PREFIX}/projects`;
const security = [{ [BEARER_AUTH]: [] }];
const projectContent = { 'application/json': { schema: projectSchema } };
const projectIdParams = idParamsSchema('project');
const notFound = problemResponse(
  'No such project, or not one you may see (owned by someone in your scope, or yours as a member).',
);

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createProject',
  tags: ['projects'],
  summary: 'Create a project (项目), optionally serving a target',
  description: 'Needs goals.project.write.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createProjectBodySchema } } } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('project'), ...locationHeader('project') },
      content: projectContent,
    },
    400: problemResponse('The body is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listProjects',
  tags: ['projects'],
  summary: 'List the projects you may see, newest first',
  description: 'Needs goals.project.read. Projects owned by someone in your data scope, and those you are a member of.',
  security,
  request: { query: listProjectsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: projectPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getProject',
  tags: ['projects'],
  summary: 'Get one project',
  description: 'Needs goals.project.read.',
  security,
  request: { params: projectIdParams },
  responses: {
    200: { description: 'The project.', headers: etagHeader('project'), content: projectContent },
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateProject',
  tags: ['projects'],
  summary: 'Change or archive a project',
  description: 'Needs goals.project.write. Send If-Match with the ETag you read.',
  security,
  request: {
    params: projectIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateProjectBodySchema } } },
  },
  responses: {
    200: { description: 'The project as changed.', headers: etagHeader('project'), content: projectContent },
    400: problemResponse('The body is not valid.'),
    404: notFound,
    412: problemResponse('The project changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/members`,
  operationId: 'addProjectMember',
  tags: ['projects'],
  summary: 'Add a member (adding one twice changes nothing)',
  description: 'Needs goals.project.write. Members see the project and its tasks.',
  security,
  request: {
    params: projectIdParams,
    body: { required: true, content: { 'application/json': { schema: addProjectMemberBodySchema } } },
  },
  responses: {
    200: { description: 'The project with its members.', headers: etagHeader('project'), content: projectContent },
    400: problemResponse('employeeId is not an id, or the project is full.'),
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'delete',
  path: `${PATH}/{id}/members/{employeeId}`,
  operationId: 'removeProjectMember',
  tags: ['projects'],
  summary: 'Remove a member (removing a non-member changes nothing)',
  description: 'Needs goals.project.write.',
  security,
  request: { params: projectMemberParamsSchema },
  responses: {
    200: { description: 'The project with its members.', headers: etagHeader('project'), content: projectContent },
    404: notFound,
    ...authenticatedProblems,
  },
});

export function projectRoutes(deps: { tasks: TaskClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { tasks, authenticate } = deps;
  const canRead = requirePermission('goals.project.read');
  const canWrite = requirePermission('goals.project.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createProjectBodySchema, req.body, 'body');
    const { project } = await tasks.createProject(createProjectRequestFromJson(body), callOptionsOf(req));
    const created = projectToJson(present(project, 'goals', 'project'));
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listProjectsQuerySchema, req.query, 'query');
    const response = await tasks.listProjects(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        status: projectStatusToProto(query.status),
      },
      callOptionsOf(req),
    );
    res.json({ items: response.projects.map(projectToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(projectIdParams, req.params, 'params');
    sendProject(res, (await tasks.getProject({ id }, callOptionsOf(req))).project);
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(projectIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateProjectBodySchema, req.body, 'body');
    const { project } = await withIfMatch(expectedVersion, () =>
      tasks.updateProject(updateProjectRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendProject(res, project);
  });

  router.post(`${PATH}/:id/members`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(projectIdParams, req.params, 'params');
    const { employeeId } = validate(addProjectMemberBodySchema, req.body, 'body');
    sendProject(res, (await tasks.addProjectMember({ projectId: id, employeeId }, callOptionsOf(req))).project);
  });

  router.delete(`${PATH}/:id/members/:employeeId`, authenticate, canWrite, async (req, res) => {
    const { id, employeeId } = validate(projectMemberParamsSchema, req.params, 'params');
    sendProject(res, (await tasks.removeProjectMember({ projectId: id, employeeId }, callOptionsOf(req))).project);
  });

  return router;
}

function sendProject(res: Response, project: goalsV1.Project | undefined): void {
  sendVersioned(res, projectToJson(present(project, 'goals', 'project')));
}
