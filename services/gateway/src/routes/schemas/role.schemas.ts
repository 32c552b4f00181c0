import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { idParamsSchema } from './common.schemas';

// API names of common.v1's DataScope: the proto names without prefix, lowercase.
export const DATA_SCOPES = ['self', 'department', 'department_tree', 'tenant'] as const;
export type DataScopeName = (typeof DATA_SCOPES)[number];

export const dataScopeSchema = registry.register(
  'DataScope',
  z
    .enum(DATA_SCOPES)
    .openapi({ description: 'How far reads reach: own records, department, department and below, all.' }),
);

const permission = z
  .string()
  .regex(
    /^(\*|[a-z][a-z0-9_]*(\.\*|(\.[a-z][a-z0-9_]*){1,2}(\.\*)?))$/,
    'expected <service>.<resource>.<action>, <service>.* or *',
  )
  .openapi({ example: 'crm.lead.read' });

export const roleSchema = registry.register(
  'Role',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    code: z.string().openapi({ example: 'sales_manager' }),
    name: z.string(),
    permissions: z.array(z.string()),
    dataScope: z.union([dataScopeSchema, z.null()]),
    builtIn: z.boolean().openapi({ description: 'Built-in roles cannot be renamed or deleted.' }),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
  }),
);

export const roleListSchema = registry.register('RoleList', z.object({ items: z.array(roleSchema) }));

export const createRoleBodySchema = registry.register(
  'CreateRoleRequest',
  z.strictObject({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,49}$/, 'expected 2-50 of a-z, 0-9 and _, starting with a letter')
      .openapi({ example: 'key_account_manager' }),
    name: z.string().trim().min(1).max(100),
    permissions: z.array(permission).max(200),
    dataScope: dataScopeSchema,
  }),
);

export const updateRoleBodySchema = registry.register(
  'UpdateRoleRequest',
  z
    .strictObject({
      name: z.string().trim().min(1).max(100).optional(),
      permissions: z.array(permission).max(200).optional().openapi({ description: 'Replaces the permissions.' }),
      dataScope: dataScopeSchema.optional(),
    })
    .openapi({ description: 'Fields left out are not changed.' }),
);

export const roleIdParamsSchema = idParamsSchema('role');

export type RoleJson = z.output<typeof roleSchema>;
export type CreateRoleBody = z.output<typeof createRoleBodySchema>;
export type UpdateRoleBody = z.output<typeof updateRoleBodySchema>;
