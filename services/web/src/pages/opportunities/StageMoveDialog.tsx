import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { moneyToYuan, yuanToMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { Opportunity } from './sales-types';

type Stage = Schemas['PipelineStage'];

interface MoveForm {
  amount?: number;
  expectedCloseOn?: Dayjs;
  productLine?: string;
  reason?: string;
  lostReason?: string;
}

export interface StageMove {
  opportunity: Opportunity;
  from: Stage;
  to: Stage;
}

/**
 * Moving an opportunity to another stage (drag on the board or the stage menu). It asks for what
 * the API will insist on — the target stage's required fields, a reason when going back, one of
 * the tenant's lost reasons for the lost stage — and the API's per-field refusals land beside
 * the fields. Required fields are saved first (PATCH with If-Match), then the move is made with
 * the version that save returned, so nobody else's change is overwritten.
 */
export function StageMoveDialog({
  move,
  onClose,
  onMoved,
}: {
  move: StageMove | undefined;
  onClose(): void;
  onMoved(opportunity: Opportunity): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<MoveForm>();
  const to = move?.to;
  const backwards = move ? move.to.position < move.from.position : false;
  const lostReasons = useQuery({
    queryKey: ['lost-reasons'],
    enabled: to?.kind === 'lost',
    queryFn: async () => unwrap(await api.GET('/api/v1/lost-reasons')),
  });

  async function submit(values: MoveForm) {
    if (!move) throw new Error(t('common.error'));
    const { opportunity, to } = move;
    let version = opportunity.version;
    const changes: Schemas['UpdateOpportunityRequest'] = {};
    const required = new Set(to.requiredFields);
    if (required.has('amount') && values.amount !== undefined) {
      const amount = yuanToMoney(values.amount, opportunity.amount?.currency);
      if (amount.amountMinor !== opportunity.amount?.amountMinor) changes.amount = amount;
    }
    if (required.has('expectedCloseOn') && values.expectedCloseOn) {
      const day = values.expectedCloseOn.format('YYYY-MM-DD');
      if (day !== opportunity.expectedCloseOn) changes.expectedCloseOn = day;
    }
    if (required.has('productLine') && values.productLine && values.productLine !== opportunity.productLine) {
      changes.productLine = values.productLine;
    }
    if (Object.keys(changes).length > 0) {
      const saved = unwrap(
        await api.PATCH('/api/v1/opportunities/{id}', {
          params: { path: { id: opportunity.id }, header: { 'If-Match': `"${version}"` } },
          body: changes,
        }),
      );
      version = saved.version;
    }
    return unwrap(
      await api.POST('/api/v1/opportunities/{id}/stage', {
        params: { path: { id: opportunity.id }, header: { 'If-Match': `"${version}"` } },
        body: {
          stageId: to.id,
          ...(values.reason ? { reason: values.reason } : {}),
          ...(values.lostReason ? { lostReason: values.lostReason } : {}),
        },
      }),
    );
  }

  const title =
    to?.kind === 'won'
      ? t('opportunity.winTitle')
      : to?.kind === 'lost'
        ? t('opportunity.loseTitle')
        : `${t('opportunity.moveTo')} ${to?.name ?? ''}`;
  return (
    <FormDialog
      open={Boolean(move)}
      title={title}
      okText={
        to?.kind === 'won'
          ? t('opportunity.markWon')
          : to?.kind === 'lost'
            ? t('opportunity.markLost')
            : t('opportunity.move')
      }
      okDanger={to?.kind === 'lost'}
      form={form}
      submit={submit}
      onClose={onClose}
      onSubmitted={onMoved}
      initialValues={
        move && {
          amount: moneyToYuan(move.opportunity.amount),
          expectedCloseOn: move.opportunity.expectedCloseOn ? dayjs(move.opportunity.expectedCloseOn) : undefined,
          productLine: move.opportunity.productLine ?? undefined,
        }
      }
      intro={
        move && (
          <p>
            {move.opportunity.name}: {move.from.name} → {move.to.name}
          </p>
        )
      }
    >
      {to?.requiredFields.includes('amount') && (
        <Form.Item
          name="amount"
          label={t('opportunity.amountYuan')}
          rules={[
            { required: true, message: t('field.required') },
            { type: 'number', min: 0.01, message: t('field.positive') },
          ]}
        >
          <InputNumber style={{ width: '100%' }} min={0} precision={2} />
        </Form.Item>
      )}
      {to?.requiredFields.includes('expectedCloseOn') && (
        <Form.Item
          name="expectedCloseOn"
          label={t('opportunity.expectedCloseOn')}
          rules={[{ required: true, message: t('field.required') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      )}
      {to?.requiredFields.includes('productLine') && (
        <Form.Item
          name="productLine"
          label={t('opportunity.productLine')}
          rules={[
            { required: true, whitespace: true, message: t('field.required') },
            { max: 100, message: t('field.tooLong') },
          ]}
        >
          <Input />
        </Form.Item>
      )}
      {to?.kind === 'lost' && (
        <Form.Item
          name="lostReason"
          label={t('opportunity.lostReason')}
          rules={[{ required: true, message: t('field.required') }]}
        >
          <Select
            loading={lostReasons.isLoading}
            options={(lostReasons.data?.reasons ?? []).map((reason) => ({ value: reason, label: reason }))}
          />
        </Form.Item>
      )}
      {backwards && (
        <>
          <Alert type="warning" showIcon title={t('opportunity.backwardsHint')} style={{ marginBottom: 12 }} />
          <Form.Item
            name="reason"
            label={t('opportunity.backwardsReason')}
            rules={[
              { required: true, whitespace: true, message: t('field.required') },
              { max: 500, message: t('field.tooLong') },
            ]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
      {/* A stage error the form has no field for (stageId) still shows here. */}
      <Form.Item name="stageId" hidden>
        <Input />
      </Form.Item>
    </FormDialog>
  );
}
