import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Empty, Flex, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../auth/use-me';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { FieldNav } from './FieldNav';
import { businessToday, formatMoney, ifMatch } from './field-data';

type DailyReport = Schemas['DailyReport'];
type Narrative = Schemas['UpdateDailyReportRequest'];
const NARRATIVE_FIELDS = ['complaintsHandled', 'competitorNews', 'customerFeedback', 'lessons'] as const;
// As UpdateDailyReportRequest: each text at most 4000 characters.
const MAX_TEXT = 4000;

/**
 * Today's daily report (每日销售报告表): the figures come pre-filled from the day's check-ins and
 * crm's records; the rep writes the rest and submits it to the supervisor.
 */
export function DailyReportPage() {
  const { t } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const today = businessToday();
  const employeeId = me.data?.employee.id;
  const reports = useQuery({
    queryKey: ['daily-reports', 'mine', today, employeeId],
    enabled: Boolean(employeeId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/daily-reports', {
          params: { query: { employeeId, from: today, to: today, limit: 1 } },
        }),
      ),
  });
  const report = reports.data?.items.find((r) => r.reportDate === today);
  const [starting, setStarting] = useState(false);

  async function start() {
    setStarting(true);
    try {
      unwrap(
        await api.POST('/api/v1/daily-reports', { body: { reportDate: today }, params: { header: idempotencyKey() } }),
      );
      await queryClient.invalidateQueries({ queryKey: ['daily-reports'] });
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setStarting(false);
    }
  }

  return (
    <>
      <FieldNav />
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('field.dailyReport')} · {today}
        </Typography.Title>
        {report?.status && (
          <Tag data-testid="report-status" color={report.status === 'reviewed' ? 'green' : undefined}>
            {t(`reportStatus.${report.status}` as MessageKey)}
            {report.late && ` · ${t('field.late')}`}
          </Tag>
        )}
      </Flex>
      {reports.isLoading && <Skeleton active />}
      {!reports.isLoading && !report && (
        <Empty description={t('common.empty')}>
          <Button type="primary" loading={starting} onClick={start}>
            {t('field.startReport')}
          </Button>
        </Empty>
      )}
      {report && <DailyReportForm key={report.id} report={report} />}
    </>
  );
}

function DailyReportForm({ report }: { report: DailyReport }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Narrative>();
  const [busy, setBusy] = useState<'save' | 'submit' | undefined>();
  const editable = report.status === 'draft' || report.status === 'returned';
  const { figures } = report;

  useEffect(() => {
    form.setFieldsValue(Object.fromEntries(NARRATIVE_FIELDS.map((field) => [field, report[field]])));
  }, [form, report]);

  async function save(then: 'save' | 'submit') {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(then);
    try {
      const saved = unwrap(
        await api.PATCH('/api/v1/daily-reports/{id}', {
          params: { path: { id: report.id }, header: ifMatch(report.version) },
          body: values,
        }),
      );
      if (then === 'submit') {
        unwrap(
          await api.POST('/api/v1/daily-reports/{id}/submit', {
            params: { path: { id: saved.id }, header: { ...ifMatch(saved.version), ...idempotencyKey() } },
          }),
        );
      }
      message.success(t(then === 'submit' ? 'field.reportSubmitted' : 'field.reportSaved'));
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(undefined);
      await queryClient.invalidateQueries({ queryKey: ['daily-reports'] });
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {report.reviewComment && (
        <Alert
          type={report.status === 'returned' ? 'warning' : 'success'}
          showIcon
          message={`${t('field.reviewComment')}: ${report.reviewComment}`}
        />
      )}
      <Descriptions title={t('field.figures')} size="small" bordered column={1} data-testid="report-figures">
        <Descriptions.Item label={t('field.clockedIn')}>
          {figures.clockedInAt ? dayjs(figures.clockedInAt).format('HH:mm') : '—'}
          {figures.clockedInLate && ` · ${t('field.late')}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.checkIns')}>{figures.checkIns}</Descriptions.Item>
        <Descriptions.Item label={t('field.customersVisited')}>{figures.customersVisited}</Descriptions.Item>
        <Descriptions.Item label={t('field.followUps')}>{figures.followUps}</Descriptions.Item>
        <Descriptions.Item label={t('field.payments')}>
          {figures.payments} · {formatMoney(figures.paymentsAmount, language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.contracts')}>
          {figures.contracts} · {formatMoney(figures.contractsAmount, language)}
        </Descriptions.Item>
      </Descriptions>
      <Form<Narrative> form={form} layout="vertical" disabled={!editable}>
        {NARRATIVE_FIELDS.map((field) => (
          <Form.Item
            key={field}
            name={field}
            label={t(`field.${field}` as MessageKey)}
            rules={[{ max: MAX_TEXT, message: t('field.tooLong') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        ))}
      </Form>
      {editable && (
        <>
          <Button block loading={busy === 'save'} onClick={() => save('save')}>
            {t('field.saveReport')}
          </Button>
          <Button block type="primary" loading={busy === 'submit'} onClick={() => save('submit')}>
            {t('field.submitReport')}
          </Button>
        </>
      )}
    </Space>
  );
}
