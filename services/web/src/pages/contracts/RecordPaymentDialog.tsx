import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { formatMoney, yuanToMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';

type Installment = Schemas['PaymentPlan']['installments'][number];
interface PaymentForm {
  amount: number;
  receivedOn: Dayjs;
  method?: string;
  reference?: string;
  installmentId?: string;
}
const METHODS = ['bank_transfer', 'cash', 'cheque', 'acceptance_bill', 'other'] as const;

/** 回款登记: money received against a signed contract; never more than what is outstanding. */
export function RecordPaymentDialog(props: {
  open: boolean;
  contract: Schemas['Contract'];
  installments: Installment[];
  onClose(): void;
  onRecorded(payment: Schemas['Payment']): void | Promise<void>;
}) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<PaymentForm>();
  const outstanding = props.contract.outstandingAmount;

  async function submit(values: PaymentForm) {
    return unwrap(
      await api.POST('/api/v1/payments', {
        params: { header: idempotencyKey() },
        body: {
          contractId: props.contract.id,
          amount: yuanToMoney(values.amount, outstanding.currency),
          receivedOn: values.receivedOn.format('YYYY-MM-DD'),
          ...(values.method ? { method: values.method } : {}),
          ...(values.reference ? { reference: values.reference } : {}),
          ...(values.installmentId ? { installmentId: values.installmentId } : {}),
        },
      }),
    );
  }

  return (
    <FormDialog
      open={props.open}
      title={t('payment.record')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onRecorded}
      successMessage={t('payment.recorded')}
      initialValues={{ amount: outstanding.amountMinor / 100, receivedOn: dayjs(), method: 'bank_transfer' }}
      intro={
        <p>
          {t('contract.outstanding')}: {formatMoney(outstanding, language)}
        </p>
      }
    >
      <Form.Item
        name="amount"
        label={t('payment.amountYuan')}
        rules={[
          { required: true, message: t('field.required') },
          { type: 'number', min: 0.01, message: t('field.positive') },
          {
            type: 'number',
            max: outstanding.amountMinor / 100,
            message: t('payment.moreThanOutstanding'),
          },
        ]}
      >
        <InputNumber style={{ width: '100%' }} min={0} precision={2} />
      </Form.Item>
      <Form.Item
        name="receivedOn"
        label={t('payment.receivedOn')}
        rules={[{ required: true, message: t('field.required') }]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="method" label={t('payment.method')}>
        <Select options={METHODS.map((value) => ({ value, label: t(`paymentMethod.${value}`) }))} />
      </Form.Item>
      <Form.Item name="reference" label={t('payment.reference')} rules={[{ max: 100, message: t('field.tooLong') }]}>
        <Input />
      </Form.Item>
      {props.installments.length > 0 && (
        <Form.Item name="installmentId" label={t('payment.installment')}>
          <Select
            allowClear
            options={props.installments.map((i) => ({
              value: i.id,
              label: `#${i.sequence} ${i.dueOn} ${formatMoney(i.amount, language)}`,
            }))}
          />
        </Form.Item>
      )}
    </FormDialog>
  );
}
