import type { notificationsV1 } from '@salesflow/contracts';
import type { Notification } from '../../generated/prisma/client';

export function notificationToProto(row: Notification): notificationsV1.Notification {
  return {
    id: row.id.toString(),
    tenantId: row.tenantId,
    recipientId: row.recipientId,
    kind: row.kind,
    title: row.title,
    body: row.body,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    sourceEventId: row.sourceEventId,
    createdAt: row.createdAt,
    readAt: row.readAt ?? undefined,
  };
}
