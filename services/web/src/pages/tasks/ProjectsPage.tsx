import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { hasPermission } from '../../auth/has-permission';
import { useMe } from '../../auth/use-me';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { EmptyText } from './EmptyText';
import { TasksSubNav } from './TasksSubNav';
import { nameOf, type Project, useAssignableEmployees } from './task-data';

type Status = Schemas['ProjectStatus'];

/** 项目: the projects I may see (mine, my scope's, those I am a member of), new ones started here. */
export function ProjectsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const canWrite = hasPermission(me.data?.permissions, 'goals.project.write');
  const employees = useAssignableEmployees();
  const [status, setStatus] = useState<Status>('active');
  const [creating, setCreating] = useState(false);
  const projects = useInfiniteQuery({
    queryKey: ['projects', 'list', status],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/projects', { params: { query: { status, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <>
      <TasksSubNav />
      {canWrite && (
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('project.new')}
          </Button>
        </div>
      )}
      <Tabs
        activeKey={status}
        onChange={(key) => setStatus(key as Status)}
        items={(['active', 'archived'] as const).map((key) => ({
          key,
          label: t(`projectStatus.${key}` as MessageKey),
        }))}
      />
      <Table<Project>
        rowKey="id"
        loading={projects.isLoading}
        dataSource={projects.data?.pages.flatMap((p) => p.items) ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <EmptyText /> }}
        columns={[
          {
            title: t('project.name'),
            dataIndex: 'name',
            render: (name: string, project) => <Link to={`/projects/${project.id}`}>{name}</Link>,
          },
          {
            title: t('project.owner'),
            dataIndex: 'ownerId',
            render: (ownerId: string) => nameOf(employees.data, ownerId),
          },
          {
            title: t('project.period'),
            key: 'period',
            render: (_: unknown, project) =>
              [project.startDate, project.endDate].some(Boolean) &&
              `${project.startDate ?? ''} ~ ${project.endDate ?? ''}`,
          },
          {
            title: t('project.status'),
            dataIndex: 'status',
            render: (value: Project['status']) => value && <Tag>{t(`projectStatus.${value}` as MessageKey)}</Tag>,
          },
        ]}
      />
      {projects.hasNextPage && (
        <Button
          style={{ marginTop: 12 }}
          onClick={() => projects.fetchNextPage()}
          loading={projects.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </Button>
      )}
      <NewProjectDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(project) => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: ['projects'] });
          navigate(`/projects/${project.id}`);
        }}
      />
    </>
  );
}

interface NewProjectForm {
  name: string;
  description?: string;
  startDate?: Dayjs;
  endDate?: Dayjs;
}

function NewProjectDialog(props: { open: boolean; onClose(): void; onCreated(project: Project): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewProjectForm>();
  return (
    <FormDialog
      open={props.open}
      title={t('project.new')}
      form={form}
      submit={async (values) =>
        unwrap(
          await api.POST('/api/v1/projects', {
            params: { header: idempotencyKey() },
            body: {
              name: values.name,
              description: values.description || undefined,
              startDate: values.startDate?.format('YYYY-MM-DD'),
              endDate: values.endDate?.format('YYYY-MM-DD'),
            },
          }),
        )
      }
      successMessage={t('project.created')}
      onSubmitted={props.onCreated}
      onClose={props.onClose}
    >
      <Form.Item
        name="name"
        label={t('project.name')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 200, message: t('field.tooLong') },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('project.description')}
        rules={[{ max: 4000, message: t('field.tooLong') }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="startDate" label={t('project.startDate')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="endDate"
        label={t('project.endDate')}
        dependencies={['startDate']}
        rules={[
          ({ getFieldValue }) => ({
            // goals refuses an end before the start; say so before asking it.
            validator: async (_, end: Dayjs | undefined) => {
              const start: Dayjs | undefined = getFieldValue('startDate');
              if (start && end?.isBefore(start, 'day')) throw new Error(t('project.endBeforeStart'));
            },
          }),
        ]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormDialog>
  );
}
