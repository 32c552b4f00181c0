import { Form, Input, InputNumber, Select } from 'antd';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { isMoneyMetric, METRICS, type Metric } from './target-format';
import { inputToTargetValue } from './target-value';

interface RootTargetForm {
  metric: Metric;
  period: string;
  value: number;
}

/**
 * 新建公司目标: the tenant-wide root of a period and metric, which the tree is then split from.
 * The API needs the TENANT data scope for it and reads the period key under the tenant's fiscal
 * year and week start.
 */
export function NewRootTargetDialog(props: {
  open: boolean;
  period: string;
  metric: Metric;
  onClose(): void;
  onCreated(target: Schemas['TargetWithChildren']): void | Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<RootTargetForm>();
  const metric: Metric = Form.useWatch('metric', form) ?? props.metric;

  async function submit(values: RootTargetForm) {
    return unwrap(
      await api.POST('/api/v1/targets', {
        params: { header: idempotencyKey() },
        body: {
          metric: values.metric,
          period: values.period.trim(),
          scope: 'TENANT',
          value: inputToTargetValue(values.value, isMoneyMetric(values.metric)),
        },
      }),
    );
  }

  return (
    <FormDialog
      open={props.open}
      title={t('target.newRoot')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onCreated}
      successMessage={t('target.created')}
      initialValues={{ metric: props.metric, period: props.period }}
    >
      <Form.Item name="metric" label={t('target.metric')} rules={[{ required: true, message: t('field.required') }]}>
        <Select options={METRICS.map((value) => ({ value, label: t(`metric.${value}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('target.period')}
        extra={t('target.periodFormat')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { pattern: /^\s*\d{4}(Q[1-4]|-(0[1-9]|1[0-2])|W\d{1,2})?\s*$/, message: t('target.periodFormat') },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="value"
        label={isMoneyMetric(metric) ? t('target.valueYuan') : t('target.valueCount')}
        rules={[
          { required: true, message: t('field.required') },
          { type: 'number', min: 0, message: t('field.positive') },
        ]}
      >
        <InputNumber style={{ width: '100%' }} min={0} precision={isMoneyMetric(metric) ? 2 : 0} />
      </Form.Item>
    </FormDialog>
  );
}
