import { BarChartOutlined, TableOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Segmented, Skeleton, Table, type TableColumnsType } from 'antd';
import type * as echarts from 'echarts/core';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { EChart } from './EChart';

/**
 * A card that shows its numbers as a chart or, behind a toggle named in the reader's language,
 * as a table: the table is what screen readers and people who want exact figures read.
 * Loading, error and "nothing yet" are the card's own states, so no chart draws from nothing.
 */
export function ChartTableCard<Row extends object>({
  title,
  option,
  rows,
  rowKey,
  columns,
  loading,
  error,
  extra,
  header,
  chartHeight,
  testId,
  drawWhenEmpty = false,
  textToggle = false,
}: {
  title: string;
  option: echarts.EChartsCoreOption;
  rows: readonly Row[];
  rowKey: keyof Row & string;
  columns: TableColumnsType<Row>;
  loading?: boolean;
  error?: unknown;
  /** More controls beside the toggle (a metric picker). */
  extra?: ReactNode;
  /** Shown above the chart or table in both views (a gauge's headline). */
  header?: ReactNode;
  chartHeight?: number;
  testId?: string;
  /** Draw the (empty) axes and table instead of "nothing yet" when there are no rows. */
  drawWhenEmpty?: boolean;
  /**
   * Spell the toggle out ("图表 | 表格") instead of two icons named the same way. Only the
   * lead-source card does: it is the page's landmark, and one visible "表格" keeps that word
   * pointing at a single control on a page of several cards.
   */
  textToggle?: boolean;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const body = loading ? (
    <Skeleton active />
  ) : error ? (
    <Alert
      type="error"
      showIcon
      message={t('common.error')}
      description={error instanceof Error ? error.message : ''}
    />
  ) : rows.length === 0 && !drawWhenEmpty ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
  ) : view === 'chart' ? (
    <EChart option={option} label={title} height={chartHeight} />
  ) : (
    <Table<Row>
      size="small"
      rowKey={rowKey}
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={[...rows]}
      columns={columns}
    />
  );
  return (
    <Card
      title={title}
      data-testid={testId}
      extra={
        <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8, justifyContent: 'flex-end' }}>
          {extra}
          <Segmented
            size="small"
            // Names the toggle in the reader's language (antd's default is "segmented control").
            aria-label={`${title}: ${t('dashboard.chartOrTable')}`}
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={
              textToggle
                ? [
                    { value: 'chart', label: t('action.showChart') },
                    { value: 'table', label: t('action.showTable') },
                  ]
                : [
                    // The icons' own names ("bar-chart") replaced by the words, for screen readers.
                    {
                      value: 'chart',
                      icon: <BarChartOutlined aria-label={t('action.showChart')} />,
                      title: t('action.showChart'),
                    },
                    {
                      value: 'table',
                      icon: <TableOutlined aria-label={t('action.showTable')} />,
                      title: t('action.showTable'),
                    },
                  ]
            }
          />
        </span>
      }
    >
      {!loading && !error && rows.length > 0 && header}
      {body}
    </Card>
  );
}
