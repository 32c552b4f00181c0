import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { formatMoney, yuanToMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { Opportunity } from '../opportunities/sales-types';
import { CustomerSelect } from './CustomerSelect';

type Contract = Schemas['Contract'];

interface LineForm {
  productId?: string;
  productLine?: string;
  quantity?: number;
  amount?: number;
  description?: string;
}
interface ContractForm {
  number: string;
  title?: string;
  customerId?: string;
  lines: LineForm[];
}

/**
 * Drafting a contract (合同): number, title and its lines. A line names a product (its product
 * line and cost then come from the product) or a product line, and its amount; the total is
 * summed as the lines are typed.
 */
export function NewContractDialog(props: {
  open: boolean;
  customerId?: string;
  opportunity?: Opportunity;
  onClose(): void;
  onCreated(contract: Contract): void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContractForm>();
  const [busy, setBusy] = useState(false);
  const lines = Form.useWatch('lines', form) ?? [];
  const products = useQuery({
    queryKey: ['products', 'active'],
    enabled: props.open,
    queryFn: async () => unwrap(await api.GET('/api/v1/products', { params: { query: { activeOnly: 'true' } } })),
  });
  const total = lines.reduce((sum, line) => sum + Math.round((line?.amount ?? 0) * 100), 0);

  async function submit(values: ContractForm) {
    const customerId = props.customerId ?? values.customerId;
    if (!customerId) return;
    setBusy(true);
    try {
      const contract = unwrap(
        await api.POST('/api/v1/contracts', {
          params: { header: idempotencyKey() },
          body: {
            number: values.number,
            ...(values.title ? { title: values.title } : {}),
            customerId,
            ...(props.opportunity ? { opportunityId: props.opportunity.id } : {}),
            lines: values.lines.map((line) => ({
              ...(line.productId ? { productId: line.productId } : {}),
              ...(line.productLine ? { productLine: line.productLine } : {}),
              ...(line.quantity ? { quantity: line.quantity } : {}),
              amount: yuanToMoney(line.amount ?? 0),
              ...(line.description ? { description: line.description } : {}),
            })),
          },
        }),
      );
      form.resetFields();
      message.success(t('contract.created'));
      props.onCreated(contract);
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      title={t('contract.new')}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      forceRender
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          title: props.opportunity?.name,
          lines: [
            {
              productLine: props.opportunity?.productLine ?? undefined,
              quantity: 1,
              amount: props.opportunity?.amount ? props.opportunity.amount.amountMinor / 100 : undefined,
            },
          ],
        }}
      >
        {!props.customerId && (
          <Form.Item
            name="customerId"
            label={t('opportunity.customer')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <CustomerSelect />
          </Form.Item>
        )}
        <Form.Item
          name="number"
          label={t('contract.number')}
          rules={[
            { required: true, whitespace: true, message: t('field.required') },
            { max: 50, message: t('field.tooLong') },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="title" label={t('contract.title')} rules={[{ max: 200, message: t('field.tooLong') }]}>
          <Input />
        </Form.Item>
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
          {t('contract.total')}: {formatMoney({ amountMinor: total, currency: 'CNY' }, language)}
        </div>
      </Form>
    </Modal>
  );
}
