import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Popover, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ApprovalsNav } from './ApprovalsNav';
import { businessToday, namesOf, useCustomers, useEmployees, type VisitPlan } from './field-data';

const STATUS_COLORS: Record<VisitPlan['status'], string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'green',
  rejected: 'red',
};

/** The Monday of the week holding a day. */
function mondayOf(day: Dayjs): Dayjs {
  return day.subtract((day.day() + 6) % 7, 'day');
}

interface Row {
  employeeId: string;
  plans: Map<string, VisitPlan>;
}

/**
 * 领导查看下属日程: everyone below me in the org, a row each, their visit plans by day of one
 * week (Monday to Sunday), with the week's totals from the API.
 */
export function TeamSchedulePage() {
  const { t } = useI18n();
  const [monday, setMonday] = useState(() => mondayOf(dayjs(businessToday())));
  const from = monday.format('YYYY-MM-DD');
  const to = monday.add(6, 'day').format('YYYY-MM-DD');
  const employeeName = namesOf(useEmployees().data);
  const customerName = namesOf(useCustomers().data);
  const schedule = useQuery({
    queryKey: ['visit-plans', 'team', from],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/visit-plans', { params: { query: { view: 'team', from, to } } })),
  });
  const days = Array.from({ length: 7 }, (_, i) => monday.add(i, 'day'));
  const rows = new Map<string, Row>();
  for (const plan of schedule.data?.items ?? []) {
    const row = rows.get(plan.employeeId) ?? { employeeId: plan.employeeId, plans: new Map() };
    row.plans.set(plan.planDate, plan);
    rows.set(plan.employeeId, row);
  }
  const week = schedule.data?.weeks.find((w) => w.weekStart === from);

  return (
    <>
      <ApprovalsNav />
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Button
          aria-label={t('schedule.previous')}
          icon={<LeftOutlined />}
          onClick={() => setMonday(monday.subtract(7, 'day'))}
        />
        <Typography.Text strong>
          {from} ~ {to}
        </Typography.Text>
        <Button
          aria-label={t('schedule.next')}
          icon={<RightOutlined />}
          onClick={() => setMonday(monday.add(7, 'day'))}
        />
      </Flex>
      <Space size="large" wrap style={{ marginBottom: 12 }}>
        <Statistic title={t('schedule.plans')} value={week?.plans ?? 0} />
        <Statistic title={t('schedule.plannedVisits')} value={week?.plannedVisits ?? 0} />
        <Statistic title={t('schedule.approvedPlans')} value={week?.approvedPlans ?? 0} />
      </Space>
      <Table<Row>
        rowKey="employeeId"
        size="small"
        loading={schedule.isLoading}
        dataSource={[...rows.values()]}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('approvals.employee'),
            key: 'employee',
            fixed: 'left',
            render: (_: unknown, row) => employeeName(row.employeeId),
          },
          ...days.map((day) => ({
            title: day.format('dd MM-DD'),
            key: day.format('YYYY-MM-DD'),
            render: (_: unknown, row: Row) => {
              const plan = row.plans.get(day.format('YYYY-MM-DD'));
              if (!plan) return null;
              return (
                <Popover
                  trigger="click"
                  content={
                    <ol style={{ margin: 0, paddingInlineStart: 18 }}>
                      {plan.items.map((item) => (
                        <li key={item.id}>
                          {item.plannedTime} {customerName(item.customerId)} ·{' '}
                          {t(`purpose.${item.purpose}` as MessageKey)}
                        </li>
                      ))}
                    </ol>
                  }
                >
                  <Tag color={STATUS_COLORS[plan.status]} style={{ cursor: 'pointer' }}>
                    {plan.items.length} · {t(`planStatus.${plan.status}` as MessageKey)}
                  </Tag>
                </Popover>
              );
            },
          })),
        ]}
      />
    </>
  );
}
