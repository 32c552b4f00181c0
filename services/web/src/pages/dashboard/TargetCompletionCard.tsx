import { useQuery } from '@tanstack/react-query';
import { Progress, Select, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../auth/use-me';
import { ChartTableCard } from '../../components/ChartTableCard';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatTargetAmount, METRICS, type Metric } from '../targets/target-format';
import { formatRate } from './dashboard-format';
import { type Nested, nestByParent } from './nest-by-parent';
import type { DashboardFilters } from './PeriodPicker';
import { useGroupNames } from './use-group-names';

type CompletionNode = Schemas['TargetCompletion']['items'][number];

/** The API's metric text back as the goals metric it is (the schema types it as a plain string). */
function asMetric(metric: string): Metric {
  return METRICS.find((m) => m === metric) ?? 'CONTRACT_AMOUNT';
}

/**
 * How far the period's targets are reached: a gauge for the top target I may see and the tree of
 * targets under it, each with its completion bar (the number is in the text too).
 */
export function TargetCompletionCard({ filters }: { filters: DashboardFilters }) {
  const { t, language } = useI18n();
  const me = useMe();
  const nameOf = useGroupNames();
  const [metric, setMetric] = useState<Metric>('CONTRACT_AMOUNT');
  const completion = useQuery({
    queryKey: ['target-completion', filters.period, metric],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/target-completion', {
          params: { query: { period: filters.period, metric } },
        }),
      ),
  });
  const rows = useMemo(() => nestByParent(completion.data?.items ?? []), [completion.data]);
  const top = rows[0];
  const tenantName = me.data?.tenant?.name ?? t('dashboard.tenant');
  const whoOf = useCallback(
    (node: CompletionNode) => (node.scope === 'TENANT' ? tenantName : nameOf(node.scopeId)),
    [tenantName, nameOf],
  );
  const option = useMemo(() => {
    const percent =
      top?.completion === null || top?.completion === undefined ? 0 : Math.round(top.completion * 1000) / 10;
    return {
      series: [
        {
          type: 'gauge',
          min: 0,
          // Past 100 % the gauge widens rather than pin the needle at the end.
          max: Math.max(100, Math.ceil(percent / 10) * 10),
          progress: { show: true, width: 14, itemStyle: { color: '#1d4ed8' } },
          axisLine: { lineStyle: { width: 14 } },
          axisLabel: { color: '#374151' },
          detail: { formatter: '{value}%', color: '#111827', fontSize: 22, offsetCenter: [0, '60%'] },
          // The header above names the node; on a phone a title inside the dial would cover the needle.
          data: [{ value: percent }],
        },
      ],
    };
  }, [top]);
  const metricKey = (m: Metric) => `metric.${m}` as MessageKey;
  return (
    <ChartTableCard<Nested<CompletionNode>>
      title={t('dashboard.targets')}
      testId="dashboard-targets"
      option={option}
      rows={rows}
      rowKey="targetId"
      loading={completion.isLoading}
      error={completion.error}
      chartHeight={260}
      header={
        top && (
          <Typography.Paragraph>
            {whoOf(top)}: {formatTargetAmount(asMetric(top.metric), top.achieved, language)} /{' '}
            {formatTargetAmount(asMetric(top.metric), top.value, language)} ({formatRate(top.completion, language)})
          </Typography.Paragraph>
        )
      }
      extra={
        <Select<Metric>
          size="small"
          aria-label={`${t('dashboard.targets')}: ${t('dashboard.metric')}`}
          value={metric}
          onChange={setMetric}
          style={{ minWidth: 120 }}
          options={METRICS.map((m) => ({ value: m, label: t(metricKey(m)) }))}
        />
      }
      columns={[
        { title: t('dashboard.who'), key: 'who', render: (_, node) => whoOf(node) },
        {
          title: t('dashboard.targetAchieved'),
          dataIndex: 'achieved',
          align: 'right',
          render: (_, node) => formatTargetAmount(asMetric(node.metric), node.achieved, language),
        },
        {
          title: t('dashboard.targetValue'),
          dataIndex: 'value',
          align: 'right',
          render: (_, node) => formatTargetAmount(asMetric(node.metric), node.value, language),
        },
        {
          title: t('dashboard.completion'),
          key: 'completion',
          render: (_, node) => (
            <div style={{ minWidth: 140 }}>
              <Progress
                percent={Math.min(100, Math.round((node.completion ?? 0) * 100))}
                showInfo={false}
                aria-label={`${t('dashboard.completion')} ${formatRate(node.completion, language)}`}
              />
              <span style={{ fontSize: 12, color: '#374151' }}>{formatRate(node.completion, language)}</span>
            </div>
          ),
        },
      ]}
    />
  );
}
