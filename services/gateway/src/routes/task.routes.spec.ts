import { goalsV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { TaskClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const PROBLEM = /^application\/problem\+json/;
const TASK_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000a1';
const PROJECT_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000b1';
const EMPLOYEE_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000e1';
const AT = new Date('2026-11-23T08:00:00.000Z');

function storedTask(overrides: Partial<goalsV1.Task> = {}): goalsV1.Task {
  return {
    id: TASK_ID,
    tenantId: 't-1',
    title: '拜访华信贸易',
    description: '',
    assigneeId: 'emp-1',
    creatorId: 'emp-9',
    dueAt: new Date('2026-12-01T10:00:00.000Z'),
    priority: goalsV1.TaskPriority.TASK_PRIORITY_P1,
    status: goalsV1.TaskStatus.TASK_STATUS_IN_PROGRESS,
    parentId: '',
    projectId: PROJECT_ID,
    customerId: '',
    opportunityId: '',
    completedAt: undefined,
    version: '3',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

function storedProject(overrides: Partial<goalsV1.Project> = {}): goalsV1.Project {
  return {
    id: PROJECT_ID,
    tenantId: 't-1',
    name: '华东渠道拓展',
    description: '',
    targetId: '',
    ownerId: 'emp-1',
    memberIds: [EMPLOYEE_ID],
    status: goalsV1.ProjectStatus.PROJECT_STATUS_ACTIVE,
    startDate: '2026-07-01',
    endDate: '',
    version: '2',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

describe('task and project routes', () => {
  let key: SigningKey;
  let rep: string;
  let reader: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key, {
      claims: {
        ...REP_CLAIMS,
        perms: ['goals.task.read', 'goals.task.write', 'goals.project.read', 'goals.project.write'],
      },
    });
    reader = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['goals.task.read'] } });
  });

  function build() {
    const { record, sent } = callRecorder();
    const tasks: Fake<Partial<TaskClient>> = {
      createTask: record('createTask', () => ({ task: storedTask({ version: '1', status: 'TASK_STATUS_TODO' }) })),
      listTasks: record('listTasks', () => ({ tasks: [storedTask()], page: { nextCursor: 'n2' } })),
      getTask: record('getTask', () => ({ task: storedTask() })),
      updateTask: record('updateTask', () => {
        throw new ServiceError('CONFLICT', 'task was changed by someone else', { reason: 'VERSION_MISMATCH' });
      }),
      getTaskCompletion: record('getTaskCompletion', () => ({
        people: [{ employeeId: 'emp-1', due: 4, completedOnTime: 3, completedLate: 1, rate: 0.75 }],
      })),
      addTaskComment: record('addTaskComment', () => ({
        comment: {
          id: 'c-1',
          tenantId: 't-1',
          taskId: TASK_ID,
          authorId: 'emp-1',
          body: '好',
          rating: 0,
          createdAt: AT,
        },
      })),
      createProject: record('createProject', () => ({ project: storedProject({ version: '1' }) })),
      removeProjectMember: record('removeProjectMember', () => ({ project: storedProject({ memberIds: [] }) })),
    };
    const app = routeTestApp(key, { tasks: tasks as TaskClient });
    return { app, sent };
  }

  it('creates a task: 201, Location, ETag, API names mapped to proto', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${rep}`)
      .send({ title: '拜访华信贸易', priority: 'P1', dueAt: '2026-12-01T18:00:00+08:00', projectId: PROJECT_ID });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/tasks/${TASK_ID}`);
    expect(res.body).toMatchObject({
      id: TASK_ID,
      status: 'todo',
      priority: 'P1',
      projectId: PROJECT_ID,
      parentId: null,
      dueAt: '2026-12-01T10:00:00.000Z',
      completedAt: null,
      version: 1,
    });
    expect(sent('createTask')).toEqual({
      title: '拜访华信贸易',
      description: '',
      assigneeId: '',
      // 18:00 at +08:00 is 10:00 UTC.
      dueAt: new Date('2026-12-01T10:00:00.000Z'),
      priority: 'TASK_PRIORITY_P1',
      parentId: '',
      projectId: PROJECT_ID,
      customerId: '',
      opportunityId: '',
    });
  });

  it('refuses a bad task body with field errors, before calling goals', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${rep}`)
      .send({ title: '', priority: 'urgent' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['priority', 'title']);
    expect(sent('createTask')).toBeUndefined();
  });

  it('lists the team view with filters', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/tasks?view=team&status=in_progress&dueBefore=2026-12-31T00:00:00Z&limit=20')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ items: [{ id: TASK_ID, status: 'in_progress' }], nextCursor: 'n2' });
    expect(sent('listTasks')).toMatchObject({
      view: 'TASK_VIEW_TEAM',
      status: 'TASK_STATUS_IN_PROGRESS',
      dueBefore: new Date('2026-12-31T00:00:00Z'),
      page: { limit: 20, cursor: '' },
    });
  });

  it('turns a stale If-Match into 412 and sends the version and null-cleared due time', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .patch(`/api/v1/tasks/${TASK_ID}`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"2"')
      .send({ status: 'done', dueAt: null });
    expect(res.status).toBe(412);
    expect(sent('updateTask')).toMatchObject({
      id: TASK_ID,
      expectedVersion: '2',
      status: 'TASK_STATUS_DONE',
      clearDueAt: true,
      dueAt: undefined,
    });
  });

  it('answers 403 without goals.task.write', async () => {
    const { app, sent } = build();
    const res = await request(app).post('/api/v1/tasks').set('Authorization', `Bearer ${reader}`).send({ title: 'x' });
    expect(res.status).toBe(403);
    expect(sent('createTask')).toBeUndefined();
  });

  it('reports the completion rate for a month, and refuses a bad period', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/tasks/completion?period=2026-07')
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      period: '2026-07',
      groupBy: 'employee',
      items: [{ employeeId: 'emp-1', due: 4, completedOnTime: 3, completedLate: 1, rate: 0.75 }],
    });
    expect(sent('getTaskCompletion')).toEqual({ period: '2026-07' });
    const bad = await request(app)
      .get('/api/v1/tasks/completion?period=2026-7')
      .set('Authorization', `Bearer ${reader}`);
    expect(bad.status).toBe(400);
  });

  it('adds a comment: 201, no rating is null', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post(`/api/v1/tasks/${TASK_ID}/comments`)
      .set('Authorization', `Bearer ${rep}`)
      .send({ body: '好' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'c-1', body: '好', rating: null });
    expect(sent('addTaskComment')).toEqual({ taskId: TASK_ID, body: '好', rating: 0 });
  });

  it('creates a project and removes a member', async () => {
    const { app, sent } = build();
    const created = await request(app)
      .post('/api/v1/projects')
      .set('Authorization', `Bearer ${rep}`)
      .send({ name: '华东渠道拓展', memberIds: [EMPLOYEE_ID], startDate: '2026-07-01' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', memberIds: [EMPLOYEE_ID], endDate: null, version: 1 });
    expect(sent('createProject')).toMatchObject({ memberIds: [EMPLOYEE_ID], startDate: '2026-07-01', endDate: '' });
    const removed = await request(app)
      .delete(`/api/v1/projects/${PROJECT_ID}/members/${EMPLOYEE_ID}`)
      .set('Authorization', `Bearer ${rep}`);
    expect(removed.status).toBe(200);
    expect(removed.headers.etag).toBe('"2"');
    expect(sent('removeProjectMember')).toEqual({ projectId: PROJECT_ID, employeeId: EMPLOYEE_ID });
  });
});
