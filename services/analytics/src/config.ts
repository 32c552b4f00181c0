import { baseServiceConfig, env, loadConfig } from '@salesflow/platform';
import { z } from 'zod';

export const analyticsConfigSchema = baseServiceConfig('analytics', { grpc: 50055, http: 8085 }).extend({
  // The reporting calendar: which day an instant (a customer created at 07:00 Beijing) counts on.
  ANALYTICS_TIME_ZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'is not an IANA time zone'),
  // How often a replica checks whether a rebuild started a new consumer-group generation.
  ANALYTICS_GENERATION_POLL_MS: z.coerce.number().int().min(100).default(5_000),
  // crm answers the reconciliation's contract and payment reads (env.brokers checks host:port; the first is used).
  CRM_GRPC_ADDR: env.brokers('127.0.0.1:50052'),
  // goals answers the task reads, field the visit and expense reads (same form as CRM_GRPC_ADDR).
  GOALS_GRPC_ADDR: env.brokers('127.0.0.1:50053'),
  FIELD_GRPC_ADDR: env.brokers('127.0.0.1:50054'),
  // How often contracts, payments, visits, expenses and tasks are reconciled with their sources
  // (0 turns it off), and over how many days back.
  ANALYTICS_RECONCILE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(6 * 3_600_000),
  ANALYTICS_RECONCILE_DAYS: z.coerce.number().int().min(1).max(400).default(35),
  // How old a saved customer-value answer may be and still be served after payments of its
  // period changed (it is recomputed in the background meanwhile); 0 always waits for a new one.
  ANALYTICS_CUSTOMER_VALUE_MAX_STALENESS_MS: z.coerce.number().int().min(0).default(60_000),
});
export type AnalyticsConfig = ReturnType<typeof loadAnalyticsConfig>;

export function loadAnalyticsConfig() {
  return loadConfig(analyticsConfigSchema);
}
