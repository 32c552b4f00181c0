import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import { ifMatch } from '../field/field-data';
import { AdminNav } from './AdminNav';

type Rules = Schemas['ConversionRules'];
type Mapping = Schemas['ConversionMapping'];
const SOURCES: Mapping['source'][] = ['name', 'company', 'phone', 'email', 'region', 'notes', 'source', ''];
// As the API checks a target: customer.<field>, customer.custom_fields.<key> or contact.<field>.
const TARGET =
  /^(customer\.(name|industry|region|address|tier|tags|groups|custom_fields\.[a-z][a-z0-9_]{0,39})|contact\.(name|title|phones|email|wechat))$/;
const MAX_MAPPINGS = 50;

/** How converting a lead fills the customer and contact: lead field -> target, with a default. */
export function ConversionRulesPage() {
  const { t } = useI18n();
  const rules = useQuery({
    queryKey: ['conversion-rules'],
    queryFn: async () => unwrap(await api.GET('/api/v1/conversion-rules')),
  });
  return (
    <>
      <AdminNav />
      {rules.isLoading && <Skeleton active />}
      {rules.data && <RulesForm key={rules.data.version} rules={rules.data} />}
      {rules.isError && t('common.error')}
    </>
  );
}

function RulesForm({ rules }: { rules: Rules }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ mappings: Mapping[] }>();
  const [busy, setBusy] = useState(false);

  async function save({ mappings }: { mappings: Mapping[] }) {
    setBusy(true);
    try {
      unwrap(
        await api.PUT('/api/v1/conversion-rules', {
          params: { header: ifMatch(rules.version) },
          body: { mappings: mappings.map((m) => ({ ...m, defaultValue: m.defaultValue ?? '' })) },
        }),
      );
      message.success(t('employee.saved'));
      await queryClient.invalidateQueries({ queryKey: ['conversion-rules'] });
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={save} initialValues={{ mappings: rules.mappings }}>
      <Form.List name="mappings">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((field, index) => (
              <Card key={field.key} size="small">
                <Space wrap align="start">
                  <Form.Item name={[field.name, 'source']} label={t('conversion.source')} style={{ width: 140 }}>
                    <Select
                      options={SOURCES.map((s) => ({ value: s, label: s === '' ? t('conversion.defaultOnly') : s }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'target']}
                    label={t('conversion.target')}
                    style={{ width: 260 }}
                    rules={[
                      { required: true, message: t('field.required') },
                      { pattern: TARGET, message: t('conversion.targetFormat') },
                    ]}
                  >
                    <Input placeholder="customer.name" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'defaultValue']}
                    label={t('conversion.defaultValue')}
                    rules={[{ max: 500, message: t('field.tooLong') }]}
                  >
                    <Input />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    aria-label={`${t('action.cancel')} #${index + 1}`}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    style={{ marginTop: 30 }}
                  />
                </Space>
              </Card>
            ))}
            {fields.length < MAX_MAPPINGS && (
              <Button icon={<PlusOutlined />} onClick={() => add({ source: 'name', target: '', defaultValue: '' })}>
                {t('conversion.add')}
              </Button>
            )}
          </Space>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }}>
        {t('action.save')}
      </Button>
    </Form>
  );
}
