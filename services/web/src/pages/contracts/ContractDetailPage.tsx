import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Descriptions, Form, Modal, Row, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiProblem, api, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { CONTRACT_STATUS_COLORS } from './ContractsPage';
import { PaymentPlanDialog } from './PaymentPlanDialog';
import { RecordPaymentDialog } from './RecordPaymentDialog';

type Line = Schemas['Contract']['lines'][number];
type Payment = Schemas['Payment'];

/** One contract: lines with their gross margin, the payment plan, payments, signing and 回款. */
export function ContractDetailPage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [signing, setSigning] = useState(false);
  const [paying, setPaying] = useState(false);
  const [planning, setPlanning] = useState(false);
  const [signForm] = Form.useForm<{ signedOn?: Dayjs }>();
  const [busy, setBusy] = useState(false);

  const contract = useQuery({
    queryKey: ['contract', id],
    // no-store: the gateway's ETag is the contract's version, which a payment does not change while
    // the received and outstanding amounts do; a revalidated (304) copy would show them stale.
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, cache: 'no-store' })),
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
    if (!data) return;
    setBusy(true);
    try {
      unwrap(
        await api.POST('/api/v1/contracts/{id}/sign', {
          params: { path: { id }, header: { 'If-Match': `"${data.version}"` } },
          body: values.signedOn ? { signedOn: values.signedOn.format('YYYY-MM-DD') } : {},
        }),
      );
      setSigning(false);
      message.success(t('contract.signed'));
      await refresh();
      if (data.opportunityId) void queryClient.invalidateQueries({ queryKey: ['opportunity', data.opportunityId] });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 412) {
        message.error(t('opportunity.changedMeanwhile'));
        setSigning(false);
        await refresh();
        return;
      }
      const rest = showProblemOnForm(signForm, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card
          loading={contract.isLoading}
          title={<h1 style={{ fontSize: 18, margin: 0 }}>{data?.number}</h1>}
          extra={
            <Space>
              {data?.status === 'draft' && (
                <Button type="primary" onClick={() => setSigning(true)}>
                  {t('contract.sign')}
                </Button>
              )}
              {data?.status === 'signed' && data.outstandingAmount.amountMinor > 0 && (
                <Button type="primary" onClick={() => setPaying(true)}>
                  {t('payment.record')}
                </Button>
              )}
            </Space>
          }
        >
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
              <Descriptions.Item label={t('contract.total')}>{money(data.totalAmount)}</Descriptions.Item>
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
                render: (status: Payment['status']) => (
                  <Tag color={status === 'received' ? 'green' : 'default'}>
                    {t(`paymentStatus.${status}` as MessageKey)}
                  </Tag>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Modal
        open={signing}
        title={t('contract.sign')}
        okText={t('contract.sign')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        onOk={() => signForm.submit()}
        onCancel={() => setSigning(false)}
        forceRender
      >
        <p>{t('contract.signHint')}</p>
        <Form form={signForm} layout="vertical" onFinish={sign} initialValues={{ signedOn: dayjs() }}>
          <Form.Item name="signedOn" label={t('contract.signedOn')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      {data && (
        <RecordPaymentDialog
          open={paying}
          contract={data}
          installments={plan.data?.installments ?? []}
          onClose={() => setPaying(false)}
          onRecorded={async () => {
            setPaying(false);
            message.success(t('payment.recorded'));
            await refresh();
          }}
        />
      )}
      {data && (
        <PaymentPlanDialog
          open={planning}
          contract={data}
          installments={plan.data?.installments ?? []}
          onClose={() => setPlanning(false)}
          onSaved={async () => {
            setPlanning(false);
            await refresh();
          }}
        />
      )}
    </Row>
  );
}
