import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, InputNumber, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
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
  onSaved(): void | Promise<void>;
}) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<PlanForm>();
  const rows = Form.useWatch('installments', form) ?? [];
  const total = props.contract.totalAmount;
  const planned = rows.reduce((sum, row) => sum + Math.round((row?.amount ?? 0) * 100), 0);

  async function submit(values: PlanForm) {
    if (planned !== total.amountMinor && values.installments.length > 0) {
      // Refused here as the API would (the sum is shown in red below the rows).
      throw new Error(t('payment.planMustAddUp'));
    }
    return unwrap(
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
  }

  return (
    <FormDialog
      open={props.open}
      title={t('contract.paymentPlan')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onSaved}
      initialValues={{
        installments:
          props.installments.length > 0
            ? props.installments.map((i) => ({ dueOn: dayjs(i.dueOn), amount: i.amount.amountMinor / 100 }))
            : [{ dueOn: dayjs().add(1, 'month'), amount: total.amountMinor / 100 }],
      }}
      footnote={
        <Typography.Paragraph style={{ marginTop: 12 }} type={planned === total.amountMinor ? undefined : 'danger'}>
          {t('payment.planned')}: {formatMoney({ amountMinor: planned, currency: total.currency }, language)} /{' '}
          {formatMoney(total, language)}
        </Typography.Paragraph>
      }
    >
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
    </FormDialog>
  );
}
