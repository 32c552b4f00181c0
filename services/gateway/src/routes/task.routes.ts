import type { goalsV1 } from '@salesflow/contracts';
import { pageSize } from '@salesflow/platform';
import { type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
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
  createTaskRequestFromJson,
  listTasksRequestFromQuery,
  taskCommentToJson,
  taskHistoryEntryToJson,
  taskToJson,
  updateTaskRequestFromJson,
} from './mappers/task.mapper';
import { idParamsSchema, pageQueryShape } from './schemas/common.schemas';
import {
  addTaskCommentBodySchema,
  createTaskBodySchema,
  listTasksQuerySchema,
  taskCommentPageSchema,
  taskCommentSchema,
  taskCompletionQuerySchema,
  taskCompletionSchema,
  taskHistorySchema,
  taskPageSchema,
  taskSchema,
  taskSettingsSchema,
  updateTaskBodySchema,
} from './schemas/task.schemas';

const PATH = `${API_PREFIX}/tasks`;
const SETTINGS_PATH = `${API_PREFIX}/task-settings`;
const security = [{ [BEARER_AUTH]: [] }];
const taskContent = { 'application/json': { schema: taskSchema } };
const taskIdParams = idParamsSchema('task');
const pageQuerySchema = z.object(pageQueryShape);
const notFound = problemResponse('No such task, or not one you may see.');

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createTask',
  tags: ['tasks'],
  summary: 'Create a task (任务) or a subtask',
  description: 'Needs goals.task.write.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createTaskBodySchema } } } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('task'), ...locationHeader('task') },
      content: taskContent,
    },
    400: problemResponse('The body is not valid, or the parent or project does not exist, is closed or archived.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listTasks',
  tags: ['tasks'],
  summary: 'My tasks, my team’s tasks, or a project’s tasks, newest first',
  description:
    'Needs goals.task.read. The team view follows your data scope (SELF, DEPARTMENT, DEPARTMENT_TREE, TENANT).',
  security,
  request: { query: listTasksQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: taskPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    404: problemResponse('projectId names no project you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/completion`,
  operationId: 'getTaskCompletion',
  tags: ['tasks'],
  summary: 'Task completion rate per person for a month',
  description:
    'Needs goals.task.read. For each assignee in your data scope: the tasks due in the month (not cancelled), how many were done on or before their due time, how many late, and rate = on time / due.',
  security,
  request: { query: taskCompletionQuerySchema },
  responses: {
    200: { description: 'One row per person.', content: { 'application/json': { schema: taskCompletionSchema } } },
    400: problemResponse('period is not a month (YYYY-MM).'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getTask',
  tags: ['tasks'],
  summary: 'Get one task',
  description: 'Needs goals.task.read.',
  security,
  request: { params: taskIdParams },
  responses: {
    200: { description: 'The task.', headers: etagHeader('task'), content: taskContent },
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateTask',
  tags: ['tasks'],
  summary: 'Change a task: fields, assignee, due time, status',
  description:
    'Needs goals.task.write. Send If-Match with the ETag you read. An illegal status change, or done while a subtask is open, is 409 and changes nothing.',
  security,
  request: {
    params: taskIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateTaskBodySchema } } },
  },
  responses: {
    200: { description: 'The task as changed.', headers: etagHeader('task'), content: taskContent },
    400: problemResponse('The body is not valid.'),
    404: notFound,
    409: problemResponse('The status change is not allowed (ILLEGAL_TRANSITION, OPEN_SUBTASKS).'),
    412: problemResponse('The task changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}/history`,
  operationId: 'getTaskHistory',
  tags: ['tasks'],
  summary: 'What happened to a task, oldest first (including handovers)',
  description: 'Needs goals.task.read.',
  security,
  request: { params: taskIdParams },
  responses: {
    200: { description: 'The history.', content: { 'application/json': { schema: taskHistorySchema } } },
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}/comments`,
  operationId: 'listTaskComments',
  tags: ['tasks'],
  summary: 'Comments and feedback on a task (评价和反馈), oldest first',
  description: 'Needs goals.task.read.',
  security,
  request: { params: taskIdParams, query: pageQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: taskCommentPageSchema } } },
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/comments`,
  operationId: 'addTaskComment',
  tags: ['tasks'],
  summary: 'Comment on a task; the assigner may add a 1-5 rating',
  description: 'Needs goals.task.write.',
  security,
  request: {
    params: taskIdParams,
    body: { required: true, content: { 'application/json': { schema: addTaskCommentBodySchema } } },
  },
  responses: {
    201: { description: 'Added.', content: { 'application/json': { schema: taskCommentSchema } } },
    400: problemResponse('The body is not valid.'),
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: SETTINGS_PATH,
  operationId: 'getTaskSettings',
  tags: ['tasks'],
  summary: "The tenant's task settings (reminder lead time)",
  description: 'Needs goals.task.read.',
  security,
  responses: {
    200: { description: 'The settings.', content: { 'application/json': { schema: taskSettingsSchema } } },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'put',
  path: SETTINGS_PATH,
  operationId: 'updateTaskSettings',
  tags: ['tasks'],
  summary: "Set the tenant's task settings",
  description: 'Needs goals.settings.write.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: taskSettingsSchema } } } },
  responses: {
    200: { description: 'The settings as stored.', content: { 'application/json': { schema: taskSettingsSchema } } },
    400: problemResponse('dueSoonLeadMinutes is out of range.'),
    ...authenticatedProblems,
  },
});

export function taskRoutes(deps: { tasks: TaskClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { tasks, authenticate } = deps;
  const canRead = requirePermission('goals.task.read');
  const canWrite = requirePermission('goals.task.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createTaskBodySchema, req.body, 'body');
    const { task } = await tasks.createTask(createTaskRequestFromJson(body), callOptionsOf(req));
    const created = taskToJson(present(task, 'goals', 'task'));
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listTasksQuerySchema, req.query, 'query');
    const response = await tasks.listTasks(listTasksRequestFromQuery(query, pageSize(query.limit)), callOptionsOf(req));
    res.json({ items: response.tasks.map(taskToJson), nextCursor: response.page?.nextCursor || null });
  });

  // Before the /:id routes, so "completion" is never read as an id.
  router.get(`${PATH}/completion`, authenticate, canRead, async (req, res) => {
    const query = validate(taskCompletionQuerySchema, req.query, 'query');
    const { people } = await tasks.getTaskCompletion({ period: query.period }, callOptionsOf(req));
    res.json({
      period: query.period,
      groupBy: query.groupBy,
      items: people.map((p) => ({
        employeeId: p.employeeId,
        due: p.due,
        completedOnTime: p.completedOnTime,
        completedLate: p.completedLate,
        rate: p.rate,
      })),
    });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(taskIdParams, req.params, 'params');
    sendTask(res, (await tasks.getTask({ id }, callOptionsOf(req))).task);
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(taskIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateTaskBodySchema, req.body, 'body');
    const { task } = await withIfMatch(expectedVersion, () =>
      tasks.updateTask(updateTaskRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendTask(res, task);
  });

  router.get(`${PATH}/:id/history`, authenticate, canRead, async (req, res) => {
    const { id } = validate(taskIdParams, req.params, 'params');
    const { entries } = await tasks.getTaskHistory({ taskId: id }, callOptionsOf(req));
    res.json({ items: entries.map(taskHistoryEntryToJson) });
  });

  router.get(`${PATH}/:id/comments`, authenticate, canRead, async (req, res) => {
    const { id } = validate(taskIdParams, req.params, 'params');
    const page = validate(pageQuerySchema, req.query, 'query');
    const response = await tasks.listTaskComments(
      { taskId: id, page: { limit: pageSize(page.limit), cursor: page.cursor ?? '' } },
      callOptionsOf(req),
    );
    res.json({ items: response.comments.map(taskCommentToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.post(`${PATH}/:id/comments`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(taskIdParams, req.params, 'params');
    const body = validate(addTaskCommentBodySchema, req.body, 'body');
    const { comment } = await tasks.addTaskComment(
      { taskId: id, body: body.body, rating: body.rating ?? 0 },
      callOptionsOf(req),
    );
    res.status(201).json(taskCommentToJson(present(comment, 'goals', 'comment')));
  });

  router.get(SETTINGS_PATH, authenticate, canRead, async (req, res) => {
    const { settings } = await tasks.getTaskSettings({}, callOptionsOf(req));
    res.json({ dueSoonLeadMinutes: present(settings, 'goals', 'task settings').dueSoonLeadMinutes });
  });

  router.put(SETTINGS_PATH, authenticate, requirePermission('goals.settings.write'), async (req, res) => {
    const body = validate(taskSettingsSchema, req.body, 'body');
    const { settings } = await tasks.updateTaskSettings({ settings: body }, callOptionsOf(req));
    res.json({ dueSoonLeadMinutes: present(settings, 'goals', 'task settings').dueSoonLeadMinutes });
  });

  return router;
}

function sendTask(res: Response, task: goalsV1.Task | undefined): void {
  sendVersioned(res, taskToJson(present(task, 'goals', 'task')));
}
