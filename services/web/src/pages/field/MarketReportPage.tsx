import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { enumOptions } from '../lead-options';
import { FieldNav } from './FieldNav';
import { useCustomers } from './field-data';

type FileMarketReport = Schemas['FileMarketReportRequest'];
const TYPES: Schemas['MarketReportType'][] = [
  'competitor_activity',
  'dealer_complaint',
  'customer_personnel_change',
  'product_feedback',
  'other',
];
const SEVERITIES: Schemas['Severity'][] = ['low', 'medium', 'high', 'critical'];
const SEVERITY_COLORS: Record<Schemas['Severity'], string> = {
  low: 'default',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};

/**
 * Market information from the field (市场信息): competitor moves, complaints, people changing at a
 * customer. High and critical ones reach the supervisor at once (the API sends them).
 */
export function MarketReportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const customers = useCustomers();
  const [form] = Form.useForm<FileMarketReport>();
  const [busy, setBusy] = useState(false);
  const type = Form.useWatch('type', form);
  const reports = useInfiniteQuery({
    queryKey: ['market-reports'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/market-reports', { params: { query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  async function file(values: FileMarketReport) {
    setBusy(true);
    try {
      unwrap(await api.POST('/api/v1/market-reports', { body: values, params: { header: idempotencyKey() } }));
      message.success(t('field.reportFiled'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['market-reports'] });
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <FieldNav />
      <Card size="small" title={t('field.marketReport')}>
        <Form<FileMarketReport>
          form={form}
          layout="vertical"
          onFinish={file}
          initialValues={{ type: 'competitor_activity', severity: 'medium' }}
        >
          <Form.Item
            name="type"
            label={t('field.reportType')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <Select options={enumOptions(TYPES, 'marketType', t)} />
          </Form.Item>
          <Form.Item
            name="severity"
            label={t('field.severity')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <Select options={enumOptions(SEVERITIES, 'severity', t)} />
          </Form.Item>
          <Form.Item name="customerId" label={t('field.customer')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          {/* The API requires the competitor for competitor activity. */}
          <Form.Item
            name="competitor"
            label={t('field.competitor')}
            rules={[
              { required: type === 'competitor_activity', whitespace: true, message: t('field.required') },
              { max: 200, message: t('field.tooLong') },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('field.title')}
            rules={[
              { required: true, whitespace: true, message: t('field.required') },
              { max: 200, message: t('field.tooLong') },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('field.description')}
            rules={[{ max: 4000, message: t('field.tooLong') }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <Button block type="primary" htmlType="submit" loading={busy}>
            {t('field.fileReport')}
          </Button>
        </Form>
      </Card>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('field.myMarketReports')}
      </Typography.Title>
      <List
        loading={reports.isLoading}
        locale={{ emptyText: t('common.empty') }}
        dataSource={reports.data?.pages.flatMap((page) => page.items) ?? []}
        renderItem={(report) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  {report.severity && (
                    <Tag color={SEVERITY_COLORS[report.severity]}>{t(`severity.${report.severity}` as MessageKey)}</Tag>
                  )}
                  {report.title}
                </>
              }
              description={[
                report.reportDate,
                report.type && t(`marketType.${report.type}` as MessageKey),
                report.competitor,
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          </List.Item>
        )}
      />
      {reports.hasNextPage && (
        <Button onClick={() => reports.fetchNextPage()} loading={reports.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
