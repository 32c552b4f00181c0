import { baseServiceConfig, env, loadConfig } from '@salesflow/platform';
import { z } from 'zod';
import { parseAddressRanges } from './modules/webhook/webhook-target';

export const notificationsConfigSchema = baseServiceConfig('notifications', { grpc: 50056, http: 8086 }).extend({
  // Outbound webhooks: the first retry waits the base delay, each next one twice as long.
  WEBHOOK_RETRY_BASE_MS: env.positiveInt(30_000),
  // Attempts of one delivery before it counts as failed.
  WEBHOOK_MAX_ATTEMPTS: env.positiveInt(6),
  // Failed deliveries in a row (attempts exhausted) after which a subscription is disabled.
  WEBHOOK_DISABLE_AFTER_FAILURES: env.positiveInt(5),
  WEBHOOK_TIMEOUT_MS: env.positiveInt(10_000),
  // How often the delivery worker looks for due deliveries when idle.
  WEBHOOK_POLL_MS: env.positiveInt(1_000),
  // Private or loopback ranges webhooks may still target, e.g. "127.0.0.1/32" for the tests'
  // local receivers. Dev and test only: empty (nothing exempt) in every deployment.
  WEBHOOK_ALLOWED_PRIVATE_TARGETS: z
    .string()
    .default('')
    .refine((list) => {
      try {
        parseAddressRanges(list);
        return true;
      } catch {
        return false;
      }
    }, 'expected IP addresses or CIDR ranges separated by commas'),
});
export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

export function loadNotificationsConfig() {
  return loadConfig(notificationsConfigSchema);
}
