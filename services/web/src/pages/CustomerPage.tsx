import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, List, Row, Tabs, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { CustomFieldsCard } from './customers/CustomFieldsCard';
import { CustomerRecords } from './customers/customer-records';
import { NewOpportunityButton } from './opportunities/NewOpportunityDialog';

/**
 * The customer 360 page: the card and its custom fields, the timeline of everything that
 * happened, the contacts, and the customer's opportunities, contracts and tickets.
 */
export function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const customer = useQuery({
    queryKey: ['customer', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
  });
  const timeline = useQuery({
    queryKey: ['customer-timeline', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/customers/{id}/timeline', { params: { path: { id }, query: { limit: 100 } } })),
  });
  const contacts = useQuery({
    queryKey: ['contacts', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/customers/{id}/contacts', { params: { path: { id } } })),
  });
  const data = customer.data;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card
          loading={customer.isLoading}
          title={<h1 style={{ fontSize: 18, margin: 0 }}>{data?.name}</h1>}
          extra={data && <NewOpportunityButton customerId={data.id} />}
        >
          {data && (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('customer.lifecycle')}>
                {data.lifecycle && (
                  <Tag data-testid="customer-lifecycle">{t(`lifecycle.${data.lifecycle}` as MessageKey)}</Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.industry')}>{data.industry}</Descriptions.Item>
              <Descriptions.Item label={t('customer.region')}>{data.region}</Descriptions.Item>
              <Descriptions.Item label={t('customer.tier')}>{data.tier}</Descriptions.Item>
              <Descriptions.Item label={t('customer.address')}>{data.address}</Descriptions.Item>
            </Descriptions>
          )}
        </Card>
        {data && (
          <div style={{ marginTop: 16 }}>
            <CustomFieldsCard customer={data} />
          </div>
        )}
      </Col>
      <Col xs={24} lg={15}>
        <Card>
          <Tabs
            items={[
              {
                key: 'timeline',
                label: t('customer.timeline'),
                children: (
                  <Timeline
                    items={(timeline.data?.items ?? []).map((entry) => ({
                      key: entry.id,
                      label: entry.occurredAt && dayjs(entry.occurredAt).format('YYYY-MM-DD HH:mm'),
                      children: (
                        <div data-testid="timeline-entry">
                          <strong>{entry.title}</strong>
                          {entry.summary && <div>{entry.summary}</div>}
                        </div>
                      ),
                    }))}
                  />
                ),
              },
              {
                key: 'contacts',
                label: t('customer.contacts'),
                children: (
                  <List
                    locale={{ emptyText: t('common.empty') }}
                    dataSource={contacts.data?.items ?? []}
                    renderItem={(contact) => (
                      <List.Item>
                        <List.Item.Meta
                          title={contact.name}
                          description={[contact.title, ...contact.phones].filter(Boolean).join(' · ')}
                        />
                        {contact.primary && <Tag color="blue">★</Tag>}
                      </List.Item>
                    )}
                  />
                ),
              },
            ]}
          />
        </Card>
        <div style={{ display: 'grid', gap: 16, marginTop: 16 }}>
          <CustomerRecords customerId={id} />
        </div>
      </Col>
    </Row>
  );
}
