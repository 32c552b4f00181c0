import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Result, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiProblem, api, unwrap } from '../../api/client';
import { hasPermission } from '../../auth/has-permission';
import { useMe } from '../../auth/use-me';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { NewTaskDialog } from './NewTaskDialog';
import { TaskTable } from './TaskTable';
import { nameOf, useAssignableEmployees } from './task-data';

/** One project: its card, every task in it, new tasks added to it, archiving when it is over. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const canWriteTasks = hasPermission(me.data?.permissions, 'goals.task.write');
  const canWriteProjects = hasPermission(me.data?.permissions, 'goals.project.write');
  const employees = useAssignableEmployees();
  const [creating, setCreating] = useState(false);
  const project = useQuery({
    queryKey: ['project', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}', { params: { path: { id } } })),
  });
  const tasks = useInfiniteQuery({
    queryKey: ['tasks', 'project', id],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/tasks', { params: { query: { projectId: id, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const archive = useMutation({
    mutationFn: async (version: number) =>
      unwrap(
        await api.PATCH('/api/v1/projects/{id}', {
          params: { path: { id }, header: { 'If-Match': `"${version}"` } },
          body: { status: 'archived' },
        }),
      ),
    onSuccess: (changed) => {
      queryClient.setQueryData(['project', id], changed);
      return queryClient.invalidateQueries({ queryKey: ['projects'] });
    },
    onError: (error) => message.error(error.message),
  });
  if (project.error instanceof ApiProblem && project.error.status === 404) {
    return <Result status="404" title={t('common.empty')} extra={<Link to="/projects">{t('tasks.projects')}</Link>} />;
  }
  const data = project.data;
  const active = data?.status === 'active';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        loading={project.isLoading}
        title={<h1 style={{ fontSize: 18, margin: 0 }}>{data?.name}</h1>}
        extra={
          data &&
          active &&
          canWriteProjects && (
            <Button onClick={() => archive.mutate(data.version)} loading={archive.isPending}>
              {t('project.archive')}
            </Button>
          )
        }
      >
        {data && (
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('project.status')}>
              {data.status && <Tag data-testid="project-status">{t(`projectStatus.${data.status}` as MessageKey)}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('project.owner')}>{nameOf(employees.data, data.ownerId)}</Descriptions.Item>
            {(data.startDate || data.endDate) && (
              <Descriptions.Item label={t('project.period')}>
                {data.startDate ?? ''} ~ {data.endDate ?? ''}
              </Descriptions.Item>
            )}
            {data.description && (
              <Descriptions.Item label={t('project.description')}>{data.description}</Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <Card
        title={t('project.tasks')}
        extra={
          active &&
          canWriteTasks && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('tasks.newTask')}
            </Button>
          )
        }
      >
        <TaskTable
          tasks={tasks.data?.pages.flatMap((p) => p.items) ?? []}
          loading={tasks.isLoading}
          employees={employees.data}
          canWrite={canWriteTasks}
        />
        {tasks.hasNextPage && (
          <Button style={{ marginTop: 12 }} onClick={() => tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        )}
      </Card>
      <NewTaskDialog
        open={creating}
        projectId={id}
        onClose={() => setCreating(false)}
        onCreated={(task) => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: ['tasks'] });
          navigate(`/tasks/${task.id}`);
        }}
      />
    </Space>
  );
}
