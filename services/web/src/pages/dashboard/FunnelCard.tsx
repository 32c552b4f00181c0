import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';
import { ChartTableCard } from '../../components/ChartTableCard';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import { formatRate } from './dashboard-format';
import type { DashboardFilters } from './PeriodPicker';

// Darkest first, so the labels on the wide top stages keep white text readable.
const STAGE_COLOURS = ['#1e3a8a', '#1d4ed8', '#2563eb', '#0f766e', '#047857', '#4d7c0f', '#a16207', '#b45309'];

/** How many opportunities entered each pipeline stage in the period, and how many went on to the next. */
export function FunnelCard({ filters }: { filters: DashboardFilters }) {
  const { t, language } = useI18n();
  const funnel = useQuery({
    queryKey: ['funnel', filters],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/funnel', {
          params: { query: { period: filters.period, departmentId: filters.departmentId } },
        }),
      ),
  });
  const stages = useMemo(() => [...(funnel.data?.stages ?? [])].sort((a, b) => a.position - b.position), [funnel.data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          minSize: '10%',
          label: { position: 'inside', color: '#ffffff', formatter: '{b}: {c}' },
          data: stages.map((s, i) => ({
            name: s.name,
            value: s.entered,
            itemStyle: { color: STAGE_COLOURS[i % STAGE_COLOURS.length] },
          })),
        },
      ],
    }),
    [stages],
  );
  return (
    <ChartTableCard
      title={t('dashboard.funnel')}
      testId="dashboard-funnel"
      option={option}
      rows={stages}
      rowKey="stageId"
      loading={funnel.isLoading}
      error={funnel.error}
      columns={[
        { title: t('dashboard.stage'), dataIndex: 'name' },
        { title: t('dashboard.entered'), dataIndex: 'entered', align: 'right' },
        {
          title: t('dashboard.enteredAmount'),
          dataIndex: 'enteredAmount',
          align: 'right',
          render: (_, s) => formatMoney(s.enteredAmount, language),
        },
        {
          title: t('dashboard.conversionToNext'),
          dataIndex: 'conversionToNext',
          align: 'right',
          render: (_, s) => formatRate(s.conversionToNext, language),
        },
      ]}
    />
  );
}
