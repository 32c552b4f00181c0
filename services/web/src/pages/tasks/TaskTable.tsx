import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { EmptyText } from './EmptyText';
import { TaskDue } from './TaskDue';
import { type Employee, nameOf, type Task, useDueSoonLeadMinutes } from './task-data';
import { dueStateOf } from './task-due';

// Solid tags with white text: antd's light orange and red presets miss the WCAG AA contrast.
export const PRIORITY_COLORS: Record<Schemas['TaskPriority'], string> = {
  P0: '#b91c1c',
  P1: '#9a3412',
  P2: '#1d4ed8',
  P3: 'default',
};

/** Moves a task along its life cycle with If-Match, so a task someone else changed is not overwritten. */
export function useTaskStatusChange() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ task, status }: { task: Task; status: Schemas['TaskStatus'] }) =>
      unwrap(
        await api.PATCH('/api/v1/tasks/{id}', {
          params: { path: { id: task.id }, header: { 'If-Match': `"${task.version}"` } },
          body: { status },
        }),
      ),
    onSuccess: (task) => {
      queryClient.setQueryData(['task', task.id], task);
      return queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
    onError: (error) => message.error(error.message),
  });
}

/** A list of tasks: priority, title (opens the task), assignee, due time with reminders, status, start/finish. */
export function TaskTable(props: {
  tasks: Task[];
  loading: boolean;
  employees: Employee[] | undefined;
  canWrite: boolean;
}) {
  const { t } = useI18n();
  const leadMinutes = useDueSoonLeadMinutes();
  const move = useTaskStatusChange();
  const now = new Date();
  return (
    <Table<Task>
      rowKey="id"
      loading={props.loading}
      dataSource={props.tasks}
      pagination={false}
      scroll={{ x: true }}
      locale={{ emptyText: <EmptyText /> }}
      rowClassName={(task) => `task-due-${dueStateOf(task, now, leadMinutes)}`}
      columns={[
        {
          title: t('task.priority'),
          dataIndex: 'priority',
          render: (priority: Task['priority']) => priority && <Tag color={PRIORITY_COLORS[priority]}>{priority}</Tag>,
        },
        {
          title: t('task.title'),
          dataIndex: 'title',
          render: (title: string, task) => <Link to={`/tasks/${task.id}`}>{title}</Link>,
        },
        {
          title: t('tasks.assignee'),
          dataIndex: 'assigneeId',
          render: (assigneeId: string) => nameOf(props.employees, assigneeId),
        },
        {
          title: t('task.due'),
          dataIndex: 'dueAt',
          render: (dueAt: Task['dueAt'], task) => <TaskDue dueAt={dueAt} state={dueStateOf(task, now, leadMinutes)} />,
        },
        {
          title: t('task.status'),
          dataIndex: 'status',
          render: (status: Task['status']) => status && <Tag>{t(`taskStatus.${status}` as MessageKey)}</Tag>,
        },
        {
          title: '',
          key: 'actions',
          render: (_: unknown, task: Task) =>
            props.canWrite && (
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
  );
}
