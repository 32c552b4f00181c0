import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic } from 'antd';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatRate } from './dashboard-format';
import type { DashboardFilters } from './PeriodPicker';

/**
 * The period's KPIs in my data scope, built from events: money, counts and the shares analytics
 * leaves null when there is nothing to divide by (shown as "—", never as 0 %).
 */
export function KpiCard({ filters }: { filters: DashboardFilters }) {
  const { t, language } = useI18n();
  const kpis = useQuery({
    queryKey: ['kpis', filters],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/analytics/kpis', {
          params: { query: { period: filters.period, departmentId: filters.departmentId } },
        }),
      ),
  });
  const v = kpis.data?.total;
  const thisMonth = filters.period === dayjs().format('YYYY-MM');
  const stats: [MessageKey, string | number][] = [
    ['dashboard.salesAmount', formatMoney(v?.salesAmount, language)],
    ['dashboard.collections', formatMoney(v?.collections, language)],
    ['dashboard.contracts', v?.contracts ?? 0],
    ['dashboard.won', v?.won ?? 0],
    ['dashboard.salesGrowth', formatRate(v?.salesGrowth, language)],
    ['dashboard.collectionsGrowth', formatRate(v?.collectionsGrowth, language)],
    ['dashboard.newCustomers', v?.newCustomers ?? 0],
    ['dashboard.leads', v?.leads ?? 0],
    ['dashboard.winRate', formatRate(v?.winRate, language)],
    ['dashboard.leadConversion', formatRate(v?.leadConversion, language)],
    ['dashboard.effectiveVisitRate', formatRate(v?.effectiveVisitRate, language)],
    ['dashboard.satisfaction', formatRate(v?.satisfaction, language)],
    ['dashboard.costRatio', formatRate(v?.costRatio, language)],
  ];
  return (
    <Card
      title={thisMonth ? t('dashboard.thisMonth') : `${t('dashboard.kpis')} · ${filters.period}`}
      loading={kpis.isLoading}
      data-testid="kpi-month"
    >
      {kpis.error ? (
        <Alert type="error" showIcon message={t('common.error')} description={kpis.error.message} />
      ) : (
        <Row gutter={[16, 16]}>
          {stats.map(([key, value]) => (
            <Col xs={12} md={6} key={key} data-testid={`kpi-${key.replace('dashboard.', '')}`}>
              <Statistic title={t(key)} value={value} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
