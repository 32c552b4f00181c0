import type { notificationsV1 } from '@salesflow/contracts';
import type { NotificationJson } from '../schemas/notification.schemas';

export function notificationToJson(n: notificationsV1.Notification): NotificationJson {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    params: n.params,
    subject: { type: n.subjectType, id: n.subjectId },
    createdAt: (n.createdAt ?? new Date(0)).toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}

/** One Server-Sent Events message: the id is what the browser sends back as Last-Event-ID. */
export function notificationToSse(n: notificationsV1.Notification): string {
  return `id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(notificationToJson(n))}\n\n`;
}
