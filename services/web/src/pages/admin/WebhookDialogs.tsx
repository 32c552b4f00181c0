import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Form, Input, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ifMatch } from '../field/field-data';

type Webhook = Schemas['Webhook'];
type Delivery = Schemas['WebhookDelivery'];
interface WebhookChange {
  url: string;
  eventPatterns: string[];
  secret?: string;
}

const DELIVERY_COLORS: Record<Delivery['status'], string> = {
  pending: 'processing',
  delivered: 'green',
  failed: 'red',
};
const DELIVERIES_SHOWN = 50;

/** The URL and pattern rules of CreateWebhook/UpdateWebhook, shared by the new and the edit form. */
export function useWebhookRules() {
  const { t } = useI18n();
  return {
    url: [
      { required: true, message: t('field.required') },
      { type: 'url' as const, message: t('webhook.badUrl') },
      { pattern: /^https?:\/\//, message: t('webhook.badUrl') },
      { max: 2000, message: t('field.tooLong') },
    ],
    eventPatterns: [
      { type: 'array' as const, required: true, min: 1, message: t('field.required') },
      { type: 'array' as const, max: 50, message: t('field.tooLong') },
    ],
    secret: [
      { min: 16, message: t('webhook.secretLength') },
      { max: 200, message: t('webhook.secretLength') },
    ],
  };
}

/**
 * Changes where a webhook posts and which events it takes, and optionally rotates its secret
 * (left empty, the secret stays). Sent with the version seen, so a concurrent edit is refused.
 */
export function EditWebhookDialog({
  webhook,
  onClose,
  onSaved,
}: {
  webhook: Webhook;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const rules = useWebhookRules();
  const [form] = Form.useForm<WebhookChange>();

  return (
    <FormDialog
      open
      formName={null}
      title={t('webhook.editTitle')}
      form={form}
      initialValues={{ url: webhook.url, eventPatterns: webhook.eventPatterns }}
      submit={async (values) =>
        unwrap(
          await api.PATCH('/api/v1/webhooks/{id}', {
            params: { path: { id: webhook.id }, header: ifMatch(webhook.version) },
            body: {
              url: values.url,
              eventPatterns: values.eventPatterns,
              ...(values.secret ? { secret: values.secret } : {}),
            },
          }),
        )
      }
      successMessage={t('employee.saved')}
      onSubmitted={onSaved}
      onStale={onSaved}
      onClose={onClose}
    >
      <Form.Item name="url" label={t('webhook.url')} rules={rules.url}>
        <Input inputMode="url" />
      </Form.Item>
      <Form.Item
        name="eventPatterns"
        label={t('webhook.events')}
        extra="crm.contract.signed · crm.* · *"
        rules={rules.eventPatterns}
      >
        <Select mode="tags" tokenSeparators={[',', ' ']} />
      </Form.Item>
      <Form.Item name="secret" label={t('webhook.newSecret')} extra={t('webhook.newSecretHint')} rules={rules.secret}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}

/**
 * A webhook's recent deliveries, newest first: the event, whether it arrived, how many attempts
 * it took and what the receiver answered each time (status code or the network error).
 */
export function WebhookDeliveriesDrawer({ webhook, onClose }: { webhook: Webhook; onClose(): void }) {
  const { t } = useI18n();
  const deliveries = useQuery({
    queryKey: ['webhooks', webhook.id, 'deliveries'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id: webhook.id }, query: { limit: DELIVERIES_SHOWN } },
        }),
      ).items,
  });
  const time = (at: string | null) => (at ? dayjs(at).format('MM-DD HH:mm:ss') : '');

  return (
    <Drawer
      open
      width={Math.min(900, window.innerWidth)}
      title={`${t('webhook.deliveries')} · ${webhook.url}`}
      onClose={onClose}
      extra={<Button onClick={() => deliveries.refetch()}>{t('action.refresh')}</Button>}
    >
      <Table<Delivery>
        rowKey="id"
        size="small"
        data-testid="webhook-deliveries"
        loading={deliveries.isFetching}
        dataSource={deliveries.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        expandable={{
          rowExpandable: (delivery) => delivery.attemptLog.length > 0,
          expandedRowRender: (delivery) => (
            <ol style={{ margin: 0, paddingInlineStart: 18 }}>
              {delivery.attemptLog.map((attempt) => (
                <li key={attempt.attempt}>
                  {time(attempt.attemptedAt)} · {attempt.statusCode ?? '—'} · {attempt.durationMs} ms
                  {attempt.error && <Typography.Text type="danger"> · {attempt.error}</Typography.Text>}
                </li>
              ))}
            </ol>
          ),
        }}
        columns={[
          { title: t('webhook.deliveryAt'), dataIndex: 'createdAt', render: time },
          { title: t('webhook.deliveryEvent'), dataIndex: 'eventType' },
          {
            title: t('webhook.deliveryStatus'),
            dataIndex: 'status',
            render: (status: Delivery['status']) => (
              <Tag color={DELIVERY_COLORS[status]}>{t(`deliveryStatus.${status}` as MessageKey)}</Tag>
            ),
          },
          { title: t('webhook.deliveryAttempts'), dataIndex: 'attempts' },
          {
            title: t('webhook.deliveryCode'),
            key: 'code',
            // What the receiver said the last time it was tried.
            render: (_: unknown, delivery) => {
              const last = delivery.attemptLog.at(-1);
              if (!last) return '';
              return last.statusCode ?? <Typography.Text type="danger">{last.error}</Typography.Text>;
            },
          },
          {
            title: t('webhook.deliveryNext'),
            dataIndex: 'nextAttemptAt',
            render: (at: string | null, delivery) => (delivery.status === 'pending' ? time(at) : ''),
          },
        ]}
      />
    </Drawer>
  );
}
