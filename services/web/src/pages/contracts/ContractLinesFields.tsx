import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import { type LineForm, linesTotalMinor } from './contract-lines';

/**
 * The lines of a contract inside a form (field `lines`): each names a product (its product line
 * and cost then come from the product) or a product line, and its amount; the total is summed
 * as the lines are typed. Shared by drafting and amending a contract.
 */
export function ContractLinesFields({ active, currency = 'CNY' }: { active: boolean; currency?: string }) {
  const { t, language } = useI18n();
  const form = Form.useFormInstance();
  const lines: (LineForm | undefined)[] = Form.useWatch('lines', form) ?? [];
  const products = useQuery({
    queryKey: ['products', 'active'],
    enabled: active,
    queryFn: async () => unwrap(await api.GET('/api/v1/products', { params: { query: { activeOnly: 'true' } } })),
  });

  return (
    <>
      <Typography.Text strong>{t('contract.lines')}</Typography.Text>
      <Form.List
        name="lines"
        rules={[
          {
            validator: async (_, value: LineForm[] | undefined) => {
              if (!value || value.length === 0) throw new Error(t('contract.oneLineAtLeast'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} wrap align="start" style={{ marginTop: 8 }} data-testid="contract-line">
                <Form.Item name={[field.name, 'productId']} noStyle>
                  <Select
                    allowClear
                    aria-label={`${t('contract.product')} ${index + 1}`}
                    placeholder={t('contract.product')}
                    style={{ width: 150 }}
                    loading={products.isLoading}
                    options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'productLine']}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: async (_, value: string | undefined) => {
                        if (!value?.trim() && !getFieldValue(['lines', field.name, 'productId'])) {
                          throw new Error(t('contract.productOrLine'));
                        }
                      },
                    }),
                    { max: 100, message: t('field.tooLong') },
                  ]}
                >
                  <Input
                    aria-label={`${t('opportunity.productLine')} ${index + 1}`}
                    placeholder={t('opportunity.productLine')}
                    style={{ width: 120 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'quantity']}
                  rules={[{ type: 'number', min: 0.001, message: t('field.positive') }]}
                >
                  <InputNumber
                    aria-label={`${t('contract.quantity')} ${index + 1}`}
                    placeholder={t('contract.quantity')}
                    min={0}
                    precision={3}
                    style={{ width: 90 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'amount']}
                  rules={[
                    { required: true, message: t('field.required') },
                    { type: 'number', min: 0, message: t('field.positive') },
                  ]}
                >
                  <InputNumber
                    aria-label={`${t('contract.lineAmountYuan')} ${index + 1}`}
                    placeholder={t('contract.lineAmountYuan')}
                    min={0}
                    precision={2}
                    style={{ width: 140 }}
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={`${t('action.remove')} ${index + 1}`}
                  onClick={() => remove(field.name)}
                  disabled={fields.length === 1}
                />
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} style={{ marginTop: 8 }}>
              {t('contract.addLine')}
            </Button>
          </>
        )}
      </Form.List>
      <div style={{ marginTop: 12 }} data-testid="contract-total">
        {t('contract.total')}: {formatMoney({ amountMinor: linesTotalMinor(lines), currency }, language)}
      </div>
    </>
  );
}
