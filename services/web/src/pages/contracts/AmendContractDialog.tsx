import { Form, Input } from 'antd';
import { api, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import { ContractLinesFields } from './ContractLinesFields';
import { type LineForm, linesToForm, linesToRequest } from './contract-lines';

type Contract = Schemas['Contract'];
interface AmendForm {
  title?: string;
  lines: LineForm[];
}

/**
 * 合同变更: the title and the lines of a draft or signed contract, replaced as a whole. Sent
 * with If-Match (the version shown), so a contract changed meanwhile — a payment recorded, say —
 * is not amended blind; the API refuses a total below what was already received.
 */
export function AmendContractDialog(props: {
  open: boolean;
  contract: Contract;
  onClose(): void;
  onAmended(contract: Contract): void | Promise<void>;
  onStale(): void | Promise<void>;
}) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<AmendForm>();
  const { contract } = props;

  async function submit(values: AmendForm) {
    return unwrap(
      await api.PUT('/api/v1/contracts/{id}/lines', {
        params: { path: { id: contract.id }, header: { 'If-Match': `"${contract.version}"` } },
        body: {
          ...(values.title !== undefined ? { title: values.title.trim() } : {}),
          lines: linesToRequest(values.lines, contract.totalAmount.currency),
        },
      }),
    );
  }

  return (
    <FormDialog
      open={props.open}
      title={t('contract.amend')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onAmended}
      onStale={props.onStale}
      successMessage={t('contract.amended')}
      width={640}
      initialValues={{ title: contract.title ?? '', lines: linesToForm(contract.lines) }}
      intro={
        contract.receivedAmount.amountMinor > 0 && (
          <p>
            {t('contract.amendNotBelowReceived')} {formatMoney(contract.receivedAmount, language)}
          </p>
        )
      }
    >
      <Form.Item name="title" label={t('contract.title')} rules={[{ max: 200, message: t('field.tooLong') }]}>
        <Input />
      </Form.Item>
      <ContractLinesFields active={props.open} currency={contract.totalAmount.currency} />
    </FormDialog>
  );
}
