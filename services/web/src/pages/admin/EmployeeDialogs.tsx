import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Select, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { enumOptions } from '../lead-options';
import { toTreeData, useDepartmentTree } from './org-data';

type Employee = Schemas['Employee'];
export type EmployeeAction = 'status' | 'transfer' | 'depart' | 'roles';
const WORK_STATUSES: Schemas['WorkStatus'][] = [
  'in_office',
  'visiting_client',
  'handling_complaint',
  'training',
  'on_leave',
  'business_trip',
  'submitting_requirements',
];
const TITLES: Record<EmployeeAction, MessageKey> = {
  status: 'employee.setStatus',
  transfer: 'employee.transfer',
  depart: 'employee.depart',
  roles: 'employee.assignRoles',
};

// What the forms hold; dates are dayjs in the pickers and YYYY-MM-DD on the wire.
interface ActionForm {
  workStatus?: Schemas['WorkStatus'];
  note?: string;
  departmentId?: string;
  title?: string;
  managerId?: string;
  effectiveDate?: Dayjs;
  reason?: string;
  successorId?: string;
  departedOn?: Dayjs;
  roleCodes?: string[];
}

/** Active employees other than the given one: successors and managers to pick from. */
function useActiveColleagues(exceptId: string) {
  return useQuery({
    queryKey: ['employees', 'active'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/employees', { params: { query: { status: 'active', limit: 200 } } })).items,
    select: (items) =>
      items.filter((e) => e.id !== exceptId).map((e) => ({ value: e.id, label: `${e.name} · ${e.title ?? ''}` })),
  });
}

/**
 * One change to one employee, validated as the API validates it (lengths, required fields),
 * with the API's problem+json field errors shown next to the fields.
 */
export function EmployeeDialog({
  employee,
  action,
  onClose,
}: {
  employee: Employee;
  action: EmployeeAction;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ActionForm>();
  const [busy, setBusy] = useState(false);
  const colleagues = useActiveColleagues(employee.id);
  const departments = useDepartmentTree();
  const roles = useQuery({
    queryKey: ['roles'],
    enabled: action === 'roles',
    queryFn: async () => unwrap(await api.GET('/api/v1/roles')).items,
  });
  const path = { id: employee.id };
  const header = idempotencyKey();
  const day = (value: Dayjs | undefined) => value?.format('YYYY-MM-DD');

  async function send(values: ActionForm) {
    switch (action) {
      case 'status':
        return unwrap(
          await api.POST('/api/v1/employees/{id}/status', {
            params: { path, header },
            body: { workStatus: values.workStatus ?? 'in_office', ...(values.note ? { note: values.note } : {}) },
          }),
        );
      case 'transfer':
        return unwrap(
          await api.POST('/api/v1/employees/{id}/transfer', {
            params: { path, header },
            body: {
              departmentId: values.departmentId ?? '',
              effectiveDate: day(values.effectiveDate) ?? '',
              ...(values.title ? { title: values.title } : {}),
              ...(values.managerId ? { managerId: values.managerId } : {}),
              ...(values.reason ? { reason: values.reason } : {}),
            },
          }),
        );
      case 'depart':
        return unwrap(
          await api.POST('/api/v1/employees/{id}/depart', {
            params: { path, header },
            body: {
              successorId: values.successorId ?? '',
              ...(values.departedOn ? { departedOn: day(values.departedOn) } : {}),
              ...(values.reason ? { reason: values.reason } : {}),
            },
          }),
        );
      case 'roles':
        return unwrap(
          await api.PUT('/api/v1/employees/{id}/roles', {
            params: { path },
            body: { roleCodes: values.roleCodes ?? [] },
          }),
        );
    }
  }

  async function submit(values: ActionForm) {
    setBusy(true);
    try {
      await send(values);
      message.success(t(action === 'depart' ? 'employee.departed' : 'employee.saved'));
      await queryClient.invalidateQueries({ queryKey: ['employees'] });
      onClose();
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  const required = { required: true, message: t('field.required') };
  const tooLong = (max: number) => ({ max, message: t('field.tooLong') });
  const fields: Record<EmployeeAction, ReactNode> = {
    status: (
      <>
        <Form.Item name="workStatus" label={t('employee.workStatus')} rules={[required]}>
          <Select options={enumOptions(WORK_STATUSES, 'workStatus', t)} />
        </Form.Item>
        <Form.Item name="note" label={t('employee.note')} rules={[tooLong(500)]}>
          <Input />
        </Form.Item>
      </>
    ),
    transfer: (
      <>
        <Form.Item name="departmentId" label={t('employee.department')} rules={[required]}>
          <TreeSelect treeDefaultExpandAll treeData={toTreeData(departments.data ?? [])} />
        </Form.Item>
        <Form.Item name="title" label={t('employee.title')} rules={[tooLong(100)]}>
          <Input />
        </Form.Item>
        <Form.Item name="managerId" label={t('employee.manager')}>
          <Select allowClear showSearch optionFilterProp="label" options={colleagues.data ?? []} />
        </Form.Item>
        <Form.Item name="effectiveDate" label={t('employee.effectiveDate')} rules={[required]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('employee.reason')} rules={[tooLong(500)]}>
          <Input />
        </Form.Item>
      </>
    ),
    depart: (
      <>
        <Alert type="warning" showIcon message={t('employee.departHint')} style={{ marginBottom: 12 }} />
        <Form.Item name="successorId" label={t('employee.successor')} rules={[required]}>
          <Select showSearch optionFilterProp="label" options={colleagues.data ?? []} />
        </Form.Item>
        <Form.Item name="departedOn" label={t('employee.departedOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('employee.reason')} rules={[tooLong(500)]}>
          <Input />
        </Form.Item>
      </>
    ),
    roles: (
      <Form.Item name="roleCodes" label={t('employee.roles')} rules={[{ type: 'array', max: 20 }]}>
        <Select
          mode="multiple"
          options={(roles.data ?? []).map((role) => ({ value: role.code, label: `${role.name} (${role.code})` }))}
        />
      </Form.Item>
    ),
  };

  return (
    <Modal
      open
      title={`${t(TITLES[action])} · ${employee.name}`}
      okText={t('action.save')}
      okButtonProps={{ danger: action === 'depart' }}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<ActionForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          workStatus: employee.workStatus ?? undefined,
          departmentId: employee.departmentId ?? undefined,
          title: employee.title ?? undefined,
          managerId: employee.managerId ?? undefined,
          effectiveDate: dayjs(),
          roleCodes: employee.roles,
        }}
      >
        {fields[action]}
      </Form>
    </Modal>
  );
}
