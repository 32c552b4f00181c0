import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Empty, Flex, List, Space, Tabs, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { api, idempotencyKey, unwrap } from '../../api/client';
import { grants } from '../../auth/permissions';
import { useMe } from '../../auth/use-me';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ApprovalsNav } from './ApprovalsNav';
import { type Decision, DecisionDialog } from './DecisionDialog';
import { formatMoney, ifMatch, namesOf, useCustomers, useEmployees } from './field-data';

/** One thing waiting for the manager, whatever its kind. */
interface Pending {
  id: string;
  employeeId: string;
  when: string;
  details: ReactNode;
  decide(decision: Decision, comment: string): Promise<void>;
}

type Kind = 'plans' | 'dailyReports' | 'leave' | 'trips' | 'expenses';
const LIMIT = 100;

/**
 * A manager's inbox: submitted visit plans and daily reports, leave and trip requests and
 * expenses of the people they supervise, each approved or rejected (with a comment) in place.
 */
export function ApprovalsPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const employees = useEmployees();
  const customers = useCustomers();
  const employeeName = namesOf(employees.data);
  const customerName = namesOf(customers.data);
  const permissions = me.data?.permissions;
  const myId = me.data?.employee.id;
  const [deciding, setDeciding] = useState<{ item: Pending; decision: Decision; kind: Kind } | undefined>();

  const plans = useQuery({
    queryKey: ['approvals', 'plans'],
    enabled: grants(permissions, 'field.plan.approve'),
    queryFn: async () => unwrap(await api.GET('/api/v1/visit-plans/approvals')).items,
  });
  const dailyReports = useQuery({
    queryKey: ['approvals', 'dailyReports'],
    enabled: grants(permissions, 'field.report.review') && Boolean(myId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/daily-reports', { params: { query: { status: 'submitted', limit: LIMIT } } }))
        // Submitted reports in my scope: those of others are mine to sign off (the API checks).
        .items.filter((report) => report.employeeId !== myId),
  });
  const absencesQuery = (path: '/api/v1/leave-requests' | '/api/v1/business-trips') => ({
    queryKey: ['approvals', path],
    enabled: grants(permissions, 'field.attendance.approve'),
    queryFn: async () =>
      unwrap(await api.GET(path, { params: { query: { awaitingMe: 'true', status: 'pending', limit: LIMIT } } })).items,
  });
  const leave = useQuery(absencesQuery('/api/v1/leave-requests'));
  const trips = useQuery(absencesQuery('/api/v1/business-trips'));
  const expenses = useQuery({
    queryKey: ['approvals', 'expenses'],
    enabled: grants(permissions, 'field.expense.approve'),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/expenses', {
          params: { query: { awaitingMe: 'true', status: 'pending', limit: LIMIT } },
        }),
      ).items,
  });

  // Every approve / reject / review / return call takes the same shape: the record, its version, a comment.
  const decisionOptions = (id: string, version: number, comment: string) => ({
    params: { path: { id }, header: { ...ifMatch(version), ...idempotencyKey() } },
    body: { comment },
  });
  const lists: Record<Kind, { loading: boolean; items: Pending[] }> = {
    plans: {
      loading: plans.isLoading,
      items: (plans.data ?? []).map((plan) => ({
        id: plan.id,
        employeeId: plan.employeeId,
        when: plan.planDate,
        details: (
          <ol style={{ margin: 0, paddingInlineStart: 18 }}>
            {plan.items.map((item) => (
              <li key={item.id}>
                {item.plannedTime} {customerName(item.customerId)} · {t(`purpose.${item.purpose}` as MessageKey)}
              </li>
            ))}
          </ol>
        ),
        decide: async (decision, comment) => {
          const options = decisionOptions(plan.id, plan.version, comment);
          unwrap(
            decision === 'approve'
              ? await api.POST('/api/v1/visit-plans/{id}/approve', options)
              : await api.POST('/api/v1/visit-plans/{id}/reject', options),
          );
        },
      })),
    },
    dailyReports: {
      loading: dailyReports.isLoading,
      items: (dailyReports.data ?? []).map((report) => ({
        id: report.id,
        employeeId: report.employeeId,
        when: report.reportDate,
        details: (
          <>
            {t('field.checkIns')} {report.figures.checkIns} · {t('field.customersVisited')}{' '}
            {report.figures.customersVisited} · {t('field.followUps')} {report.figures.followUps}
            {report.late && ` · ${t('field.late')}`}
            {[report.complaintsHandled, report.competitorNews, report.customerFeedback, report.lessons]
              .filter(Boolean)
              .map((text) => (
                <div key={text}>{text}</div>
              ))}
          </>
        ),
        decide: async (decision, comment) => {
          const options = decisionOptions(report.id, report.version, comment);
          unwrap(
            decision === 'approve'
              ? await api.POST('/api/v1/daily-reports/{id}/review', options)
              : await api.POST('/api/v1/daily-reports/{id}/return', options),
          );
        },
      })),
    },
    leave: {
      loading: leave.isLoading,
      items: (leave.data ?? []).map((request) => ({
        id: request.id,
        employeeId: request.employeeId,
        when: `${request.startDate} ~ ${request.endDate}`,
        details: [request.leaveType, request.reason].filter(Boolean).join(' · '),
        decide: async (decision, comment) => {
          const options = decisionOptions(request.id, request.version, comment);
          unwrap(
            decision === 'approve'
              ? await api.POST('/api/v1/leave-requests/{id}/approve', options)
              : await api.POST('/api/v1/leave-requests/{id}/reject', options),
          );
        },
      })),
    },
    trips: {
      loading: trips.isLoading,
      items: (trips.data ?? []).map((request) => ({
        id: request.id,
        employeeId: request.employeeId,
        when: `${request.startDate} ~ ${request.endDate}`,
        details: [request.destination, request.reason].filter(Boolean).join(' · '),
        decide: async (decision, comment) => {
          const options = decisionOptions(request.id, request.version, comment);
          unwrap(
            decision === 'approve'
              ? await api.POST('/api/v1/business-trips/{id}/approve', options)
              : await api.POST('/api/v1/business-trips/{id}/reject', options),
          );
        },
      })),
    },
    expenses: {
      loading: expenses.isLoading,
      items: (expenses.data ?? []).map((expense) => ({
        id: expense.id,
        employeeId: expense.employeeId,
        when: expense.expenseDate,
        details: [
          formatMoney(expense.amount, language),
          expense.category,
          customerName(expense.customerId),
          expense.notes,
        ]
          .filter(Boolean)
          .join(' · '),
        decide: async (decision, comment) => {
          const options = decisionOptions(expense.id, expense.version, comment);
          unwrap(
            decision === 'approve'
              ? await api.POST('/api/v1/expenses/{id}/approve', options)
              : await api.POST('/api/v1/expenses/{id}/reject', options),
          );
        },
      })),
    },
  };

  const tabs: { kind: Kind; label: MessageKey; permission: string }[] = [
    { kind: 'plans', label: 'approvals.plans', permission: 'field.plan.approve' },
    { kind: 'dailyReports', label: 'approvals.dailyReports', permission: 'field.report.review' },
    { kind: 'leave', label: 'approvals.leave', permission: 'field.attendance.approve' },
    { kind: 'trips', label: 'approvals.trips', permission: 'field.attendance.approve' },
    { kind: 'expenses', label: 'approvals.expenses', permission: 'field.expense.approve' },
  ];
  const visibleTabs = tabs.filter((tab) => grants(permissions, tab.permission));
  const approveLabel = (kind: Kind) => t(kind === 'dailyReports' ? 'approvals.review' : 'approvals.approve');

  return (
    <>
      <ApprovalsNav />
      {me.data && visibleTabs.length === 0 && <Empty description={t('common.empty')} />}
      <Tabs
        items={visibleTabs.map(({ kind, label }) => ({
          key: kind,
          label: (
            <Space size={4}>
              {t(label)}
              <Badge count={lists[kind].items.length} size="small" />
            </Space>
          ),
          children: (
            <List
              loading={lists[kind].loading}
              locale={{ emptyText: t('common.empty') }}
              dataSource={lists[kind].items}
              renderItem={(item) => (
                <Card size="small" style={{ marginBottom: 8 }} data-testid="pending-item">
                  <Flex justify="space-between" gap={8} wrap>
                    <Typography.Text strong>{employeeName(item.employeeId)}</Typography.Text>
                    <Typography.Text type="secondary">{item.when}</Typography.Text>
                  </Flex>
                  <div style={{ margin: '8px 0' }}>{item.details}</div>
                  <Space>
                    <Button type="primary" onClick={() => setDeciding({ item, decision: 'approve', kind })}>
                      {approveLabel(kind)}
                    </Button>
                    <Button danger onClick={() => setDeciding({ item, decision: 'reject', kind })}>
                      {t('approvals.reject')}
                    </Button>
                  </Space>
                </Card>
              )}
            />
          ),
        }))}
      />
      {deciding && (
        <DecisionDialog
          decision={deciding.decision}
          title={`${deciding.decision === 'approve' ? approveLabel(deciding.kind) : t('approvals.reject')} · ${employeeName(deciding.item.employeeId)} · ${deciding.item.when}`}
          // Visit plan comments are at most 1000 characters; the other decisions take 4000.
          approveLabel={approveLabel(deciding.kind)}
          maxComment={deciding.kind === 'plans' ? 1000 : 4000}
          onClose={() => setDeciding(undefined)}
          onDecide={async (comment) => {
            await deciding.item.decide(deciding.decision, comment);
            message.success(
              t(
                deciding.decision === 'reject'
                  ? 'approvals.rejected'
                  : deciding.kind === 'dailyReports'
                    ? 'approvals.reviewed'
                    : 'approvals.approved',
              ),
            );
            await queryClient.invalidateQueries({ queryKey: ['approvals'] });
          }}
        />
      )}
    </>
  );
}
