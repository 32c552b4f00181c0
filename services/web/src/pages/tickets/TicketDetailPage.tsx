import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Form, Input, Row, Space, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { hasPermission } from '../../auth/has-permission';
import { useMe } from '../../auth/use-me';
import { FormDialog } from '../../components/FormDialog';
import { StarRate } from '../../components/StarRate';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ReassignTicketDialog } from './ReassignTicketDialog';
import { SEVERITY_COLORS } from './TicketsPage';

type Status = Schemas['TicketStatus'];

/** The moves the API allows from each status (open may be resolved directly). */
const MOVES: Record<Status, Status[]> = {
  open: ['in_progress', 'resolved'],
  in_progress: ['resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

interface MoveForm {
  resolution?: string;
  comment?: string;
  rating?: number;
  ratingComment?: string;
}

/** One ticket: its card, the moves it may make next (resolving asks for the resolution and a rating), its history. */
export function TicketDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [moving, setMoving] = useState<Status>();
  const [rating, setRating] = useState(false);
  const [reassigning, setReassigning] = useState(false);
  const me = useMe();
  const canWrite = hasPermission(me.data?.permissions, 'crm.ticket.write');
  const employees = useQuery({
    queryKey: ['employees', 'names'],
    queryFn: async () => unwrap(await api.GET('/api/v1/employees', { params: { query: { limit: 200 } } })).items,
    staleTime: 60_000,
  });
  const assigneeName = (assigneeId: string | null) =>
    (employees.data ?? []).find((e) => e.id === assigneeId)?.name ?? assigneeId?.slice(0, 8) ?? '';
  const [form] = Form.useForm<MoveForm>();

  const ticket = useQuery({
    queryKey: ['ticket', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets/{id}', { params: { path: { id } } })),
  });
  const history = useQuery({
    queryKey: ['ticket-history', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/tickets/{id}/history', { params: { path: { id } } })),
  });
  const data = ticket.data;

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['ticket', id] }),
      queryClient.invalidateQueries({ queryKey: ['ticket-history', id] }),
      queryClient.invalidateQueries({ queryKey: ['tickets'] }),
    ]);
  }

  function open(status: Status | 'rate') {
    if (status === 'rate') setRating(true);
    else setMoving(status);
  }

  // The move first (If-Match: a ticket changed meanwhile is not moved blind), then the rating.
  async function submit(values: MoveForm) {
    if (!data) return;
    if (moving) {
      unwrap(
        await api.POST('/api/v1/tickets/{id}/status', {
          params: { path: { id }, header: { 'If-Match': `"${data.version}"` } },
          body: {
            status: moving,
            ...(values.resolution ? { resolution: values.resolution } : {}),
            ...(values.comment ? { comment: values.comment } : {}),
          },
        }),
      );
    }
    // The customer's satisfaction, asked for on resolving (or later): 1-5, once per ticket.
    if (values.rating) {
      unwrap(
        await api.POST('/api/v1/tickets/{id}/rating', {
          params: { path: { id } },
          body: { rating: values.rating, ...(values.ratingComment ? { comment: values.ratingComment } : {}) },
        }),
      );
    }
  }

  const rateable = data && (data.status === 'resolved' || data.status === 'closed') && !data.satisfactionRating;
  const asksRating = moving === 'resolved' || rating;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card loading={ticket.isLoading} title={<h1 style={{ fontSize: 18, margin: 0 }}>{data?.title}</h1>}>
          {data && (
            <>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('ticket.status')}>
                  {data.status && (
                    <Tag data-testid="ticket-status">{t(`ticketStatus.${data.status}` as MessageKey)}</Tag>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('ticket.type')}>
                  {data.type && t(`ticketType.${data.type}` as MessageKey)}
                </Descriptions.Item>
                <Descriptions.Item label={t('ticket.severity')}>
                  {data.severity && (
                    <Tag color={SEVERITY_COLORS[data.severity]}>{t(`severity.${data.severity}` as MessageKey)}</Tag>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('ticket.assignee')}>
                  <span data-testid="ticket-assignee">{assigneeName(data.assigneeId)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('opportunity.customer')}>
                  <Link to={`/customers/${data.customerId}`}>{t('contract.openCustomer')}</Link>
                </Descriptions.Item>
                <Descriptions.Item label={t('ticket.dueAt')}>
                  {data.dueAt && dayjs(data.dueAt).format('YYYY-MM-DD HH:mm')}
                  {data.overdue && (
                    <Tag color="red" style={{ marginLeft: 8 }}>
                      {t('ticket.overdue')}
                    </Tag>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('ticket.description')}>{data.description}</Descriptions.Item>
                {data.resolution && (
                  <Descriptions.Item label={t('ticket.resolution')}>{data.resolution}</Descriptions.Item>
                )}
                {data.satisfactionRating && (
                  <Descriptions.Item label={t('ticket.rating')}>
                    <StarRate disabled value={data.satisfactionRating} aria-label={t('ticket.rating')} />
                    {data.satisfactionComment && <div>{data.satisfactionComment}</div>}
                  </Descriptions.Item>
                )}
              </Descriptions>
              <Space wrap style={{ marginTop: 12 }}>
                {canWrite &&
                  data.status &&
                  MOVES[data.status].map((to) => (
                    <Button key={to} type={to === 'resolved' ? 'primary' : 'default'} onClick={() => open(to)}>
                      {t(`ticketMove.${data.status}.${to}` as MessageKey)}
                    </Button>
                  ))}
                {rateable && <Button onClick={() => open('rate')}>{t('ticket.rate')}</Button>}
                {canWrite && data.status !== 'closed' && (
                  <Button onClick={() => setReassigning(true)}>{t('ticket.reassign')}</Button>
                )}
              </Space>
            </>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('ticket.history')} loading={history.isLoading}>
          <Timeline
            items={(history.data?.items ?? []).map((entry, index) => ({
              key: `${entry.action}-${index}`,
              children: (
                <div>
                  <strong>{t(`ticketAction.${entry.action}` as MessageKey) ?? entry.action}</strong>
                  {entry.comment && <div>{entry.comment}</div>}
                  <div style={{ color: '#64748b', fontSize: 12 }}>
                    {entry.occurredAt && dayjs(entry.occurredAt).format('YYYY-MM-DD HH:mm')}
                  </div>
                </div>
              ),
            }))}
          />
        </Card>
      </Col>
      <FormDialog
        open={Boolean(moving) || rating}
        title={moving && data?.status ? t(`ticketMove.${data.status}.${moving}` as MessageKey) : t('ticket.rate')}
        form={form}
        submit={submit}
        onClose={() => {
          setMoving(undefined);
          setRating(false);
        }}
        onSubmitted={refresh}
        onStale={refresh}
        successMessage={t('ticket.saved')}
      >
        {moving === 'resolved' && (
          <Form.Item
            name="resolution"
            label={t('ticket.resolution')}
            rules={[
              { required: true, whitespace: true, message: t('field.required') },
              { max: 5000, message: t('field.tooLong') },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {moving && (
          <Form.Item name="comment" label={t('ticket.comment')} rules={[{ max: 2000, message: t('field.tooLong') }]}>
            <Input />
          </Form.Item>
        )}
        {asksRating && (
          <>
            <Form.Item
              name="rating"
              label={t('ticket.rating')}
              rules={rating ? [{ required: true, message: t('field.required') }] : []}
            >
              <StarRate aria-label={t('ticket.rating')} />
            </Form.Item>
            <Form.Item
              name="ratingComment"
              label={t('ticket.ratingComment')}
              rules={[{ max: 2000, message: t('field.tooLong') }]}
            >
              <Input />
            </Form.Item>
          </>
        )}
      </FormDialog>
      {data && (
        <ReassignTicketDialog
          open={reassigning}
          ticket={data}
          onClose={() => setReassigning(false)}
          onReassigned={refresh}
          onStale={refresh}
        />
      )}
    </Row>
  );
}
