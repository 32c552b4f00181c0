import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  List,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiProblem, api, unwrap } from '../../api/client';
import { hasPermission } from '../../auth/has-permission';
import { useMe } from '../../auth/use-me';
import { showProblemOnForm } from '../../components/form-errors';
import { StarRate } from '../../components/StarRate';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { TaskDue } from './TaskDue';
import { PRIORITY_COLORS, useTaskStatusChange } from './TaskTable';
import { nameOf, type Task, useAssignableEmployees, useDueSoonLeadMinutes } from './task-data';
import { dueStateOf } from './task-due';

/** One task: its card and due reminder, life-cycle buttons, reassignment, and the comments (评价和反馈). */
export function TaskDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const canWrite = hasPermission(me.data?.permissions, 'goals.task.write');
  const employees = useAssignableEmployees();
  const leadMinutes = useDueSoonLeadMinutes();
  const move = useTaskStatusChange();
  const task = useQuery({
    queryKey: ['task', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })),
  });
  const data = task.data;
  if (task.error instanceof ApiProblem && task.error.status === 404) {
    return <Result status="404" title={t('tasks.notFound')} extra={<Link to="/tasks">{t('nav.tasks')}</Link>} />;
  }
  const project = data?.projectId ? <ProjectLink id={data.projectId} /> : null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card loading={task.isLoading} title={<h1 style={{ fontSize: 18, margin: 0 }}>{data?.title}</h1>}>
          {data && (
            <>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('task.status')}>
                  {data.status && <Tag data-testid="task-status">{t(`taskStatus.${data.status}` as MessageKey)}</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label={t('task.priority')}>
                  {data.priority && <Tag color={PRIORITY_COLORS[data.priority]}>{data.priority}</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label={t('tasks.assignee')}>
                  <span data-testid="task-assignee">{nameOf(employees.data, data.assigneeId)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('tasks.creator')}>
                  {nameOf(employees.data, data.creatorId)}
                </Descriptions.Item>
                <Descriptions.Item label={t('task.due')}>
                  <TaskDue dueAt={data.dueAt} state={dueStateOf(data, new Date(), leadMinutes)} />
                </Descriptions.Item>
                {project && <Descriptions.Item label={t('tasks.project')}>{project}</Descriptions.Item>}
                {data.completedAt && (
                  <Descriptions.Item label={t('tasks.completedAt')}>
                    {dayjs(data.completedAt).format('YYYY-MM-DD HH:mm')}
                  </Descriptions.Item>
                )}
                {data.description && (
                  <Descriptions.Item label={t('tasks.description')}>{data.description}</Descriptions.Item>
                )}
              </Descriptions>
              {canWrite && (
                <Space wrap style={{ marginTop: 12 }}>
                  {data.status === 'todo' && (
                    <Button onClick={() => move.mutate({ task: data, status: 'in_progress' })}>
                      {t('task.start')}
                    </Button>
                  )}
                  {data.status === 'in_progress' && (
                    <Button type="primary" onClick={() => move.mutate({ task: data, status: 'done' })}>
                      {t('task.finish')}
                    </Button>
                  )}
                  {(data.status === 'todo' || data.status === 'in_progress') && (
                    // Asked first: a cancelled task cannot be reopened. Not a red "danger" button:
                    // antd's red on white misses the WCAG AA contrast.
                    <Popconfirm
                      title={t('tasks.cancelConfirm')}
                      okText={t('tasks.cancel')}
                      cancelText={t('action.cancel')}
                      onConfirm={() => move.mutate({ task: data, status: 'cancelled' })}
                    >
                      <Button>{t('tasks.cancel')}</Button>
                    </Popconfirm>
                  )}
                  {data.status === 'done' && (
                    <Button onClick={() => move.mutate({ task: data, status: 'in_progress' })}>
                      {t('tasks.reopen')}
                    </Button>
                  )}
                </Space>
              )}
            </>
          )}
        </Card>
        {data && canWrite && (data.status === 'todo' || data.status === 'in_progress') && <ReassignCard task={data} />}
      </Col>
      <Col xs={24} lg={14}>
        <Comments taskId={id} task={data} canWrite={canWrite} />
      </Col>
    </Row>
  );
}

function ProjectLink({ id }: { id: string }) {
  const project = useQuery({
    queryKey: ['project', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}', { params: { path: { id } } })),
  });
  return <Link to={`/projects/${id}`}>{project.data?.name ?? id.slice(0, 8)}</Link>;
}

/** 转派: hand the task to someone else in my scope (If-Match, so a concurrent change is not lost). */
function ReassignCard({ task }: { task: Task }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const employees = useAssignableEmployees();
  const [form] = Form.useForm<{ assigneeId: string }>();
  const [busy, setBusy] = useState(false);
  async function submit(values: { assigneeId: string }) {
    setBusy(true);
    try {
      const changed = unwrap(
        await api.PATCH('/api/v1/tasks/{id}', {
          params: { path: { id: task.id }, header: { 'If-Match': `"${task.version}"` } },
          body: { assigneeId: values.assigneeId },
        }),
      );
      queryClient.setQueryData(['task', task.id], changed);
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      form.resetFields();
      message.success(t('tasks.reassigned'));
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={t('tasks.reassign')} style={{ marginTop: 16 }} size="small">
      <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }}>
        <Form.Item
          name="assigneeId"
          label={t('tasks.assignee')}
          rules={[{ required: true, message: t('field.required') }]}
          style={{ minWidth: 220 }}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={(employees.data ?? [])
              .filter((e) => e.id !== task.assigneeId)
              .map((e) => ({ value: e.id, label: e.name }))}
          />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t('tasks.reassign')}
        </Button>
      </Form>
    </Card>
  );
}

interface CommentForm {
  body: string;
  rating?: number;
}

/** The comments, oldest first, and a box to add one; the assigner may rate the work 1-5. */
function Comments({ taskId, task, canWrite }: { taskId: string; task: Task | undefined; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const employees = useAssignableEmployees();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CommentForm>();
  const [busy, setBusy] = useState(false);
  const comments = useInfiniteQuery({
    queryKey: ['task-comments', taskId],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/tasks/{id}/comments', {
          params: { path: { id: taskId }, query: { limit: 100, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const mayRate = !!task && task.creatorId === me.data?.employee.id;
  async function submit(values: CommentForm) {
    setBusy(true);
    try {
      unwrap(
        await api.POST('/api/v1/tasks/{id}/comments', {
          params: { path: { id: taskId } },
          body: { body: values.body, rating: values.rating || undefined },
        }),
      );
      form.resetFields();
      message.success(t('tasks.commentAdded'));
      await queryClient.invalidateQueries({ queryKey: ['task-comments', taskId] });
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={t('tasks.comments')}>
      <List
        loading={comments.isLoading}
        locale={{ emptyText: t('common.empty') }}
        dataSource={comments.data?.pages.flatMap((p) => p.items) ?? []}
        renderItem={(comment) => (
          <List.Item data-testid="task-comment">
            <List.Item.Meta
              title={
                <Space>
                  <span>{nameOf(employees.data, comment.authorId)}</span>
                  {comment.rating && (
                    <span>
                      {t('tasks.rating')} {'★'.repeat(comment.rating)} ({comment.rating}/5)
                    </span>
                  )}
                </Space>
              }
              description={comment.createdAt && dayjs(comment.createdAt).format('YYYY-MM-DD HH:mm')}
            />
            <div style={{ whiteSpace: 'pre-wrap', flex: 2 }}>{comment.body}</div>
          </List.Item>
        )}
      />
      {comments.hasNextPage && (
        <Button onClick={() => comments.fetchNextPage()} loading={comments.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {canWrite && (
        <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16 }}>
          <Form.Item
            name="body"
            label={t('tasks.comment')}
            rules={[
              { required: true, whitespace: true, message: t('field.required') },
              { max: 4000, message: t('field.tooLong') },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          {mayRate && (
            <Form.Item name="rating" label={t('tasks.rating')} extra={t('tasks.ratingHint')}>
              <StarRate aria-label={t('tasks.rating')} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('tasks.addComment')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
