import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Select, Steps, Table, Tabs, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { NewContractDialog } from '../contracts/NewContractDialog';
import { CompetitorAnalysisTab } from './CompetitorAnalysisTab';
import { type StageMove, StageMoveDialog } from './StageMoveDialog';

type Contract = Schemas['Contract'];

/** One opportunity: its card and stage path, the stage history, competitor analysis and its contracts. */
export function OpportunityDetailPage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [move, setMove] = useState<StageMove>();
  const [contracting, setContracting] = useState(false);

  const opportunity = useQuery({
    queryKey: ['opportunity', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/opportunities/{id}', { params: { path: { id } } })),
  });
  const data = opportunity.data;
  const pipelines = useQuery({
    queryKey: ['pipelines'],
    queryFn: async () => unwrap(await api.GET('/api/v1/pipelines')),
    staleTime: 300_000,
  });
  const customer = useQuery({
    queryKey: ['customer', data?.customerId],
    enabled: Boolean(data?.customerId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/customers/{id}', { params: { path: { id: data?.customerId ?? '' } } })),
  });
  const history = useQuery({
    queryKey: ['opportunity-history', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/opportunities/{id}/history', { params: { path: { id } } })),
  });
  const contracts = useQuery({
    queryKey: ['contracts', 'customer', data?.customerId],
    enabled: Boolean(data?.customerId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/contracts', { params: { query: { customerId: data?.customerId, limit: 200 } } })),
  });

  const stages = [...(pipelines.data?.items.find((p) => p.id === data?.pipelineId)?.stages ?? [])].sort(
    (a, b) => a.position - b.position,
  );
  const stageName = (stageId: string | null) => stages.find((s) => s.id === stageId)?.name ?? '';
  const current = stages.find((s) => s.id === data?.stageId);
  const openStages = stages.filter((s) => s.kind === 'open');
  const ownContracts = (contracts.data?.items ?? []).filter((c) => c.opportunityId === id);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card loading={opportunity.isLoading} title={<h1 style={{ fontSize: 18, margin: 0 }}>{data?.name}</h1>}>
          {data && (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('opportunity.customer')}>
                <Link to={`/customers/${data.customerId}`}>{customer.data?.name ?? '…'}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.stage')}>
                <Tag
                  data-testid="opportunity-stage"
                  color={data.status === 'won' ? 'green' : data.status === 'lost' ? 'red' : 'blue'}
                >
                  {current?.name}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.amount')}>
                {formatMoney(data.amount, language)}
              </Descriptions.Item>
              <Descriptions.Item label={t('opportunity.probability')}>{data.probability}%</Descriptions.Item>
              <Descriptions.Item label={t('opportunity.expectedCloseOn')}>{data.expectedCloseOn}</Descriptions.Item>
              <Descriptions.Item label={t('opportunity.productLine')}>{data.productLine}</Descriptions.Item>
              {data.lostReason && (
                <Descriptions.Item label={t('opportunity.lostReason')}>{data.lostReason}</Descriptions.Item>
              )}
            </Descriptions>
          )}
          {data && current && (
            <Select
              aria-label={t('opportunity.moveTo')}
              placeholder={t('opportunity.moveTo')}
              style={{ width: '100%', marginTop: 12 }}
              value={null}
              options={stages.filter((s) => s.id !== current.id).map((s) => ({ value: s.id, label: s.name }))}
              onChange={(stageId: string) => {
                const to = stages.find((s) => s.id === stageId);
                if (to) setMove({ opportunity: data, from: current, to });
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        <Card>
          {openStages.length > 0 && (
            <Steps
              size="small"
              current={current?.kind === 'open' ? openStages.findIndex((s) => s.id === current.id) : openStages.length}
              status={data?.status === 'lost' ? 'error' : undefined}
              items={openStages.map((s) => ({ title: s.name }))}
              style={{ marginBottom: 16 }}
              responsive
            />
          )}
          <Tabs
            items={[
              {
                key: 'history',
                label: t('opportunity.history'),
                children: (
                  <Timeline
                    items={(history.data?.items ?? []).map((change) => ({
                      key: `${change.toStageId}-${change.changedAt}`,
                      color: change.backwards ? 'orange' : 'blue',
                      children: (
                        <div data-testid="stage-change">
                          {change.fromStageId ? `${stageName(change.fromStageId)} → ` : ''}
                          {stageName(change.toStageId)}
                          {change.reason && <div>{change.reason}</div>}
                          <div style={{ color: '#64748b', fontSize: 12 }}>
                            {change.changedAt && dayjs(change.changedAt).format('YYYY-MM-DD HH:mm')}
                          </div>
                        </div>
                      ),
                    }))}
                  />
                ),
              },
              {
                key: 'competitors',
                label: t('competitor.tab'),
                children: <CompetitorAnalysisTab opportunityId={id} />,
              },
            ]}
          />
        </Card>
        <Card title={t('nav.contracts')} style={{ marginTop: 16 }}>
          <Button type="primary" onClick={() => setContracting(true)} style={{ marginBottom: 12 }}>
            {t('contract.new')}
          </Button>
          <Table<Contract>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={ownContracts}
            locale={{ emptyText: t('common.empty') }}
            onRow={(c) => ({ onClick: () => navigate(`/contracts/${c.id}`), style: { cursor: 'pointer' } })}
            columns={[
              {
                title: t('contract.number'),
                dataIndex: 'number',
                render: (number: string, c) => <Link to={`/contracts/${c.id}`}>{number}</Link>,
              },
              {
                title: t('contract.status'),
                dataIndex: 'status',
                render: (status: Contract['status']) => <Tag>{t(`contractStatus.${status}` as MessageKey)}</Tag>,
              },
              {
                title: t('contract.total'),
                dataIndex: 'totalAmount',
                align: 'right',
                render: (m: Contract['totalAmount']) => formatMoney(m, language),
              },
            ]}
          />
        </Card>
      </Col>
      <StageMoveDialog
        move={move}
        onClose={() => setMove(undefined)}
        onMoved={(moved) => {
          setMove(undefined);
          message.success(t('opportunity.moved'));
          queryClient.setQueryData(['opportunity', id], moved);
          void queryClient.invalidateQueries({ queryKey: ['opportunity-history', id] });
          void queryClient.invalidateQueries({ queryKey: ['opportunity-board'] });
        }}
      />
      {data && (
        <NewContractDialog
          open={contracting}
          customerId={data.customerId}
          opportunity={data}
          onClose={() => setContracting(false)}
          onCreated={(contract) => {
            setContracting(false);
            void queryClient.invalidateQueries({ queryKey: ['contracts'] });
            navigate(`/contracts/${contract.id}`);
          }}
        />
      )}
    </Row>
  );
}
