import { ServiceError } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { NotificationsClient } from '../clients/service-clients';
import { problemFromServiceError } from '../http/problem';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { notificationToJson, notificationToSse } from './mappers/notification.mapper';
import {
  listNotificationsQuerySchema,
  markAllReadSchema,
  notificationIdParamsSchema,
  notificationPageSchema,
  notificationSchema,
  streamHeadersSchema,
  streamQuerySchema,
} from './schemas/notification.schemas';

const PATH = `${API_PREFIX}/notifications`;
const STREAM_PATH = `${PATH}/stream`;
const READ_ALL_PATH = `${PATH}/read-all`;
const security = [{ [BEARER_AUTH]: [] }];
/** Proxies drop idle connections; a comment line every 15 s keeps the stream open. */
export const SSE_HEARTBEAT_MS = 15_000;

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listNotifications',
  tags: ['notifications'],
  summary: 'Your notifications, newest first',
  description: 'Needs notifications.read. Only the caller’s own notifications, whatever the data scope.',
  security,
  request: { query: listNotificationsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: notificationPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/read`,
  operationId: 'markNotificationRead',
  tags: ['notifications'],
  summary: 'Mark one notification read',
  description: 'Needs notifications.read. Marking it again keeps the first read time.',
  security,
  request: { params: notificationIdParamsSchema },
  responses: {
    200: { description: 'The notification.', content: { 'application/json': { schema: notificationSchema } } },
    400: problemResponse('The id is not a notification id.'),
    404: problemResponse('No such notification of yours.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: READ_ALL_PATH,
  operationId: 'markAllNotificationsRead',
  tags: ['notifications'],
  summary: 'Mark all your notifications read',
  description: 'Needs notifications.read.',
  security,
  responses: {
    200: { description: 'How many were marked.', content: { 'application/json': { schema: markAllReadSchema } } },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: STREAM_PATH,
  operationId: 'streamNotifications',
  tags: ['notifications'],
  summary: 'Your notifications as Server-Sent Events',
  description:
    'Needs notifications.read. Each message is `id: <notification id>`, `event: notification`, `data: <Notification JSON>`. ' +
    'With Last-Event-ID (sent by browsers on reconnect) everything after that id comes first; without it, only new ones. ' +
    'A comment line (`: heartbeat`) comes every 15 s. A failure after the stream started is sent as `event: error` with a problem document, and the stream ends (browsers reconnect).',
  security,
  request: { headers: streamHeadersSchema, query: streamQuerySchema },
  responses: {
    200: {
      description: 'The event stream; it stays open until you close it.',
      content: {
        'text/event-stream': {
          schema: z.string().openapi({
            example:
              'id: 1042\nevent: notification\ndata: {"id":"1042","kind":"crm.lead.assigned","title":"A lead was assigned to you",...}\n\n: heartbeat\n\n',
          }),
        },
      },
    },
    400: problemResponse('Last-Event-ID is not a notification id.'),
    ...authenticatedProblems,
  },
});

function required(client: NotificationsClient | undefined): NotificationsClient {
  if (!client) throw new ServiceError('UNAVAILABLE', 'the notifications service is not configured');
  return client;
}

export function notificationRoutes(deps: {
  notifications: NotificationsClient | undefined;
  authenticate: RequestHandler;
  heartbeatMs?: number;
}): Router {
  const router = Router();
  const canRead = requirePermission('notifications.read');

  router.get(PATH, deps.authenticate, canRead, async (req, res) => {
    const query = validate(listNotificationsQuerySchema, req.query, 'query');
    const result = await required(deps.notifications).listNotifications(
      { page: { limit: query.limit ?? 0, cursor: query.cursor ?? '' }, unreadOnly: query.unread === 'true' },
      callOptionsOf(req),
    );
    res.json({
      items: result.notifications.map(notificationToJson),
      nextCursor: result.page?.nextCursor || null,
      unreadCount: Number(result.unreadCount),
    });
  });

  router.post(READ_ALL_PATH, deps.authenticate, canRead, async (req, res) => {
    const { marked } = await required(deps.notifications).markAllNotificationsRead({}, callOptionsOf(req));
    res.json({ marked: Number(marked) });
  });

  router.post(`${PATH}/:id/read`, deps.authenticate, canRead, async (req, res) => {
    const { id } = validate(notificationIdParamsSchema, req.params, 'params');
    const { notification } = await required(deps.notifications).markNotificationRead({ id }, callOptionsOf(req));
    res.json(notificationToJson(present(notification, 'notifications', 'notification')));
  });

  router.get(STREAM_PATH, deps.authenticate, canRead, async (req, res) => {
    const { lastEventId } = validate(streamQuerySchema, req.query, 'query');
    const header = req.get('last-event-id');
    if (header !== undefined && !/^\d{1,19}$/.test(header)) {
      throw ServiceError.invalid([{ field: 'Last-Event-ID', message: 'must be a notification id' }]);
    }
    const stream = required(deps.notifications).streamNotifications(
      { afterId: header ?? lastEventId ?? '0' },
      callOptionsOf(req),
    );
    res.status(200);
    res.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx-style proxies would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs ?? SSE_HEARTBEAT_MS);
    // The browser went away: cancel the gRPC call so the service stops streaming to nobody.
    res.on('close', () => {
      clearInterval(heartbeat);
      stream.cancel();
    });
    try {
      for await (const message of stream) {
        if (message.notification) res.write(notificationToSse(message.notification));
      }
    } catch (error) {
      const problem = problemFromServiceError(
        error instanceof ServiceError ? error : new ServiceError('INTERNAL', 'the stream failed', { cause: error }),
      );
      res.write(`event: error\ndata: ${JSON.stringify(problem)}\n\n`);
    } finally {
      clearInterval(heartbeat);
      res.end();
    }
  });

  return router;
}
