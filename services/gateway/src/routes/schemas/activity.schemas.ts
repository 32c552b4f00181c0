import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { isoDate, pageQueryShape, timestamp } from './common.schemas';

export const ACTIVITY_SUBJECT_TYPES = ['lead', 'customer', 'opportunity'] as const;
export const FOLLOW_UP_METHODS = ['phone', 'visit', 'wechat', 'email', 'meeting'] as const;
export type ActivitySubjectTypeName = (typeof ACTIVITY_SUBJECT_TYPES)[number];
export type FollowUpMethodName = (typeof FOLLOW_UP_METHODS)[number];

export const activitySubjectTypeSchema = registry.register(
  'ActivitySubjectType',
  z.enum(ACTIVITY_SUBJECT_TYPES).openapi({ description: 'What the follow-up is about.' }),
);
export const followUpMethodSchema = registry.register(
  'FollowUpMethod',
  z.enum(FOLLOW_UP_METHODS).openapi({ description: 'How the follow-up happened (跟进方式).' }),
);

export const createActivityBodySchema = registry.register(
  'CreateActivityRequest',
  z.strictObject({
    subjectType: activitySubjectTypeSchema,
    subjectId: z
      .uuid()
      .openapi({ description: 'The lead, customer or opportunity (not checked until opportunities exist).' }),
    method: followUpMethodSchema,
    contactId: z.uuid().optional().openapi({ description: 'Who was spoken to; a contact of the customer.' }),
    content: z.string().trim().min(1).max(5000).openapi({ example: '介绍新品，客户对B系列有兴趣' }),
    result: z.string().trim().max(2000).optional(),
    nextStep: z.string().trim().max(2000).optional(),
    nextFollowUpOn: isoDate.optional().openapi({ description: "Becomes the subject's next follow-up date." }),
    occurredAt: z.iso.datetime().optional().openapi({ description: 'Defaults to now; not in the future.' }),
  }),
);

export const activitySchema = registry.register(
  'Activity',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    subjectType: z.union([activitySubjectTypeSchema, z.null()]),
    subjectId: z.string().openapi({ format: 'uuid' }),
    method: z.union([followUpMethodSchema, z.null()]),
    contactId: z.string().nullable(),
    content: z.string(),
    result: z.string().nullable(),
    nextStep: z.string().nullable(),
    nextFollowUpOn: z.string().nullable().openapi({ format: 'date' }),
    occurredAt: timestamp,
    ownerId: z.string().openapi({ description: 'Who followed up.' }),
    createdAt: timestamp,
  }),
);

export const listActivitiesQuerySchema = z.object({
  ...pageQueryShape,
  subjectType: activitySubjectTypeSchema,
  subjectId: z.uuid(),
});

export const activityPageSchema = registry.register(
  'ActivityPage',
  z.object({ items: z.array(activitySchema), nextCursor: z.string().nullable() }),
);

export const overdueQuerySchema = z.object({
  scope: z.enum(['mine', 'team']).default('mine').openapi({
    description: "mine: your own; team: everyone's in your data scope (a manager's subtree).",
  }),
});

export const overdueFollowUpSchema = registry.register(
  'OverdueFollowUp',
  z.object({
    subjectType: z.union([activitySubjectTypeSchema, z.null()]),
    subjectId: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    ownerId: z.string(),
    nextFollowUpOn: z.string().openapi({ format: 'date' }),
    daysOverdue: z.number().int(),
  }),
);

export const overdueListSchema = registry.register(
  'OverdueFollowUpList',
  z.object({ items: z.array(overdueFollowUpSchema) }),
);

export const timelineEntrySchema = registry.register(
  'TimelineEntry',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    kind: z.string().openapi({
      description: 'activity today; opportunity, contract, ticket and visit as those modules arrive.',
    }),
    sourceId: z.string().openapi({ format: 'uuid', description: 'The record of that kind.' }),
    occurredAt: timestamp,
    title: z.string(),
    summary: z.string().nullable(),
    actorId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  }),
);

export const timelinePageSchema = registry.register(
  'TimelinePage',
  z.object({ items: z.array(timelineEntrySchema), nextCursor: z.string().nullable() }),
);

export const timelineQuerySchema = z.object({ ...pageQueryShape });

export type CreateActivityBody = z.output<typeof createActivityBodySchema>;
export type ActivityJson = z.output<typeof activitySchema>;
