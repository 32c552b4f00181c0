import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Form, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { grants } from '../../auth/permissions';
import { useMe } from '../../auth/use-me';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ifMatch } from '../field/field-data';
import { enumOptions } from '../lead-options';
import { AdminNav } from './AdminNav';

type CustomField = Schemas['CustomField'];
type NewCustomField = Schemas['CreateCustomFieldRequest'];
type CustomFieldChange = Schemas['UpdateCustomFieldRequest'];
const TYPES: Schemas['CustomFieldType'][] = ['text', 'number', 'date', 'single_select', 'multi_select'];
const CHOICE_TYPES: Schemas['CustomFieldType'][] = ['single_select', 'multi_select'];
// As CreateCustomFieldRequest checks the key.
const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * The tenant's custom fields of customers (key, label, type, choices, required): new ones, and
 * changes that keep stored values meaningful (label, required, more choices of a select).
 */
export function CustomFieldsPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const canWrite = grants(useMe().data?.permissions, 'crm.settings.write');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<CustomField | undefined>();
  const fields = useQuery({
    queryKey: ['custom-fields'],
    queryFn: async () => unwrap(await api.GET('/api/v1/custom-fields')).items,
  });
  return (
    <>
      <AdminNav />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
        {t('customField.new')}
      </Button>
      <Table<CustomField>
        rowKey="id"
        size="middle"
        loading={fields.isLoading}
        dataSource={fields.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('customField.label'), dataIndex: 'label' },
          { title: t('customField.key'), dataIndex: 'key', render: (key: string) => <code>{key}</code> },
          {
            title: t('customField.type'),
            dataIndex: 'type',
            render: (type: CustomField['type']) => type && t(`customFieldType.${type}` as MessageKey),
          },
          {
            title: t('customField.options'),
            dataIndex: 'options',
            render: (options: string[]) => options.map((o) => <Tag key={o}>{o}</Tag>),
          },
          {
            title: t('customField.required'),
            dataIndex: 'required',
            render: (required: boolean) => (required ? '✓' : ''),
          },
          {
            title: '',
            key: 'edit',
            render: (_: unknown, field) =>
              canWrite && (
                <Button size="small" aria-label={`${field.label} ✎`} onClick={() => setEditing(field)}>
                  ✎
                </Button>
              ),
          },
        ]}
      />
      {editing && (
        <EditCustomFieldDialog
          field={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
          }}
        />
      )}
      {creating && (
        <NewCustomFieldDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
          }}
        />
      )}
    </>
  );
}

function NewCustomFieldDialog({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewCustomField>();
  const type = Form.useWatch('type', form);
  const withChoices = type !== undefined && CHOICE_TYPES.includes(type);

  async function create(values: NewCustomField) {
    // Choices only for the select types: the API refuses them for the others.
    const { options, ...rest } = values;
    return unwrap(
      await api.POST('/api/v1/custom-fields', {
        params: { header: idempotencyKey() },
        body: withChoices ? { ...rest, options } : rest,
      }),
    );
  }

  return (
    <FormDialog
      open
      formName={null}
      title={t('customField.new')}
      form={form}
      initialValues={{ type: 'text', required: false }}
      submit={create}
      successMessage={t('employee.saved')}
      onSubmitted={onCreated}
      onClose={onClose}
    >
      <Form.Item
        name="label"
        label={t('customField.label')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 100, message: t('field.tooLong') },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="key"
        label={t('customField.key')}
        rules={[
          { required: true, message: t('field.required') },
          { pattern: KEY, message: t('customField.keyFormat') },
        ]}
      >
        <Input placeholder="annual_revenue" />
      </Form.Item>
      <Form.Item name="type" label={t('customField.type')} rules={[{ required: true, message: t('field.required') }]}>
        <Select options={enumOptions(TYPES, 'customFieldType', t)} />
      </Form.Item>
      {withChoices && <ChoicesField />}
      <RequiredField />
    </FormDialog>
  );
}

/**
 * Validated as UpdateCustomFieldRequest: a label of 1-100, required or not, and for a select its
 * choices (1-50). Key and type are shown but fixed; the API refuses taking away a current choice
 * (customers hold it) and its message lands on the choices.
 */
function EditCustomFieldDialog({ field, onClose, onSaved }: { field: CustomField; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CustomFieldChange>();
  const withChoices = field.type !== null && CHOICE_TYPES.includes(field.type);

  return (
    <FormDialog
      open
      formName={null}
      title={`${field.label} (${field.key})`}
      form={form}
      initialValues={{ label: field.label, required: field.required, options: field.options }}
      submit={async (values) =>
        unwrap(
          await api.PATCH('/api/v1/custom-fields/{id}', {
            params: { path: { id: field.id }, header: ifMatch(field.version) },
            body: {
              label: values.label,
              required: values.required ?? false,
              ...(withChoices ? { options: values.options } : {}),
            },
          }),
        )
      }
      successMessage={t('employee.saved')}
      onSubmitted={onSaved}
      onStale={onSaved}
      onClose={onClose}
    >
      <Form.Item
        name="label"
        label={t('customField.label')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 100, message: t('field.tooLong') },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item label={t('customField.type')}>
        <Tag>{field.type && t(`customFieldType.${field.type}` as MessageKey)}</Tag>
      </Form.Item>
      {withChoices && <ChoicesField />}
      <RequiredField />
    </FormDialog>
  );
}

/** The choices of a select field: 1-50, typed in (a comma starts the next). */
function ChoicesField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="options"
      label={t('customField.options')}
      rules={[
        { type: 'array', required: true, min: 1, message: t('field.required') },
        { type: 'array', max: 50, message: t('field.tooLong') },
      ]}
    >
      <Select mode="tags" tokenSeparators={[',']} />
    </Form.Item>
  );
}

function RequiredField() {
  const { t } = useI18n();
  return (
    <Form.Item name="required" valuePropName="checked">
      <Checkbox>{t('customField.required')}</Checkbox>
    </Form.Item>
  );
}
