import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { isoDate, pageQueryShape, timestamp } from './common.schemas';

export const PROJECT_STATUSES = ['active', 'archived'] as const;
export type ProjectStatusName = (typeof PROJECT_STATUSES)[number];

export const projectStatusSchema = registry.register(
  'ProjectStatus',
  z.enum(PROJECT_STATUSES).openapi({ description: 'An archived project takes no new tasks.' }),
);

const projectFields = {
  name: z.string().trim().min(1).max(200).openapi({ example: '华东渠道拓展' }),
  description: z.string().max(4000),
  targetId: z.string().trim().max(100).openapi({ description: 'The goals target this project serves (not checked).' }),
};

export const createProjectBodySchema = registry.register(
  'CreateProjectRequest',
  z.strictObject({
    name: projectFields.name,
    description: projectFields.description.optional(),
    targetId: projectFields.targetId.optional(),
    ownerId: z.uuid().optional().openapi({ description: 'Defaults to you.' }),
    memberIds: z.array(z.uuid()).max(200).optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
  }),
);

export const updateProjectBodySchema = registry.register(
  'UpdateProjectRequest',
  z
    .strictObject({
      name: projectFields.name.optional(),
      description: projectFields.description.optional(),
      targetId: projectFields.targetId.optional(),
      ownerId: z.uuid().optional(),
      status: projectStatusSchema.optional(),
      startDate: isoDate.nullable().optional().openapi({ description: 'null clears it.' }),
      endDate: isoDate.nullable().optional().openapi({ description: 'null clears it.' }),
    })
    .openapi({ description: 'Fields left out stay as they are.' }),
);

export const projectSchema = registry.register(
  'Project',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    description: z.string(),
    targetId: z.string().nullable(),
    ownerId: z.string(),
    memberIds: z.array(z.string()),
    status: z.union([projectStatusSchema, z.null()]),
    startDate: z.string().nullable().openapi({ format: 'date' }),
    endDate: z.string().nullable().openapi({ format: 'date' }),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const listProjectsQuerySchema = z.object({ ...pageQueryShape, status: projectStatusSchema.optional() });

export const projectPageSchema = registry.register(
  'ProjectPage',
  z.object({ items: z.array(projectSchema), nextCursor: z.string().nullable() }),
);

export const addProjectMemberBodySchema = registry.register(
  'AddProjectMemberRequest',
  z.strictObject({ employeeId: z.uuid() }),
);

export const projectMemberParamsSchema = z.object({
  id: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The project id.' }),
  employeeId: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The member.' }),
});

export type CreateProjectBody = z.output<typeof createProjectBodySchema>;
export type UpdateProjectBody = z.output<typeof updateProjectBodySchema>;
export type ProjectJson = z.output<typeof projectSchema>;
