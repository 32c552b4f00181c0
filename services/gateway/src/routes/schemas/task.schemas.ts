import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { pageQueryShape, timestamp } from './common.schemas';

export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatusName = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type TaskPriorityName = (typeof TASK_PRIORITIES)[number];

export const taskStatusSchema = registry.register(
  'TaskStatus',
  z.enum(TASK_STATUSES).openapi({
    description:
      'todo -> in_progress -> done; cancelled from todo or in_progress; a done task reopens to in_progress. A parent cannot be done while a subtask is open.',
  }),
);
export const taskPrioritySchema = registry.register(
  'TaskPriority',
  z.enum(TASK_PRIORITIES).openapi({ description: '任务优先级: P0 is the most urgent.' }),
);

const title = z.string().trim().min(1).max(200).openapi({ example: '拜访华信贸易，确认三季度订单' });
const description = z.string().max(4000).openapi({ description: 'What the task should achieve (its goal).' });

export const createTaskBodySchema = registry.register(
  'CreateTaskRequest',
  z.strictObject({
    title,
    description: description.optional(),
    assigneeId: z.uuid().optional().openapi({ description: 'Defaults to you.' }),
    dueAt: z.iso.datetime({ offset: true }).optional().openapi({ example: '2026-07-15T18:00:00+08:00' }),
    priority: taskPrioritySchema.optional().openapi({ description: 'Defaults to P2.' }),
    parentId: z.uuid().optional().openapi({ description: 'Makes this a subtask; the parent must be open.' }),
    projectId: z.uuid().optional().openapi({ description: "Defaults to the parent's project." }),
    customerId: z.uuid().optional(),
    opportunityId: z.uuid().optional(),
  }),
);

export const updateTaskBodySchema = registry.register(
  'UpdateTaskRequest',
  z
    .strictObject({
      title: title.optional(),
      description: description.optional(),
      assigneeId: z.uuid().optional(),
      dueAt: z.iso
        .datetime({ offset: true })
        .nullable()
        .optional()
        .openapi({ description: 'null removes the due time. A new due time re-arms the reminders.' }),
      priority: taskPrioritySchema.optional(),
      status: taskStatusSchema.optional(),
      projectId: z.uuid().nullable().optional().openapi({ description: 'null detaches the task from its project.' }),
      customerId: z.uuid().nullable().optional(),
      opportunityId: z.uuid().nullable().optional(),
    })
    .openapi({ description: 'Fields left out stay as they are.' }),
);

export const taskSchema = registry.register(
  'Task',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    title: z.string(),
    description: z.string(),
    assigneeId: z.string().openapi({ format: 'uuid' }),
    creatorId: z.string().openapi({ format: 'uuid' }),
    dueAt: timestamp,
    priority: z.union([taskPrioritySchema, z.null()]),
    status: z.union([taskStatusSchema, z.null()]),
    parentId: z.string().nullable(),
    projectId: z.string().nullable(),
    customerId: z.string().nullable(),
    opportunityId: z.string().nullable(),
    completedAt: timestamp.openapi({ description: 'When it became done; null while open or after a reopen.' }),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const listTasksQuerySchema = z.object({
  ...pageQueryShape,
  view: z.enum(['mine', 'team']).optional().openapi({
    description:
      'mine: assigned to you; team: assigned to anyone in your data scope. Default: mine, or with projectId every task of that project.',
  }),
  projectId: z.uuid().optional().openapi({ description: 'A project you may see.' }),
  status: taskStatusSchema.optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Only tasks due before this time.' }),
  parentId: z.uuid().optional().openapi({ description: 'Only the subtasks of this task.' }),
});

export const taskPageSchema = registry.register(
  'TaskPage',
  z.object({
    items: z.array(taskSchema),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page.' }),
  }),
);

export const taskHistorySchema = registry.register(
  'TaskHistory',
  z.object({
    items: z.array(
      z.object({
        id: z.string(),
        action: z.string().openapi({ example: 'handed_over' }),
        actorId: z.string().nullable().openapi({ description: 'null when the system did it (a departure handover).' }),
        before: z.record(z.string(), z.unknown()),
        after: z.record(z.string(), z.unknown()),
        createdAt: timestamp,
      }),
    ),
  }),
);

export const addTaskCommentBodySchema = registry.register(
  'AddTaskCommentRequest',
  z.strictObject({
    body: z.string().trim().min(1).max(4000).openapi({ example: '方案结构清晰，请补充竞品报价' }),
    rating: z
      .number()
      .int()
      .min(1)
      .max(5)
      .optional()
      .openapi({ description: '1-5; only the person who assigned the task may rate it.' }),
  }),
);

export const taskCommentSchema = registry.register(
  'TaskComment',
  z.object({
    id: z.string(),
    taskId: z.string(),
    authorId: z.string(),
    body: z.string(),
    rating: z.number().int().nullable(),
    createdAt: timestamp,
  }),
);

export const taskCommentPageSchema = registry.register(
  'TaskCommentPage',
  z.object({ items: z.array(taskCommentSchema), nextCursor: z.string().nullable() }),
);

export const taskCompletionQuerySchema = z.object({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month, YYYY-MM')
    .openapi({ example: '2026-07', description: 'A calendar month (UTC).' }),
  groupBy: z.enum(['employee']).default('employee').openapi({ description: 'Only employee for now.' }),
});

export const taskCompletionSchema = registry.register(
  'TaskCompletion',
  z.object({
    period: z.string(),
    groupBy: z.enum(['employee']),
    items: z.array(
      z.object({
        employeeId: z.string(),
        due: z.number().int().openapi({ description: 'Tasks due in the period, cancelled ones left out.' }),
        completedOnTime: z.number().int(),
        completedLate: z.number().int(),
        rate: z.number().openapi({ description: 'completedOnTime / due, 0..1.', example: 0.75 }),
      }),
    ),
  }),
);

export const taskSettingsSchema = registry.register(
  'TaskSettings',
  z.strictObject({
    dueSoonLeadMinutes: z
      .number()
      .int()
      .min(1)
      .max(43_200)
      .openapi({ description: 'How long before the due time the due-soon reminder goes out (default 1440).' }),
  }),
);

export type CreateTaskBody = z.output<typeof createTaskBodySchema>;
export type UpdateTaskBody = z.output<typeof updateTaskBodySchema>;
export type ListTasksQuery = z.output<typeof listTasksQuerySchema>;
export type TaskJson = z.output<typeof taskSchema>;
export type TaskCommentJson = z.output<typeof taskCommentSchema>;
