import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, expectNoContent, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import { ifMatch } from '../field/field-data';
import { AdminNav } from './AdminNav';
import { EditWebhookDialog, useWebhookRules, WebhookDeliveriesDrawer } from './WebhookDialogs';

type Webhook = Schemas['Webhook'];
interface NewWebhook {
  url: string;
  eventPatterns: string[];
  secret?: string;
}

/**
 * The tenant's webhooks: where events are POSTed (signed with the webhook's secret), which
 * events, whether on; a new one shows its secret once, a test delivery can be sent, and each
 * one can be edited, deleted, and its recent deliveries looked at.
 */
export function WebhooksPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | undefined>();
  const [editing, setEditing] = useState<Webhook | undefined>();
  const [viewingLog, setViewingLog] = useState<Webhook | undefined>();
  const webhooks = useQuery({
    queryKey: ['webhooks'],
    queryFn: async () => unwrap(await api.GET('/api/v1/webhooks', { params: { query: { limit: 200 } } })).items,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });

  async function toggle(webhook: Webhook, active: boolean) {
    try {
      unwrap(
        await api.PATCH('/api/v1/webhooks/{id}', {
          params: { path: { id: webhook.id }, header: ifMatch(webhook.version) },
          body: { active },
        }),
      );
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      await refresh();
    }
  }

  async function sendTest(webhook: Webhook) {
    try {
      unwrap(
        await api.POST('/api/v1/webhooks/{id}/test', {
          params: { path: { id: webhook.id }, header: idempotencyKey() },
        }),
      );
      message.success(t('webhook.testSent'));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  }

  async function remove(webhook: Webhook) {
    try {
      expectNoContent(await api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: webhook.id } } }));
      message.success(t('webhook.deleted'));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      await refresh();
    }
  }

  return (
    <>
      <AdminNav />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
        {t('webhook.new')}
      </Button>
      {secret && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setSecret(undefined)}
          style={{ marginBottom: 12 }}
          message={t('webhook.secretOnce')}
          description={
            <Typography.Text copyable code>
              {secret}
            </Typography.Text>
          }
        />
      )}
      <Table<Webhook>
        rowKey="id"
        size="middle"
        loading={webhooks.isLoading}
        dataSource={webhooks.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('webhook.url'), dataIndex: 'url' },
          {
            title: t('webhook.events'),
            dataIndex: 'eventPatterns',
            render: (patterns: string[]) => patterns.map((p) => <Tag key={p}>{p}</Tag>),
          },
          {
            title: t('webhook.active'),
            dataIndex: 'active',
            render: (active: boolean, webhook) => (
              <Space direction="vertical" size={0}>
                <Switch checked={active} onChange={(on) => toggle(webhook, on)} aria-label={webhook.url} />
                {webhook.disabledReason && <Typography.Text type="danger">{webhook.disabledReason}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('webhook.failures'), dataIndex: 'consecutiveFailures' },
          {
            title: '',
            key: 'test',
            render: (_: unknown, webhook) => (
              <Space wrap size={4}>
                <Button size="small" onClick={() => sendTest(webhook)}>
                  {t('webhook.test')}
                </Button>
                <Button size="small" onClick={() => setViewingLog(webhook)}>
                  {t('webhook.deliveries')}
                </Button>
                <Button size="small" onClick={() => setEditing(webhook)}>
                  {t('webhook.edit')}
                </Button>
                <Popconfirm
                  title={t('webhook.deleteConfirm')}
                  okText={t('action.delete')}
                  cancelText={t('action.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(webhook)}
                >
                  <Button size="small" danger>
                    {t('webhook.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <EditWebhookDialog
          webhook={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void refresh();
          }}
        />
      )}
      {viewingLog && <WebhookDeliveriesDrawer webhook={viewingLog} onClose={() => setViewingLog(undefined)} />}
      {creating && (
        <NewWebhookDialog
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setSecret(created);
            void refresh();
          }}
        />
      )}
    </>
  );
}

/** Validated as CreateWebhook is: an http(s) URL, 1 to 50 event patterns, a secret of 16 to 200. */
function NewWebhookDialog({ onClose, onCreated }: { onClose(): void; onCreated(secret: string): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewWebhook>();
  const rules = useWebhookRules();

  return (
    <FormDialog
      open
      formName={null}
      title={t('webhook.new')}
      form={form}
      initialValues={{ eventPatterns: [] }}
      submit={async (values) =>
        unwrap(
          await api.POST('/api/v1/webhooks', {
            params: { header: idempotencyKey() },
            body: {
              url: values.url,
              eventPatterns: values.eventPatterns,
              ...(values.secret ? { secret: values.secret } : {}),
            },
          }),
        )
      }
      onSubmitted={(created) => onCreated(created.secret)}
      onClose={onClose}
    >
      <Form.Item name="url" label={t('webhook.url')} rules={rules.url}>
        <Input placeholder="https://erp.example.com/hooks/salesflow" inputMode="url" />
      </Form.Item>
      <Form.Item
        name="eventPatterns"
        label={t('webhook.events')}
        extra="crm.contract.signed · crm.* · *"
        rules={rules.eventPatterns}
      >
        <Select mode="tags" tokenSeparators={[',', ' ']} />
      </Form.Item>
      <Form.Item name="secret" label={t('webhook.secret')} extra={t('webhook.secretHint')} rules={rules.secret}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}
