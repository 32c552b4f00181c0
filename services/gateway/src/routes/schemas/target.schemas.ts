import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { pageQueryShape, timestamp } from './common.schemas';

export const TARGET_METRICS = [
  'CONTRACT_AMOUNT',
  'PAYMENT_AMOUNT',
  'GROSS_MARGIN',
  'NEW_CUSTOMERS',
  'VISITS',
  'EFFECTIVE_VISITS',
  'NEW_OUTLETS',
] as const;
export const TARGET_SCOPES = ['TENANT', 'DEPARTMENT', 'EMPLOYEE'] as const;
export const DECOMPOSITION_AXES = [
  'TIME',
  'DEPARTMENTS',
  'MEMBERS',
  'PRODUCT_LINE',
  'REGION',
  'CUSTOMER_SEGMENT',
] as const;

const metric = z.enum(TARGET_METRICS).openapi({ description: 'What the target measures.' });
const scope = z.enum(TARGET_SCOPES);
const periodKey = z.string().trim().min(4).max(10).openapi({
  description: "A period key under the tenant's fiscal year and week start: 2026, 2026Q3, 2026-07, 2026W27.",
  example: '2026Q3',
});
/** Minor units (fen) for the money metrics, a count otherwise. */
const amount = z
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: 'Minor units of the tenant currency (fen) for money metrics; a count otherwise.' });
const dimension = z.string().trim().min(1).max(100);

export const targetNodeSchema = registry.register(
  'TargetNode',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    metric,
    periodKind: z.enum(['YEAR', 'QUARTER', 'MONTH', 'WEEK']).nullable(),
    periodKey: z.string().nullable(),
    periodStart: z.string().openapi({ description: 'First day (inclusive).', example: '2026-07-01' }),
    periodEnd: z.string().openapi({ description: 'End day (exclusive).', example: '2026-10-01' }),
    scope,
    scopeId: z.string().nullable(),
    productLine: z.string().nullable(),
    region: z.string().nullable(),
    customerSegment: z.string().nullable(),
    parentId: z.string().nullable(),
    locked: z.boolean(),
    value: amount,
    achieved: amount,
    completionPercent: z.number().openapi({ description: 'achieved / value * 100, two decimals.' }),
    expectedByNow: amount.openapi({ description: 'value * elapsed share of the period (linear), rounded down.' }),
    expectedPercent: z.number(),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const targetWithChildrenSchema = registry.register(
  'TargetWithChildren',
  targetNodeSchema.extend({ children: z.array(targetNodeSchema) }),
);

export const targetPageSchema = registry.register(
  'TargetPage',
  z.object({ items: z.array(targetNodeSchema), nextCursor: z.string().nullable() }),
);

const newTargetShape = {
  metric,
  period: periodKey.optional(),
  periodStart: z.iso.date().optional().openapi({ description: 'With periodEnd, instead of period.' }),
  periodEnd: z.iso.date().optional().openapi({ description: 'Exclusive.' }),
  scope,
  scopeId: z.string().trim().min(1).max(100).optional(),
  value: amount,
  parentId: z.string().trim().min(1).max(100).optional(),
  productLine: dimension.optional(),
  region: dimension.optional(),
  customerSegment: dimension.optional(),
};

export const createTargetBodySchema = registry.register('CreateTargetRequest', z.strictObject(newTargetShape));

export const updateTargetBodySchema = registry.register(
  'UpdateTargetRequest',
  z
    .strictObject({ value: amount.optional(), locked: z.boolean().optional() })
    .openapi({ description: 'A locked node accepts only {"locked": false}. Fields left out are not changed.' }),
);

const partSchema = z.strictObject({
  key: z.string().trim().min(1).max(100).openapi({
    description: 'A period key (TIME), department or employee id (DEPARTMENTS, MEMBERS), or the dimension value.',
  }),
  weight: z.union([z.number().min(0), z.string().regex(/^\d+(\.\d+)?$/)]).openapi({
    description: 'Relative weight; percentages for the dimension axes (must total 100).',
  }),
});

const decomposeShape = {
  axis: z.enum(DECOMPOSITION_AXES),
  childPeriodKind: z.enum(['QUARTER', 'MONTH']).optional().openapi({ description: 'TIME only.' }),
  parts: z
    .array(partSchema)
    .max(500)
    .optional()
    .openapi({ description: 'Leave out to split evenly over every sub-period, child department or member.' }),
};

export const decomposeTargetBodySchema = registry.register('DecomposeTargetRequest', z.strictObject(decomposeShape));

export const decomposedTargetSchema = registry.register(
  'DecomposedTarget',
  z.object({ parent: targetNodeSchema, children: z.array(targetNodeSchema) }),
);

export const targetTemplateBodySchema = registry.register(
  'CreateTargetsFromTemplateRequest',
  z.strictObject({
    root: z.strictObject(newTargetShape),
    levels: z.array(z.strictObject(decomposeShape)).min(1).max(6),
  }),
);

export const targetNodesSchema = registry.register('TargetNodes', z.object({ items: z.array(targetNodeSchema) }));

export const targetTreeQuerySchema = z.object({ period: periodKey, metric });

export const listTargetsQuerySchema = z.object({
  ...pageQueryShape,
  metric: metric.optional(),
  period: periodKey.optional(),
  scope: scope.optional(),
  scopeId: z.string().trim().min(1).max(100).optional(),
  parentId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: '"root" for nodes without a parent; an id for its children.' }),
});

export const leaderboardSchema = registry.register(
  'TargetLeaderboard',
  z.object({ items: z.array(z.object({ rank: z.number().int(), node: targetNodeSchema })) }),
);

const goalsSettingsShape = {
  allowOverAllocation: z.boolean().openapi({ description: 'Children may sum to more than their parent (never less).' }),
  behindPaceMarginPercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .openapi({ description: 'behind_pace fires when completion < expected-by-now minus this many points.' }),
  leaderboardVisibleToAll: z
    .boolean()
    .openapi({ description: 'Everyone sees sibling leaderboards; otherwise managers only.' }),
};

export const goalsSettingsSchema = registry.register(
  'GoalsSettings',
  z.object({ ...goalsSettingsShape, version: z.number().int().openapi({ description: 'Also sent as the ETag.' }) }),
);

export const updateGoalsSettingsBodySchema = registry.register(
  'UpdateGoalsSettingsRequest',
  z.strictObject(goalsSettingsShape).partial(),
);

export type TargetNodeJson = z.infer<typeof targetNodeSchema>;
export type CreateTargetBody = z.infer<typeof createTargetBodySchema>;
export type DecomposeTargetBody = z.infer<typeof decomposeTargetBodySchema>;
export type GoalsSettingsJson = z.infer<typeof goalsSettingsSchema>;
