import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { timestamp } from './common.schemas';

const hours = z.number().int().min(1).max(8760);

export const serviceSettingsSchema = registry.register(
  'ServiceSettings',
  z.object({
    criticalHours: z.number().int().openapi({ description: 'Hours to resolve a critical ticket (default 4).' }),
    highHours: z.number().int().openapi({ description: 'Default 24.' }),
    mediumHours: z.number().int().openapi({ description: 'Default 72.' }),
    lowHours: z.number().int().openapi({ description: 'Default 168.' }),
    dormancyDays: z.number().int().openapi({
      description: 'An active customer without follow-up for this many days becomes dormant (default 90).',
    }),
    version: z.number().int().openapi({ description: '0 while the defaults were never changed; also the ETag.' }),
    updatedAt: timestamp,
  }),
);

export const updateServiceSettingsBodySchema = registry.register(
  'UpdateServiceSettingsRequest',
  z
    .strictObject({
      criticalHours: hours.optional(),
      highHours: hours.optional(),
      mediumHours: hours.optional(),
      lowHours: hours.optional(),
      dormancyDays: z.number().int().min(1).max(3650).optional(),
    })
    .openapi({ description: 'Fields left out stay as they are. New hours apply to tickets opened afterwards.' }),
);

export type ServiceSettingsJson = z.output<typeof serviceSettingsSchema>;
export type UpdateServiceSettingsBody = z.output<typeof updateServiceSettingsBodySchema>;
