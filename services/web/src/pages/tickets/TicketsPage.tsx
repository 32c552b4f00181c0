import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Select, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { CustomerSelect } from '../contracts/CustomerSelect';

type Ticket = Schemas['Ticket'];
type View = 'all' | 'overdue' | Schemas['TicketStatus'];
export const TICKET_TYPES: Schemas['TicketType'][] = ['complaint', 'service', 'inquiry'];
export const TICKET_SEVERITIES: Schemas['TicketSeverity'][] = ['low', 'medium', 'high', 'critical'];
export const SEVERITY_COLORS: Record<Schemas['TicketSeverity'], string> = {
  low: 'default',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};

/** 工单: complaints and service requests, overdue ones first when asked, new ones opened here. */
export function TicketsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>('all');
  const [creating, setCreating] = useState(false);
  const tickets = useInfiniteQuery({
    queryKey: ['tickets', view],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/tickets', {
          params: {
            query: {
              limit: 50,
              cursor: pageParam,
              ...(view === 'all' ? {} : view === 'overdue' ? { overdue: 'true' as const } : { status: view }),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <>
      {/* Beside the tabs, not in their tab list: a tablist holds tabs only (axe aria-required-children). */}
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('ticket.new')}
        </Button>
      </div>
      <Tabs
        activeKey={view}
        onChange={(key) => setView(key as View)}
        items={(['all', 'open', 'in_progress', 'resolved', 'overdue'] as const).map((key) => ({
          key,
          label:
            key === 'all'
              ? t('ticket.all')
              : key === 'overdue'
                ? t('ticket.overdue')
                : t(`ticketStatus.${key}` as MessageKey),
        }))}
      />
      <Table<Ticket>
        rowKey="id"
        loading={tickets.isLoading}
        dataSource={tickets.data?.pages.flatMap((p) => p.items) ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        onRow={(ticket) => ({ onClick: () => navigate(`/tickets/${ticket.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('ticket.title'), dataIndex: 'title' },
          {
            title: t('ticket.type'),
            dataIndex: 'type',
            render: (type: Ticket['type']) => type && t(`ticketType.${type}` as MessageKey),
          },
          {
            title: t('ticket.severity'),
            dataIndex: 'severity',
            render: (severity: Ticket['severity']) =>
              severity && <Tag color={SEVERITY_COLORS[severity]}>{t(`severity.${severity}` as MessageKey)}</Tag>,
          },
          {
            title: t('ticket.status'),
            dataIndex: 'status',
            render: (status: Ticket['status']) => status && <Tag>{t(`ticketStatus.${status}` as MessageKey)}</Tag>,
          },
          {
            title: t('ticket.dueAt'),
            dataIndex: 'dueAt',
            render: (dueAt: Ticket['dueAt'], ticket) =>
              dueAt && (
                <span style={ticket.overdue ? { color: '#b91c1c' } : undefined}>
                  {dayjs(dueAt).format('MM-DD HH:mm')}
                  {ticket.overdue && ` · ${t('ticket.overdue')}`}
                </span>
              ),
          },
          {
            title: t('ticket.rating'),
            dataIndex: 'satisfactionRating',
            render: (rating: Ticket['satisfactionRating']) => (rating ? '★'.repeat(rating) : ''),
          },
        ]}
      />
      {tickets.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => tickets.fetchNextPage()} loading={tickets.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      <NewTicketDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(ticket) => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: ['tickets'] });
          navigate(`/tickets/${ticket.id}`);
        }}
      />
    </>
  );
}

type NewTicket = Schemas['CreateTicketRequest'];

function NewTicketDialog(props: { open: boolean; onClose(): void; onCreated(ticket: Ticket): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewTicket>();
  return (
    <FormDialog
      open={props.open}
      title={t('ticket.new')}
      form={form}
      submit={async (values) =>
        unwrap(await api.POST('/api/v1/tickets', { params: { header: idempotencyKey() }, body: values }))
      }
      onClose={props.onClose}
      onSubmitted={props.onCreated}
      successMessage={t('ticket.created')}
      initialValues={{ type: 'service', severity: 'medium' }}
    >
      <Form.Item
        name="customerId"
        label={t('opportunity.customer')}
        rules={[{ required: true, message: t('field.required') }]}
      >
        <CustomerSelect />
      </Form.Item>
      <Form.Item name="type" label={t('ticket.type')} rules={[{ required: true, message: t('field.required') }]}>
        <Select options={TICKET_TYPES.map((value) => ({ value, label: t(`ticketType.${value}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item
        name="severity"
        label={t('ticket.severity')}
        rules={[{ required: true, message: t('field.required') }]}
      >
        <Select options={TICKET_SEVERITIES.map((value) => ({ value, label: t(`severity.${value}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item
        name="title"
        label={t('ticket.title')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 200, message: t('field.tooLong') },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('ticket.description')}
        rules={[{ max: 5000, message: t('field.tooLong') }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormDialog>
  );
}
