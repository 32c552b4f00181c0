import { z } from 'zod';

/** The settings other services read, with the defaults of a new tenant. */
export interface TenantSettingsValues {
  timeZone: string;
  currency: string;
  weekStart: number;
  fiscalYearStartMonth: number;
  leaderboardVisibleToAll: boolean;
  defaultGeofenceRadiusMeters: number;
  leadRecycleDays: number;
}

export const DEFAULT_TENANT_SETTINGS: TenantSettingsValues = {
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  weekStart: 1,
  fiscalYearStartMonth: 1,
  leaderboardVisibleToAll: true,
  defaultGeofenceRadiusMeters: 200,
  leadRecycleDays: 30,
};

/** An IANA zone name the runtime knows, in its canonical spelling ("utc" -> "UTC"). */
export function canonicalTimeZone(value: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const int = (min: number, max: number) =>
  z.number().int('is not a whole number').min(min, `is less than ${min}`).max(max, `is more than ${max}`);

/** Every field optional: validates a patch; a full settings object passes too. */
export const tenantSettingsPatchSchema = z.object({
  timeZone: z
    .string()
    .trim()
    .transform((tz, ctx) => {
      const canonical = canonicalTimeZone(tz);
      if (!canonical) {
        ctx.addIssue({ code: 'custom', message: 'is not an IANA time zone' });
        return z.NEVER;
      }
      return canonical;
    })
    .optional(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => /^[A-Z]{3}$/.test(c) && CURRENCIES.has(c), 'is not an ISO 4217 currency code')
    .optional(),
  weekStart: int(1, 7).optional(),
  fiscalYearStartMonth: int(1, 12).optional(),
  leaderboardVisibleToAll: z.boolean().optional(),
  defaultGeofenceRadiusMeters: int(10, 5000).optional(),
  leadRecycleDays: int(1, 365).optional(),
});

export type TenantSettingsPatch = z.output<typeof tenantSettingsPatchSchema>;

/** Drops the fields a patch leaves unset (so they are not changed). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
