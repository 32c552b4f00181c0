import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { pageQueryShape } from './common.schemas';

const eventPatterns = z
  .array(z.string().min(1).max(200))
  .min(1)
  .max(50)
  .openapi({
    description: 'Event types (`crm.contract.signed`), prefixes ending in `.*` (`crm.*`), or `*` for every event.',
    example: ['crm.contract.*', 'crm.payment.received'],
  });
const url = z.string().min(1).max(2000).openapi({
  description: 'Where deliveries are POSTed (http or https).',
  example: 'https://erp.example.com/hooks/salesflow',
});
const secret = z.string().min(16).max(200).openapi({
  description: 'HMAC key of the Salesflow-Signature header; generated when left out.',
});

export const webhookSchema = registry.register(
  'Webhook',
  z.object({
    id: z.string(),
    eventPatterns: z.array(z.string()),
    url: z.string(),
    active: z.boolean(),
    disabledReason: z.string().nullable().openapi({ description: 'Why it was disabled automatically.' }),
    consecutiveFailures: z.number().int().openapi({ description: 'Failed deliveries (attempts exhausted) in a row.' }),
    createdBy: z.string(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  }),
);

export const createdWebhookSchema = registry.register(
  'CreatedWebhook',
  z.object({
    webhook: webhookSchema,
    secret: z.string().openapi({ description: 'Shown only here: keep it to verify signatures.' }),
  }),
);

export const webhookPageSchema = registry.register(
  'WebhookPage',
  z.object({ items: z.array(webhookSchema), nextCursor: z.string().nullable() }),
);

export const webhookDeliverySchema = registry.register(
  'WebhookDelivery',
  z.object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    attemptLog: z.array(
      z.object({
        attempt: z.number().int(),
        statusCode: z.number().int().nullable().openapi({ description: 'Null when no HTTP response came.' }),
        error: z.string().nullable(),
        durationMs: z.number().int(),
        attemptedAt: z.iso.datetime(),
      }),
    ),
  }),
);

export const webhookDeliveryPageSchema = registry.register(
  'WebhookDeliveryPage',
  z.object({ items: z.array(webhookDeliverySchema), nextCursor: z.string().nullable() }),
);

export const createWebhookBodySchema = z
  .object({ eventPatterns, url, secret: secret.optional(), active: z.boolean().optional() })
  .strict();

export const updateWebhookBodySchema = z
  .object({
    eventPatterns: eventPatterns.optional(),
    url: url.optional(),
    secret: secret.optional(),
    active: z.boolean().optional().openapi({ description: 'true turns a disabled webhook back on.' }),
  })
  .strict();

export const webhookPageQuerySchema = z.object(pageQueryShape).strict();

export type WebhookJson = z.output<typeof webhookSchema>;
export type WebhookDeliveryJson = z.output<typeof webhookDeliverySchema>;
