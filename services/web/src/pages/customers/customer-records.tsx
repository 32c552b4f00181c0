import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { namesOf, useEmployees } from '../field/field-data';

/** The newest 100 of each kind: the 360 page is an overview; the list pages page further. */
const LIMIT = 100;

/**
 * The customer 360 page's business records, a card each: the customer's opportunities,
 * contracts and tickets, each row linking to its own page, and the last year of visits to it.
 * Each list is the API's, so the data scope is the reader's. Cards rather than more tabs: six
 * tabs overflow a phone, and antd's overflow menu inside the tab list breaks its ARIA (axe).
 */
export function CustomerRecords({ customerId }: { customerId: string }) {
  const { t, language } = useI18n();
  const query = { customerId, limit: LIMIT };
  const opportunities = useQuery({
    queryKey: ['opportunities', 'customer', customerId],
    queryFn: async () => unwrap(await api.GET('/api/v1/opportunities', { params: { query } })),
  });
  const contracts = useQuery({
    queryKey: ['contracts', 'customer', customerId],
    queryFn: async () => unwrap(await api.GET('/api/v1/contracts', { params: { query } })),
  });
  const tickets = useQuery({
    queryKey: ['tickets', 'customer', customerId],
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets', { params: { query } })),
  });
  const visits = useQuery({
    queryKey: ['visits', 'customer', customerId],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/customers/{id}/visits', { params: { path: { id: customerId } } })),
  });
  const employeeName = namesOf(useEmployees().data);
  /** The props every record table shares: its query's rows, small, unpaged, scrolling sideways. */
  const rowsOf = <T extends { id: string }>(list: { data?: { items: T[] }; isLoading: boolean }) => ({
    rowKey: 'id' as const,
    size: 'small' as const,
    pagination: false as const,
    scroll: { x: true as const },
    loading: list.isLoading,
    dataSource: list.data?.items ?? [],
  });
  const money = (value: Schemas['Money'] | null | undefined) => formatMoney(value, language);
  const count = (label: MessageKey, n: number | undefined) => `${t(label)}${n ? ` (${n})` : ''}`;
  const sections: { key: string; title: string; table: ReactNode }[] = [
    {
      key: 'opportunities',
      title: count('nav.opportunities', opportunities.data?.items.length),
      table: (
        <Table
          {...rowsOf(opportunities)}
          columns={[
            {
              title: t('opportunity.name'),
              dataIndex: 'name',
              render: (name: string, o) => <Link to={`/opportunities/${o.id}`}>{name}</Link>,
            },
            { title: t('opportunity.amount'), dataIndex: 'amount', align: 'right', render: money },
            { title: t('opportunity.expectedCloseOn'), dataIndex: 'expectedCloseOn' },
            {
              title: t('contract.status'),
              dataIndex: 'status',
              render: (status: string) => <Tag>{t(`opportunityStatus.${status}` as MessageKey)}</Tag>,
            },
          ]}
        />
      ),
    },
    {
      key: 'contracts',
      title: count('nav.contracts', contracts.data?.items.length),
      table: (
        <Table
          {...rowsOf(contracts)}
          columns={[
            {
              title: t('contract.number'),
              dataIndex: 'number',
              render: (number: string, c) => <Link to={`/contracts/${c.id}`}>{number}</Link>,
            },
            {
              title: t('contract.status'),
              dataIndex: 'status',
              render: (status: string) => <Tag>{t(`contractStatus.${status}` as MessageKey)}</Tag>,
            },
            { title: t('contract.total'), dataIndex: 'totalAmount', align: 'right', render: money },
            { title: t('contract.signedOn'), dataIndex: 'signedOn' },
          ]}
        />
      ),
    },
    {
      key: 'tickets',
      title: count('nav.tickets', tickets.data?.items.length),
      table: (
        <Table
          {...rowsOf(tickets)}
          columns={[
            {
              title: t('ticket.title'),
              dataIndex: 'title',
              render: (title: string, ticket) => <Link to={`/tickets/${ticket.id}`}>{title}</Link>,
            },
            {
              title: t('ticket.status'),
              dataIndex: 'status',
              render: (status: string) => <Tag>{t(`ticketStatus.${status}` as MessageKey)}</Tag>,
            },
          ]}
        />
      ),
    },
    {
      key: 'visits',
      title: count('customer.visits', visits.data?.items.length),
      table: (
        <Table
          {...rowsOf(visits)}
          columns={[
            { title: t('customer.visitDate'), dataIndex: 'localDate' },
            { title: t('customer.visitBy'), dataIndex: 'employeeId', render: employeeName },
            { title: t('field.visitMinutes'), dataIndex: 'durationMinutes', align: 'right' },
            {
              title: t('field.effective'),
              dataIndex: 'effective',
              render: (effective: boolean) => (effective ? <Tag color="#237804">✓</Tag> : '—'),
            },
          ]}
        />
      ),
    },
  ];
  return (
    <>
      {sections.map((section) => (
        <Card key={section.key} title={section.title} size="small" data-testid={`customer-${section.key}`}>
          {section.table}
        </Card>
      ))}
    </>
  );
}
