import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { isoDate, timestamp } from './common.schemas';

export const VISIT_PURPOSES = [
  'new_customer',
  'market_research',
  'collection',
  'service',
  'complaint',
  'order',
  'other',
] as const;
export type VisitPurposeName = (typeof VISIT_PURPOSES)[number];
export const VISIT_PLAN_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type VisitPlanStatusName = (typeof VISIT_PLAN_STATUSES)[number];

const purposeSchema = registry.register(
  'VisitPurpose',
  z.enum(VISIT_PURPOSES).openapi({
    description: '拜访目的: 开发新客户, 市场调研, 收款, 服务, 客诉处理, 订货, 其他.',
  }),
);

const planItemBodySchema = z.strictObject({
  customerId: z.uuid(),
  plannedTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM')
    .openapi({ example: '09:30', description: 'Local time on the plan date.' }),
  purpose: purposeSchema,
  notes: z.string().trim().max(500).optional(),
});

export const createVisitPlanBodySchema = registry.register(
  'CreateVisitPlanRequest',
  z.strictObject({ planDate: isoDate, items: z.array(planItemBodySchema).max(30) }),
);
export type CreateVisitPlanBody = z.output<typeof createVisitPlanBodySchema>;

export const updateVisitPlanBodySchema = registry.register(
  'UpdateVisitPlanRequest',
  z.strictObject({ items: z.array(planItemBodySchema).max(30) }),
);
export type UpdateVisitPlanBody = z.output<typeof updateVisitPlanBodySchema>;

export const decideVisitPlanBodySchema = registry.register(
  'DecideVisitPlanRequest',
  z.strictObject({
    comment: z.string().trim().max(1000).optional().openapi({ description: 'Required to reject (批示意见).' }),
  }),
);

export const visitPlanSchema = registry.register(
  'VisitPlan',
  z.object({
    id: z.uuid(),
    employeeId: z.uuid(),
    planDate: isoDate,
    status: z.enum(VISIT_PLAN_STATUSES),
    items: z.array(
      z.object({
        id: z.uuid(),
        customerId: z.uuid(),
        plannedTime: z.string(),
        purpose: purposeSchema,
        notes: z.string(),
      }),
    ),
    approverId: z.uuid().nullable().openapi({ description: "The rep's supervisor once submitted." }),
    submittedAt: timestamp,
    decidedAt: timestamp,
    decidedBy: z.uuid().nullable(),
    decisionComment: z.string(),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);
export type VisitPlanJson = z.output<typeof visitPlanSchema>;

export const listVisitPlansQuerySchema = z.strictObject({
  view: z
    .enum(['mine', 'team'])
    .optional()
    .openapi({ description: 'mine (default) or team: your reports (领导查看下属日程).' }),
  from: isoDate.optional().openapi({ description: 'First day, inclusive; defaults to today.' }),
  to: isoDate.optional().openapi({ description: 'Last day, inclusive; defaults to 6 days after from.' }),
});

export const visitPlanScheduleSchema = registry.register(
  'VisitPlanSchedule',
  z.object({
    items: z.array(visitPlanSchema),
    days: z.array(z.object({ date: isoDate, plans: z.number().int(), plannedVisits: z.number().int() })),
    weeks: z.array(
      z.object({
        weekStart: isoDate.openapi({ description: 'The Monday.' }),
        plans: z.number().int(),
        plannedVisits: z.number().int(),
        approvedPlans: z.number().int(),
      }),
    ),
  }),
);

export const visitPlanListSchema = registry.register('VisitPlanList', z.object({ items: z.array(visitPlanSchema) }));

export const CHECK_IN_KINDS = ['check_in', 'check_out'] as const;

/** The JSON fields of a check-in, sent as a JSON body or as multipart form fields. */
export const createCheckInFieldsSchema = registry.register(
  'CreateCheckInRequest',
  z.strictObject({
    kind: z.enum(CHECK_IN_KINDS),
    occurredAt: z.iso.datetime().optional().openapi({ description: 'Defaults to now; at most 5 minutes ahead.' }),
    latitude: z.coerce.number().min(-90).max(90),
    longitude: z.coerce.number().min(-180).max(180),
    accuracyMeters: z.coerce.number().min(0),
    customerId: z.uuid().optional(),
    planItemId: z.uuid().optional(),
    notes: z.string().trim().max(2000).optional(),
  }),
);
export type CreateCheckInFields = z.output<typeof createCheckInFieldsSchema>;

export const checkInSchema = registry.register(
  'CheckIn',
  z.object({
    id: z.uuid(),
    employeeId: z.uuid(),
    kind: z.enum(CHECK_IN_KINDS),
    occurredAt: timestamp,
    latitude: z.number(),
    longitude: z.number(),
    accuracyMeters: z.number(),
    customerId: z.uuid().nullable(),
    planItemId: z.uuid().nullable(),
    notes: z.string(),
    distanceMeters: z.number().nullable().openapi({ description: "Haversine distance to the customer's coordinates." }),
    insideGeofence: z.boolean(),
    geofenceRadiusMeters: z.number(),
    flags: z.array(z.enum(['IMPLAUSIBLE_SPEED', 'TIME_BACKWARDS'])).openapi({
      description: 'Implausible movement since your previous record: flagged, not refused.',
    }),
    photoIds: z.array(z.uuid()),
    version: z.number().int(),
  }),
);

export const visitSchema = registry.register(
  'Visit',
  z.object({
    id: z.uuid(),
    employeeId: z.uuid(),
    customerId: z.uuid(),
    checkInId: z.uuid(),
    checkOutId: z.uuid(),
    startedAt: timestamp,
    endedAt: timestamp,
    durationMinutes: z.number().int(),
    localDate: isoDate,
    distanceMeters: z.number().nullable(),
    insideGeofence: z.boolean(),
    effective: z.boolean().openapi({
      description: 'Inside the geofence, long enough, and followed the same day by a follow-up record in crm.',
    }),
    planItemId: z.uuid().nullable(),
    firstVisitToCustomer: z.boolean(),
    version: z.number().int(),
  }),
);

export const recordedCheckInSchema = registry.register(
  'RecordedCheckIn',
  z.object({ checkIn: checkInSchema, visit: visitSchema.nullable() }),
);

export const listVisitsQuerySchema = z.strictObject({
  view: z.enum(['mine', 'team']).optional(),
  date: isoDate.optional().openapi({ description: 'Defaults to today.' }),
});

export const visitListSchema = registry.register('VisitList', z.object({ items: z.array(visitSchema) }));

export const fieldSettingsSchema = registry.register(
  'FieldSettings',
  z.object({
    geofenceRadiusMeters: z.number().openapi({ example: 200 }),
    minEffectiveVisitMinutes: z.number().int().openapi({ example: 10 }),
    version: z.number().int(),
  }),
);

export const updateFieldSettingsBodySchema = registry.register(
  'UpdateFieldSettingsRequest',
  z.strictObject({
    geofenceRadiusMeters: z.number().positive().max(50_000).optional(),
    minEffectiveVisitMinutes: z.number().int().min(0).max(1440).optional(),
  }),
);

export const customerGeofenceBodySchema = registry.register(
  'CustomerGeofenceRequest',
  z.strictObject({
    radiusMeters: z.number().min(0).max(50_000).openapi({ description: '0 removes the override.' }),
  }),
);

export const customerGeofenceSchema = registry.register(
  'CustomerGeofence',
  z.object({ customerId: z.uuid(), radiusMeters: z.number() }),
);

export const photoParamsSchema = z.object({
  id: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The check-in id.' }),
  photoId: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The photo id.' }),
});
