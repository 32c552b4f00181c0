import { Form, InputNumber } from 'antd';
import { api, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import { formatTargetAmount, isMoneyMetric, type TargetNode } from './target-format';
import { inputToTargetValue, targetValueToInput } from './target-value';

/**
 * 修改目标值 of one node, with If-Match (the version shown). The API re-checks the split: the
 * node's siblings must still sum to its parent and its children to it; its refusal shows beside
 * the value.
 */
export function EditTargetValueDialog(props: {
  node: TargetNode | undefined;
  label: string;
  onClose(): void;
  onSaved(target: Schemas['TargetWithChildren']): void | Promise<void>;
  onStale(): void | Promise<void>;
}) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<{ value: number }>();
  const { node } = props;

  async function submit(values: { value: number }) {
    if (!node) throw new Error(t('common.error'));
    return unwrap(
      await api.PATCH('/api/v1/targets/{id}', {
        params: { path: { id: node.id }, header: { 'If-Match': `"${node.version}"` } },
        body: { value: inputToTargetValue(values.value, isMoneyMetric(node.metric)) },
      }),
    );
  }

  const money = node ? isMoneyMetric(node.metric) : true;
  return (
    <FormDialog
      open={Boolean(node)}
      title={t('target.editValue')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onSaved}
      onStale={props.onStale}
      successMessage={t('target.valueSaved')}
      initialValues={node && { value: targetValueToInput(node.value, isMoneyMetric(node.metric)) }}
      intro={
        node && (
          <p>
            {props.label} · {node.periodKey ?? node.periodStart} ·{' '}
            {formatTargetAmount(node.metric, node.value, language)}
          </p>
        )
      }
    >
      <Form.Item
        name="value"
        label={money ? t('target.valueYuan') : t('target.valueCount')}
        rules={[
          { required: true, message: t('field.required') },
          { type: 'number', min: 0, message: t('field.positive') },
        ]}
      >
        <InputNumber style={{ width: '100%' }} min={0} precision={money ? 2 : 0} />
      </Form.Item>
    </FormDialog>
  );
}
