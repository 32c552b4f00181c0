import { Checkbox, Form, Input } from 'antd';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';

type Contract = Schemas['Contract'];
interface CancelForm {
  reason: string;
  confirmed: boolean;
}

/**
 * 合同作废: with a reason and an explicit confirmation, since it cannot be undone. The API
 * refuses while payments still count (they must be reversed first) and, by If-Match, when the
 * contract changed since it was shown.
 */
export function CancelContractDialog(props: {
  open: boolean;
  contract: Contract;
  onClose(): void;
  onCancelled(contract: Contract): void | Promise<void>;
  onStale(): void | Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<CancelForm>();

  async function submit(values: CancelForm) {
    return unwrap(
      await api.POST('/api/v1/contracts/{id}/cancel', {
        params: {
          path: { id: props.contract.id },
          header: { 'If-Match': `"${props.contract.version}"`, ...idempotencyKey() },
        },
        body: { reason: values.reason.trim() },
      }),
    );
  }

  return (
    <FormDialog
      open={props.open}
      title={t('contract.cancel')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onCancelled}
      onStale={props.onStale}
      successMessage={t('contract.cancelled')}
      okText={t('contract.cancel')}
      okDanger
      intro={<p>{t('contract.cancelHint')}</p>}
    >
      <Form.Item
        name="reason"
        label={t('contract.cancelReason')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 500, message: t('field.tooLong') },
        ]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item
        name="confirmed"
        valuePropName="checked"
        rules={[
          {
            validator: async (_, checked: boolean | undefined) => {
              if (!checked) throw new Error(t('contract.cancelConfirmRequired'));
            },
          },
        ]}
      >
        <Checkbox>{t('contract.cancelConfirm')}</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}
