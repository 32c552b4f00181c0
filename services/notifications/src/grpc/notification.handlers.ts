import { notificationsV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import type { NotificationService } from '../modules/notification/notification.service';
import type { NotificationListener } from '../modules/notification/notification-listener';
import { streamNotifications } from '../modules/notification/notification-stream';

export function notificationServiceBinding(notifications: NotificationService, listener: NotificationListener) {
  return bindService(
    notificationsV1.NotificationServiceService,
    {
      listNotifications: (request, context) => notifications.list(requirePrincipal(context), request),
      markNotificationRead: async (request, context) => ({
        notification: await notifications.markRead(requirePrincipal(context), request.id),
      }),
      markAllNotificationsRead: async (_request, context) => ({
        marked: String(await notifications.markAllRead(requirePrincipal(context))),
      }),
    },
    {
      streamNotifications: (request, context, sink) =>
        streamNotifications(requirePrincipal(context), request, sink, { notifications, listener }),
    },
  );
}
