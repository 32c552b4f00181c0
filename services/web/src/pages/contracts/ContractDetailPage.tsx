import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Descriptions, Form, Row, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { hasPermission } from '../../auth/has-permission';
import { useMe } from '../../auth/use-me';
import { FormDialog } from '../../components/FormDialog';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { AmendContractDialog } from './AmendContractDialog';
import { CancelContractDialog } from './CancelContractDialog';
import { CONTRACT_STATUS_COLORS } from './ContractsPage';
import { PaymentPlanDialog } from './PaymentPlanDialog';
import { RecordPaymentDialog } from './RecordPaymentDialog';
import { ReversePaymentDialog } from './ReversePaymentDialog';

type Line = Schemas['Contract']['lines'][number];
type Payment = Schemas['Payment'];

/** One contract: lines with their gross margin, the payment plan, payments, signing and 回款. */
export function ContractDetailPage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [signing, setSigning] = useState(false);
  const [paying, setPaying] = useState(false);
  const [planning, setPlanning] = useState(false);
  const [amending, setAmending] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reversing, setReversing] = useState<Payment>();
  const [signForm] = Form.useForm<{ signedOn?: Dayjs }>();
  const me = useMe();
  const canWriteContract = hasPermission(me.data?.permissions, 'crm.contract.write');
  const canWritePayment = hasPermission(me.data?.permissions, 'crm.payment.write');

  const contract = useQuery({
    queryKey: ['contract', id],
    // The ETag is the contract's version, which every payment and reversal moves on (crm), so the
    // browser's revalidated copy always carries the current received and outstanding amounts.
    queryFn: async () => unwrap(await api.GET('/api/v1/contracts/{id}', { params: { path: { id } } })),
  });
  const plan = useQuery({
    queryKey: ['payment-plan', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/contracts/{id}/payment-plan', { params: { path: { id } } })),
  });
  const payments = useQuery({
    queryKey: ['payments', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/payments', { params: { query: { contractId: id, limit: 200 } } })),
  });
  const data = contract.data;
  const money = (m: Schemas['Money'] | null | undefined) => formatMoney(m, language);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['contract', id] }),
      queryClient.invalidateQueries({ queryKey: ['payment-plan', id] }),
      queryClient.invalidateQueries({ queryKey: ['payments', id] }),
      queryClient.invalidateQueries({ queryKey: ['contracts'] }),
    ]);
  }

  // If-Match with the version shown: a contract changed meanwhile is not signed blind.
  async function sign(values: { signedOn?: Dayjs }) {
    return unwrap(
      await api.POST('/api/v1/contracts/{id}/sign', {
        params: { path: { id }, header: { 'If-Match': `"${data?.version ?? 0}"` } },
        body: values.signedOn ? { signedOn: values.signedOn.format('YYYY-MM-DD') } : {},
      }),
    );
  }

  async function signed() {
    await refresh();
    if (data?.opportunityId) void queryClient.invalidateQueries({ queryKey: ['opportunity', data.opportunityId] });
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card loading={contract.isLoading} title={<h1 style={{ fontSize: 18, margin: 0 }}>{data?.number}</h1>}>
          {/* In the body, not the title bar: four actions would crowd out the number on a narrow card. */}
          <Space wrap style={{ marginBottom: 12 }}>
            {canWriteContract && data?.status === 'draft' && (
              <Button type="primary" onClick={() => setSigning(true)}>
                {t('contract.sign')}
              </Button>
            )}
            {canWritePayment && data?.status === 'signed' && data.outstandingAmount.amountMinor > 0 && (
              <Button type="primary" onClick={() => setPaying(true)}>
                {t('payment.record')}
              </Button>
            )}
            {canWriteContract && data && data.status !== 'cancelled' && (
              <>
                <Button onClick={() => setAmending(true)}>{t('contract.amend')}</Button>
                <Button danger onClick={() => setCancelling(true)}>
                  {t('contract.cancel')}
                </Button>
              </>
            )}
          </Space>
          {data && (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('contract.title')}>{data.title}</Descriptions.Item>
              <Descriptions.Item label={t('contract.status')}>
                <Tag data-testid="contract-status" color={CONTRACT_STATUS_COLORS[data.status]}>
                  {t(`contractStatus.${data.status}` as MessageKey)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.customer')}>
                <Link to={`/customers/${data.customerId}`}>{t('contract.openCustomer')}</Link>
              </Descriptions.Item>
              {data.opportunityId && (
                <Descriptions.Item label={t('nav.opportunities')}>
                  <Link to={`/opportunities/${data.opportunityId}`}>{t('contract.openOpportunity')}</Link>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('contract.signedOn')}>{data.signedOn}</Descriptions.Item>
              <Descriptions.Item label={t('contract.total')}>
                <span data-testid="contract-amount">{money(data.totalAmount)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('contract.grossMargin')}>{money(data.grossMargin)}</Descriptions.Item>
              <Descriptions.Item label={t('contract.received')}>
                <span data-testid="contract-received">{money(data.receivedAmount)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('contract.outstanding')}>
                <span data-testid="contract-outstanding">{money(data.outstandingAmount)}</span>
              </Descriptions.Item>
              {data.cancelReason && (
                <Descriptions.Item label={t('contract.cancelReason')}>{data.cancelReason}</Descriptions.Item>
              )}
            </Descriptions>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        <Card title={t('contract.lines')}>
          <Table<Line>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={data?.lines ?? []}
            columns={[
              { title: t('opportunity.productLine'), dataIndex: 'productLine' },
              { title: t('contract.quantity'), dataIndex: 'quantity', align: 'right' },
              { title: t('contract.amount'), dataIndex: 'amount', align: 'right', render: money },
              { title: t('contract.cost'), dataIndex: 'cost', align: 'right', render: money },
              { title: t('contract.grossMargin'), dataIndex: 'grossMargin', align: 'right', render: money },
            ]}
          />
        </Card>
        <Card
          title={t('contract.paymentPlan')}
          style={{ marginTop: 16 }}
          extra={
            canWriteContract &&
            data?.status !== 'cancelled' && (
              <Button size="small" onClick={() => setPlanning(true)}>
                {t('action.edit')}
              </Button>
            )
          }
        >
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            loading={plan.isLoading}
            dataSource={plan.data?.installments ?? []}
            locale={{ emptyText: t('common.empty') }}
            columns={[
              { title: '#', dataIndex: 'sequence' },
              { title: t('payment.dueOn'), dataIndex: 'dueOn' },
              { title: t('contract.amount'), dataIndex: 'amount', align: 'right', render: money },
              { title: t('contract.received'), dataIndex: 'receivedAmount', align: 'right', render: money },
            ]}
          />
        </Card>
        <Card title={t('payment.list')} style={{ marginTop: 16 }}>
          <Table<Payment>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            loading={payments.isLoading}
            dataSource={payments.data?.items ?? []}
            locale={{ emptyText: t('common.empty') }}
            columns={[
              { title: t('payment.receivedOn'), dataIndex: 'receivedOn' },
              { title: t('contract.amount'), dataIndex: 'amount', align: 'right', render: money },
              { title: t('payment.method'), dataIndex: 'method' },
              { title: t('payment.reference'), dataIndex: 'reference' },
              {
                title: t('contract.status'),
                dataIndex: 'status',
                render: (status: Payment['status'], payment) => (
                  <Tag
                    color={status === 'received' ? 'green' : 'default'}
                    title={payment.reversalReason ?? undefined}
                    data-testid="payment-status"
                  >
                    {t(`paymentStatus.${status}` as MessageKey)}
                  </Tag>
                ),
              },
              { title: t('payment.reversalReason'), dataIndex: 'reversalReason' },
              ...(canWritePayment
                ? [
                    {
                      key: 'reverse',
                      title: '',
                      render: (_: unknown, payment: Payment) =>
                        payment.status === 'received' && (
                          <Button size="small" danger onClick={() => setReversing(payment)}>
                            {t('payment.reverse')}
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Col>
      <FormDialog
        open={signing}
        title={t('contract.sign')}
        okText={t('contract.sign')}
        form={signForm}
        submit={sign}
        onClose={() => setSigning(false)}
        onSubmitted={signed}
        onStale={refresh}
        successMessage={t('contract.signed')}
        initialValues={{ signedOn: dayjs() }}
        intro={<p>{t('contract.signHint')}</p>}
      >
        <Form.Item name="signedOn" label={t('contract.signedOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </FormDialog>
      {data && (
        <AmendContractDialog
          open={amending}
          contract={data}
          onClose={() => setAmending(false)}
          onAmended={refresh}
          onStale={refresh}
        />
      )}
      {data && (
        <CancelContractDialog
          open={cancelling}
          contract={data}
          onClose={() => setCancelling(false)}
          onCancelled={refresh}
          onStale={refresh}
        />
      )}
      <ReversePaymentDialog payment={reversing} onClose={() => setReversing(undefined)} onReversed={refresh} />
      {data && (
        <RecordPaymentDialog
          open={paying}
          contract={data}
          installments={plan.data?.installments ?? []}
          onClose={() => setPaying(false)}
          onRecorded={refresh}
        />
      )}
      {data && (
        <PaymentPlanDialog
          open={planning}
          contract={data}
          installments={plan.data?.installments ?? []}
          onClose={() => setPlanning(false)}
          onSaved={refresh}
        />
      )}
    </Row>
  );
}
