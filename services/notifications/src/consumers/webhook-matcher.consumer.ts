import { allEventTypes } from '@salesflow/contracts';
import type { DomainEvent, EventHandler } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { NotificationsTransaction } from '../database';
import { webhookEventBody } from '../modules/webhook/webhook-event-body';
import { matchesAny } from '../modules/webhook/webhook-pattern';

export const WEBHOOK_MATCHER_GROUP = 'notifications.webhooks';

/**
 * Every catalog event of a tenant against that tenant's active subscriptions: one delivery row
 * per (subscription, event), unique, so a redelivered event queues nothing twice. The worker
 * sends them; this only decides who gets what.
 */
const matchEvent: EventHandler<NotificationsTransaction> = async (event: DomainEvent<unknown>, tx) => {
  const subscriptions = await tx.webhookSubscription.findMany({
    where: { tenantId: event.tenantId, active: true },
    select: { id: true, eventPatterns: true },
  });
  const matching = subscriptions.filter((s) => matchesAny(s.eventPatterns, event.type));
  if (matching.length === 0) return;
  const body = webhookEventBody(event);
  await tx.webhookDelivery.createMany({
    data: matching.map((s) => ({
      id: uuidv7(),
      tenantId: event.tenantId,
      subscriptionId: s.id,
      eventId: event.id,
      eventType: event.type,
      body,
    })),
    skipDuplicates: true,
  });
};

export const webhookMatcherHandlers: Record<string, EventHandler<NotificationsTransaction>> = Object.fromEntries(
  allEventTypes().map((spec) => [spec.type, matchEvent]),
);
