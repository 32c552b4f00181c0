import type { fieldV1 } from '@salesflow/contracts';
import type { DailyReport } from '../../generated/prisma/client';
import { fromDateColumn } from '../shared/local-date';
import { enumToProto } from '../shared/proto-enum';
import type { DayFigures } from './day-figures';

export function figuresOf(report: DailyReport): DayFigures {
  return report.figures as unknown as DayFigures;
}

export function dailyReportToProto(report: DailyReport): fieldV1.DailyReport {
  const f = figuresOf(report);
  return {
    id: report.id,
    tenantId: report.tenantId,
    employeeId: report.employeeId,
    reportDate: fromDateColumn(report.reportDate),
    status: enumToProto('DAILY_REPORT_STATUS_', report.status),
    figures: {
      checkIns: f.checkIns,
      customersVisited: f.customersVisited,
      followUps: f.followUps,
      payments: f.payments,
      paymentsAmount: { amountMinor: f.paymentsAmountMinor, currency: f.currency },
      contracts: f.contracts,
      contractsAmount: { amountMinor: f.contractsAmountMinor, currency: f.currency },
      ...(f.clockedInAt ? { clockedInAt: new Date(f.clockedInAt) } : {}),
      ...(f.clockedOutAt ? { clockedOutAt: new Date(f.clockedOutAt) } : {}),
      clockedInLate: f.clockedInLate ?? false,
    },
    complaintsHandled: report.complaintsHandled,
    competitorNews: report.competitorNews,
    customerFeedback: report.customerFeedback,
    lessons: report.lessons,
    ...(report.submittedAt ? { submittedAt: report.submittedAt } : {}),
    late: report.late,
    reviewerId: report.reviewerId ?? '',
    reviewComment: report.reviewComment,
    ...(report.reviewedAt ? { reviewedAt: report.reviewedAt } : {}),
    version: String(report.version),
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
  };
}
