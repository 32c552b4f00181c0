import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';
import { ChartTableCard } from '../../components/ChartTableCard';
import { useI18n } from '../../i18n/i18n';
import { chartValue, formatMetricValue } from './dashboard-format';
import type { DashboardFilters } from './PeriodPicker';
import { periodRange, trendInterval } from './period';

interface TrendRow {
  start: string;
  sales: number | null;
  collections: number | null;
}

/** Sales signed and money collected per week (month, quarter) or per month (year) of the period. */
export function TrendCard({ filters }: { filters: DashboardFilters }) {
  const { t, language } = useI18n();
  const query = { ...periodRange(filters.period), interval: trendInterval(filters.period) };
  const sales = useQuery({
    queryKey: ['timeseries', 'sales_amount', query],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/timeseries', { params: { query: { ...query, metric: 'sales_amount' } } }),
      ),
  });
  const collections = useQuery({
    queryKey: ['timeseries', 'collections', query],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/analytics/timeseries', { params: { query: { ...query, metric: 'collections' } } })),
  });
  const rows = useMemo<TrendRow[]>(() => {
    const collected = new Map((collections.data?.points ?? []).map((p) => [p.start, p.value]));
    return (sales.data?.points ?? []).map((p) => ({
      start: p.start,
      sales: p.value,
      collections: collected.get(p.start) ?? null,
    }));
  }, [sales.data, collections.data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('dashboard.salesAmount'), t('dashboard.collections')], textStyle: { color: '#1f2937' } },
      grid: { left: 64, right: 16 },
      xAxis: { type: 'category', data: rows.map((r) => r.start) },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('dashboard.salesAmount'),
          type: 'line',
          data: rows.map((r) => chartValue('sales_amount', r.sales)),
          itemStyle: { color: '#1d4ed8' },
        },
        {
          name: t('dashboard.collections'),
          type: 'line',
          data: rows.map((r) => chartValue('collections', r.collections)),
          itemStyle: { color: '#047857' },
          lineStyle: { type: 'dashed' },
        },
      ],
    }),
    [rows, t],
  );
  return (
    <ChartTableCard
      title={t('dashboard.trends')}
      testId="dashboard-trends"
      option={option}
      rows={rows}
      rowKey="start"
      loading={sales.isLoading || collections.isLoading}
      error={sales.error ?? collections.error}
      columns={[
        { title: t('dashboard.periodStart'), dataIndex: 'start' },
        {
          title: t('dashboard.salesAmount'),
          dataIndex: 'sales',
          align: 'right',
          render: (_, r) => formatMetricValue('sales_amount', r.sales, language),
        },
        {
          title: t('dashboard.collections'),
          dataIndex: 'collections',
          align: 'right',
          render: (_, r) => formatMetricValue('collections', r.collections, language),
        },
      ]}
    />
  );
}
