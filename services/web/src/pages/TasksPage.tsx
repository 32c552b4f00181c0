import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { hasPermission } from '../auth/has-permission';
import { useMe } from '../auth/use-me';
import { useI18n } from '../i18n/i18n';
import { NewTaskDialog } from './tasks/NewTaskDialog';
import { TasksSubNav } from './tasks/TasksSubNav';
import { TaskTable } from './tasks/TaskTable';
import { useAssignableEmployees, useDueSoonLeadMinutes } from './tasks/task-data';
import { dueStateOf } from './tasks/task-due';

type View = 'mine' | 'team';

/** My tasks and my team's (data scope), overdue and due-soon ones called out, new ones assigned here. */
export function TasksPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const canWrite = hasPermission(me.data?.permissions, 'goals.task.write');
  const employees = useAssignableEmployees();
  const leadMinutes = useDueSoonLeadMinutes();
  const [view, setView] = useState<View>('mine');
  const [creating, setCreating] = useState(false);
  const tasks = useInfiniteQuery({
    queryKey: ['tasks', view],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/tasks', { params: { query: { view, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  const now = new Date();
  const overdue = items.filter((task) => dueStateOf(task, now, leadMinutes) === 'overdue').length;
  const dueSoon = items.filter((task) => dueStateOf(task, now, leadMinutes) === 'due_soon').length;
  return (
    <>
      <TasksSubNav />
      {(overdue > 0 || dueSoon > 0) && (
        <Alert
          type={overdue > 0 ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="due-reminder"
          title={t('tasks.dueReminder')}
          description={`${t('task.overdue')}: ${overdue} · ${t('tasks.dueSoon')}: ${dueSoon}`}
        />
      )}
      {/* Beside the tabs, not in their tab list: a tablist holds tabs only (axe aria-required-children). */}
      {canWrite && (
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tasks.newTask')}
          </Button>
        </div>
      )}
      <Tabs
        activeKey={view}
        onChange={(key) => setView(key as View)}
        items={[
          { key: 'mine', label: t('task.mine') },
          { key: 'team', label: t('task.team') },
        ]}
      />
      <TaskTable tasks={items} loading={tasks.isLoading} employees={employees.data} canWrite={canWrite} />
      {tasks.hasNextPage && (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={() => tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Space>
      )}
      <NewTaskDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(task) => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: ['tasks'] });
          navigate(`/tasks/${task.id}`);
        }}
      />
    </>
  );
}
