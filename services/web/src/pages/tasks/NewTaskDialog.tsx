import { DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../auth/use-me';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import { type Task, useActiveProjects, useAssignableEmployees } from './task-data';

const PRIORITIES: Schemas['TaskPriority'][] = ['P0', 'P1', 'P2', 'P3'];

interface NewTaskForm {
  title: string;
  description?: string;
  assigneeId?: string;
  dueAt?: Dayjs;
  priority: Schemas['TaskPriority'];
  projectId?: string;
}

/** 新建任务: title, goal, assignee (someone in my scope), due time, priority and project, as goals checks them. */
export function NewTaskDialog(props: {
  open: boolean;
  projectId?: string;
  onClose(): void;
  onCreated(task: Task): void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const employees = useAssignableEmployees();
  const projects = useActiveProjects();
  const [form] = Form.useForm<NewTaskForm>();

  return (
    <FormDialog
      open={props.open}
      title={t('tasks.newTask')}
      form={form}
      // Each opening starts from me as the assignee and, on a project's page, that project.
      initialValues={{ priority: 'P2', assigneeId: me.data?.employee.id, projectId: props.projectId }}
      submit={async (values) =>
        unwrap(
          await api.POST('/api/v1/tasks', {
            params: { header: idempotencyKey() },
            body: {
              title: values.title,
              description: values.description || undefined,
              assigneeId: values.assigneeId,
              dueAt: values.dueAt?.second(0).millisecond(0).format(),
              priority: values.priority,
              projectId: values.projectId,
            },
          }),
        )
      }
      successMessage={t('tasks.created')}
      onSubmitted={props.onCreated}
      onClose={props.onClose}
    >
      <Form.Item
        name="title"
        label={t('task.title')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 200, message: t('field.tooLong') },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('tasks.description')} rules={[{ max: 4000, message: t('field.tooLong') }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="assigneeId" label={t('tasks.assignee')}>
        <Select
          showSearch
          optionFilterProp="label"
          loading={employees.isLoading}
          options={(employees.data ?? []).map((e) => ({ value: e.id, label: e.name }))}
        />
      </Form.Item>
      <Form.Item name="dueAt" label={t('task.due')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="priority" label={t('task.priority')} rules={[{ required: true, message: t('field.required') }]}>
        <Select options={PRIORITIES.map((value) => ({ value, label: value }))} />
      </Form.Item>
      <Form.Item name="projectId" label={t('tasks.project')}>
        <Select
          allowClear
          placeholder={t('tasks.noProject')}
          loading={projects.isLoading}
          options={(projects.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
      </Form.Item>
    </FormDialog>
  );
}
