import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { isoDate } from './common.schemas';

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/;

export const periodParam = z
  .string()
  .regex(PERIOD, 'expected a month (2026-07), a quarter (2026Q3) or a year (2026)')
  .openapi({ description: 'A month, a quarter or a year.', example: '2026Q3' });

export const KPI_METRICS = [
  'sales_amount',
  'collections',
  'sales_growth',
  'collections_growth',
  'new_customers',
  'satisfaction',
  'lead_conversion',
  'win_rate',
  'effective_visit_rate',
  'transaction_rate',
  'average_sales_per_rep_per_week',
  'contracts',
  'visits',
  'effective_visits',
  'won',
  'leads',
  'sales_cost',
  'cost_ratio',
  'report_timeliness',
  'task_completion',
] as const;

export const kpiQuerySchema = z
  .object({
    period: periodParam,
    groupBy: z.enum(['employee', 'department']).optional(),
    departmentId: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const funnelQuerySchema = z
  .object({
    period: periodParam,
    employeeId: z.uuid().optional(),
    departmentId: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const leaderboardQuerySchema = z
  .object({
    metric: z.enum(KPI_METRICS),
    period: periodParam,
    groupBy: z.enum(['employee', 'department']).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();

export const timeseriesQuerySchema = z
  .object({
    metric: z.enum(KPI_METRICS),
    from: isoDate,
    to: isoDate,
    interval: z.enum(['day', 'week', 'month']),
  })
  .strict();

export const customerValueQuerySchema = z.object({ period: periodParam }).strict();

export const churnRiskQuerySchema = z
  .object({
    days: z.coerce.number().int().min(1).max(3650).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    asOf: isoDate.optional(),
  })
  .strict();

export const TARGET_METRICS = [
  'CONTRACT_AMOUNT',
  'PAYMENT_AMOUNT',
  'GROSS_MARGIN',
  'NEW_CUSTOMERS',
  'VISITS',
  'EFFECTIVE_VISITS',
  'NEW_OUTLETS',
] as const;

export const targetCompletionQuerySchema = z
  .object({
    period: periodParam,
    metric: z.enum(TARGET_METRICS).optional(),
  })
  .strict();

export const churnAnalysisQuerySchema = z
  .object({
    period: periodParam,
    departmentId: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const moneySchema = registry.register(
  'Money',
  z
    .object({ amountMinor: z.number().int(), currency: z.string() })
    .openapi({ example: { amountMinor: 1500000, currency: 'CNY' } }),
);

const rate = z.number().nullable().openapi({ description: 'A share between 0 and 1; null when its denominator is 0.' });

export const kpiValuesSchema = registry.register(
  'KpiValues',
  z.object({
    salesAmount: moneySchema,
    collections: moneySchema,
    previousSalesAmount: moneySchema,
    previousCollections: moneySchema,
    salesGrowth: rate,
    collectionsGrowth: rate,
    newCustomers: z.number().int(),
    ratings: z.number().int(),
    satisfiedRatings: z.number().int(),
    satisfaction: rate,
    leads: z.number().int(),
    convertedLeads: z.number().int(),
    leadConversion: rate,
    won: z.number().int(),
    lost: z.number().int(),
    winRate: rate,
    visits: z.number().int(),
    effectiveVisits: z.number().int(),
    effectiveVisitRate: rate,
    contracts: z.number().int(),
    transactionRate: rate,
    reps: z.number().int(),
    averageSalesPerRepPerWeek: moneySchema,
    salesCost: moneySchema.openapi({ description: 'Approved expenses by expense date.' }),
    expenses: z.number().int(),
    costRatio: rate.openapi({ description: 'Sales cost / sales amount; null when there are no sales.' }),
    reportsSubmitted: z.number().int().openapi({ description: 'Daily reports submitted for days of the period.' }),
    reportsOnTime: z
      .number()
      .int()
      .openapi({ description: 'Of those, the ones whose latest submission was by the deadline.' }),
    reportTimeliness: rate.openapi({
      description:
        'Daily reports on time / reports expected: every active person owes one for each working day not excused by approved leave or a trip, once its deadline has passed, so a missing report counts against it; null when none was expected.',
    }),
    tasksDue: z.number().int(),
    tasksCompletedOnTime: z.number().int(),
    taskCompletion: rate.openapi({
      description: 'Tasks done by their due time / tasks due in the period (cancelled left out).',
    }),
  }),
);

export const kpiReportSchema = registry.register(
  'KpiReport',
  z.object({
    period: z.string(),
    from: isoDate,
    to: isoDate,
    previousPeriod: z.string(),
    total: kpiValuesSchema,
    rows: z.array(
      z.object({
        group: z.string().openapi({ description: 'The employee id or the department path.' }),
        values: kpiValuesSchema,
      }),
    ),
  }),
);

export const funnelSchema = registry.register(
  'Funnel',
  z.object({
    stages: z.array(
      z.object({
        stageId: z.string(),
        name: z.string(),
        position: z.number().int(),
        entered: z.number().int(),
        enteredAmount: moneySchema,
        advanced: z.number().int(),
        conversionToNext: rate,
        meanDaysInStage: z.number().nullable(),
        p90DaysInStage: z.number().nullable(),
      }),
    ),
    lostReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  }),
);

export const leaderboardSchema = registry.register(
  'Leaderboard',
  z.object({
    metric: z.string(),
    entries: z.array(z.object({ rank: z.number().int(), group: z.string(), value: z.number() })),
  }),
);

export const timeseriesSchema = registry.register(
  'Timeseries',
  z.object({
    metric: z.string(),
    points: z.array(z.object({ start: isoDate, value: z.number().nullable() })),
  }),
);

export const customerValueSchema = registry.register(
  'CustomerValue',
  z.object({
    customers: z.number().int(),
    topCustomers: z.number().int(),
    revenue: moneySchema,
    topRevenue: moneySchema,
    topShare: rate,
    tiers: z.array(z.object({ tier: z.string(), customers: z.number().int() })),
    customersByValue: z.array(
      z.object({
        customerId: z.string(),
        recencyDays: z.number().int(),
        frequency: z.number().int(),
        monetary: moneySchema,
        rScore: z.number().int(),
        fScore: z.number().int(),
        mScore: z.number().int(),
        tier: z.string(),
      }),
    ),
  }),
);

export const churnRisksSchema = registry.register(
  'ChurnRisks',
  z.object({
    items: z.array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        ownerId: z.string(),
        daysSinceFollowUp: z.number().int().nullable(),
        daysSinceOrder: z.number().int().nullable(),
        reasons: z.array(z.string()),
      }),
    ),
  }),
);

export const targetCompletionSchema = registry.register(
  'TargetCompletion',
  z.object({
    items: z.array(
      z.object({
        targetId: z.string(),
        parentId: z.string().nullable(),
        metric: z.string(),
        scope: z.enum(['TENANT', 'DEPARTMENT', 'EMPLOYEE']),
        scopeId: z.string().nullable(),
        periodKey: z.string().nullable(),
        periodFrom: isoDate,
        periodTo: isoDate,
        productLine: z.string().nullable(),
        region: z.string().nullable(),
        customerSegment: z.string().nullable(),
        value: z.number().int().openapi({ description: 'Minor units for money metrics, a count otherwise.' }),
        achieved: z.number().int(),
        completion: z.number().nullable().openapi({ description: 'achieved / value; null when value is 0.' }),
      }),
    ),
  }),
);

const churnGroupSchema = z.object({
  key: z.string().openapi({ description: 'The segment or the churn reason; "" when none was given.' }),
  customers: z.number().int(),
  lostRevenue: moneySchema,
});

export const churnAnalysisSchema = registry.register(
  'ChurnAnalysis',
  z.object({
    period: z.string(),
    from: isoDate,
    to: isoDate,
    churnedCustomers: z.number().int(),
    lostRevenue: moneySchema.openapi({
      description: 'Payments received from the churned customers in the 12 months before each churned.',
    }),
    bySegment: z.array(churnGroupSchema),
    byReason: z.array(churnGroupSchema),
  }),
);

export const rebuildSchema = registry.register('AnalyticsRebuild', z.object({ generation: z.number().int() }));

export type KpiReportJson = z.output<typeof kpiReportSchema>;
export type KpiValuesJson = z.output<typeof kpiValuesSchema>;
export type FunnelJson = z.output<typeof funnelSchema>;
export type CustomerValueJson = z.output<typeof customerValueSchema>;
export type ChurnRisksJson = z.output<typeof churnRisksSchema>;
export type TargetCompletionJson = z.output<typeof targetCompletionSchema>;
export type ChurnAnalysisJson = z.output<typeof churnAnalysisSchema>;
