import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { pageQueryShape, timestamp } from './common.schemas';

export const CUSTOMER_LIFECYCLES = ['prospect', 'active', 'dormant', 'churned'] as const;
export type CustomerLifecycleName = (typeof CUSTOMER_LIFECYCLES)[number];

export const customerLifecycleSchema = registry.register(
  'CustomerLifecycle',
  z.enum(CUSTOMER_LIFECYCLES).openapi({ description: 'Where the customer stands (潜在 / 活跃 / 沉睡 / 流失).' }),
);

const geoPointSchema = registry.register(
  'GeoPoint',
  z.strictObject({
    latitude: z.number().min(-90).max(90).openapi({ example: 31.2397 }),
    longitude: z.number().min(-180).max(180).openapi({ example: 121.4998 }),
  }),
);

const labelList = z.array(z.string().trim().min(1).max(50)).max(30);
const customFieldValues = z
  .record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), z.null()]))
  .openapi({
    description:
      'Values of the tenant\'s custom fields by key (see /custom-fields): text, number, "YYYY-MM-DD" or a list for multi_select. On update null removes a value.',
    example: { annual_revenue: 12000000, channels: ['online', 'retail'] },
  });

const cardFields = {
  industry: z.string().trim().max(100).openapi({ example: '制造业' }),
  region: z.string().trim().max(100).openapi({ example: '华东' }),
  address: z.string().trim().max(500).openapi({ example: '上海市浦东新区世纪大道100号' }),
  tier: z.string().trim().max(20).openapi({ example: 'A' }),
};

export const createCustomerBodySchema = registry.register(
  'CreateCustomerRequest',
  z.strictObject({
    name: z.string().trim().min(1).max(200).openapi({ example: '华信贸易有限公司' }),
    industry: cardFields.industry.optional(),
    region: cardFields.region.optional(),
    address: cardFields.address.optional(),
    location: geoPointSchema.optional(),
    tier: cardFields.tier.optional(),
    lifecycle: customerLifecycleSchema.optional().openapi({ description: 'Defaults to prospect.' }),
    tags: labelList.optional(),
    groups: labelList.optional().openapi({ description: '分组, e.g. 重点客户.' }),
    ownerId: z.uuid().optional().openapi({ description: 'Defaults to you.' }),
    customFields: customFieldValues.optional(),
  }),
);

export const updateCustomerBodySchema = registry.register(
  'UpdateCustomerRequest',
  z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      industry: cardFields.industry.optional(),
      region: cardFields.region.optional(),
      address: cardFields.address.optional(),
      location: geoPointSchema.nullable().optional().openapi({ description: 'null removes the coordinates.' }),
      tier: cardFields.tier.optional(),
      lifecycle: customerLifecycleSchema.optional(),
      tags: labelList.optional().openapi({ description: 'Replaces the tags.' }),
      groups: labelList.optional().openapi({ description: 'Replaces the groups.' }),
      ownerId: z.uuid().optional(),
      customFields: customFieldValues.optional().openapi({ description: 'Merged into the stored values.' }),
    })
    .openapi({ description: 'Fields left out stay as they are.' }),
);

export const customerSchema = registry.register(
  'Customer',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    industry: z.string().nullable(),
    region: z.string().nullable(),
    address: z.string().nullable(),
    location: z.union([geoPointSchema, z.null()]),
    tier: z.string().nullable(),
    lifecycle: z.union([customerLifecycleSchema, z.null()]),
    tags: z.array(z.string()),
    groups: z.array(z.string()),
    ownerId: z.string().nullable(),
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
    lastFollowUpAt: timestamp.openapi({ description: 'When the last follow-up happened.' }),
    nextFollowUpOn: z.string().nullable().openapi({ format: 'date', description: 'The next planned follow-up.' }),
    churnReason: z.string().nullable().openapi({ description: 'Why it churned (POST /customers/{id}/churn).' }),
    lifecycleChangedAt: timestamp.openapi({ description: 'When the lifecycle last moved.' }),
  }),
);

export const listCustomersQuerySchema = z.object({
  ...pageQueryShape,
  lifecycle: customerLifecycleSchema.optional(),
  industry: z.string().max(100).optional(),
  region: z.string().max(100).optional(),
  tier: z.string().max(20).optional(),
  tag: z.string().max(50).optional(),
  group: z.string().max(50).optional(),
  ownerId: z.uuid().optional(),
  q: z.string().max(200).optional().openapi({ description: 'Part of the name, case-insensitive.' }),
});

export const customerPageSchema = registry.register(
  'CustomerPage',
  z.object({
    items: z.array(customerSchema),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page.' }),
  }),
);

export const mergeCustomersBodySchema = registry.register(
  'MergeCustomersRequest',
  z.strictObject({ sourceId: z.uuid().openapi({ description: 'The duplicate to fold in; it is deleted.' }) }),
);

export type CreateCustomerBody = z.output<typeof createCustomerBodySchema>;
export type UpdateCustomerBody = z.output<typeof updateCustomerBodySchema>;
export type CustomerJson = z.output<typeof customerSchema>;
export type ListCustomersQuery = z.output<typeof listCustomersQuerySchema>;
