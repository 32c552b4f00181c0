import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AutoComplete, Button, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../api/client';
import { hasPermission } from '../../auth/has-permission';
import { useMe } from '../../auth/use-me';
import { FormDialog } from '../../components/FormDialog';
import { yuanToMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import { CustomerSelect } from '../contracts/CustomerSelect';

interface OpportunityForm {
  customerId?: string;
  name: string;
  stageId?: string;
  amount?: number;
  expectedCloseOn?: Dayjs;
  productLine?: string;
}

/**
 * 新建商机 outside lead conversion. A new opportunity starts in an open stage of the tenant's
 * default pipeline (the only one the API takes), the first by default; the chosen stage's
 * required fields are asked for as the API will insist on them.
 */
export function NewOpportunityDialog(props: {
  open: boolean;
  customerId?: string;
  onClose(): void;
  onCreated(opportunity: { id: string }): void | Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<OpportunityForm>();
  const pipelines = useQuery({
    queryKey: ['pipelines'],
    enabled: props.open,
    staleTime: 300_000,
    queryFn: async () => unwrap(await api.GET('/api/v1/pipelines')),
  });
  const products = useQuery({
    queryKey: ['products', 'active'],
    enabled: props.open,
    queryFn: async () => unwrap(await api.GET('/api/v1/products', { params: { query: { activeOnly: 'true' } } })),
  });
  const pipeline = pipelines.data?.items.find((p) => p.isDefault);
  const openStages = (pipeline?.stages ?? []).filter((s) => s.kind === 'open').sort((a, b) => a.position - b.position);
  const stageId: string | undefined = Form.useWatch('stageId', form);
  const required = new Set((openStages.find((s) => s.id === stageId) ?? openStages[0])?.requiredFields ?? []);
  const productLines = [...new Set((products.data?.items ?? []).map((p) => p.productLine))];

  async function submit(values: OpportunityForm) {
    return unwrap(
      await api.POST('/api/v1/opportunities', {
        params: { header: idempotencyKey() },
        body: {
          name: values.name.trim(),
          customerId: props.customerId ?? values.customerId ?? '',
          ...(values.stageId ? { stageId: values.stageId } : {}),
          ...(values.amount !== undefined && values.amount !== null ? { amount: yuanToMoney(values.amount) } : {}),
          ...(values.expectedCloseOn ? { expectedCloseOn: values.expectedCloseOn.format('YYYY-MM-DD') } : {}),
          ...(values.productLine?.trim() ? { productLine: values.productLine.trim() } : {}),
        },
      }),
    );
  }

  return (
    <FormDialog
      open={props.open}
      title={t('opportunity.new')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onCreated}
      successMessage={t('opportunity.created')}
      intro={
        pipeline && (
          <p>
            {t('opportunity.pipeline')}: {pipeline.name}
          </p>
        )
      }
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
        name="name"
        label={t('opportunity.name')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 200, message: t('field.tooLong') },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="stageId" label={t('opportunity.startStage')}>
        <Select
          allowClear
          loading={pipelines.isLoading}
          placeholder={openStages[0]?.name}
          options={openStages.map((s) => ({ value: s.id, label: `${s.name} (${s.probability}%)` }))}
        />
      </Form.Item>
      <Form.Item
        name="amount"
        label={t('opportunity.amountYuan')}
        rules={[
          { required: required.has('amount'), message: t('field.required') },
          { type: 'number', min: 0.01, message: t('field.positive') },
        ]}
      >
        <InputNumber style={{ width: '100%' }} min={0} precision={2} />
      </Form.Item>
      <Form.Item
        name="expectedCloseOn"
        label={t('opportunity.expectedCloseOn')}
        rules={[{ required: required.has('expectedCloseOn'), message: t('field.required') }]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="productLine"
        label={t('opportunity.productLine')}
        rules={[
          { required: required.has('productLine'), whitespace: true, message: t('field.required') },
          { max: 100, message: t('field.tooLong') },
        ]}
      >
        <AutoComplete options={productLines.map((value) => ({ value }))} />
      </Form.Item>
    </FormDialog>
  );
}

/** The 新建商机 button and its dialog; the new opportunity opens once created. Hidden without crm.opportunity.write. */
export function NewOpportunityButton({ customerId }: { customerId?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const [open, setOpen] = useState(false);
  if (!hasPermission(me.data?.permissions, 'crm.opportunity.write')) return null;
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {t('opportunity.new')}
      </Button>
      <NewOpportunityDialog
        open={open}
        customerId={customerId}
        onClose={() => setOpen(false)}
        onCreated={(opportunity) => {
          void queryClient.invalidateQueries({ queryKey: ['opportunity-board'] });
          void queryClient.invalidateQueries({ queryKey: ['opportunities'] });
          navigate(`/opportunities/${opportunity.id}`);
        }}
      />
    </>
  );
}
