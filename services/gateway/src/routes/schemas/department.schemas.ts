import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { clearableId, idParamsSchema, nullableString, timestamp } from './common.schemas';

const departmentShape = {
  id: z.string().openapi({ format: 'uuid' }),
  name: z.string(),
  parentId: z.string().nullable().openapi({ description: 'null for a root department.' }),
  path: z.string().openapi({ description: 'Materialized path of ids, e.g. /<rootId>/<childId>/.' }),
  managerId: nullableString,
  region: nullableString,
  version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
  createdAt: timestamp,
};

export const departmentSchema = registry.register('Department', z.object(departmentShape));

export interface DepartmentTreeNodeJson extends z.output<typeof departmentSchema> {
  children: DepartmentTreeNodeJson[];
}

export const departmentTreeNodeSchema: z.ZodType<DepartmentTreeNodeJson> = registry.register(
  'DepartmentTreeNode',
  z.object({
    ...departmentShape,
    get children() {
      return z.array(departmentTreeNodeSchema);
    },
  }),
);

export const departmentListSchema = registry.register(
  'DepartmentList',
  z.object({
    view: z.literal('flat'),
    items: z.array(departmentSchema).openapi({ description: 'Ordered by path: parents before children.' }),
  }),
);

export const departmentTreeSchema = registry.register(
  'DepartmentTree',
  z.object({
    view: z.literal('tree'),
    items: z.array(departmentTreeNodeSchema).openapi({ description: 'The root departments, each with its children.' }),
  }),
);

export const listDepartmentsQuerySchema = z.object({
  view: z.enum(['tree', 'flat']).default('tree').openapi({ description: 'tree (default) nests children; flat lists.' }),
});

export const createDepartmentBodySchema = registry.register(
  'CreateDepartmentRequest',
  z.strictObject({
    name: z.string().trim().min(1).max(200).openapi({ example: '杭州销售部' }),
    parentId: z.string().trim().min(1).max(100).optional().openapi({ description: 'Left out: a root department.' }),
    managerId: z.string().trim().min(1).max(100).optional(),
    region: z.string().trim().min(1).max(100).optional(),
  }),
);

export const updateDepartmentBodySchema = registry.register(
  'UpdateDepartmentRequest',
  z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      managerId: clearableId.optional().openapi({ description: 'null clears the manager.' }),
      region: z.string().trim().min(1).max(100).nullable().optional().openapi({ description: 'null clears it.' }),
    })
    .openapi({ description: 'Fields left out are not changed.' }),
);

export const moveDepartmentBodySchema = registry.register(
  'MoveDepartmentRequest',
  z.strictObject({
    parentId: clearableId.openapi({ description: 'The new parent; null makes it a root department.' }),
  }),
);

export const moveDepartmentResponseSchema = registry.register(
  'MoveDepartmentResponse',
  z.object({
    department: departmentSchema,
    movedCount: z.number().int().openapi({ description: 'Departments whose path changed (it and its subtree).' }),
  }),
);

export const departmentIdParamsSchema = idParamsSchema('department');

export type DepartmentJson = z.output<typeof departmentSchema>;
export type CreateDepartmentBody = z.output<typeof createDepartmentBodySchema>;
export type UpdateDepartmentBody = z.output<typeof updateDepartmentBodySchema>;
