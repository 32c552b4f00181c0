import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Dropdown, Form, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { enumOptions } from '../lead-options';
import { AdminNav } from './AdminNav';
import { type EmployeeAction, EmployeeDialog } from './EmployeeDialogs';
import { departmentsById, useDepartmentTree } from './org-data';

type Employee = Schemas['Employee'];
const STATUSES: Schemas['EmployeeStatus'][] = ['active', 'inactive', 'departed'];
const STATUS_COLORS: Record<Schemas['EmployeeStatus'], string> = {
  active: 'green',
  inactive: 'default',
  departed: 'red',
};

interface Filters {
  q?: string;
  status?: Schemas['EmployeeStatus'];
}

/** Everyone in the tenant, with their work status, and the admin's changes: status, transfer, departure, roles. */
export function EmployeesPage() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({ status: 'active' });
  const [acting, setActing] = useState<{ employee: Employee; action: EmployeeAction } | undefined>();
  const departments = departmentsById(useDepartmentTree().data);
  const employees = useInfiniteQuery({
    queryKey: ['employees', 'admin', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/employees', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const actions: { key: EmployeeAction; label: MessageKey }[] = [
    { key: 'status', label: 'employee.setStatus' },
    { key: 'transfer', label: 'employee.transfer' },
    { key: 'roles', label: 'employee.assignRoles' },
    { key: 'depart', label: 'employee.depart' },
  ];

  return (
    <>
      <AdminNav />
      <Form<Filters>
        layout="inline"
        initialValues={filters}
        onFinish={setFilters}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input.Search placeholder={t('action.search')} allowClear aria-label={t('action.search')} />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('employee.status')}
            style={{ width: 120 }}
            options={enumOptions(STATUSES, 'employeeStatus', t)}
          />
        </Form.Item>
        <Button htmlType="submit">{t('action.search')}</Button>
      </Form>
      <Table<Employee>
        rowKey="id"
        size="middle"
        loading={employees.isLoading}
        dataSource={employees.data?.pages.flatMap((page) => page.items) ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('employee.name'), dataIndex: 'name' },
          { title: t('employee.title'), dataIndex: 'title' },
          {
            title: t('employee.department'),
            dataIndex: 'departmentId',
            render: (id: Employee['departmentId']) => (id ? (departments.get(id)?.name ?? '') : ''),
          },
          {
            title: t('employee.roles'),
            dataIndex: 'roles',
            render: (roles: Employee['roles']) => roles.map((role) => <Tag key={role}>{role}</Tag>),
          },
          {
            title: t('employee.status'),
            dataIndex: 'status',
            render: (status: Employee['status']) =>
              status && <Tag color={STATUS_COLORS[status]}>{t(`employeeStatus.${status}` as MessageKey)}</Tag>,
          },
          {
            title: t('employee.workStatus'),
            dataIndex: 'workStatus',
            render: (status: Employee['workStatus']) => status && t(`workStatus.${status}` as MessageKey),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, employee: Employee) =>
              employee.status !== 'departed' && (
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: actions.map(({ key, label }) => ({ key, label: t(label), danger: key === 'depart' })),
                    onClick: ({ key }) => setActing({ employee, action: key as EmployeeAction }),
                  }}
                >
                  <Button size="small" aria-label={`${employee.name} ···`}>
                    ···
                  </Button>
                </Dropdown>
              ),
          },
        ]}
      />
      {employees.hasNextPage && (
        <Button
          style={{ marginTop: 12 }}
          onClick={() => employees.fetchNextPage()}
          loading={employees.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </Button>
      )}
      {acting && (
        <EmployeeDialog employee={acting.employee} action={acting.action} onClose={() => setActing(undefined)} />
      )}
    </>
  );
}
