import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { timestamp } from './common.schemas';

export const POOL_ASSIGNMENTS = ['manual', 'round_robin', 'by_region'] as const;
export type PoolAssignmentName = (typeof POOL_ASSIGNMENTS)[number];

export const poolAssignmentSchema = registry.register(
  'PoolAssignment',
  z.enum(POOL_ASSIGNMENTS).openapi({
    description:
      'manual: leads wait to be claimed or assigned; round_robin: in turn among memberIds; by_region: regionAssignees[lead.region].',
  }),
);

const poolFields = {
  name: z.string().trim().min(1).max(100).openapi({ example: '公海' }),
  public: z.boolean().openapi({ description: 'The public pool (公海) every rep may claim from.' }),
  assignment: poolAssignmentSchema,
  memberIds: z.array(z.uuid()).max(200),
  regionAssignees: z
    .record(z.string().trim().min(1).max(100), z.uuid())
    .openapi({ description: 'Region -> employee id.', example: { 华东: '0190a5e4-7c1e-7b3a-9f00-0000000000e1' } }),
  claimLimit: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .openapi({ description: 'Open leads one rep may hold by claiming; 0 = no limit.' }),
  recycleAfterDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .openapi({ description: 'Owned leads without a follow-up for this many days go back to the pool; 0 = never.' }),
};

export const createLeadPoolBodySchema = registry.register(
  'CreateLeadPoolRequest',
  z.strictObject({
    name: poolFields.name,
    public: poolFields.public.optional(),
    assignment: poolFields.assignment.optional().openapi({ description: 'Defaults to manual.' }),
    memberIds: poolFields.memberIds.optional(),
    regionAssignees: poolFields.regionAssignees.optional(),
    claimLimit: poolFields.claimLimit.optional(),
    recycleAfterDays: poolFields.recycleAfterDays.optional(),
  }),
);

export const updateLeadPoolBodySchema = registry.register(
  'UpdateLeadPoolRequest',
  z
    .strictObject({
      name: poolFields.name.optional(),
      public: poolFields.public.optional(),
      assignment: poolFields.assignment.optional(),
      memberIds: poolFields.memberIds.optional(),
      regionAssignees: poolFields.regionAssignees.optional().openapi({ description: 'Replaces the map.' }),
      claimLimit: poolFields.claimLimit.optional(),
      recycleAfterDays: poolFields.recycleAfterDays.optional(),
    })
    .openapi({ description: 'Fields left out stay as they are.' }),
);

export const leadPoolSchema = registry.register(
  'LeadPool',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    public: z.boolean(),
    assignment: z.union([poolAssignmentSchema, z.null()]),
    memberIds: z.array(z.string()),
    regionAssignees: z.record(z.string(), z.string()),
    claimLimit: z.number().int(),
    recycleAfterDays: z.number().int(),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
  }),
);

export const leadPoolListSchema = registry.register('LeadPoolList', z.object({ items: z.array(leadPoolSchema) }));

export type CreateLeadPoolBody = z.output<typeof createLeadPoolBodySchema>;
export type UpdateLeadPoolBody = z.output<typeof updateLeadPoolBodySchema>;
export type LeadPoolJson = z.output<typeof leadPoolSchema>;
