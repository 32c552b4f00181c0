import { baseServiceConfig, env, loadConfig } from '@salesflow/platform';
import { z } from 'zod';
import { isTimeZone } from './modules/calendar/local-day';

export const fieldConfigSchema = baseServiceConfig('field', { grpc: 50054, http: 8084 })
  .extend({
    // Whose calendar day bounds a working day (the check-out rule). Tenants default to
    // Asia/Shanghai in identity; until the tenant's own zone reaches field, this one applies to all.
    BUSINESS_TIME_ZONE: z
      .string()
      .default('Asia/Shanghai')
      .refine(isTimeZone, 'is not an IANA time zone such as Asia/Shanghai'),
    // Where check-in photos are kept (local disk); created when missing.
    FIELD_PHOTO_DIR: z.string().min(1).default('.local/field-photos'),
    // `s3` keeps them in an S3-compatible bucket instead (credentials: the AWS SDK's AWS_* variables).
    FIELD_PHOTO_STORE: z.enum(['local', 's3']).default('local'),
    FIELD_S3_BUCKET: z.string().min(1).optional(),
    FIELD_S3_REGION: z.string().min(1).default('us-east-1'),
    FIELD_S3_ENDPOINT: z.url().optional(),
    // How often report obligations are settled (one replica at a time, an advisory lock).
    FIELD_REPORT_OBLIGATION_INTERVAL_MS: env.positiveInt(5 * 60_000),
    // A day's obligations are settled at most this many days after its deadline.
    FIELD_REPORT_OBLIGATION_LOOKBACK_DAYS: env.positiveInt(14),
    FIELD_S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
  })
  .refine((config) => config.FIELD_PHOTO_STORE !== 's3' || Boolean(config.FIELD_S3_BUCKET), {
    message: 'is required when FIELD_PHOTO_STORE is s3',
    path: ['FIELD_S3_BUCKET'],
  });
export type FieldConfig = ReturnType<typeof loadFieldConfig>;

export function loadFieldConfig() {
  return loadConfig(fieldConfigSchema);
}
