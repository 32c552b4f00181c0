import { useQuery } from '@tanstack/react-query';
import { Card, Col, List, Row, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { useMe } from '../auth/use-me';
import { useI18n } from '../i18n/i18n';
import { FunnelCard } from './dashboard/FunnelCard';
import { KpiCard } from './dashboard/KpiCard';
import { LeaderboardCard } from './dashboard/LeaderboardCard';
import { LeadSourceCard } from './dashboard/LeadSourceCard';
import { type DashboardFilters, PeriodPicker } from './dashboard/PeriodPicker';
import { TargetCompletionCard } from './dashboard/TargetCompletionCard';
import { TrendCard } from './dashboard/TrendCard';

/**
 * The manager's first look: leads by source, then the chosen period's KPIs, funnel, trend,
 * leaderboard and target completion (each a chart or a table), and the overdue follow-ups.
 */
export function DashboardPage() {
  const { t } = useI18n();
  const me = useMe();
  const [filters, setFilters] = useState<DashboardFilters>({ period: dayjs().format('YYYY-MM') });
  // Only people who see more than one department have a department to choose.
  const wideScope = me.data?.dataScope === 'tenant' || me.data?.dataScope === 'department_tree';
  const summary = useQuery({
    queryKey: ['lead-summary'],
    queryFn: async () => unwrap(await api.GET('/api/v1/analytics/leads/summary')),
  });
  const overdue = useQuery({
    queryKey: ['overdue', 'team'],
    queryFn: async () => unwrap(await api.GET('/api/v1/activities/overdue', { params: { query: { scope: 'team' } } })),
  });

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('dashboard.totalLeads')} value={summary.data?.total ?? 0} loading={summary.isLoading} />
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <LeadSourceCard summary={summary.data} loading={summary.isLoading} error={summary.error} />
      </Col>
      <Col xs={24}>
        <PeriodPicker value={filters} onChange={setFilters} showDepartments={wideScope} />
      </Col>
      <Col xs={24}>
        <KpiCard filters={filters} />
      </Col>
      <Col xs={24} lg={12}>
        <FunnelCard filters={filters} />
      </Col>
      <Col xs={24} lg={12}>
        <TrendCard filters={filters} />
      </Col>
      <Col xs={24} lg={12}>
        <LeaderboardCard filters={filters} />
      </Col>
      <Col xs={24} lg={12}>
        <TargetCompletionCard filters={filters} />
      </Col>
      <Col xs={24}>
        <Card title={t('dashboard.overdue')}>
          <List
            loading={overdue.isLoading}
            // Its own colour: axe measured the list's default empty text at too low a contrast.
            locale={{ emptyText: <span style={{ color: '#595959' }}>{t('common.empty')}</span> }}
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
