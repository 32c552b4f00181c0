import type { Logger } from '@salesflow/platform';
import type { NotificationsDatabase } from '../../database';
import { webhookSignature } from './webhook-signature';

export interface DeliveryWorkerOptions {
  /** The first retry waits this long, each next one twice as long. */
  retryBaseMs: number;
  /** Attempts of one delivery before it is FAILED. */
  maxAttempts: number;
  /** FAILED deliveries in a row after which the subscription is disabled. */
  disableAfterFailures: number;
  timeoutMs: number;
  pollMs: number;
  log: Logger;
  now?: () => Date;
}

interface Claimed {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

export type AttemptOutcome = { ok: boolean; statusCode: number; error: string; durationMs: number };

/**
 * Sends due deliveries. A delivery is claimed with FOR UPDATE SKIP LOCKED and leased (its next
 * attempt pushed past the request timeout), so replicas share the work and a replica that dies
 * mid-request only delays the delivery until the lease runs out.
 */
export class WebhookDeliveryWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: NotificationsDatabase,
    private readonly options: DeliveryWorkerOptions,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let worked = false;
        try {
          worked = await this.runOnce();
        } catch (error) {
          this.options.log.error({ err: error }, 'webhook delivery round failed');
        }
        if (!worked && this.running) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            setTimeout(resolve, this.options.pollMs);
          });
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Sends one due delivery, if any; true when it did. */
  async runOnce(): Promise<boolean> {
    const claimed = await this.claim();
    if (!claimed) return false;
    const outcome = await this.send(claimed);
    await this.record(claimed, outcome);
    return true;
  }

  private async claim(): Promise<Claimed | undefined> {
    const leaseMs = this.options.timeoutMs + 30_000;
    const rows = await this.db.$queryRaw<Claimed[]>`
      UPDATE webhook_deliveries d
      SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
      FROM webhook_subscriptions s
      WHERE d.id = (
          SELECT d2.id FROM webhook_deliveries d2
          JOIN webhook_subscriptions s2 ON s2.id = d2.subscription_id AND s2.active
          WHERE d2.status = 'PENDING' AND d2.next_attempt_at <= now()
          ORDER BY d2.next_attempt_at
          LIMIT 1
          FOR UPDATE OF d2 SKIP LOCKED)
        AND s.id = d.subscription_id
      RETURNING d.id::text, d.subscription_id::text AS "subscriptionId", d.event_id::text AS "eventId",
                d.event_type AS "eventType", d.body, d.attempts, s.url, s.secret`;
    return rows[0];
  }

  private async send(delivery: Claimed): Promise<AttemptOutcome> {
    const timestamp = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    const started = Date.now();
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Salesflow-Webhooks/1',
          'Salesflow-Event-Id': delivery.eventId,
          'Salesflow-Event-Type': delivery.eventType,
          'Salesflow-Timestamp': String(timestamp),
          'Salesflow-Signature': webhookSignature(delivery.secret, timestamp, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return {
        ok,
        statusCode: response.status,
        error: ok ? '' : `HTTP ${response.status}`,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      const message =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      return { ok: false, statusCode: 0, error: message.slice(0, 500), durationMs: Date.now() - started };
    }
  }

  private async record(delivery: Claimed, outcome: AttemptOutcome): Promise<void> {
    const attempt = delivery.attempts + 1;
    const { retryBaseMs, maxAttempts, disableAfterFailures, log } = this.options;
    await this.db.$transaction(async (tx) => {
      await tx.webhookDeliveryAttempt.create({
        data: {
          deliveryId: delivery.id,
          attempt,
          statusCode: outcome.statusCode,
          error: outcome.error,
          durationMs: outcome.durationMs,
        },
      });
      if (outcome.ok) {
        await tx.webhookDelivery.update({
          where: { id: delivery.id },
          data: { status: 'DELIVERED', attempts: attempt, deliveredAt: new Date() },
        });
        await tx.webhookSubscription.update({
          where: { id: delivery.subscriptionId },
          data: { consecutiveFailures: 0 },
        });
        return;
      }
      if (attempt < maxAttempts) {
        // attempt 1 failed -> base, 2 -> 2 x base, 3 -> 4 x base ...
        const delayMs = retryBaseMs * 2 ** (attempt - 1);
        await tx.webhookDelivery.update({
          where: { id: delivery.id },
          data: { attempts: attempt, nextAttemptAt: new Date(Date.now() + delayMs) },
        });
        return;
      }
      await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { status: 'FAILED', attempts: attempt } });
      const subscription = await tx.webhookSubscription.update({
        where: { id: delivery.subscriptionId },
        data: { consecutiveFailures: { increment: 1 } },
      });
      if (!subscription.active || subscription.consecutiveFailures < disableAfterFailures) return;
      const reason = `${subscription.consecutiveFailures} deliveries in a row failed; last: ${outcome.error}`;
      await tx.webhookSubscription.update({
        where: { id: subscription.id },
        data: { active: false, disabledReason: reason, version: { increment: 1 }, updatedAt: new Date() },
      });
      // Its creator hears of it; the delivery id keeps this notification unique.
      await tx.notification.createMany({
        data: [
          {
            tenantId: subscription.tenantId,
            recipientId: subscription.createdBy,
            kind: 'webhooks.subscription.disabled',
            title: 'A webhook was disabled',
            body: `Webhook to ${subscription.url} was disabled: ${reason}. Fix the receiver and turn it back on.`,
            // The last error is the receiver's or the network's own words; consoles show it as is.
            params: {
              url: subscription.url,
              failures: String(subscription.consecutiveFailures),
              lastError: outcome.error,
            },
            subjectType: 'webhook',
            subjectId: subscription.id,
            sourceEventId: delivery.id,
          },
        ],
        skipDuplicates: true,
      });
      log.warn(
        { webhookId: subscription.id, tenantId: subscription.tenantId },
        'webhook disabled after repeated failures',
      );
    });
  }
}
