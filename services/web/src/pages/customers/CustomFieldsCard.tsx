import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { hasPermission } from '../../auth/has-permission';
import { useMe } from '../../auth/use-me';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import { customFieldPatchOf, type FormValue, formValuesOf } from './custom-field-values';

type Customer = Schemas['Customer'];
type Definition = Schemas['CustomField'];

/** A stored value as text, by the field's type. */
function shownValue(definition: Definition, value: unknown, language: string) {
  if (value === undefined || value === null || value === '') return null;
  switch (definition.type) {
    case 'number':
      return typeof value === 'number' ? value.toLocaleString(language) : String(value);
    case 'single_select':
      return <Tag>{String(value)}</Tag>;
    case 'multi_select':
      return Array.isArray(value) ? value.map((v) => <Tag key={String(v)}>{String(v)}</Tag>) : String(value);
    default:
      return String(value);
  }
}

/** The input for one field's type; what crm accepts for it is what it lets one enter. */
function inputFor(definition: Definition) {
  switch (definition.type) {
    case 'number':
      return <InputNumber style={{ width: '100%' }} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} />;
    case 'single_select':
      return <Select allowClear options={definition.options.map((o) => ({ value: o, label: o }))} />;
    case 'multi_select':
      return <Select mode="multiple" allowClear options={definition.options.map((o) => ({ value: o, label: o }))} />;
    default:
      return <Input />;
  }
}

/**
 * The tenant's custom fields (自定义字段) on the customer card: shown by type, edited in place
 * with If-Match; crm's refusals (customFields.<key>) appear next to the field they name.
 */
export function CustomFieldsCard({ customer }: { customer: Customer }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const canWrite = hasPermission(me.data?.permissions, 'crm.customer.write');
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ customFields: Record<string, FormValue> }>();
  const definitions = useQuery({
    queryKey: ['custom-fields'],
    queryFn: async () => unwrap(await api.GET('/api/v1/custom-fields')).items,
    staleTime: 60_000,
  });
  const fields = definitions.data ?? [];
  const stored = customer.customFields;

  function startEditing() {
    form.setFieldsValue({ customFields: formValuesOf(fields, stored) });
    setEditing(true);
  }

  async function submit(values: { customFields?: Record<string, FormValue> }) {
    const patch = customFieldPatchOf(fields, stored, values.customFields ?? {});
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    setBusy(true);
    try {
      const changed = unwrap(
        await api.PATCH('/api/v1/customers/{id}', {
          params: { path: { id: customer.id }, header: { 'If-Match': `"${customer.version}"` } },
          body: { customFields: patch },
        }),
      );
      queryClient.setQueryData(['customer', customer.id], changed);
      message.success(t('customField.saved'));
      setEditing(false);
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={t('customField.title')}
      loading={definitions.isLoading}
      data-testid="custom-fields"
      extra={
        canWrite &&
        fields.length > 0 &&
        !editing && (
          <Button size="small" onClick={startEditing}>
            {t('customField.edit')}
          </Button>
        )
      }
    >
      {fields.length === 0 && <span>{t('customField.none')}</span>}
      {fields.length > 0 && !editing && (
        <Descriptions column={1} size="small">
          {fields.map((definition) => (
            <Descriptions.Item key={definition.key} label={definition.label}>
              <span data-testid={`custom-field-${definition.key}`}>
                {shownValue(definition, stored[definition.key], language)}
              </span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      <Form form={form} layout="vertical" onFinish={submit} hidden={!editing}>
        {fields.map((definition) => (
          <Form.Item
            key={definition.key}
            name={['customFields', definition.key]}
            label={definition.label}
            rules={[
              // whitespace only on text: any extra key makes antd check the value as a string,
              // and a number or a list would then always fail.
              ...(definition.required
                ? [
                    definition.type === 'text'
                      ? { required: true, whitespace: true, message: t('field.required') }
                      : { required: true, message: t('field.required') },
                  ]
                : []),
              ...(definition.type === 'text' ? [{ max: 2000, message: t('field.tooLong') }] : []),
            ]}
          >
            {inputFor(definition)}
          </Form.Item>
        ))}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('action.save')}
          </Button>
          <Button onClick={() => setEditing(false)}>{t('action.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
