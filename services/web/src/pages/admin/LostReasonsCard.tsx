import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiProblem, api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

const MAX_LENGTH = 50;
const MAX_REASONS = 50;

/**
 * The reasons a lost opportunity can be given (输单原因): add one, or deactivate one so it is no
 * longer offered. The API keeps the list as a whole (1 to 50 reasons of at most 50 characters),
 * so each change sends the new list; what it refuses is shown next to the list and nothing changes.
 */
export function LostReasonsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [listError, setListError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const reasons = useQuery({
    queryKey: ['lost-reasons'],
    queryFn: async () => unwrap(await api.GET('/api/v1/lost-reasons')).reasons,
  });
  const current = reasons.data ?? [];

  async function replace(next: string[]): Promise<boolean> {
    setBusy(true);
    setListError(undefined);
    try {
      unwrap(await api.PUT('/api/v1/lost-reasons', { body: { reasons: next } }));
      message.success(t('lostReason.saved'));
      await queryClient.invalidateQueries({ queryKey: ['lost-reasons'] });
      return true;
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        message.error(error instanceof Error ? error.message : String(error));
        return false;
      }
      // reasons (the whole list) or reasons[3] (one entry): both are about the list.
      const [listMessage] = Object.entries(error.fieldErrors())
        .filter(([field]) => /^(body\.)?reasons\b/.test(field))
        .map(([, text]) => text);
      if (listMessage) setListError(listMessage);
      else message.error(error.message);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function add({ reason }: { reason: string }) {
    if (await replace([...current, reason.trim()])) form.resetFields();
  }

  return (
    <Card size="small" title={t('lostReason.title')} style={{ marginBottom: 12 }} data-testid="lost-reasons">
      <Typography.Paragraph type="secondary">{t('lostReason.hint')}</Typography.Paragraph>
      {!reasons.isLoading && current.length === 0 && <Empty description={t('common.empty')} />}
      <Space wrap size={[4, 8]} style={{ marginBottom: 8 }}>
        {current.map((reason) => (
          <Tag key={reason} data-testid="lost-reason">
            {reason}{' '}
            <Popconfirm
              title={`${t('lostReason.remove')}: ${reason}?`}
              okText={t('lostReason.remove')}
              cancelText={t('action.cancel')}
              onConfirm={() => replace(current.filter((r) => r !== reason))}
            >
              <Button
                type="link"
                size="small"
                danger
                disabled={busy}
                aria-label={`${t('lostReason.remove')} ${reason}`}
              >
                {t('lostReason.remove')}
              </Button>
            </Popconfirm>
          </Tag>
        ))}
      </Space>
      {listError && (
        <Typography.Paragraph type="danger" role="alert" data-testid="lost-reasons-error">
          {listError}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="inline" onFinish={add}>
        <Form.Item
          name="reason"
          label={t('lostReason.new')}
          rules={[
            { required: true, whitespace: true, message: t('field.required') },
            { max: MAX_LENGTH, message: t('field.tooLong') },
            {
              validator: async (_, value: string | undefined) => {
                if (value && current.includes(value.trim())) throw new Error(t('lostReason.duplicate'));
              },
            },
          ]}
        >
          <Input style={{ width: 220 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={busy} disabled={current.length >= MAX_REASONS}>
            {t('lostReason.add')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
