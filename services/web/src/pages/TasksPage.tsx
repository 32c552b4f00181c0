import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

type Task = Schemas['Task'];
type View = 'mine' | 'team';
const PRIORITY_COLORS: Record<Schemas['TaskPriority'], string> = { P0: 'red', P1: 'orange', P2: 'blue', P3: 'default' };

/** My tasks and my team's (data scope), overdue ones marked, started and finished in one tap. */
export function TasksPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>('mine');
  const tasks = useInfiniteQuery({
    queryKey: ['tasks', view],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/tasks', { params: { query: { view, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  // If-Match with the version shown: a task someone else changed meanwhile is not overwritten.
  const move = useMutation({
    mutationFn: async ({ task, status }: { task: Task; status: Schemas['TaskStatus'] }) =>
      unwrap(
        await api.PATCH('/api/v1/tasks/{id}', {
          params: { path: { id: task.id }, header: { 'If-Match': `"${task.version}"` } },
          body: { status },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    onError: (error) => message.error(error.message),
  });
  const now = dayjs();
  return (
    <>
      <Tabs
        activeKey={view}
        onChange={(key) => setView(key as View)}
        items={[
          { key: 'mine', label: t('task.mine') },
          { key: 'team', label: t('task.team') },
        ]}
      />
      <Table<Task>
        rowKey="id"
        loading={tasks.isLoading}
        dataSource={tasks.data?.pages.flatMap((p) => p.items) ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('task.priority'),
            dataIndex: 'priority',
            render: (priority: Task['priority']) => priority && <Tag color={PRIORITY_COLORS[priority]}>{priority}</Tag>,
          },
          { title: t('task.title'), dataIndex: 'title' },
          {
            title: t('task.due'),
            dataIndex: 'dueAt',
            render: (dueAt: Task['dueAt'], task) => {
              if (!dueAt) return null;
              const overdue = dayjs(dueAt).isBefore(now) && (task.status === 'todo' || task.status === 'in_progress');
              return (
                <span style={overdue ? { color: '#dc2626' } : undefined}>
                  {dayjs(dueAt).format('MM-DD HH:mm')}
                  {overdue && ` · ${t('task.overdue')}`}
                </span>
              );
            },
          },
          {
            title: t('task.status'),
            dataIndex: 'status',
            render: (status: Task['status']) => status && <Tag>{t(`taskStatus.${status}` as MessageKey)}</Tag>,
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, task: Task) => (
              <Space>
                {task.status === 'todo' && (
                  <Button size="small" onClick={() => move.mutate({ task, status: 'in_progress' })}>
                    {t('task.start')}
                  </Button>
                )}
                {task.status === 'in_progress' && (
                  <Button size="small" type="primary" onClick={() => move.mutate({ task, status: 'done' })}>
                    {t('task.finish')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {tasks.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
