import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { timestamp } from './common.schemas';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'single_select', 'multi_select'] as const;
export type CustomFieldTypeName = (typeof CUSTOM_FIELD_TYPES)[number];

export const customFieldTypeSchema = registry.register(
  'CustomFieldType',
  z.enum(CUSTOM_FIELD_TYPES).openapi({ description: 'date values are "YYYY-MM-DD"; multi_select values are lists.' }),
);

export const createCustomFieldBodySchema = registry.register(
  'CreateCustomFieldRequest',
  z.strictObject({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1-40 lower-case letters, digits or _, starting with a letter')
      .openapi({ example: 'annual_revenue' }),
    label: z.string().trim().min(1).max(100).openapi({ example: '年营业额' }),
    type: customFieldTypeSchema,
    options: z.array(z.string().trim().min(1).max(100)).max(50).optional().openapi({
      description: 'The choices of a single_select or multi_select (required for those, refused for others).',
    }),
    required: z.boolean().optional(),
  }),
);

export const updateCustomFieldBodySchema = registry.register(
  'UpdateCustomFieldRequest',
  z
    .strictObject({
      label: z.string().trim().min(1).max(100).optional(),
      required: z.boolean().optional(),
      options: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional().openapi({
        description: "A select's choices from now on: every current choice must stay (customers hold them).",
      }),
    })
    .openapi({ description: 'Key and type cannot change: stored values depend on them.' }),
);

export const customFieldIdParamsSchema = z.object({
  id: z.uuid().openapi({ description: 'The custom field.' }),
});

export const customFieldSchema = registry.register(
  'CustomField',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    key: z.string(),
    label: z.string(),
    type: z.union([customFieldTypeSchema, z.null()]),
    options: z.array(z.string()),
    required: z.boolean(),
    version: z.number().int(),
    createdAt: timestamp,
  }),
);

export const customFieldListSchema = registry.register(
  'CustomFieldList',
  z.object({ items: z.array(customFieldSchema) }),
);

export type CreateCustomFieldBody = z.output<typeof createCustomFieldBodySchema>;
export type UpdateCustomFieldBody = z.output<typeof updateCustomFieldBodySchema>;
export type CustomFieldJson = z.output<typeof customFieldSchema>;
