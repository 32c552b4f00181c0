import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { pageQueryShape } from './common.schemas';

export const notificationSchema = registry.register(
  'Notification',
  z.object({
    id: z.string().openapi({
      description:
        'Increases with every notification of a person: the SSE event id and the Last-Event-ID to resume from.',
      example: '1042',
    }),
    kind: z.string().openapi({ description: 'The event type it came from.', example: 'crm.lead.assigned' }),
    title: z.string().openapi({ example: 'A lead was assigned to you' }),
    body: z.string(),
    params: z.record(z.string(), z.string()).openapi({
      description:
        'What title and body are made of, for a client that words them in its reader’s language with `kind` as the message key: ' +
        'names and titles as written, dates as ISO strings, enum values as this API spells them. Optional parts the event lacks ' +
        'are absent; empty for notifications older than parameters (show title and body).',
      example: { leadName: '王建国', company: '杭州宏达贸易' },
    }),
    subject: z.object({
      type: z.string().openapi({ description: 'lead, opportunity, contract, ticket, plan, task ...', example: 'lead' }),
      id: z.string(),
    }),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable().openapi({ description: 'Null while unread.' }),
  }),
);

export const notificationPageSchema = registry.register(
  'NotificationPage',
  z.object({
    items: z.array(notificationSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Null on the last page.' }),
    unreadCount: z.number().int().openapi({ description: 'All your unread notifications, not only this page.' }),
  }),
);

export const listNotificationsQuerySchema = z
  .object({
    ...pageQueryShape,
    unread: z.enum(['true', 'false']).optional().openapi({ description: 'true: only the unread ones.' }),
  })
  .strict();

export const notificationIdParamsSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,19}$/, 'must be a notification id')
    .openapi({ description: 'The notification id.' }),
});

export const markAllReadSchema = registry.register(
  'NotificationsMarkedRead',
  z.object({ marked: z.number().int().openapi({ description: 'How many were unread until now.' }) }),
);

export const streamHeadersSchema = z.object({
  'Last-Event-ID': z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .openapi({ description: 'The id of the last notification you received: everything after it is sent first.' }),
});

export const streamQuerySchema = z
  .object({
    lastEventId: z
      .string()
      .regex(/^\d{1,19}$/, 'must be a notification id')
      .optional()
      .openapi({ description: 'Same as the Last-Event-ID header, for clients that cannot set headers.' }),
  })
  .strict();

export type NotificationJson = z.output<typeof notificationSchema>;
