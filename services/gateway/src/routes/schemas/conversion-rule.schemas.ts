import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { contactSchema } from './contact.schemas';
import { customerSchema } from './customer.schemas';
import { leadSchema } from './lead.schemas';
import { opportunitySchema } from './sales.schemas';

export const conversionMappingSchema = registry.register(
  'ConversionMapping',
  z.strictObject({
    source: z
      .enum(['name', 'company', 'phone', 'email', 'region', 'notes', 'source', ''])
      .openapi({ description: 'The lead field; "" = only the default.' }),
    target: z.string().trim().min(1).max(100).openapi({
      description:
        'customer.name|industry|region|address|tier|tags|groups, customer.custom_fields.<key>, contact.name|title|phones|email|wechat.',
      example: 'customer.name',
    }),
    defaultValue: z.string().max(500).default('').openapi({ description: 'Used when the lead field is empty.' }),
  }),
);

export const conversionRulesSchema = registry.register(
  'ConversionRules',
  z.object({
    mappings: z.array(conversionMappingSchema),
    version: z.number().int().openapi({ description: '0 while the built-in rules apply; also the ETag.' }),
    updatedAt: z.iso.datetime().nullable(),
  }),
);

export const updateConversionRulesBodySchema = registry.register(
  'UpdateConversionRulesRequest',
  z.strictObject({ mappings: z.array(conversionMappingSchema).max(50) }),
);

export const convertLeadResponseSchema = registry.register(
  'ConvertLeadResponse',
  z.object({
    lead: leadSchema,
    customer: customerSchema,
    contact: contactSchema,
    opportunity: opportunitySchema.optional().openapi({ description: 'When the request asked for one.' }),
  }),
);

export type UpdateConversionRulesBody = z.output<typeof updateConversionRulesBodySchema>;
export type ConversionRulesJson = z.output<typeof conversionRulesSchema>;
