import type { notificationsV1 } from '@salesflow/contracts';
import type { WebhookDelivery, WebhookDeliveryAttempt, WebhookSubscription } from '../../generated/prisma/client';

export function webhookToProto(row: WebhookSubscription): notificationsV1.WebhookSubscription {
  return {
    id: row.id,
    tenantId: row.tenantId,
    eventPatterns: row.eventPatterns,
    url: row.url,
    active: row.active,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    createdBy: row.createdBy,
    version: String(row.version),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function deliveryToProto(
  row: WebhookDelivery & { attemptLog?: WebhookDeliveryAttempt[] },
): notificationsV1.WebhookDelivery {
  return {
    id: row.id,
    subscriptionId: row.subscriptionId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : undefined,
    createdAt: row.createdAt,
    attemptLog: (row.attemptLog ?? []).map((a) => ({
      attempt: a.attempt,
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
      attemptedAt: a.attemptedAt,
    })),
  };
}
