import type { notificationsV1 } from '@salesflow/contracts';
import type { WebhookDeliveryJson, WebhookJson } from '../schemas/webhook.schemas';

const iso = (d: Date | undefined) => (d ?? new Date(0)).toISOString();

export function webhookToJson(w: notificationsV1.WebhookSubscription): WebhookJson {
  return {
    id: w.id,
    eventPatterns: w.eventPatterns,
    url: w.url,
    active: w.active,
    disabledReason: w.disabledReason || null,
    consecutiveFailures: w.consecutiveFailures,
    createdBy: w.createdBy,
    version: Number(w.version),
    createdAt: iso(w.createdAt),
    updatedAt: iso(w.updatedAt),
  };
}

export function webhookDeliveryToJson(d: notificationsV1.WebhookDelivery): WebhookDeliveryJson {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status.toLowerCase() as WebhookDeliveryJson['status'],
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
    createdAt: iso(d.createdAt),
    attemptLog: d.attemptLog.map((a) => ({
      attempt: a.attempt,
      statusCode: a.statusCode || null,
      error: a.error || null,
      durationMs: a.durationMs,
      attemptedAt: iso(a.attemptedAt),
    })),
  };
}
