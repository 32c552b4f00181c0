import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, expectNoContent, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { grants } from '../../auth/permissions';
import { useMe } from '../../auth/use-me';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ifMatch } from '../field/field-data';
import { enumOptions } from '../lead-options';
import { AdminNav } from './AdminNav';

type Role = Schemas['Role'];
type RoleChange = Schemas['UpdateRoleRequest'];
type NewRole = Schemas['CreateRoleRequest'];
// As CreateRoleRequest checks the code.
const ROLE_CODE = /^[a-z][a-z0-9_]{1,49}$/;
const DATA_SCOPES: Schemas['DataScope'][] = ['self', 'department', 'department_tree', 'tenant'];

/**
 * The tenant's roles: what each may do (permissions) and whose records it sees (data scope).
 * Custom roles are created here; built-in ones keep their code and name. Who holds a role is
 * assigned on the employees page.
 */
export function RolesPage() {
  const { t } = useI18n();
  const canWrite = grants(useMe().data?.permissions, 'identity.role.write');
  const [editing, setEditing] = useState<Role | undefined>();
  const [creating, setCreating] = useState(false);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useQuery({ queryKey: ['roles'], queryFn: async () => unwrap(await api.GET('/api/v1/roles')).items });
  // The permissions any role holds, offered when editing one (new names can be typed in).
  const knownPermissions = [...new Set((roles.data ?? []).flatMap((role) => role.permissions))].sort();

  async function remove(role: Role) {
    try {
      expectNoContent(
        await api.DELETE('/api/v1/roles/{id}', { params: { path: { id: role.id }, header: ifMatch(role.version) } }),
      );
      message.success(t('role.deleted'));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['roles'] });
    }
  }

  return (
    <>
      <AdminNav />
      {canWrite && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
          {t('role.new')}
        </Button>
      )}
      <Table<Role>
        rowKey="id"
        size="middle"
        loading={roles.isLoading}
        dataSource={roles.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t('role.name'),
            dataIndex: 'name',
            render: (name: string, role) => (
              <>
                {name} {role.builtIn && <Tag>{t('role.builtIn')}</Tag>}
              </>
            ),
          },
          { title: t('role.code'), dataIndex: 'code' },
          {
            title: t('role.dataScope'),
            dataIndex: 'dataScope',
            render: (scope: Role['dataScope']) => scope && t(`dataScope.${scope}` as MessageKey),
          },
          {
            title: t('role.permissions'),
            dataIndex: 'permissions',
            render: (permissions: string[]) => (
              <div style={{ maxWidth: 480 }}>
                {permissions.map((permission) => (
                  <Tag key={permission}>{permission}</Tag>
                ))}
              </div>
            ),
          },
          {
            title: '',
            key: 'edit',
            render: (_: unknown, role) =>
              canWrite && (
                <Space size={4}>
                  <Button size="small" aria-label={`${role.name} ✎`} onClick={() => setEditing(role)}>
                    ✎
                  </Button>
                  {/* Built-in roles cannot be deleted (the API refuses it too). */}
                  {!role.builtIn && (
                    <Popconfirm
                      title={t('role.deleteConfirm').replace('{name}', role.name)}
                      okText={t('action.delete')}
                      cancelText={t('action.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove(role)}
                    >
                      <Button size="small" danger>
                        {t('role.delete')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <RoleDialog role={editing} knownPermissions={knownPermissions} onClose={() => setEditing(undefined)} />
      )}
      {creating && <NewRoleDialog knownPermissions={knownPermissions} onClose={() => setCreating(false)} />}
    </>
  );
}

function RoleDialog({ role, knownPermissions, onClose }: { role: Role; knownPermissions: string[]; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RoleChange>();
  const reloadRoles = () => queryClient.invalidateQueries({ queryKey: ['roles'] });

  return (
    <FormDialog<RoleChange, Role>
      open
      formName={null}
      title={`${role.name} (${role.code})`}
      form={form}
      initialValues={{ name: role.name, permissions: role.permissions, dataScope: role.dataScope ?? 'self' }}
      submit={async (values) =>
        unwrap(
          await api.PATCH('/api/v1/roles/{id}', {
            params: { path: { id: role.id }, header: ifMatch(role.version) },
            // Built-in roles keep their names (the API refuses a rename).
            body: role.builtIn ? { permissions: values.permissions, dataScope: values.dataScope } : values,
          }),
        )
      }
      successMessage={t('employee.saved')}
      onSubmitted={reloadRoles}
      onStale={reloadRoles}
      onClose={onClose}
    >
      <Form.Item
        name="name"
        label={t('role.name')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 100, message: t('field.tooLong') },
        ]}
      >
        <Input disabled={role.builtIn} />
      </Form.Item>
      <Form.Item
        name="dataScope"
        label={t('role.dataScope')}
        rules={[{ required: true, message: t('field.required') }]}
      >
        <Select options={enumOptions(DATA_SCOPES, 'dataScope', t)} />
      </Form.Item>
      <Form.Item name="permissions" label={t('role.permissions')} rules={[{ type: 'array', max: 200 }]}>
        <Select mode="tags" options={knownPermissions.map((p) => ({ value: p, label: p }))} />
      </Form.Item>
    </FormDialog>
  );
}

/** Validated as CreateRoleRequest: a code of 2-50 (a-z, 0-9, _), a name of 1-100, up to 200 permissions, a data scope. */
function NewRoleDialog({ knownPermissions, onClose }: { knownPermissions: string[]; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewRole>();

  return (
    <FormDialog<NewRole, Role>
      open
      formName={null}
      title={t('role.new')}
      form={form}
      initialValues={{ permissions: [], dataScope: 'self' }}
      submit={async (values) =>
        unwrap(await api.POST('/api/v1/roles', { params: { header: idempotencyKey() }, body: values }))
      }
      successMessage={t('employee.saved')}
      onSubmitted={() => queryClient.invalidateQueries({ queryKey: ['roles'] })}
      onClose={onClose}
    >
      <Form.Item
        name="code"
        label={t('role.code')}
        rules={[
          { required: true, message: t('field.required') },
          { pattern: ROLE_CODE, message: t('role.codeFormat') },
        ]}
      >
        <Input placeholder="key_account_manager" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('role.name')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 100, message: t('field.tooLong') },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="dataScope"
        label={t('role.dataScope')}
        rules={[{ required: true, message: t('field.required') }]}
      >
        <Select options={enumOptions(DATA_SCOPES, 'dataScope', t)} />
      </Form.Item>
      <Form.Item name="permissions" label={t('role.permissions')} rules={[{ type: 'array', max: 200 }]}>
        <Select mode="tags" options={knownPermissions.map((p) => ({ value: p, label: p }))} />
      </Form.Item>
    </FormDialog>
  );
}
