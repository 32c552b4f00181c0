import type { notificationsV1 } from '@salesflow/contracts';
import type { Notification, Prisma } from '../../generated/prisma/client';

/**
 * The jsonb column as a string map: the column is only written from string maps, but a value
 * that is not a string (a hand-edited row) is dropped rather than sent mistyped.
 */
function paramsFromRow(value: Prisma.JsonValue): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function notificationToProto(row: Notification): notificationsV1.Notification {
  return {
    id: row.id.toString(),
    tenantId: row.tenantId,
    recipientId: row.recipientId,
    kind: row.kind,
    title: row.title,
    body: row.body,
    params: paramsFromRow(row.params),
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    sourceEventId: row.sourceEventId,
    createdAt: row.createdAt,
    readAt: row.readAt ?? undefined,
  };
}
