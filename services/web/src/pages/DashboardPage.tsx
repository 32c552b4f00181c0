import { useQuery } from '@tanstack/react-query';
import { Card, Col, List, Row, Segmented, Statistic, Table } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { EChart } from '../components/EChart';
import { formatMoney } from '../components/money';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** The manager's first look: leads by source (chart or table), this month's sales and the overdue follow-ups. */
export function DashboardPage() {
  const { t, language } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const summary = useQuery({
    queryKey: ['lead-summary'],
    queryFn: async () => unwrap(await api.GET('/api/v1/analytics/leads/summary')),
  });
  const overdue = useQuery({
    queryKey: ['overdue', 'team'],
    queryFn: async () => unwrap(await api.GET('/api/v1/activities/overdue', { params: { query: { scope: 'team' } } })),
  });
  // This month's sales in my data scope (a manager's team), built from contract and payment events.
  const kpis = useQuery({
    queryKey: ['kpis', 'month'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/analytics/kpis', { params: { query: { period: dayjs().format('YYYY-MM') } } })),
  });
  const month = kpis.data?.total;
  const rows = useMemo(
    () =>
      Object.entries(summary.data?.bySource ?? {}).map(([source, count]) => ({
        source,
        label: t(`source.${source}` as MessageKey),
        count: count ?? 0,
      })),
    [summary.data, t],
  );
  const option = useMemo(
    () => ({
      tooltip: {},
      xAxis: { type: 'category', data: rows.map((r) => r.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#1d4ed8' } }],
    }),
    [rows],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('dashboard.totalLeads')} value={summary.data?.total ?? 0} loading={summary.isLoading} />
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <Card
          title={t('dashboard.leadsBySource')}
          extra={
            <Segmented
              size="small"
              // Names the toggle in the reader's language (antd's default is "segmented control").
              aria-label={`${t('dashboard.leadsBySource')}: ${t('dashboard.chartOrTable')}`}
              value={view}
              onChange={(v) => setView(v as 'chart' | 'table')}
              options={[
                { value: 'chart', label: t('action.showChart') },
                { value: 'table', label: t('action.showTable') },
              ]}
            />
          }
        >
          {view === 'chart' ? (
            <EChart option={option} label={t('dashboard.leadsBySource')} />
          ) : (
            <Table
              size="small"
              rowKey="source"
              pagination={false}
              dataSource={rows}
              columns={[
                { title: t('lead.source'), dataIndex: 'label' },
                { title: t('dashboard.count'), dataIndex: 'count', align: 'right' },
              ]}
            />
          )}
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('dashboard.thisMonth')} loading={kpis.isLoading} data-testid="kpi-month">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('dashboard.salesAmount')} value={formatMoney(month?.salesAmount, language)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('dashboard.collections')} value={formatMoney(month?.collections, language)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('dashboard.contracts')} value={month?.contracts ?? 0} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('dashboard.won')} value={month?.won ?? 0} />
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('dashboard.overdue')}>
          <List
            loading={overdue.isLoading}
            locale={{ emptyText: t('common.empty') }}
            dataSource={overdue.data?.items ?? []}
            renderItem={(item) => (
              <List.Item>
                <Link to={item.subjectType === 'lead' ? `/leads/${item.subjectId}` : `/customers/${item.subjectId}`}>
                  {item.name}
                </Link>
                <span>{item.nextFollowUpOn}</span>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
