import { Form, Input } from 'antd';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { Opportunity } from '../opportunities/sales-types';
import { ContractLinesFields } from './ContractLinesFields';
import { CustomerSelect } from './CustomerSelect';
import { type LineForm, linesToRequest } from './contract-lines';

type Contract = Schemas['Contract'];

interface ContractForm {
  number: string;
  title?: string;
  customerId?: string;
  lines: LineForm[];
}

/** Drafting a contract (合同): number, title and its lines, from an opportunity or a customer. */
export function NewContractDialog(props: {
  open: boolean;
  customerId?: string;
  opportunity?: Opportunity;
  onClose(): void;
  onCreated(contract: Contract): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<ContractForm>();

  async function submit(values: ContractForm) {
    return unwrap(
      await api.POST('/api/v1/contracts', {
        params: { header: idempotencyKey() },
        body: {
          number: values.number,
          ...(values.title ? { title: values.title } : {}),
          customerId: props.customerId ?? values.customerId ?? '',
          ...(props.opportunity ? { opportunityId: props.opportunity.id } : {}),
          lines: linesToRequest(values.lines),
        },
      }),
    );
  }

  return (
    <FormDialog
      open={props.open}
      title={t('contract.new')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onCreated}
      successMessage={t('contract.created')}
      width={640}
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
      <ContractLinesFields active={props.open} />
    </FormDialog>
  );
}
