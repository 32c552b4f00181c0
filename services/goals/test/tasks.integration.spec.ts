import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, deadLetterTopic, goalsV1, identityV1, TOPICS } from '@salesflow/contracts';
import {
  appendToOutbox,
  catalogTopics,
  createEventConsumer,
  createKafka,
  createLogger,
  createOutboxRelay,
  createServiceClient,
  decodeEnvelope,
  type EventConsumer,
  ensureTopics,
  type OutboxRelay,
  startGrpcServer,
} from '@salesflow/platform';
import {
  createTestDatabase,
  eventually,
  rejectionOf,
  type TestDatabase,
  testKafkaBrokers,
} from '@salesflow/platform/testing';
import { Client } from 'pg';
import { TASK_HANDOVER_GROUP, taskHandoverHandlers } from '../src/consumers/employee-departed.consumer';
import { createGoalsDatabase, type GoalsDatabase } from '../src/database';
import { taskServiceBinding } from '../src/grpc/task.handlers';
import { ProjectService } from '../src/modules/project/project.service';
import { REMINDER_LOCK_KEY, TaskReminder } from '../src/modules/reminder/task-reminder';
import { TaskService } from '../src/modules/task/task.service';
import { TaskCommentService } from '../src/modules/task/task-comment.service';
import { TaskCompletionReport } from '../src/modules/task/task-completion';
import { TaskSettingsService } from '../src/modules/task/task-settings.service';

const outbox = { source: '/salesflow/goals' };
const ALL = ['goals.task.read', 'goals.task.write', 'goals.project.read', 'goals.project.write'];

let database: TestDatabase;
let db: GoalsDatabase;
let sql: Client;
let tasks: TaskService;
let projects: ProjectService;
let comments: TaskCommentService;

type Scope = 'DATA_SCOPE_SELF' | 'DATA_SCOPE_DEPARTMENT' | 'DATA_SCOPE_DEPARTMENT_TREE' | 'DATA_SCOPE_TENANT';

function person(
  tenantId: string,
  employeeId: string = randomUUID(),
  dataScope: Scope = 'DATA_SCOPE_SELF',
  department: { id: string; path: string } = { id: '', path: '' },
  permissions = ALL,
) {
  return commonV1.Principal.fromPartial({
    tenantId,
    employeeId,
    permissions,
    dataScope,
    departmentId: department.id,
    departmentPath: department.path,
  });
}

async function replicate(tenantId: string, id: string, department: { id: string; path: string }) {
  await sql.query(
    `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, manager_id, status, successor_id, version)
     VALUES ($1, $2, 'x', $3, $4, '', 'ACTIVE', '', 1)`,
    [id, tenantId, department.id, department.path],
  );
}

async function eventsOf(taskId: string): Promise<{ type: string; payload: unknown; version: number }[]> {
  const { rows } = await sql.query<{ value: Buffer; event_type: string }>(
    `SELECT value, event_type FROM salesflow_outbox WHERE message_key LIKE '%:' || $1 ORDER BY seq`,
    [taskId],
  );
  return rows.map((row) => {
    const event = decodeEnvelope(row.value);
    return { type: event.type, payload: event.payload, version: event.aggregateVersion };
  });
}

async function counts() {
  const { rows } = await sql.query<{ tasks: number; outbox: number; history: number; comments: number }>(
    `SELECT (SELECT count(*)::int FROM tasks) AS tasks, (SELECT count(*)::int FROM salesflow_outbox) AS outbox,
            (SELECT count(*)::int FROM task_history) AS history, (SELECT count(*)::int FROM task_comments) AS comments`,
  );
  return rows[0];
}

beforeAll(async () => {
  database = await createTestDatabase('goals', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
  db = createGoalsDatabase(database.url);
  sql = new Client({ connectionString: database.url });
  await sql.connect();
  tasks = new TaskService(db, outbox);
  projects = new ProjectService(db);
  comments = new TaskCommentService(db, tasks, outbox);
});

afterAll(async () => {
  await db?.$disconnect();
  await sql?.end();
  await database?.drop();
});

describe('task life cycle', () => {
  it('goes TODO -> IN_PROGRESS -> DONE -> reopened, with history and one event per step', async () => {
    const boss = person(randomUUID());
    const rep = randomUUID();
    const task = await tasks.create(boss, {
      title: '  拜访华东客户  ',
      description: '签下第三季度框架合同',
      assigneeId: rep,
      dueAt: new Date('2026-07-15T09:00:00Z'),
      priority: 'P1',
    });
    expect(task).toMatchObject({
      title: '拜访华东客户',
      assigneeId: rep,
      creatorId: boss.employeeId,
      status: 'TODO',
      priority: 'P1',
      version: 1,
      completedAt: null,
    });

    const started = await tasks.update(boss, task.id, { status: 'IN_PROGRESS', expectedVersion: '1' });
    expect(started).toMatchObject({ status: 'IN_PROGRESS', version: 2, completedAt: null });
    const done = await tasks.update(boss, task.id, { status: 'DONE', expectedVersion: '2' });
    expect(done.status).toBe('DONE');
    expect(done.completedAt).toBeInstanceOf(Date);
    const reopened = await tasks.update(boss, task.id, { status: 'IN_PROGRESS' });
    expect(reopened).toMatchObject({ status: 'IN_PROGRESS', version: 4, completedAt: null });

    const events = await eventsOf(task.id);
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['goals.task.created', 1],
      ['goals.task.updated', 2],
      ['goals.task.completed', 3],
      ['goals.task.updated', 4],
    ]);
    expect((events[2]?.payload as goalsV1.TaskChanged | undefined)?.task).toMatchObject({
      id: task.id,
      status: 'TASK_STATUS_DONE',
      assigneeId: rep,
    });
    const history = await tasks.history(boss, task.id);
    expect(history.map((h) => [h.action, h.before, h.after])).toEqual([
      ['created', {}, { assigneeId: rep, status: 'TODO' }],
      ['status_changed', { status: 'TODO' }, { status: 'IN_PROGRESS' }],
      ['status_changed', { status: 'IN_PROGRESS' }, { status: 'DONE' }],
      ['status_changed', { status: 'DONE' }, { status: 'IN_PROGRESS' }],
    ]);
  });

  it('refuses illegal transitions and changes nothing', async () => {
    const me = person(randomUUID());
    const task = await tasks.create(me, { title: '作废的任务' });
    await tasks.update(me, task.id, { status: 'CANCELLED' });
    const before = await counts();
    for (const status of ['TODO', 'IN_PROGRESS', 'DONE']) {
      const error = await rejectionOf(tasks.update(me, task.id, { status, title: '改名' }));
      expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'ILLEGAL_TRANSITION' } });
    }
    const done = await tasks.create(me, { title: '已完成' });
    await tasks.update(me, done.id, { status: 'DONE' });
    const middle = await counts();
    expect(await rejectionOf(tasks.update(me, done.id, { status: 'TODO' }))).toMatchObject({
      details: { reason: 'ILLEGAL_TRANSITION' },
    });
    expect(await counts()).toEqual(middle);
    expect((before?.tasks ?? 0) + 1).toBe(middle?.tasks);
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'CANCELLED',
      title: '作废的任务',
      version: 2,
    });
  });

  it('answers bad input with one error per field and writes nothing', async () => {
    const me = person(randomUUID());
    const before = await counts();
    const error = await rejectionOf(
      tasks.create(me, { title: '   ', priority: 'P9', assigneeId: 'nobody', parentId: 'x', dueAt: new Date('x') }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors).toEqual([
      { field: 'title', message: 'is required' },
      { field: 'assigneeId', message: 'is not an id' },
      { field: 'priority', message: 'must be one of P0, P1, P2, P3' },
      { field: 'parentId', message: 'is not an id' },
      { field: 'dueAt', message: 'is not a time' },
    ]);
    const task = await tasks.create(me, { title: '好任务' });
    const afterOne = await counts();
    expect(await rejectionOf(tasks.update(me, task.id, { status: 'FINISHED' }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { fieldErrors: [{ field: 'status', message: 'must be one of TODO, IN_PROGRESS, DONE, CANCELLED' }] },
    });
    expect(await counts()).toEqual(afterOne);
    // Only the good task was written: 1 task, 1 history line, 1 event.
    expect(afterOne).toEqual({
      tasks: (before?.tasks ?? 0) + 1,
      outbox: (before?.outbox ?? 0) + 1,
      history: (before?.history ?? 0) + 1,
      comments: before?.comments,
    });
  });

  it('refuses an assignee who left, or who belongs to another tenant, and accepts one not replicated yet', async () => {
    const tenantId = randomUUID();
    const me = person(tenantId);
    const team = { id: randomUUID(), path: '/root/' };
    const [left, stranger, hiredJustNow] = [randomUUID(), randomUUID(), randomUUID()];
    await replicate(tenantId, left, team);
    await sql.query(`UPDATE salesflow_employee_replica SET status = 'DEPARTED' WHERE id = $1`, [left]);
    await replicate(randomUUID(), stranger, team);
    const before = await counts();
    for (const [assigneeId, message] of [
      [left, 'has left or is deactivated'],
      [stranger, 'is not an employee of this tenant'],
    ]) {
      const error = await rejectionOf(tasks.create(me, { title: '跟进', assigneeId }));
      expect([error.code, error.details.fieldErrors]).toEqual(['INVALID_ARGUMENT', [{ field: 'assigneeId', message }]]);
    }
    const task = await tasks.create(me, { title: '跟进' });
    const reassigned = await rejectionOf(tasks.update(me, task.id, { assigneeId: left }));
    expect(reassigned.details.fieldErrors).toEqual([{ field: 'assigneeId', message: 'has left or is deactivated' }]);
    const afterOne = await counts();
    expect(afterOne?.tasks).toBe((before?.tasks ?? 0) + 1);
    // The replica follows identity's events: someone hired a moment ago is not in it yet.
    expect((await tasks.create(me, { title: '新同事的任务', assigneeId: hiredJustNow })).assigneeId).toBe(hiredJustNow);
  });

  it('refuses a stale expected version (If-Match) without writing', async () => {
    const me = person(randomUUID());
    const task = await tasks.create(me, { title: '版本' });
    await tasks.update(me, task.id, { priority: 'P0' });
    const error = await rejectionOf(tasks.update(me, task.id, { priority: 'P3', expectedVersion: '1' }));
    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'VERSION_MISMATCH' } });
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ priority: 'P0', version: 2 });
  });

  it('emits goals.task.assigned with the previous assignee on reassignment', async () => {
    const me = person(randomUUID());
    const other = randomUUID();
    const task = await tasks.create(me, { title: '转交' });
    await tasks.update(me, task.id, { assigneeId: other });
    const events = await eventsOf(task.id);
    expect(events.at(-1)).toMatchObject({
      type: 'goals.task.assigned',
      version: 2,
      payload: { previousAssigneeId: me.employeeId, task: { assigneeId: other } },
    });
  });
});

describe('subtasks', () => {
  it('keeps a parent from DONE while a subtask is open, with a clear error', async () => {
    const me = person(randomUUID());
    const parent = await tasks.create(me, { title: '季度冲刺' });
    const first = await tasks.create(me, { title: '报价', parentId: parent.id });
    const second = await tasks.create(me, { title: '合同', parentId: parent.id });
    expect(first.parentId).toBe(parent.id);

    const error = await rejectionOf(tasks.update(me, parent.id, { status: 'DONE' }));
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'OPEN_SUBTASKS' } });
    expect(error.message).toBe('the task has 2 open subtasks; finish or cancel them first');
    expect(await db.task.findUniqueOrThrow({ where: { id: parent.id } })).toMatchObject({ status: 'TODO', version: 1 });

    await tasks.update(me, first.id, { status: 'DONE' });
    await tasks.update(me, second.id, { status: 'CANCELLED' });
    expect((await tasks.update(me, parent.id, { status: 'DONE' })).status).toBe('DONE');

    // Nor can a subtask be reopened under it: the parent would be DONE with an open subtask.
    expect(await rejectionOf(tasks.update(me, first.id, { status: 'IN_PROGRESS' }))).toMatchObject({
      code: 'FAILED_PRECONDITION',
      details: { reason: 'PARENT_CLOSED' },
    });
    expect(await db.task.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: 'DONE' });
    // A closed parent takes no new subtasks.
    expect(await rejectionOf(tasks.create(me, { title: '迟到的', parentId: parent.id }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { fieldErrors: [{ field: 'parentId', message: 'is DONE; reopen it before adding subtasks' }] },
    });
    const subtasks = await tasks.list(me, { parentId: parent.id });
    expect(subtasks.tasks.map((t) => t.id).sort()).toEqual([first.id, second.id].sort());
  });
});

describe('views and data scope', () => {
  const tenantId = randomUUID();
  const east = { id: randomUUID(), path: '/root/east/' };
  const eastTeam = { id: randomUUID(), path: '/root/east/team1/' };
  const west = { id: randomUUID(), path: '/root/west/' };
  const manager = person(tenantId, randomUUID(), 'DATA_SCOPE_DEPARTMENT_TREE', east);
  const rep = person(tenantId, randomUUID(), 'DATA_SCOPE_SELF', eastTeam);
  const westRep = person(tenantId, randomUUID(), 'DATA_SCOPE_SELF', west);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await replicate(tenantId, manager.employeeId, east);
    await replicate(tenantId, rep.employeeId, eastTeam);
    await replicate(tenantId, westRep.employeeId, west);
    ids.managers = (await tasks.create(manager, { title: '经理自己的' })).id;
    ids.repByManager = (await tasks.create(manager, { title: '派给销售', assigneeId: rep.employeeId })).id;
    ids.repsOwn = (await tasks.create(rep, { title: '销售自己的', dueAt: new Date('2026-07-01T00:00:00Z') })).id;
    ids.west = (await tasks.create(westRep, { title: '西区的', dueAt: new Date('2026-06-01T00:00:00Z') })).id;
  });

  const titles = async (principal: commonV1.Principal, query: Parameters<TaskService['list']>[1]) =>
    (await tasks.list(principal, query)).tasks.map((t) => t.id).sort();

  it('mine: assigned to me; team: assignees in my scope', async () => {
    expect(await titles(rep, { view: 'MINE' })).toEqual([ids.repByManager, ids.repsOwn].sort());
    // A SELF rep's team is themselves.
    expect(await titles(rep, { view: 'TEAM' })).toEqual([ids.repByManager, ids.repsOwn].sort());
    expect(await titles(manager, { view: 'MINE' })).toEqual([ids.managers]);
    // DEPARTMENT_TREE over /root/east/: the manager and the rep in /root/east/team1/, not the west.
    expect(await titles(manager, { view: 'TEAM' })).toEqual([ids.managers, ids.repByManager, ids.repsOwn].sort());
    expect(await titles(manager, { view: 'TEAM', dueBefore: new Date('2026-07-01T00:00:01Z') })).toEqual([ids.repsOwn]);
    expect(await titles(manager, { view: 'TEAM', status: 'DONE' })).toEqual([]);
  });

  it('lists a due-time range [dueAtOrAfter, dueBefore) to a tenant-wide system reader', async () => {
    // analytics' reconciliation: no employee, the whole tenant, read permission only.
    const reader = commonV1.Principal.fromPartial({
      tenantId,
      permissions: ['goals.task.read'],
      dataScope: 'DATA_SCOPE_TENANT',
    });
    // West is due 06-01T00:00Z, the rep's own 07-01T00:00Z: the lower end is inclusive, the upper not.
    const june = { dueAtOrAfter: new Date('2026-06-01T00:00:00Z'), dueBefore: new Date('2026-07-01T00:00:00Z') };
    expect(await titles(reader, { view: 'TEAM', ...june })).toEqual([ids.west]);
    expect(
      await titles(reader, {
        view: 'TEAM',
        dueAtOrAfter: new Date('2026-06-01T00:00:01Z'),
        dueBefore: new Date('2026-07-01T00:00:01Z'),
      }),
    ).toEqual([ids.repsOwn]);
    expect(await titles(reader, { view: 'TEAM', dueAtOrAfter: new Date('2026-05-01T00:00:00Z') })).toEqual(
      [ids.west, ids.repsOwn].sort(),
    );
    // A manager's range stays within their scope (east only).
    expect(await titles(manager, { view: 'TEAM', dueAtOrAfter: new Date('2026-05-01T00:00:00Z') })).toEqual([
      ids.repsOwn,
    ]);
    const empty = await rejectionOf(
      tasks.list(reader, { view: 'TEAM', dueAtOrAfter: june.dueBefore, dueBefore: june.dueBefore }),
    );
    expect([empty.code, empty.details.fieldErrors]).toEqual([
      'INVALID_ARGUMENT',
      [{ field: 'dueAtOrAfter', message: 'must be before dueBefore' }],
    ]);
  });

  it('hides tasks out of scope and of other tenants as not found', async () => {
    expect(await rejectionOf(tasks.get(rep, ids.west as string))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejectionOf(tasks.get(manager, ids.west as string))).toMatchObject({ code: 'NOT_FOUND' });
    const stranger = person(randomUUID(), manager.employeeId, 'DATA_SCOPE_TENANT');
    expect(await rejectionOf(tasks.get(stranger, ids.managers as string))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejectionOf(tasks.update(stranger, ids.managers as string, { title: '偷改' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await tasks.list(stranger, { view: 'TEAM' })).tasks).toEqual([]);
    // The rep sees the task the manager gave them; the manager sees the rep's own.
    expect((await tasks.get(rep, ids.repByManager as string)).title).toBe('派给销售');
    expect((await tasks.get(manager, ids.repsOwn as string)).title).toBe('销售自己的');
  });

  it('gives a principal that is no employee an empty "mine" and the department view of its scope', async () => {
    const service = commonV1.Principal.fromPartial({
      tenantId,
      employeeId: '',
      permissions: ALL,
      dataScope: 'DATA_SCOPE_DEPARTMENT',
      departmentId: eastTeam.id,
      departmentPath: eastTeam.path,
    });
    expect(await titles(service, { view: 'MINE' })).toEqual([]);
    // DEPARTMENT (not the tree) over team1: the rep's two tasks only.
    expect(await titles(service, { view: 'TEAM' })).toEqual([ids.repByManager, ids.repsOwn].sort());
  });

  it('refuses callers without the permission', async () => {
    const reader = person(tenantId, rep.employeeId, 'DATA_SCOPE_SELF', eastTeam, ['goals.task.read']);
    expect(await rejectionOf(tasks.create(reader, { title: 'x' }))).toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});

describe('projects', () => {
  it('creates, adds and removes members idempotently, and shows its tasks to members', async () => {
    const tenantId = randomUUID();
    const owner = person(tenantId);
    const member = person(tenantId);
    const project = await projects.create(owner, {
      name: '华东渠道拓展',
      targetId: 'target-2026-q3',
      startDate: '2026-07-01',
      endDate: '2026-09-30',
    });
    expect(project).toMatchObject({ ownerId: owner.employeeId, memberIds: [], status: 'ACTIVE', version: 1 });
    expect(await rejectionOf(projects.get(member, project.id))).toMatchObject({ code: 'NOT_FOUND' });

    const withMember = await projects.addMember(owner, project.id, member.employeeId);
    expect(withMember).toMatchObject({ memberIds: [member.employeeId], version: 2 });
    expect(await projects.addMember(owner, project.id, member.employeeId)).toMatchObject({ version: 2 });
    expect((await projects.get(member, project.id)).name).toBe('华东渠道拓展');

    const task = await tasks.create(owner, { title: '签约三家经销商', projectId: project.id });
    const board = await tasks.list(member, { projectId: project.id });
    expect(board.tasks.map((t) => t.id)).toEqual([task.id]);
    const sub = await tasks.create(owner, { title: '第一家', parentId: task.id });
    expect(sub.projectId).toBe(project.id);

    const without = await projects.removeMember(owner, project.id, member.employeeId);
    expect(without).toMatchObject({ memberIds: [], version: 3 });
    expect(await rejectionOf(tasks.list(member, { projectId: project.id }))).toMatchObject({ code: 'NOT_FOUND' });

    await projects.update(owner, project.id, { status: 'ARCHIVED', expectedVersion: '3' });
    expect(await rejectionOf(tasks.create(owner, { title: '晚了', projectId: project.id }))).toMatchObject({
      details: { fieldErrors: [{ field: 'projectId', message: 'is archived' }] },
    });
    expect(await rejectionOf(projects.update(owner, project.id, { name: 'x', expectedVersion: '3' }))).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('refuses a bad project and writes nothing', async () => {
    const owner = person(randomUUID());
    const before = await sql.query('SELECT count(*)::int AS n FROM projects');
    const error = await rejectionOf(
      projects.create(owner, { name: '', memberIds: ['nope'], startDate: '2026-02-30', endDate: '2026-01-01' }),
    );
    expect(error.details.fieldErrors).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'memberIds', message: 'holds something that is not an id' },
      { field: 'startDate', message: 'is not a date (YYYY-MM-DD)' },
    ]);
    expect((await sql.query('SELECT count(*)::int AS n FROM projects')).rows).toEqual(before.rows);
  });
});

describe('comments (评价和反馈)', () => {
  it('lists comments oldest first; only the assigner may rate; each comment is an event', async () => {
    const tenantId = randomUUID();
    const boss = person(tenantId);
    const rep = person(tenantId);
    await replicate(tenantId, rep.employeeId, { id: randomUUID(), path: '/r/' });
    const task = await tasks.create(boss, { title: '写方案', assigneeId: rep.employeeId });

    await comments.add(rep, task.id, { body: '初稿已上传' });
    const before = await counts();
    expect(await rejectionOf(comments.add(rep, task.id, { body: '给自己五星', rating: 5 }))).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { reason: 'NOT_THE_ASSIGNER' },
    });
    expect(await rejectionOf(comments.add(boss, task.id, { body: '', rating: 6 }))).toMatchObject({
      details: {
        fieldErrors: [
          { field: 'body', message: 'is required' },
          { field: 'rating', message: 'must be 1 to 5 (0: none)' },
        ],
      },
    });
    expect(await counts()).toEqual(before);
    await comments.add(boss, task.id, { body: '结构清晰，数据再补充', rating: 4 });

    const { comments: listed } = await comments.list(rep, task.id, {});
    expect(listed.map((c) => [c.authorId, c.body, c.rating])).toEqual([
      [rep.employeeId, '初稿已上传', null],
      [boss.employeeId, '结构清晰，数据再补充', 4],
    ]);
    const commented = (await eventsOf(task.id)).filter((e) => e.type === 'goals.task.commented');
    expect(commented).toHaveLength(2);
    expect(commented[1]?.payload).toMatchObject({
      comment: { body: '结构清晰，数据再补充', rating: 4, authorId: boss.employeeId },
      assigneeId: rep.employeeId,
      creatorId: boss.employeeId,
    });
    // Someone who cannot see the task cannot comment on it either.
    const outsider = person(tenantId);
    expect(await rejectionOf(comments.add(outsider, task.id, { body: '路过' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('task completion rate', () => {
  it('is, per assignee, DONE on time over the non-cancelled tasks due in the month', async () => {
    const tenantId = randomUUID();
    const boss = person(tenantId, randomUUID(), 'DATA_SCOPE_TENANT');
    const alice = randomUUID();
    const bob = randomUUID();
    const make = async (assigneeId: string, dueAt: string, finish?: 'DONE' | 'CANCELLED', completedAt?: string) => {
      const task = await tasks.create(boss, { title: `t ${dueAt}`, assigneeId, dueAt: new Date(dueAt) });
      if (finish) {
        await tasks.update(boss, task.id, { status: finish });
        if (completedAt) await db.task.update({ where: { id: task.id }, data: { completedAt: new Date(completedAt) } });
      }
    };
    // alice, due in July 2026: on time (done 07-09 for 07-10), late (done 07-21 for 07-20),
    // open, cancelled (left out) -> due 3, on time 1, late 1, rate 1/3.
    await make(alice, '2026-07-10T10:00:00Z', 'DONE', '2026-07-09T08:00:00Z');
    await make(alice, '2026-07-20T10:00:00Z', 'DONE', '2026-07-21T08:00:00Z');
    await make(alice, '2026-07-31T23:59:59Z');
    await make(alice, '2026-07-15T10:00:00Z', 'CANCELLED');
    // Not July: due 08-01 00:00 is the next month; due 06-30 the previous one.
    await make(alice, '2026-08-01T00:00:00Z', 'DONE', '2026-07-01T00:00:00Z');
    await make(alice, '2026-06-30T23:59:59Z');
    // bob: two due, both done on time (one exactly at the due time) -> 2/2 = 1.
    await make(bob, '2026-07-01T00:00:00Z', 'DONE', '2026-07-01T00:00:00Z');
    await make(bob, '2026-07-05T00:00:00Z', 'DONE', '2026-07-04T00:00:00Z');

    const rows = await new TaskCompletionReport(db).byEmployee(boss, '2026-07');
    const expected = [
      { employeeId: alice, due: 3, completedOnTime: 1, completedLate: 1, rate: 1 / 3 },
      { employeeId: bob, due: 2, completedOnTime: 2, completedLate: 0, rate: 1 },
    ].sort((a, b) => a.employeeId.localeCompare(b.employeeId));
    expect(rows).toEqual(expected);

    // A SELF caller sees only their own row (alice has none as caller: she is not boss).
    const asAlice = person(tenantId, alice);
    expect(await new TaskCompletionReport(db).byEmployee(asAlice, '2026-07')).toEqual([
      { employeeId: alice, due: 3, completedOnTime: 1, completedLate: 1, rate: 1 / 3 },
    ]);
    expect(await rejectionOf(new TaskCompletionReport(db).byEmployee(boss, '2026-7'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe('reminders', () => {
  it('sends due_soon and overdue once each, and re-arms them when the due time changes', async () => {
    const tenantId = randomUUID();
    const me = person(tenantId);
    const settingsAdmin = person(tenantId, randomUUID(), 'DATA_SCOPE_TENANT', undefined, ['goals.settings.write']);
    // Lead time 2 h for this tenant.
    await new TaskSettingsService(db).update(settingsAdmin, { dueSoonLeadMinutes: 120 });
    let now = new Date('2030-03-01T08:00:00Z');
    const reminder = new TaskReminder(db, outbox, () => now);
    const soon = await tasks.create(me, { title: '1 h 后到期', dueAt: new Date('2030-03-01T09:00:00Z') });
    const later = await tasks.create(me, { title: '3 h 后到期', dueAt: new Date('2030-03-01T11:00:00Z') });
    const late = await tasks.create(me, { title: '已过期', dueAt: new Date('2030-03-01T07:00:00Z') });
    const closed = await tasks.create(me, { title: '已完成', dueAt: new Date('2030-03-01T07:00:00Z') });
    await tasks.update(me, closed.id, { status: 'DONE' });
    const reminded = (id: string) =>
      eventsOf(id).then((es) => es.map((e) => e.type).filter((t) => /due_soon|overdue/.test(t)));

    // 08:00: soon (09:00) is within 2 h -> due_soon; later (11:00) is not; late (07:00) -> overdue.
    const first = await reminder.runAll();
    expect(first.dueSoon).toBeGreaterThanOrEqual(1);
    await reminder.runAll();
    expect(await reminded(soon.id)).toEqual(['goals.task.due_soon']);
    expect(await reminded(later.id)).toEqual([]);
    expect(await reminded(late.id)).toEqual(['goals.task.overdue']);
    expect(await reminded(closed.id)).toEqual([]);

    // 09:30: soon is now overdue; later (11:00) is within 2 h.
    now = new Date('2030-03-01T09:30:00Z');
    await reminder.runAll();
    await reminder.runAll();
    expect(await reminded(soon.id)).toEqual(['goals.task.due_soon', 'goals.task.overdue']);
    expect(await reminded(later.id)).toEqual(['goals.task.due_soon']);
    expect(await reminded(late.id)).toEqual(['goals.task.overdue']);

    // Moving late's due time to 10:00 re-arms it: due_soon now (within 2 h), overdue after 10:00.
    await tasks.update(me, late.id, { dueAt: new Date('2030-03-01T10:00:00Z') });
    await reminder.runAll();
    expect(await reminded(late.id)).toEqual(['goals.task.overdue', 'goals.task.due_soon']);
    now = new Date('2030-03-01T10:00:00Z');
    await reminder.runAll();
    await reminder.runAll();
    expect(await reminded(late.id)).toEqual(['goals.task.overdue', 'goals.task.due_soon', 'goals.task.overdue']);
    const row = await db.task.findUniqueOrThrow({ where: { id: late.id } });
    expect(row.overdueSentAt).toEqual(now);
  });

  it('skips a run while another replica holds the lock', async () => {
    const reminder = new TaskReminder(db, outbox);
    await sql.query('BEGIN');
    await sql.query('SELECT pg_advisory_xact_lock($1::bigint)', [REMINDER_LOCK_KEY.toString()]);
    try {
      expect(await reminder.runOnce()).toEqual({ ran: false, dueSoon: 0, overdue: 0 });
    } finally {
      await sql.query('COMMIT');
    }
    expect((await reminder.runOnce()).ran).toBe(true);
  });

  it('rejects a lead time out of range', async () => {
    const admin = person(randomUUID(), randomUUID(), 'DATA_SCOPE_TENANT', undefined, [
      'goals.settings.write',
      'goals.task.read',
    ]);
    expect(await rejectionOf(new TaskSettingsService(db).update(admin, { dueSoonLeadMinutes: 0 }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await new TaskSettingsService(db).get(admin)).toEqual({ dueSoonLeadMinutes: 1440 });
  });
});

describe('handover on departure', () => {
  const log = createLogger('goals-handover-test', 'silent');
  const tenantId = randomUUID();
  const leaver = randomUUID();
  const successor = randomUUID();
  const kafka = createKafka({ clientId: 'goals-handover-test', brokers: testKafkaBrokers(), log });
  const group = `${TASK_HANDOVER_GROUP}.test.${randomUUID()}`;
  let identityDb: TestDatabase;
  let relay: OutboxRelay;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    // Stands in for identity: only its outbox is used, to publish the departure event.
    identityDb = await createTestDatabase('goals', join(__dirname, '..', 'prisma', 'migrations'));
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
    relay = createOutboxRelay({ databaseUrl: identityDb.url, kafka, log, idleDelayMs: 50 });
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop().catch(() => undefined);
    await identityDb?.drop();
  });

  it('moves the open tasks to the successor once, with a history entry, under a doubled delivery', async () => {
    const boss = person(tenantId);
    const todo = await tasks.create(boss, { title: '待办', assigneeId: leaver });
    const doing = await tasks.create(boss, { title: '进行中', assigneeId: leaver });
    await tasks.update(boss, doing.id, { status: 'IN_PROGRESS' });
    const done = await tasks.create(boss, { title: '已完成', assigneeId: leaver });
    await tasks.update(boss, done.id, { status: 'DONE' });
    const others = await tasks.create(boss, { title: '别人的' });
    const owned = await projects.create(person(tenantId, leaver), { name: '离职者的项目' });
    const joined = await projects.create(boss, { name: '参与的项目', memberIds: [leaver, boss.employeeId] });
    const archived = await projects.create(person(tenantId, leaver), { name: '已归档' });
    await projects.update(person(tenantId, leaver), archived.id, { status: 'ARCHIVED' });

    const identity = createGoalsDatabase(identityDb.url);
    const departureId = await identity.$transaction((tx) =>
      appendToOutbox(
        tx,
        {
          type: 'identity.employee.departed',
          tenantId,
          aggregateId: leaver,
          aggregateVersion: 5,
          payload: identityV1.EmployeeDeparted.fromPartial({
            employeeId: leaver,
            successorId: successor,
            employee: {
              id: leaver,
              tenantId,
              name: '离职的人',
              departmentId: randomUUID(),
              departmentPath: '/root/',
              status: identityV1.EmployeeStatus.EMPLOYEE_STATUS_DEPARTED,
              successorId: successor,
              version: '5',
            },
          }),
        },
        { source: '/salesflow/identity' },
      ),
    );
    // Published twice (a relay that crashed after sending, before marking).
    expect(await relay.flush()).toBe(1);
    await identity.$executeRaw`UPDATE salesflow_outbox SET sent_at = NULL`;
    expect(await relay.flush()).toBe(1);
    await identity.$disconnect();

    consumer = createEventConsumer({
      kafka,
      groupId: group,
      topics: [TOPICS.identityEmployee],
      transaction: (fn) => db.$transaction(fn),
      handlers: taskHandoverHandlers(outbox),
      log,
      fromBeginning: true,
    });
    await consumer.start();

    await eventually(
      () => db.task.findUniqueOrThrow({ where: { id: doing.id } }),
      (task) => task.assigneeId === successor,
      { what: 'the open task handed over' },
    );
    await eventually(
      async () =>
        (await sql.query('SELECT count(*)::int AS n FROM salesflow_inbox WHERE event_id = $1', [departureId])).rows[0]
          ?.n,
      (n) => n === 1,
      { what: 'the departure in the inbox' },
    );
    // Let the second copy arrive and be dropped.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(await db.task.findUniqueOrThrow({ where: { id: todo.id } })).toMatchObject({
      assigneeId: successor,
      status: 'TODO',
      version: 2,
    });
    // IN_PROGRESS was version 2; one handover makes 3.
    expect(await db.task.findUniqueOrThrow({ where: { id: doing.id } })).toMatchObject({ version: 3 });
    expect(await db.task.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ assigneeId: leaver });
    expect(await db.task.findUniqueOrThrow({ where: { id: others.id } })).toMatchObject({
      assigneeId: boss.employeeId,
    });
    const history = await db.taskHistory.findMany({ where: { taskId: todo.id, action: 'handed_over' } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      actorId: null,
      before: { assigneeId: leaver },
      after: { assigneeId: successor, reason: 'departure', departureEventId: departureId },
    });
    // Projects: the owned one gets the successor as owner, the joined one the successor as
    // member in the leaver's place; the archived one stays as it was. Each changed once.
    expect(await db.project.findUniqueOrThrow({ where: { id: owned.id } })).toMatchObject({
      ownerId: successor,
      version: 2,
    });
    expect(await db.project.findUniqueOrThrow({ where: { id: joined.id } })).toMatchObject({
      ownerId: boss.employeeId,
      memberIds: [boss.employeeId, successor],
      version: 2,
    });
    expect(await db.project.findUniqueOrThrow({ where: { id: archived.id } })).toMatchObject({
      ownerId: leaver,
      version: 2,
    });
    const assigned = (await eventsOf(todo.id)).filter((e) => e.type === 'goals.task.assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]?.payload).toMatchObject({ previousAssigneeId: leaver, task: { assigneeId: successor } });
  }, 90_000);
});

describe('TaskService over gRPC', () => {
  const log = createLogger('goals-grpc-test', 'silent');
  let grpc: Awaited<ReturnType<typeof startGrpcServer>>;
  let client: ReturnType<typeof createServiceClient<typeof goalsV1.TaskServiceService>>;

  beforeAll(async () => {
    grpc = await startGrpcServer({
      serviceName: 'goals',
      port: 0,
      bindings: [
        taskServiceBinding({
          projects,
          tasks,
          comments,
          completion: new TaskCompletionReport(db),
          settings: new TaskSettingsService(db),
        }),
      ],
      log,
    });
    grpc.setServing(true);
    client = createServiceClient(goalsV1.TaskServiceService, `127.0.0.1:${grpc.port}`);
  });

  afterAll(async () => {
    client?.close();
    await grpc?.drain();
  });

  it('maps enums, optional fields and the due-time clear, and errors with their reason', async () => {
    const principal = person(randomUUID());
    const options = { principal };
    const { task } = await client.createTask(
      goalsV1.CreateTaskRequest.fromPartial({
        title: '电话回访',
        dueAt: new Date('2026-09-01T02:00:00Z'),
        priority: goalsV1.TaskPriority.TASK_PRIORITY_P0,
      }),
      options,
    );
    expect(task).toMatchObject({
      title: '电话回访',
      assigneeId: principal.employeeId,
      priority: 'TASK_PRIORITY_P0',
      status: 'TASK_STATUS_TODO',
      dueAt: new Date('2026-09-01T02:00:00Z'),
      version: '1',
    });
    const id = task?.id ?? '';

    // UNSPECIFIED status and priority, and absent optional fields, change nothing but the due time.
    const { task: cleared } = await client.updateTask(
      goalsV1.UpdateTaskRequest.fromPartial({ id, expectedVersion: '1', clearDueAt: true }),
      options,
    );
    expect(cleared).toMatchObject({ dueAt: undefined, priority: 'TASK_PRIORITY_P0', title: '电话回访', version: '2' });

    const error = await rejectionOf(
      client.updateTask(
        goalsV1.UpdateTaskRequest.fromPartial({
          id,
          status: goalsV1.TaskStatus.TASK_STATUS_DONE,
          expectedVersion: '1',
        }),
        options,
      ),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'VERSION_MISMATCH' } });

    const { tasks: mine } = await client.listTasks(goalsV1.ListTasksRequest.fromPartial({}), options);
    expect(mine.map((t) => t.id)).toEqual([id]);
    expect(await client.getTaskSettings({}, options)).toEqual({ settings: { dueSoonLeadMinutes: 1440 } });
  });
});
