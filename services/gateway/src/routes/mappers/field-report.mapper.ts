import type { commonV1, fieldV1 } from '@salesflow/contracts';

// proto <-> JSON for the field service's reports, attendance and expenses: enum names lower
// case without their prefix, money as integers, empty ids and times as null.

/** "SEVERITY_HIGH" -> "high"; UNSPECIFIED -> null. */
export function nameOf<T extends string>(prefix: string, value: string | undefined): T | null {
  if (!value || value === `${prefix}UNSPECIFIED` || !value.startsWith(prefix)) return null;
  return value.slice(prefix.length).toLowerCase() as T;
}

/** "high" -> "SEVERITY_HIGH"; undefined stays "not given" (UNSPECIFIED). */
export function protoOf<T extends string>(prefix: string, name: string | undefined): T {
  return `${prefix}${name ? name.toUpperCase() : 'UNSPECIFIED'}` as T;
}

const orNull = (value: string | undefined) => (value ? value : null);
const iso = (value: Date | undefined) => (value ? value.toISOString() : null);
const money = (m: commonV1.Money | undefined) => ({
  amountMinor: Number(m?.amountMinor ?? 0),
  currency: m?.currency ?? '',
});

export function dailyReportToJson(r: fieldV1.DailyReport) {
  const f = r.figures;
  return {
    id: r.id,
    employeeId: r.employeeId,
    reportDate: r.reportDate,
    status: nameOf('DAILY_REPORT_STATUS_', r.status),
    figures: {
      checkIns: f?.checkIns ?? 0,
      customersVisited: f?.customersVisited ?? 0,
      followUps: f?.followUps ?? 0,
      payments: f?.payments ?? 0,
      paymentsAmount: money(f?.paymentsAmount),
      contracts: f?.contracts ?? 0,
      contractsAmount: money(f?.contractsAmount),
      clockedInAt: iso(f?.clockedInAt),
      clockedOutAt: iso(f?.clockedOutAt),
      clockedInLate: f?.clockedInLate ?? false,
    },
    complaintsHandled: r.complaintsHandled,
    competitorNews: r.competitorNews,
    customerFeedback: r.customerFeedback,
    lessons: r.lessons,
    submittedAt: iso(r.submittedAt),
    late: r.late,
    reviewerId: orNull(r.reviewerId),
    reviewComment: r.reviewComment,
    reviewedAt: iso(r.reviewedAt),
    version: Number(r.version),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

export function timelinessToJson(t: fieldV1.GetReportTimelinessResponse) {
  return {
    expectedReports: t.expectedReports,
    missing: t.missing,
    late: t.late,
    entries: t.entries.map((e) => ({
      employeeId: e.employeeId,
      employeeName: e.employeeName,
      reportDate: e.reportDate,
      problem: e.problem.toLowerCase() as 'missing' | 'late',
      reportId: orNull(e.reportId),
      submittedAt: iso(e.submittedAt),
    })),
  };
}

export function marketReportToJson(r: fieldV1.MarketReport) {
  return {
    id: r.id,
    employeeId: r.employeeId,
    type: nameOf('MARKET_REPORT_TYPE_', r.type),
    severity: nameOf('SEVERITY_', r.severity),
    customerId: orNull(r.customerId),
    competitor: r.competitor,
    title: r.title,
    description: r.description,
    supervisorId: orNull(r.supervisorId),
    reportDate: r.reportDate,
    version: Number(r.version),
    createdAt: iso(r.createdAt),
  };
}

export function weeklyReportToJson(r: fieldV1.WeeklyReport) {
  const f = r.figures;
  const item = (i: fieldV1.WeeklyReportItem) => ({
    marketReportId: i.marketReportId,
    customerId: orNull(i.customerId),
    competitor: i.competitor,
    title: i.title,
    severity: nameOf('SEVERITY_', i.severity),
  });
  return {
    id: r.id,
    departmentId: r.departmentId,
    week: r.week,
    weekStart: r.weekStart,
    weekEnd: r.weekEnd,
    status: nameOf<'draft' | 'submitted'>('WEEKLY_REPORT_STATUS_', r.status),
    figures: {
      reps: f?.reps ?? 0,
      newCustomers: f?.newCustomers ?? 0,
      collections: money(f?.collections),
      contractAmount: money(f?.contractAmount),
      contracts: f?.contracts ?? 0,
      visits: f?.visits ?? 0,
      completedVisits: f?.completedVisits ?? 0,
      effectiveVisits: f?.effectiveVisits ?? 0,
      effectiveVisitRate: f?.effectiveVisitRate ?? 0,
      customersVisited: f?.customersVisited ?? 0,
      visitedCustomersSigned: f?.visitedCustomersSigned ?? 0,
      transactionRate: f?.transactionRate ?? 0,
      averageSalesPerRep: money(f?.averageSalesPerRep),
      competitorMoves: (f?.competitorMoves ?? []).map(item),
      abnormalCustomers: (f?.abnormalCustomers ?? []).map(item),
      targetAchievement: (f?.targetAchievement ?? []).map((t) => ({
        targetId: t.targetId,
        metric: t.metric,
        value: Number(t.value),
        achieved: Number(t.achieved),
        completionRate: t.completionRate,
        productLine: t.productLine,
        region: t.region,
        customerSegment: t.customerSegment,
      })),
    },
    nextWeekPlan: r.nextWeekPlan,
    authorId: r.authorId,
    generatedAt: iso(r.generatedAt),
    submittedAt: iso(r.submittedAt),
    version: Number(r.version),
  };
}

export function attendanceRecordToJson(r: fieldV1.AttendanceRecord) {
  return {
    id: r.id,
    employeeId: r.employeeId,
    kind: nameOf<'clock_in' | 'clock_out'>('ATTENDANCE_KIND_', r.kind),
    occurredAt: iso(r.occurredAt),
    latitude: r.latitude ?? null,
    longitude: r.longitude ?? null,
    notes: r.notes,
    late: r.late,
  };
}

export function absenceRequestToJson(r: fieldV1.AbsenceRequest) {
  return {
    id: r.id,
    employeeId: r.employeeId,
    kind: nameOf<'leave' | 'trip'>('ABSENCE_KIND_', r.kind),
    startDate: r.startDate,
    endDate: r.endDate,
    leaveType: r.leaveType ? r.leaveType.toLowerCase() : null,
    destination: orNull(r.destination),
    reason: r.reason,
    status: nameOf('APPROVAL_STATUS_', r.status),
    approverId: orNull(r.approverId),
    decisionComment: r.decisionComment,
    decidedAt: iso(r.decidedAt),
    version: Number(r.version),
    createdAt: iso(r.createdAt),
  };
}

export function expenseToJson(e: fieldV1.Expense) {
  return {
    id: e.id,
    employeeId: e.employeeId,
    expenseDate: e.expenseDate,
    category: nameOf('EXPENSE_CATEGORY_', e.category),
    amount: money(e.amount),
    customerId: orNull(e.customerId),
    notes: e.notes,
    status: nameOf('APPROVAL_STATUS_', e.status),
    approverId: orNull(e.approverId),
    decisionComment: e.decisionComment,
    decidedAt: iso(e.decidedAt),
    version: Number(e.version),
    createdAt: iso(e.createdAt),
  };
}
