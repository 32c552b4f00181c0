import { CarOutlined, CoffeeOutlined, MoneyCollectOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { grants } from '../../auth/permissions';
import { useMe } from '../../auth/use-me';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { FieldNav } from './FieldNav';
import { formatMoney, namesOf, useCustomers } from './field-data';
import { ExpenseDialog, LeaveRequestDialog, TripRequestDialog } from './RequestDialogs';

type Kind = 'leave' | 'trip' | 'expense';
type Status = Schemas['ApprovalStatus'];
const STATUS_COLORS: Record<Status, string> = { pending: 'processing', approved: 'green', rejected: 'red' };
const LIMIT = 100;

/** One of my requests, whatever its kind, as the list shows it. */
interface MyRequest {
  id: string;
  kind: Kind;
  when: string;
  details: string;
  status: Status | null;
  decisionComment: string;
  createdAt: string | null;
}

/**
 * A rep's own requests on the phone: ask for leave or a business trip, submit an expense, and
 * follow each one until the supervisor approves or rejects it (in their approvals inbox).
 */
export function MyRequestsPage() {
  const { t, language } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const customers = useCustomers();
  const customerName = namesOf(customers.data);
  const [open, setOpen] = useState<Kind | undefined>();
  const permissions = me.data?.permissions;
  const myId = me.data?.employee.id;
  const canAbsent = grants(permissions, 'field.attendance.write');
  const canExpense = grants(permissions, 'field.expense.write');

  // A supervisor's lists hold their team's requests too: "my requests" are the ones I made.
  const absences = (path: '/api/v1/leave-requests' | '/api/v1/business-trips') => ({
    queryKey: ['my-requests', path, myId],
    enabled: grants(permissions, 'field.attendance.read') && Boolean(myId),
    queryFn: async () =>
      unwrap(await api.GET(path, { params: { query: { limit: LIMIT } } })).items.filter((r) => r.employeeId === myId),
  });
  const leave = useQuery(absences('/api/v1/leave-requests'));
  const trips = useQuery(absences('/api/v1/business-trips'));
  const expenses = useQuery({
    queryKey: ['my-requests', 'expenses', myId],
    enabled: grants(permissions, 'field.expense.read') && Boolean(myId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/expenses', { params: { query: { limit: LIMIT } } })).items.filter(
        (e) => e.employeeId === myId,
      ),
  });

  const requests: MyRequest[] = [
    ...(leave.data ?? []).map((r) => ({
      id: r.id,
      kind: 'leave' as const,
      when: `${r.startDate} ~ ${r.endDate}`,
      details: [r.leaveType && t(`leaveType.${r.leaveType}` as MessageKey), r.reason].filter(Boolean).join(' · '),
      status: r.status,
      decisionComment: r.decisionComment,
      createdAt: r.createdAt,
    })),
    ...(trips.data ?? []).map((r) => ({
      id: r.id,
      kind: 'trip' as const,
      when: `${r.startDate} ~ ${r.endDate}`,
      details: [r.destination, r.reason].filter(Boolean).join(' · '),
      status: r.status,
      decisionComment: r.decisionComment,
      createdAt: r.createdAt,
    })),
    ...(expenses.data ?? []).map((e) => ({
      id: e.id,
      kind: 'expense' as const,
      when: e.expenseDate,
      details: [
        formatMoney(e.amount, language),
        e.category && t(`expenseCategory.${e.category}` as MessageKey),
        customerName(e.customerId),
        e.notes,
      ]
        .filter(Boolean)
        .join(' · '),
      status: e.status,
      decisionComment: e.decisionComment,
      createdAt: e.createdAt,
    })),
  ].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));

  const dialogProps = {
    onClose: () => setOpen(undefined),
    onSubmitted: () => {
      setOpen(undefined);
      void queryClient.invalidateQueries({ queryKey: ['my-requests'] });
    },
  };

  return (
    <>
      <FieldNav />
      <Space wrap style={{ marginBottom: 12 }}>
        {canAbsent && (
          <Button icon={<CoffeeOutlined />} onClick={() => setOpen('leave')}>
            {t('request.newLeave')}
          </Button>
        )}
        {canAbsent && (
          <Button icon={<CarOutlined />} onClick={() => setOpen('trip')}>
            {t('request.newTrip')}
          </Button>
        )}
        {canExpense && (
          <Button icon={<MoneyCollectOutlined />} onClick={() => setOpen('expense')}>
            {t('request.newExpense')}
          </Button>
        )}
      </Space>
      <Typography.Title level={5}>{t('request.mine')}</Typography.Title>
      <List
        loading={leave.isLoading || trips.isLoading || expenses.isLoading}
        locale={{ emptyText: t('common.empty') }}
        dataSource={requests}
        renderItem={(request) => (
          <Card size="small" style={{ marginBottom: 8 }} data-testid="my-request">
            <Flex justify="space-between" gap={8} wrap>
              <Typography.Text strong>{t(`request.kind.${request.kind}` as MessageKey)}</Typography.Text>
              {request.status && (
                <Tag color={STATUS_COLORS[request.status]}>{t(`approvalStatus.${request.status}` as MessageKey)}</Tag>
              )}
            </Flex>
            <Typography.Text type="secondary">{request.when}</Typography.Text>
            {request.details && <div>{request.details}</div>}
            {request.decisionComment && (
              <Typography.Text type="secondary">
                {t('request.decisionComment')}: {request.decisionComment}
              </Typography.Text>
            )}
          </Card>
        )}
      />
      {open === 'leave' && <LeaveRequestDialog {...dialogProps} />}
      {open === 'trip' && <TripRequestDialog {...dialogProps} />}
      {open === 'expense' && <ExpenseDialog {...dialogProps} />}
    </>
  );
}
