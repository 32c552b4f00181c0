import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { isoDate, pageQueryShape, timestamp } from './common.schemas';

// Schemas of the field service's reports, attendance and expenses (DOMAIN §5).

export const DAILY_REPORT_STATUSES = ['draft', 'submitted', 'reviewed', 'returned'] as const;
export const MARKET_REPORT_TYPES = [
  'competitor_activity',
  'dealer_complaint',
  'customer_personnel_change',
  'product_feedback',
  'other',
] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const EXPENSE_CATEGORIES = ['travel', 'meal', 'lodging', 'gift', 'other'] as const;
export const LEAVE_TYPES = ['annual', 'sick', 'personal', 'other'] as const;

export const reportMoneySchema = registry.register(
  'ReportMoney',
  z.object({
    amountMinor: z.number().int().openapi({ description: 'Integer minor units (fen for CNY).', example: 250000 }),
    currency: z.string().openapi({ example: 'CNY' }),
  }),
);

const id = z.string().openapi({ format: 'uuid' });
const optionalId = z.string().nullable().openapi({ format: 'uuid' });
const text = (max: number) => z.string().trim().max(max);

// ---- daily reports ----
export const dailyReportStatusSchema = registry.register('DailyReportStatus', z.enum(DAILY_REPORT_STATUSES));

export const dailyReportSchema = registry.register(
  'DailyReport',
  z.object({
    id,
    employeeId: id,
    reportDate: z.string().openapi({ format: 'date' }),
    status: z.union([dailyReportStatusSchema, z.null()]),
    figures: z.object({
      checkIns: z.number().int(),
      customersVisited: z.number().int(),
      followUps: z.number().int(),
      payments: z.number().int(),
      paymentsAmount: reportMoneySchema,
      contracts: z.number().int(),
      contractsAmount: reportMoneySchema,
      clockedInAt: timestamp.openapi({ description: "The day's first clock-in (出勤)." }),
      clockedOutAt: timestamp,
      clockedInLate: z.boolean(),
    }),
    complaintsHandled: z.string(),
    competitorNews: z.string(),
    customerFeedback: z.string(),
    lessons: z.string().openapi({ description: '心得' }),
    submittedAt: timestamp,
    late: z.boolean().openapi({ description: "Submitted after the tenant's deadline (default 09:00 the next day)." }),
    reviewerId: optionalId,
    reviewComment: z.string(),
    reviewedAt: timestamp,
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const createDailyReportBodySchema = registry.register(
  'CreateDailyReportRequest',
  z.strictObject({ reportDate: isoDate.openapi({ description: 'Your local day; today or earlier.' }) }),
);

export const updateDailyReportBodySchema = registry.register(
  'UpdateDailyReportRequest',
  z.strictObject({
    complaintsHandled: text(4000).optional(),
    competitorNews: text(4000).optional(),
    customerFeedback: text(4000).optional(),
    lessons: text(4000).optional(),
  }),
);

export const reviewBodySchema = registry.register(
  'ReviewCommentRequest',
  z.strictObject({ comment: text(4000).default('').openapi({ description: 'Required when returning.' }) }),
);

export const listDailyReportsQuerySchema = z.object({
  ...pageQueryShape,
  from: isoDate.optional(),
  to: isoDate.optional(),
  employeeId: z.uuid().optional(),
  status: dailyReportStatusSchema.optional(),
});

export const dailyReportPageSchema = registry.register(
  'DailyReportPage',
  z.object({ items: z.array(dailyReportSchema), nextCursor: z.string().nullable() }),
);

export const timelinessQuerySchema = z.object({ from: isoDate, to: isoDate });

export const timelinessSchema = registry.register(
  'ReportTimeliness',
  z.object({
    expectedReports: z.number().int(),
    missing: z.number().int(),
    late: z.number().int(),
    entries: z.array(
      z.object({
        employeeId: id,
        employeeName: z.string(),
        reportDate: z.string().openapi({ format: 'date' }),
        problem: z.enum(['missing', 'late']),
        reportId: optionalId,
        submittedAt: timestamp,
      }),
    ),
  }),
);

// ---- market reports ----
export const marketReportTypeSchema = registry.register('MarketReportType', z.enum(MARKET_REPORT_TYPES));
export const severitySchema = registry.register('Severity', z.enum(SEVERITIES));

export const marketReportSchema = registry.register(
  'MarketReport',
  z.object({
    id,
    employeeId: id,
    type: z.union([marketReportTypeSchema, z.null()]),
    severity: z.union([severitySchema, z.null()]),
    customerId: optionalId,
    competitor: z.string(),
    title: z.string(),
    description: z.string(),
    supervisorId: optionalId.openapi({ description: 'Who high and critical reports went to at once.' }),
    reportDate: z.string().openapi({ format: 'date' }),
    version: z.number().int(),
    createdAt: timestamp,
  }),
);

export const fileMarketReportBodySchema = registry.register(
  'FileMarketReportRequest',
  z.strictObject({
    type: marketReportTypeSchema,
    severity: severitySchema,
    customerId: z.uuid().optional(),
    competitor: text(200).optional().openapi({ description: 'Required for competitor_activity.' }),
    title: text(200).min(1),
    description: text(4000).optional(),
  }),
);

export const listMarketReportsQuerySchema = z.object({
  ...pageQueryShape,
  type: marketReportTypeSchema.optional(),
  minSeverity: severitySchema.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const marketReportPageSchema = registry.register(
  'MarketReportPage',
  z.object({ items: z.array(marketReportSchema), nextCursor: z.string().nullable() }),
);

// ---- weekly reports ----
const weeklyItemSchema = z.object({
  marketReportId: id,
  customerId: optionalId,
  competitor: z.string(),
  title: z.string(),
  severity: z.union([severitySchema, z.null()]),
});

const weeklyTargetSchema = z.object({
  targetId: id,
  metric: z.string().openapi({ example: 'CONTRACT_AMOUNT' }),
  value: z.number().int().openapi({ description: 'Money metrics in minor units; counts otherwise.' }),
  achieved: z.number().int(),
  completionRate: z.number().openapi({ description: 'achieved / value, four decimals; 0 when the value is 0.' }),
  productLine: z.string(),
  region: z.string(),
  customerSegment: z.string(),
});

export const weeklyReportSchema = registry.register(
  'WeeklyReport',
  z.object({
    id,
    departmentId: z.string(),
    week: z.string().openapi({ example: '2026W27' }),
    weekStart: z.string().openapi({ format: 'date' }),
    weekEnd: z.string().openapi({ format: 'date' }),
    status: z.enum(['draft', 'submitted']).nullable(),
    figures: z.object({
      reps: z.number().int(),
      newCustomers: z.number().int(),
      collections: reportMoneySchema,
      contractAmount: reportMoneySchema,
      contracts: z.number().int(),
      visits: z.number().int(),
      completedVisits: z.number().int(),
      effectiveVisits: z.number().int(),
      effectiveVisitRate: z.number().openapi({ description: 'effectiveVisits / visits, four decimals.' }),
      customersVisited: z.number().int(),
      visitedCustomersSigned: z.number().int(),
      transactionRate: z.number(),
      averageSalesPerRep: reportMoneySchema,
      competitorMoves: z.array(weeklyItemSchema),
      abnormalCustomers: z.array(weeklyItemSchema),
      targetAchievement: z.array(weeklyTargetSchema).openapi({
        description: "The department's goals target nodes whose period is exactly this ISO week.",
      }),
    }),
    nextWeekPlan: z.string(),
    authorId: id,
    generatedAt: timestamp,
    submittedAt: timestamp,
    version: z.number().int(),
  }),
);

export const generateWeeklyQuerySchema = z.object({
  week: z
    .string()
    .regex(/^\d{4}-?W\d{2}$/)
    .openapi({ example: '2026W27', description: 'ISO week.' }),
  departmentId: z.string().min(1).max(100),
});

export const updateWeeklyReportBodySchema = registry.register(
  'UpdateWeeklyReportRequest',
  z.strictObject({ nextWeekPlan: text(8000) }),
);

// ---- attendance, leave, trips ----
export const clockBodySchema = registry.register(
  'ClockAttendanceRequest',
  z.strictObject({
    kind: z.enum(['clock_in', 'clock_out']),
    occurredAt: z.iso.datetime().optional().openapi({ description: 'Defaults to now; within the last 24 hours.' }),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    notes: text(2000).optional(),
  }),
);

export const attendanceRecordSchema = registry.register(
  'AttendanceRecord',
  z.object({
    id,
    employeeId: id,
    kind: z.enum(['clock_in', 'clock_out']).nullable(),
    occurredAt: timestamp,
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    notes: z.string(),
    late: z.boolean(),
  }),
);

export const summaryQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .openapi({ example: '2026-07' }),
  view: z.enum(['mine', 'team']).default('mine'),
});

export const attendanceSummarySchema = registry.register(
  'AttendanceSummary',
  z.object({
    items: z.array(
      z.object({
        employeeId: id,
        employeeName: z.string(),
        workingDays: z.number().int(),
        daysPresent: z.number().int(),
        daysLate: z.number().int(),
        daysAbsent: z.number().int(),
        leaveDays: z.number().int(),
        tripDays: z.number().int(),
        fieldHours: z.number(),
      }),
    ),
  }),
);

export const approvalStatusSchema = registry.register('ApprovalStatus', z.enum(APPROVAL_STATUSES));

export const absenceRequestSchema = registry.register(
  'AbsenceRequest',
  z.object({
    id,
    employeeId: id,
    kind: z.enum(['leave', 'trip']).nullable(),
    startDate: z.string().openapi({ format: 'date' }),
    endDate: z.string().openapi({ format: 'date' }),
    leaveType: z.string().nullable(),
    destination: z.string().nullable(),
    reason: z.string(),
    status: z.union([approvalStatusSchema, z.null()]),
    approverId: optionalId,
    decisionComment: z.string(),
    decidedAt: timestamp,
    version: z.number().int(),
    createdAt: timestamp,
  }),
);

export const createLeaveBodySchema = registry.register(
  'CreateLeaveRequest',
  z.strictObject({
    startDate: isoDate,
    endDate: isoDate,
    leaveType: z.enum(LEAVE_TYPES),
    reason: text(2000).optional(),
  }),
);

export const createTripBodySchema = registry.register(
  'CreateBusinessTripRequest',
  z.strictObject({
    startDate: isoDate,
    endDate: isoDate,
    destination: text(200).min(1),
    reason: text(2000).optional(),
  }),
);

export const listApprovalsQuerySchema = z.object({
  ...pageQueryShape,
  status: approvalStatusSchema.optional(),
  awaitingMe: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'true: only those waiting for your decision as supervisor.' }),
});

export const absencePageSchema = registry.register(
  'AbsenceRequestPage',
  z.object({ items: z.array(absenceRequestSchema), nextCursor: z.string().nullable() }),
);

// ---- expenses ----
export const expenseSchema = registry.register(
  'Expense',
  z.object({
    id,
    employeeId: id,
    expenseDate: z.string().openapi({ format: 'date' }),
    category: z.enum(EXPENSE_CATEGORIES).nullable(),
    amount: reportMoneySchema,
    customerId: optionalId,
    notes: z.string(),
    status: z.union([approvalStatusSchema, z.null()]),
    approverId: optionalId,
    decisionComment: z.string(),
    decidedAt: timestamp,
    version: z.number().int(),
    createdAt: timestamp,
  }),
);

export const submitExpenseBodySchema = registry.register(
  'SubmitExpenseRequest',
  z.strictObject({
    expenseDate: isoDate,
    category: z.enum(EXPENSE_CATEGORIES),
    amount: z.strictObject({
      amountMinor: z.number().int().positive().openapi({ example: 12800 }),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .openapi({ example: 'CNY' }),
    }),
    customerId: z.uuid().optional(),
    notes: text(2000).optional(),
  }),
);

export const listExpensesQuerySchema = z.object({
  ...listApprovalsQuerySchema.shape,
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const expensePageSchema = registry.register(
  'ExpensePage',
  z.object({ items: z.array(expenseSchema), nextCursor: z.string().nullable() }),
);

// ---- settings ----
const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .openapi({ example: '09:00' });

export const reportSettingsSchema = registry.register(
  'ReportSettings',
  z.object({
    reportDeadlineTime: hhmm.openapi({
      description: 'A daily report is late when submitted after this local time ...',
    }),
    reportDeadlineDaysAfter: z
      .number()
      .int()
      .openapi({ description: '... on this many days after its date (1 = next day).' }),
    workStartTime: hhmm.openapi({ description: 'A first clock-in after this local time is late.' }),
    timeZone: z.string().openapi({ description: 'The zone of the days (read-only).', example: 'Asia/Shanghai' }),
  }),
);

export const updateReportSettingsBodySchema = registry.register(
  'UpdateReportSettingsRequest',
  z.strictObject({
    reportDeadlineTime: hhmm.optional(),
    reportDeadlineDaysAfter: z.number().int().min(1).max(7).optional(),
    workStartTime: hhmm.optional(),
  }),
);

// ---- holiday calendar ----
const calendarDaySchema = z.object({
  date: z.string().openapi({ format: 'date', example: '2026-10-01' }),
  kind: z
    .enum(['holiday', 'working_day'])
    .openapi({ description: 'holiday: not a working day; working_day: a Saturday or Sunday worked (调休).' }),
  name: z.string().openapi({ example: '国庆节' }),
});

export const holidayCalendarSchema = registry.register(
  'HolidayCalendar',
  z.object({ year: z.number().int(), days: z.array(calendarDaySchema) }),
);

export const holidayCalendarParamsSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).openapi({ example: 2026 }),
});

export const setHolidayCalendarBodySchema = registry.register(
  'SetHolidayCalendarRequest',
  z.strictObject({
    days: z
      .array(calendarDaySchema.extend({ name: z.string().max(100).optional() }).strict())
      .max(366)
      .openapi({ description: 'Every entry of the year; replaces what was set (an empty list clears the year).' }),
  }),
);
