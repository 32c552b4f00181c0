import { Form, Input } from 'antd';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';

type Payment = Schemas['Payment'];

/** 回款冲销: a payment that bounced, was refunded or entered in error stops counting, with the reason kept. */
export function ReversePaymentDialog(props: {
  payment: Payment | undefined;
  onClose(): void;
  onReversed(payment: Payment): void | Promise<void>;
}) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const { payment } = props;

  async function submit(values: { reason: string }) {
    if (!payment) throw new Error(t('common.error'));
    return unwrap(
      await api.POST('/api/v1/payments/{id}/reverse', {
        params: { path: { id: payment.id }, header: idempotencyKey() },
        body: { reason: values.reason.trim() },
      }),
    );
  }

  return (
    <FormDialog
      open={Boolean(payment)}
      title={t('payment.reverse')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onReversed}
      successMessage={t('payment.reversed')}
      okText={t('payment.reverse')}
      okDanger
      intro={
        payment && (
          <p>
            {payment.receivedOn} {formatMoney(payment.amount, language)} {payment.reference ?? ''}
          </p>
        )
      }
    >
      <Form.Item
        name="reason"
        label={t('payment.reversalReason')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 500, message: t('field.tooLong') },
        ]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormDialog>
  );
}
