import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import { enumOptions } from '../lead-options';
import { ifMatch, VISIT_PURPOSES, type VisitPlan } from './field-data';

interface PlanForm {
  items: { customerId?: string; plannedTime?: string; purpose?: Schemas['VisitPurpose']; notes?: string }[];
}

// As the API checks it (CreateVisitPlanRequest): HH:MM, at most 30 visits, notes up to 500.
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_VISITS = 30;

/**
 * The day's visits (customer, time, purpose) of a draft or sent-back plan: saved as a draft,
 * or saved and submitted to the supervisor in one tap.
 */
export function PlanEditor({
  planDate,
  plan,
  customers,
  onChanged,
}: {
  planDate: string;
  plan: VisitPlan | undefined;
  customers: Schemas['Customer'][];
  onChanged(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanForm>();
  const [busy, setBusy] = useState<'save' | 'submit' | undefined>();

  async function save(values: PlanForm, then: 'save' | 'submit') {
    const items = values.items.map((item) => ({
      customerId: item.customerId ?? '',
      plannedTime: item.plannedTime ?? '',
      purpose: item.purpose ?? 'other',
      ...(item.notes?.trim() ? { notes: item.notes.trim() } : {}),
    }));
    setBusy(then);
    try {
      const saved = plan
        ? unwrap(
            await api.PUT('/api/v1/visit-plans/{id}', {
              params: { path: { id: plan.id }, header: ifMatch(plan.version) },
              body: { items },
            }),
          )
        : unwrap(await api.POST('/api/v1/visit-plans', { body: { planDate, items } }));
      if (then === 'submit') {
        unwrap(
          await api.POST('/api/v1/visit-plans/{id}/submit', {
            params: { path: { id: saved.id }, header: { ...ifMatch(saved.version), ...idempotencyKey() } },
          }),
        );
        message.success(t('field.planSubmitted'));
      } else {
        message.success(t('field.planSaved'));
      }
      onChanged();
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
      onChanged();
    } finally {
      setBusy(undefined);
    }
  }

  async function submitWith(then: 'save' | 'submit') {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    await save(values, then);
  }

  const customerOptions = customers.map((c) => ({ value: c.id, label: c.name }));
  return (
    <Form<PlanForm>
      form={form}
      layout="vertical"
      initialValues={{
        items: plan?.items.map(({ customerId, plannedTime, purpose, notes }) => ({
          customerId,
          plannedTime,
          purpose,
          notes,
        })) ?? [{ purpose: 'new_customer' }],
      }}
    >
      <Form.List name="items" rules={[{ validator: async (_, items) => checkCount(items, t('field.planEmpty')) }]}>
        {(fields, { add, remove }, { errors }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                title={`#${index + 1}`}
                extra={
                  <Button
                    type="text"
                    danger
                    aria-label={`${t('action.cancel')} #${index + 1}`}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <Form.Item
                  name={[field.name, 'customerId']}
                  label={t('field.customer')}
                  rules={[{ required: true, message: t('field.required') }]}
                >
                  <Select showSearch optionFilterProp="label" options={customerOptions} />
                </Form.Item>
                <Space.Compact block>
                  <Form.Item
                    name={[field.name, 'plannedTime']}
                    label={t('field.plannedTime')}
                    style={{ width: 110 }}
                    rules={[
                      { required: true, message: t('field.required') },
                      { pattern: HH_MM, message: t('field.timeFormat') },
                    ]}
                  >
                    <Input placeholder="09:30" inputMode="numeric" maxLength={5} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'purpose']}
                    label={t('field.purpose')}
                    style={{ flex: 1 }}
                    rules={[{ required: true, message: t('field.required') }]}
                  >
                    <Select options={enumOptions(VISIT_PURPOSES, 'purpose', t)} />
                  </Form.Item>
                </Space.Compact>
                <Form.Item
                  name={[field.name, 'notes']}
                  label={t('field.notes')}
                  rules={[{ max: 500, message: t('field.tooLong') }]}
                  style={{ marginBottom: 0 }}
                >
                  <Input />
                </Form.Item>
              </Card>
            ))}
            <Form.ErrorList errors={errors} />
            {fields.length < MAX_VISITS && (
              <Button block icon={<PlusOutlined />} onClick={() => add({ purpose: 'new_customer' })}>
                {t('field.addVisit')}
              </Button>
            )}
          </Space>
        )}
      </Form.List>
      <Space style={{ marginTop: 16, width: '100%' }} direction="vertical">
        <Button block loading={busy === 'save'} onClick={() => submitWith('save')}>
          {t('field.savePlan')}
        </Button>
        <Button block type="primary" loading={busy === 'submit'} onClick={() => submitWith('submit')}>
          {t('field.submitPlan')}
        </Button>
      </Space>
    </Form>
  );
}

async function checkCount(items: unknown[] | undefined, tooFew: string): Promise<void> {
  if (!items || items.length === 0) throw new Error(tooFew);
}
