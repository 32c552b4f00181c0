import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, List, Popover, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { followNotifications, type Notification } from './notification-stream';
import { notificationText } from './notification-text';

type NotificationPage = Schemas['NotificationPage'];
const QUERY_KEY = ['notifications', 'latest'];
const SHOWN = 20;

/** Where a notification's subject lives in the console. */
function pathOf(subject: Notification['subject']): string | undefined {
  const pages: Record<string, string> = {
    lead: '/leads',
    customer: '/customers',
    opportunity: '/opportunities',
    contract: '/contracts',
    ticket: '/tickets',
  };
  // A task's notification (assigned, due soon, overdue, commented) opens that task.
  if (subject.type === 'task') return subject.id ? `/tasks/${subject.id}` : '/tasks';
  if (subject.type === 'target') return '/targets';
  const base = pages[subject.type];
  return base && subject.id ? `${base}/${subject.id}` : undefined;
}

/** Adds a notification that came over the stream to the cached list, once (the list may already hold it). */
function withArrival(page: NotificationPage | undefined, arrived: Notification): NotificationPage | undefined {
  if (!page || page.items.some((n) => n.id === arrived.id)) return page;
  return {
    ...page,
    items: [arrived, ...page.items].slice(0, SHOWN),
    unreadCount: page.unreadCount + (arrived.readAt ? 0 : 1),
  };
}

/**
 * The bell in the header: the unread count, the latest notifications in a dropdown, new ones
 * arriving live over the SSE stream. Opening one marks it read and goes to its subject.
 */
export function NotificationBell() {
  const i18n = useI18n();
  const { t } = i18n;
  // The toast's handler outlives renders; it reads the language of the moment through this ref.
  const wording = useRef(i18n);
  wording.current = i18n;
  const { notification: toast } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const latest = useQuery({
    queryKey: QUERY_KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/notifications', { params: { query: { limit: SHOWN } } })),
  });

  useEffect(
    () =>
      followNotifications((arrived) => {
        queryClient.setQueryData<NotificationPage>(QUERY_KEY, (page) => withArrival(page, arrived));
        const text = notificationText(arrived, wording.current);
        toast.info({ title: text.title, description: text.body, placement: 'bottomRight', duration: 4 });
      }),
    [queryClient, toast],
  );

  const markRead = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUERY_KEY }),
  });
  const markAll = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/notifications/read-all')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUERY_KEY }),
  });

  const unread = latest.data?.unreadCount ?? 0;
  const content = (
    <div style={{ width: 320, maxWidth: '85vw' }}>
      <List<Notification>
        size="small"
        loading={latest.isLoading}
        locale={{ emptyText: t('common.empty') }}
        dataSource={latest.data?.items ?? []}
        style={{ maxHeight: 360, overflowY: 'auto' }}
        renderItem={(item) => {
          const text = notificationText(item, i18n);
          return (
            <List.Item
              data-testid="notification"
              style={{ cursor: 'pointer', background: item.readAt ? undefined : '#eff6ff' }}
              onClick={() => {
                if (!item.readAt) markRead.mutate(item.id);
                const path = pathOf(item.subject);
                setOpen(false);
                if (path) navigate(path);
              }}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!item.readAt}>{text.title}</Typography.Text>}
                description={
                  <>
                    <div>{text.body}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(item.createdAt).format('MM-DD HH:mm')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
      <Button
        block
        size="small"
        style={{ marginTop: 8 }}
        disabled={unread === 0}
        loading={markAll.isPending}
        onClick={() => markAll.mutate()}
      >
        {t('notification.markAllRead')}
      </Button>
    </div>
  );
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={t('notification.title')}
      content={content}
    >
      {/* A darker red than antd's: white on it reaches the WCAG AA contrast. */}
      <Badge count={unread} size="small" offset={[-4, 4]} color="#b91c1c" data-testid="notification-count">
        <Button
          type="text"
          icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
          aria-label={`${t('notification.title')} (${unread} ${t('notification.unread')})`}
        />
      </Badge>
    </Popover>
  );
}
