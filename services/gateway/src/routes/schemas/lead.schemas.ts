import { z } from 'zod';
import { registry } from '../../openapi/registry';

// API names of crm's LeadSource and LeadStatus: the proto names without prefix, lowercase.
export const LEAD_SOURCES = ['exhibition', 'web', 'referral', 'campaign', 'cold_call', 'other'] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted', 'recycled'] as const;

export type LeadSourceName = (typeof LEAD_SOURCES)[number];
export type LeadStatusName = (typeof LEAD_STATUSES)[number];

export const leadSourceSchema = registry.register(
  'LeadSource',
  z.enum(LEAD_SOURCES).openapi({ description: 'The channel the lead came from.' }),
);

export const leadStatusSchema = registry.register(
  'LeadStatus',
  z.enum(LEAD_STATUSES).openapi({ description: 'How far follow-up has got.' }),
);

export const createLeadBodySchema = registry.register(
  'CreateLeadRequest',
  z.strictObject({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Zhang Wei' }),
    company: z.string().trim().max(200).optional().openapi({ example: 'Hangzhou Trading Co.' }),
    phone: z.string().trim().max(50).optional().openapi({ example: '+86 138-0013-8000' }),
    email: z.email().max(254).optional().openapi({ example: 'zhang.wei@example.com' }),
    source: leadSourceSchema.optional().openapi({ description: 'Defaults to other.' }),
    ownerId: z.uuid().optional().openapi({ description: 'The employee who follows the lead up; defaults to you.' }),
    notes: z.string().max(5000).optional(),
  }),
);

export const leadSchema = registry.register(
  'Lead',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    company: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    // A union, not .nullable(): that would render as allOf [enum, null], which admits no null.
    source: z.union([leadSourceSchema, z.null()]),
    status: z.union([leadStatusSchema, z.null()]),
    ownerId: z.string().nullable().openapi({ description: 'null while the lead sits in a pool.' }),
    notes: z.string().nullable(),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime().nullable(),
  }),
);

export const listLeadsQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: 'Page size, 50 by default; values above 200 are capped at 200.' }),
  cursor: z.string().min(1).optional().openapi({ description: 'nextCursor of the previous page.' }),
  source: leadSourceSchema.optional(),
  status: leadStatusSchema.optional(),
});

export const leadPageSchema = registry.register(
  'LeadPage',
  z.object({
    items: z.array(leadSchema),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page.' }),
  }),
);

export const leadIdParamsSchema = z.object({
  id: z.string().min(1).openapi({ format: 'uuid', description: 'The lead id.' }),
});

export type CreateLeadBody = z.output<typeof createLeadBodySchema>;
export type LeadJson = z.output<typeof leadSchema>;
export type ListLeadsQuery = z.output<typeof listLeadsQuerySchema>;
