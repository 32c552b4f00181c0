import type { commonV1, notificationsV1 } from '@salesflow/contracts';
import { decodeCursor, encodeCursor, pageSize, ServiceError } from '@salesflow/platform';
import type { NotificationsDatabase } from '../../database';
import type { Notification } from '../../generated/prisma/client';
import { NotificationError } from './notification.errors';
import { notificationToProto } from './notification.mapper';

/** The caller's own notifications: the principal is always the recipient, whatever its data scope. */
export class NotificationService {
  constructor(private readonly db: NotificationsDatabase) {}

  async list(
    principal: commonV1.Principal,
    request: notificationsV1.ListNotificationsRequest,
  ): Promise<notificationsV1.ListNotificationsResponse> {
    const limit = pageSize(request.page?.limit);
    const before = request.page?.cursor ? parseId(decodeCursor(request.page.cursor).id, 'cursor') : undefined;
    const mine = { tenantId: principal.tenantId, recipientId: principal.employeeId };
    const rows = await this.db.notification.findMany({
      where: {
        ...mine,
        ...(request.unreadOnly ? { readAt: null } : {}),
        ...(before !== undefined ? { id: { lt: before } } : {}),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const unreadCount = await this.db.notification.count({ where: { ...mine, readAt: null } });
    return {
      notifications: page.map(notificationToProto),
      page: {
        nextCursor:
          rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id.toString() }) : '',
      },
      unreadCount: String(unreadCount),
    };
  }

  /** Idempotent: reading a read notification keeps its first read time. */
  async markRead(principal: commonV1.Principal, rawId: string): Promise<notificationsV1.Notification> {
    const id = parseId(rawId, 'id');
    const mine = { id, tenantId: principal.tenantId, recipientId: principal.employeeId };
    await this.db.notification.updateMany({ where: { ...mine, readAt: null }, data: { readAt: new Date() } });
    const row = await this.db.notification.findFirst({ where: mine });
    // Someone else's notification is as absent as one that never existed.
    if (!row) throw new NotificationError('NOTIFICATION_NOT_FOUND', `notification ${rawId} not found`);
    return notificationToProto(row);
  }

  async markAllRead(principal: commonV1.Principal): Promise<number> {
    const { count } = await this.db.notification.updateMany({
      where: { tenantId: principal.tenantId, recipientId: principal.employeeId, readAt: null },
      data: { readAt: new Date() },
    });
    return count;
  }

  /** The recipient's notifications with an id above `afterId`, oldest first. */
  after(principal: commonV1.Principal, afterId: bigint, limit = 100): Promise<Notification[]> {
    return this.db.notification.findMany({
      where: { tenantId: principal.tenantId, recipientId: principal.employeeId, id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: limit,
    });
  }

  /** The newest id the recipient has (0 when none): where a stream without a resume point starts. */
  async latestId(principal: commonV1.Principal): Promise<bigint> {
    const row = await this.db.notification.findFirst({
      where: { tenantId: principal.tenantId, recipientId: principal.employeeId },
      orderBy: { id: 'desc' },
      select: { id: true },
    });
    return row?.id ?? 0n;
  }
}

export function parseId(raw: string, field: string): bigint {
  if (!/^\d{1,19}$/.test(raw)) throw ServiceError.invalid([{ field, message: 'must be a notification id' }]);
  return BigInt(raw);
}
