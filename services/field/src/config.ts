import { baseServiceConfig, loadConfig } from '@salesflow/platform';
import { z } from 'zod';
import { isTimeZone } from './modules/calendar/local-day';

export const fieldConfigSchema = baseServiceConfig('field', { grpc: 50054, http: 8084 }).extend({
  // Whose calendar day bounds a working day (the check-out rule). Tenants default to
  // Asia/Shanghai in identity; until the tenant's own zone reaches field, this one applies to all.
  BUSINESS_TIME_ZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, 'is not an IANA time zone such as Asia/Shanghai'),
  // Where check-in photos are kept (local disk); created when missing.
  FIELD_PHOTO_DIR: z.string().min(1).default('.local/field-photos'),
});
export type FieldConfig = ReturnType<typeof loadFieldConfig>;

export function loadFieldConfig() {
  return loadConfig(fieldConfigSchema);
}
