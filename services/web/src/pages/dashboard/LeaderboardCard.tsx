import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ChartTableCard } from '../../components/ChartTableCard';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { chartValue, formatMetricValue, type KpiMetric } from './dashboard-format';
import type { DashboardFilters } from './PeriodPicker';
import { useGroupNames } from './use-group-names';

// The metrics people rank each other by, with the KPI card's names for them.
const METRICS: [KpiMetric, MessageKey][] = [
  ['sales_amount', 'dashboard.salesAmount'],
  ['collections', 'dashboard.collections'],
  ['contracts', 'dashboard.contracts'],
  ['won', 'dashboard.won'],
  ['new_customers', 'dashboard.newCustomers'],
  ['leads', 'dashboard.leads'],
  ['win_rate', 'dashboard.winRate'],
  ['lead_conversion', 'dashboard.leadConversion'],
  ['effective_visit_rate', 'dashboard.effectiveVisitRate'],
  ['sales_growth', 'dashboard.salesGrowth'],
];

interface LeaderRow {
  rank: number;
  group: string;
  name: string;
  value: number;
}

/** The top ten people of the period in a metric of the reader's choice, best at the top. */
export function LeaderboardCard({ filters }: { filters: DashboardFilters }) {
  const { t, language } = useI18n();
  const nameOf = useGroupNames();
  const [metric, setMetric] = useState<KpiMetric>('sales_amount');
  const board = useQuery({
    queryKey: ['leaderboard', metric, filters.period],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/leaderboard', {
          params: { query: { metric, period: filters.period, groupBy: 'employee', limit: 10 } },
        }),
      ),
  });
  const rows = useMemo<LeaderRow[]>(
    () => (board.data?.entries ?? []).map((e) => ({ ...e, name: nameOf(e.group) })),
    [board.data, nameOf],
  );
  const option = useMemo(() => {
    // ECharts draws the first category at the bottom; reversed, the leader sits on top.
    const bottomUp = [...rows].reverse();
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 96, right: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: bottomUp.map((r) => r.name) },
      series: [
        { type: 'bar', data: bottomUp.map((r) => chartValue(metric, r.value)), itemStyle: { color: '#1d4ed8' } },
      ],
    };
  }, [rows, metric]);
  const metricLabel = t(METRICS.find(([m]) => m === metric)?.[1] ?? 'dashboard.value');
  return (
    <ChartTableCard
      title={t('dashboard.leaderboard')}
      testId="dashboard-leaderboard"
      option={option}
      rows={rows}
      rowKey="group"
      loading={board.isLoading}
      error={board.error}
      extra={
        <Select<KpiMetric>
          size="small"
          aria-label={`${t('dashboard.leaderboard')}: ${t('dashboard.metric')}`}
          value={metric}
          onChange={setMetric}
          style={{ minWidth: 120 }}
          options={METRICS.map(([value, key]) => ({ value, label: t(key) }))}
        />
      }
      columns={[
        { title: t('dashboard.rank'), dataIndex: 'rank', align: 'right' },
        { title: t('dashboard.who'), dataIndex: 'name' },
        {
          title: metricLabel,
          dataIndex: 'value',
          align: 'right',
          render: (_, r) => formatMetricValue(metric, r.value, language),
        },
      ]}
    />
  );
}
