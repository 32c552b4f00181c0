import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { timestamp } from './common.schemas';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const settingsShape = {
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone').openapi({ example: 'Asia/Shanghai' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code')
    .openapi({ example: 'CNY' }),
  weekStart: z.number().int().min(1).max(7).openapi({ description: '1 = Monday ... 7 = Sunday.' }),
  fiscalYearStartMonth: z.number().int().min(1).max(12).openapi({ description: '1 = January ... 12 = December.' }),
  leaderboardVisibleToAll: z
    .boolean()
    .openapi({ description: "Everyone may see everyone's target completion (leaderboards)." }),
  defaultGeofenceRadiusMeters: z.number().int().min(1).max(100_000),
  leadRecycleDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .openapi({ description: 'A lead without a follow-up for this many days returns to the pool.' }),
};

export const tenantSettingsSchema = registry.register('TenantSettings', z.object(settingsShape));

export const tenantSchema = registry.register(
  'Tenant',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    code: z.string().openapi({ description: 'The handle used to sign in.', example: 'acme' }),
    name: z.string(),
    settings: tenantSettingsSchema,
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
  }),
);

export const updateTenantBodySchema = registry.register(
  'UpdateTenantRequest',
  z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      settings: z.strictObject(settingsShape).partial().optional(),
    })
    .openapi({ description: 'Fields left out are not changed.' }),
);

export const signingKeySchema = registry.register(
  'SigningKey',
  z.object({ kid: z.string().openapi({ description: 'Key id of the key that signs from now on.' }) }),
);

export type TenantJson = z.output<typeof tenantSchema>;
export type UpdateTenantBody = z.output<typeof updateTenantBodySchema>;
