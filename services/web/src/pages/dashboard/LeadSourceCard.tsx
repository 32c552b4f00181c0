import { useMemo } from 'react';
import type { Schemas } from '../../api/client';
import { ChartTableCard } from '../../components/ChartTableCard';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

type LeadSummary = Schemas['LeadSummary'];

/** All leads in my scope by where they came from (the summary is not per period). */
export function LeadSourceCard({
  summary,
  loading,
  error,
}: {
  summary?: LeadSummary;
  loading: boolean;
  error: unknown;
}) {
  const { t } = useI18n();
  const rows = useMemo(
    () =>
      Object.entries(summary?.bySource ?? {}).map(([source, count]) => ({
        source,
        label: t(`source.${source}` as MessageKey),
        count: count ?? 0,
      })),
    [summary, t],
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
    <ChartTableCard
      title={t('dashboard.leadsBySource')}
      option={option}
      rows={rows}
      rowKey="source"
      loading={loading}
      error={error}
      // The empty axes say "no leads yet" as well as a placeholder would, and keep the card's shape.
      drawWhenEmpty
      textToggle
      columns={[
        { title: t('lead.source'), dataIndex: 'label' },
        { title: t('dashboard.count'), dataIndex: 'count', align: 'right' },
      ]}
    />
  );
}
