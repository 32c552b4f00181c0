import './instrumentation';
import { join } from 'node:path';
import { ALL_TOPICS } from '@salesflow/contracts';
import { bootService, createLogger } from '@salesflow/platform';
import { loadNotificationsConfig } from './config';
import { NOTIFICATION_INBOX_GROUP, notificationInboxHandlers } from './consumers/notification-inbox.consumer';
import { WEBHOOK_MATCHER_GROUP, webhookMatcherHandlers } from './consumers/webhook-matcher.consumer';
import { createNotificationsDatabase } from './database';
import { notificationServiceBinding } from './grpc/notification.handlers';
import { webhookServiceBinding } from './grpc/webhook.handlers';
import { NotificationService } from './modules/notification/notification.service';
import { NotificationListener } from './modules/notification/notification-listener';
import { WebhookService } from './modules/webhook/webhook.service';
import { WebhookDeliveryWorker } from './modules/webhook/webhook-delivery.worker';
import { parseAddressRanges } from './modules/webhook/webhook-target';

const WEEK_MS = 7 * 24 * 3600 * 1000;

async function main(): Promise<void> {
  const config = loadNotificationsConfig();
  const log = createLogger('notifications', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'notifications',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    // A supervisor is the recipient of some notifications (a plan waiting for approval).
    orgReplica: true,
  });

  const db = createNotificationsDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());
  const listener = new NotificationListener(config.DATABASE_URL, log);
  await listener.start();
  runtime.onStop('notification listener', () => listener.stop());
  const notifications = new NotificationService(db);

  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  await runtime.startConsumer({
    groupId: NOTIFICATION_INBOX_GROUP,
    topics: ALL_TOPICS,
    transaction: (fn) => db.$transaction(fn),
    handlers: notificationInboxHandlers({ maxAgeMs: WEEK_MS }),
  });
  await runtime.startConsumer({
    groupId: WEBHOOK_MATCHER_GROUP,
    topics: ALL_TOPICS,
    transaction: (fn) => db.$transaction(fn),
    handlers: webhookMatcherHandlers,
    // A new subscription gets what happens from now on, not the topics' history.
    fromBeginning: false,
  });
  const deliveries = new WebhookDeliveryWorker(db, {
    retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    pollMs: config.WEBHOOK_POLL_MS,
    log,
  });
  deliveries.start();
  runtime.onStop('webhook delivery worker', () => deliveries.stop());

  await runtime.serveGrpc(config.GRPC_PORT, [
    notificationServiceBinding(notifications, listener),
    webhookServiceBinding(
      new WebhookService(db, { allowedPrivateTargets: parseAddressRanges(config.WEBHOOK_ALLOWED_PRIVATE_TARGETS) }),
    ),
  ]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
