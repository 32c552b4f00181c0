import { baseServiceConfig, loadConfig } from '@salesflow/platform';
import { z } from 'zod';

export const crmConfigSchema = baseServiceConfig('crm', { grpc: 50052, http: 8082 }).extend({
  // Whose calendar "today" is for the birthday list (an IANA zone).
  CRM_TIME_ZONE: z
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
  // How often the lead recycle job looks for leads to send back to their pools.
  CRM_RECYCLE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(600_000),
  // How often the dormancy sweep looks for ACTIVE customers quiet for the tenant's dormancy period.
  CRM_DORMANCY_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
});
export type CrmConfig = ReturnType<typeof loadCrmConfig>;

export function loadCrmConfig() {
  return loadConfig(crmConfigSchema);
}
