import { allEventTypes } from '@salesflow/contracts';
import { type DomainEvent, type EventHandler, replicatedEmployee } from '@salesflow/platform';
import type { NotificationsTransaction } from '../database';
import { type RecipientRef, routeEvent } from '../modules/notification/notification-routes';
import { subjectOwnershipOf } from '../modules/subject-owner/subject-owner';
import { lastKnownOwner, recordOwner } from '../modules/subject-owner/subject-owner.repository';

export const NOTIFICATION_INBOX_GROUP = 'notifications.inbox';

export interface NotificationInboxOptions {
  /**
   * Events older than this notify nobody. The group reads from the beginning (the owner table
   * needs history), and a person should not get last year's assignments on the first deploy.
   */
  maxAgeMs: number;
  now?: () => Date;
}

/**
 * Every catalog event: keep the subjects' last owners, then write one notification per
 * recipient the routing table names (unique per recipient and source event, so a redelivery
 * that got past the inbox still notifies once). Nobody is notified of their own action.
 */
export function notificationInboxHandlers(
  options: NotificationInboxOptions,
): Record<string, EventHandler<NotificationsTransaction>> {
  const now = options.now ?? (() => new Date());
  const handle = async (event: DomainEvent<unknown>, tx: NotificationsTransaction) => {
    const ownership = subjectOwnershipOf(event);
    const previousOwner = ownership ? await lastKnownOwner(tx, event.tenantId, ownership) : '';
    if (ownership) await recordOwner(tx, event.tenantId, ownership, event.aggregateVersion);

    const routed = routeEvent(event);
    if (!routed || now().getTime() - event.occurredAt.getTime() > options.maxAgeMs) return;
    const recipients = new Set<string>();
    for (const ref of routed.recipients) {
      const id = await resolve(ref, event, tx, previousOwner);
      if (id && id !== event.actorId) recipients.add(id);
    }
    if (recipients.size === 0) return;
    await tx.notification.createMany({
      data: [...recipients].map((recipientId) => ({
        tenantId: event.tenantId,
        recipientId,
        kind: event.type,
        title: routed.title,
        body: routed.body,
        params: routed.params,
        subjectType: routed.subjectType,
        subjectId: routed.subjectId,
        sourceEventId: event.id,
        createdAt: event.occurredAt,
      })),
      skipDuplicates: true,
    });
  };
  return Object.fromEntries(allEventTypes().map((spec) => [spec.type, handle]));
}

async function resolve(
  ref: RecipientRef,
  event: DomainEvent<unknown>,
  tx: NotificationsTransaction,
  previousOwner: string,
): Promise<string | undefined> {
  switch (ref.kind) {
    case 'employee':
      return isUuid(ref.employeeId) ? ref.employeeId : undefined;
    case 'previousOwner':
      return isUuid(previousOwner) ? previousOwner : undefined;
    case 'supervisorOf': {
      if (!isUuid(ref.employeeId)) return undefined;
      const employee = await replicatedEmployee(tx, event.tenantId, ref.employeeId);
      return employee?.managerId && isUuid(employee.managerId) ? employee.managerId : undefined;
    }
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
