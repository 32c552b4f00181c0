import { EnvironmentOutlined, LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { CheckInDialog } from './CheckInDialog';
import { FieldNav } from './FieldNav';
import { businessToday, namesOf, useCustomers, type VisitPlan } from './field-data';
import { PlanEditor } from './PlanEditor';

const PLAN_STATUS_COLORS: Record<VisitPlan['status'], string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'green',
  rejected: 'red',
};

type PlanItem = VisitPlan['items'][number];
type CheckInKind = Schemas['CreateCheckInRequest']['kind'];

/**
 * A rep's day on the phone: today's visit plan (written and submitted here while it is a draft
 * or was sent back), and for each planned visit a check-in and a check-out at the customer.
 */
export function TodayPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const today = businessToday();
  const customers = useCustomers();
  const customerName = namesOf(customers.data);
  const [checking, setChecking] = useState<{ item: PlanItem; kind: CheckInKind } | undefined>();
  const plans = useQuery({
    queryKey: ['visit-plans', 'mine', today],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/visit-plans', { params: { query: { view: 'mine', from: today, to: today } } })),
  });
  const plan = plans.data?.items.find((p) => p.planDate === today);
  const editable = !plan || plan.status === 'draft' || plan.status === 'rejected';
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['visit-plans'] });

  return (
    <>
      <FieldNav />
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('field.today')} · {today}
        </Typography.Title>
        {plan && (
          <Tag color={PLAN_STATUS_COLORS[plan.status]} data-testid="plan-status">
            {t(`planStatus.${plan.status}` as MessageKey)}
          </Tag>
        )}
      </Flex>
      {plans.isLoading && <Skeleton active />}
      {plan?.status === 'rejected' && plan.decisionComment && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`${t('field.decisionComment')}: ${plan.decisionComment}`}
        />
      )}
      {!plans.isLoading && editable && (
        <PlanEditor planDate={today} plan={plan} customers={customers.data ?? []} onChanged={refresh} />
      )}
      {!plans.isLoading && !editable && plan && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {plan.items.length === 0 && <Empty description={t('field.noPlan')} />}
          {plan.items.map((item) => (
            <Card key={item.id} size="small" data-testid="plan-visit">
              <Flex justify="space-between" align="center" gap={8} wrap>
                <div>
                  <Typography.Text strong>
                    {item.plannedTime} {customerName(item.customerId)}
                  </Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    <EnvironmentOutlined /> {t(`purpose.${item.purpose}` as MessageKey)}
                    {item.notes && ` · ${item.notes}`}
                  </Typography.Text>
                </div>
                <Space>
                  <Button
                    type="primary"
                    icon={<LoginOutlined />}
                    onClick={() => setChecking({ item, kind: 'check_in' })}
                  >
                    {t('field.checkIn')}
                  </Button>
                  <Button icon={<LogoutOutlined />} onClick={() => setChecking({ item, kind: 'check_out' })}>
                    {t('field.checkOut')}
                  </Button>
                </Space>
              </Flex>
            </Card>
          ))}
        </Space>
      )}
      {checking && (
        <CheckInDialog
          kind={checking.kind}
          customerId={checking.item.customerId}
          customerName={customerName(checking.item.customerId)}
          planItemId={checking.item.id}
          onClose={() => setChecking(undefined)}
        />
      )}
    </>
  );
}
