import { baseServiceConfig, loadConfig } from '@salesflow/platform';
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
});
export type AnalyticsConfig = ReturnType<typeof loadAnalyticsConfig>;

export function loadAnalyticsConfig() {
  return loadConfig(analyticsConfigSchema);
}
