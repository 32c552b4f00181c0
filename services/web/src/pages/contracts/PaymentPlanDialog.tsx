import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, InputNumber, Modal, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { formatMoney, yuanToMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';

type Installment = Schemas['PaymentPlan']['installments'][number];
interface PlanForm {
  installments: { dueOn?: Dayjs; amount?: number }[];
}

/** 回款计划: installments that must add up to the contract total, the running sum shown as typed. */
export function PaymentPlanDialog(props: {
  open: boolean;
  contract: Schemas['Contract'];
  installments: Installment[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanForm>();
  const [busy, setBusy] = useState(false);
  const rows = Form.useWatch('installments', form) ?? [];
  const total = props.contract.totalAmount;
  const planned = rows.reduce((sum, row) => sum + Math.round((row?.amount ?? 0) * 100), 0);

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue({
      installments:
        props.installments.length > 0
          ? props.installments.map((i) => ({ dueOn: dayjs(i.dueOn), amount: i.amount.amountMinor / 100 }))
          : [{ dueOn: dayjs().add(1, 'month'), amount: total.amountMinor / 100 }],
    });
  }, [props.open, props.installments, form, total.amountMinor]);

  async function submit(values: PlanForm) {
    if (planned !== total.amountMinor && values.installments.length > 0) {
      message.error(t('payment.planMustAddUp'));
      return;
    }
    setBusy(true);
    try {
      unwrap(
        await api.PUT('/api/v1/contracts/{id}/payment-plan', {
          params: { path: { id: props.contract.id } },
          body: {
            installments: values.installments.map((row) => ({
              dueOn: (row.dueOn ?? dayjs()).format('YYYY-MM-DD'),
              amount: yuanToMoney(row.amount ?? 0, total.currency),
            })),
          },
        }),
      );
      props.onSaved();
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
      title={t('contract.paymentPlan')}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.List name="installments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item name={[field.name, 'dueOn']} rules={[{ required: true, message: t('field.required') }]}>
                    <DatePicker aria-label={`${t('payment.dueOn')} ${index + 1}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'amount']}
                    rules={[
                      { required: true, message: t('field.required') },
                      { type: 'number', min: 0.01, message: t('field.positive') },
                    ]}
                  >
                    <InputNumber
                      aria-label={`${t('payment.amountYuan')} ${index + 1}`}
                      min={0}
                      precision={2}
                      style={{ width: 160 }}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={`${t('action.remove')} ${index + 1}`}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('payment.addInstallment')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      <Typography.Paragraph style={{ marginTop: 12 }} type={planned === total.amountMinor ? undefined : 'danger'}>
        {t('payment.planned')}: {formatMoney({ amountMinor: planned, currency: total.currency }, language)} /{' '}
        {formatMoney(total, language)}
      </Typography.Paragraph>
    </Modal>
  );
}
