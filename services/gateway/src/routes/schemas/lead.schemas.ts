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
    poolId: z.uuid().optional().openapi({
      description:
        "Puts the lead in this pool: handed out by the pool's rule, or waiting to be claimed, unless ownerId names someone.",
    }),
    region: z.string().trim().max(100).optional().openapi({ example: '华东' }),
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
    lastFollowUpAt: z.iso.datetime().nullable().openapi({ description: 'When the last follow-up happened.' }),
    nextFollowUpOn: z.string().nullable().openapi({ format: 'date', description: 'The next planned follow-up.' }),
    poolId: z.string().nullable().openapi({ description: 'The pool the lead belongs to.' }),
    region: z.string().nullable(),
    ownerSince: z.iso.datetime().nullable().openapi({ description: 'When the current owner got the lead.' }),
    convertedCustomerId: z.string().nullable().openapi({ description: 'The customer the lead became.' }),
    convertedContactId: z.string().nullable().openapi({ description: 'The contact the lead became.' }),
    convertedAt: z.iso.datetime().nullable(),
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
  poolId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  claimable: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .openapi({ description: 'true: only unowned leads waiting in a pool.' }),
  q: z.string().max(200).optional().openapi({ description: 'Part of the name, company, phone or email.' }),
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

export const updateLeadBodySchema = registry.register(
  'UpdateLeadRequest',
  z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      company: z.string().trim().max(200).optional(),
      phone: z.string().trim().max(50).optional(),
      email: z.union([z.email().max(254), z.literal('')]).optional(),
      source: leadSourceSchema.optional(),
      status: z
        .enum(['new', 'contacted', 'qualified', 'unqualified'])
        .optional()
        .openapi({ description: 'converted and recycled are set by conversion and recycling.' }),
      notes: z.string().max(5000).optional(),
      region: z.string().trim().max(100).optional(),
      nextFollowUpOn: z.union([z.iso.date(), z.null()]).optional().openapi({ description: 'null clears it.' }),
    })
    .openapi({ description: 'Fields left out stay as they are.' }),
);

export const assignLeadBodySchema = registry.register(
  'AssignLeadRequest',
  z.strictObject({
    ownerId: z.uuid().optional().openapi({ description: "Someone in your data scope; left out: by the pool's rule." }),
  }),
);

export const releaseLeadBodySchema = registry.register(
  'ReleaseLeadRequest',
  z.strictObject({ reason: z.string().trim().max(500).optional().openapi({ example: '客户暂无需求' }) }),
);

export const leadOperationSchema = registry.register(
  'LeadOperation',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    action: z.string().openapi({
      description: 'created, updated, claimed, assigned, released, recycled, followed_up, handed_over or converted.',
    }),
    actorId: z.string().nullable().openapi({ description: 'null for the system (recycling, handover).' }),
    occurredAt: z.iso.datetime().nullable(),
    before: z.record(z.string(), z.unknown()).openapi({ description: 'The changed fields before.' }),
    after: z.record(z.string(), z.unknown()).openapi({ description: 'The changed fields after.' }),
  }),
);

export const leadHistorySchema = registry.register(
  'LeadHistory',
  z.object({ items: z.array(leadOperationSchema).openapi({ description: 'Newest first, at most 200.' }) }),
);

export type UpdateLeadBody = z.output<typeof updateLeadBodySchema>;
export type LeadOperationJson = z.output<typeof leadOperationSchema>;
export type CreateLeadBody = z.output<typeof createLeadBodySchema>;
export type LeadJson = z.output<typeof leadSchema>;
export type ListLeadsQuery = z.output<typeof listLeadsQuerySchema>;
