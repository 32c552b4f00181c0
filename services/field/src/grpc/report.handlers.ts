import { fieldV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import type { AbsenceKind, ApprovalStatus, DailyReportStatus } from '../generated/prisma/client';
import { type AbsenceService, absenceRequestToProto } from '../modules/attendance/absence.service';
import { type AttendanceService, attendanceRecordToProto } from '../modules/attendance/attendance.service';
import { dailyReportToProto } from '../modules/daily-report/daily-report.mapper';
import type { DailyReportService } from '../modules/daily-report/daily-report.service';
import { type ExpenseService, expenseToProto } from '../modules/expense/expense.service';
import type { HolidayCalendar, HolidayCalendarService } from '../modules/holiday-calendar/holiday-calendar.service';
import { type MarketReportService, marketReportToProto } from '../modules/market-report/market-report.service';
import { reportObligationToProto } from '../modules/report-obligation/report-obligation.events';
import type { ReportObligationReader } from '../modules/report-obligation/report-obligation.reader';
import type { ReportSettingsValues } from '../modules/report-settings/report-settings';
import type { ReportSettingsService } from '../modules/report-settings/report-settings.service';
import { enumFromProto, enumToProto } from '../modules/shared/proto-enum';
import { type WeeklyReportService, weeklyReportToProto } from '../modules/weekly-report/weekly-report.service';

export interface ReportServices {
  dailyReports: DailyReportService;
  marketReports: MarketReportService;
  weeklyReports: WeeklyReportService;
  attendance: AttendanceService;
  absences: AbsenceService;
  expenses: ExpenseService;
  settings: ReportSettingsService;
  holidays: HolidayCalendarService;
  obligations: ReportObligationReader;
  /** IANA zone of the tenants' days, shown with the settings. */
  timeZone: string;
}

const page = (nextCursor: string) => ({ page: { nextCursor } });

function settingsToProto(settings: ReportSettingsValues, timeZone: string): fieldV1.ReportSettings {
  return { ...settings, timeZone };
}

function calendarToProto(calendar: HolidayCalendar): fieldV1.HolidayCalendar {
  return {
    year: calendar.year,
    days: calendar.days.map((d) => ({ ...d, kind: enumToProto('CALENDAR_DAY_KIND_', d.kind) })),
  };
}

/** proto <-> domain for ReportService; errors are mapped to gRPC status by the kit. */
export function reportServiceBinding(s: ReportServices) {
  return bindService(fieldV1.ReportServiceService, {
    async createDailyReport(request, context) {
      return { report: dailyReportToProto(await s.dailyReports.create(requirePrincipal(context), request.reportDate)) };
    },
    async getDailyReport(request, context) {
      return { report: dailyReportToProto(await s.dailyReports.get(requirePrincipal(context), request.id)) };
    },
    async listDailyReports(request, context) {
      const status = enumFromProto('DAILY_REPORT_STATUS_', request.status) as DailyReportStatus | undefined;
      const { items, nextCursor } = await s.dailyReports.list(requirePrincipal(context), {
        from: request.from,
        to: request.to,
        employeeId: request.employeeId,
        ...(status ? { status } : {}),
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { reports: items.map(dailyReportToProto), ...page(nextCursor) };
    },
    async updateDailyReport(request, context) {
      const report = await s.dailyReports.update(requirePrincipal(context), request.id, request.expectedVersion, {
        complaintsHandled: request.complaintsHandled,
        competitorNews: request.competitorNews,
        customerFeedback: request.customerFeedback,
        lessons: request.lessons,
      });
      return { report: dailyReportToProto(report) };
    },
    async submitDailyReport(request, context) {
      const report = await s.dailyReports.submit(requirePrincipal(context), request.id, request.expectedVersion);
      return { report: dailyReportToProto(report) };
    },
    async reviewDailyReport(request, context) {
      const principal = requirePrincipal(context);
      const report = await s.dailyReports.review(principal, request.id, request.expectedVersion, request.comment);
      return { report: dailyReportToProto(report) };
    },
    async returnDailyReport(request, context) {
      const principal = requirePrincipal(context);
      const report = await s.dailyReports.return(principal, request.id, request.expectedVersion, request.comment);
      return { report: dailyReportToProto(report) };
    },
    async getReportTimeliness(request, context) {
      const { entries, expected } = await s.dailyReports.timeliness(
        requirePrincipal(context),
        request.from,
        request.to,
      );
      return {
        entries: entries.map((e) => ({ ...e, ...(e.submittedAt ? { submittedAt: e.submittedAt } : {}) })),
        expectedReports: expected,
        missing: entries.filter((e) => e.problem === 'MISSING').length,
        late: entries.filter((e) => e.problem === 'LATE').length,
      };
    },

    async fileMarketReport(request, context) {
      const report = await s.marketReports.file(requirePrincipal(context), {
        type: enumFromProto('MARKET_REPORT_TYPE_', request.type),
        severity: enumFromProto('SEVERITY_', request.severity),
        customerId: request.customerId,
        competitor: request.competitor,
        title: request.title,
        description: request.description,
      });
      return { report: marketReportToProto(report) };
    },
    async getMarketReport(request, context) {
      return { report: marketReportToProto(await s.marketReports.get(requirePrincipal(context), request.id)) };
    },
    async listMarketReports(request, context) {
      const { items, nextCursor } = await s.marketReports.list(requirePrincipal(context), {
        type: enumFromProto('MARKET_REPORT_TYPE_', request.type),
        minSeverity: enumFromProto('SEVERITY_', request.minSeverity),
        from: request.from,
        to: request.to,
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { reports: items.map(marketReportToProto), ...page(nextCursor) };
    },

    async generateWeeklyReport(request, context) {
      const report = await s.weeklyReports.generate(requirePrincipal(context), request.week, request.departmentId);
      return { report: weeklyReportToProto(report) };
    },
    async getWeeklyReport(request, context) {
      return { report: weeklyReportToProto(await s.weeklyReports.get(requirePrincipal(context), request.id)) };
    },
    async updateWeeklyReport(request, context) {
      const principal = requirePrincipal(context);
      const report = await s.weeklyReports.update(principal, request.id, request.expectedVersion, request.nextWeekPlan);
      return { report: weeklyReportToProto(report) };
    },
    async submitWeeklyReport(request, context) {
      const report = await s.weeklyReports.submit(requirePrincipal(context), request.id, request.expectedVersion);
      return { report: weeklyReportToProto(report) };
    },

    async clockAttendance(request, context) {
      const record = await s.attendance.clockInOut(requirePrincipal(context), {
        kind: enumFromProto('ATTENDANCE_KIND_', request.kind),
        ...(request.occurredAt ? { occurredAt: request.occurredAt } : {}),
        ...(request.latitude !== undefined ? { latitude: request.latitude } : {}),
        ...(request.longitude !== undefined ? { longitude: request.longitude } : {}),
        notes: request.notes,
      });
      return { record: attendanceRecordToProto(record) };
    },
    async createAbsenceRequest(request, context) {
      const created = await s.absences.request(requirePrincipal(context), {
        kind: enumFromProto('ABSENCE_KIND_', request.kind),
        startDate: request.startDate,
        endDate: request.endDate,
        leaveType: request.leaveType,
        destination: request.destination,
        reason: request.reason,
      });
      return { request: absenceRequestToProto(created) };
    },
    async getAbsenceRequest(request, context) {
      return { request: absenceRequestToProto(await s.absences.get(requirePrincipal(context), request.id)) };
    },
    async listAbsenceRequests(request, context) {
      const kind = enumFromProto('ABSENCE_KIND_', request.kind) as AbsenceKind | undefined;
      const status = enumFromProto('APPROVAL_STATUS_', request.status) as ApprovalStatus | undefined;
      const { items, nextCursor } = await s.absences.list(requirePrincipal(context), {
        ...(kind ? { kind } : {}),
        ...(status ? { status } : {}),
        awaitingMe: request.awaitingMe,
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { requests: items.map(absenceRequestToProto), ...page(nextCursor) };
    },
    async decideAbsenceRequest(request, context) {
      const principal = requirePrincipal(context);
      const decided = await s.absences.decide(
        principal,
        request.id,
        request.expectedVersion,
        request.approve,
        request.comment,
      );
      return { request: absenceRequestToProto(decided) };
    },
    async getAttendanceSummary(request, context) {
      return { rows: await s.attendance.summary(requirePrincipal(context), request.month, request.view) };
    },

    async submitExpense(request, context) {
      const expense = await s.expenses.submit(requirePrincipal(context), {
        expenseDate: request.expenseDate,
        category: enumFromProto('EXPENSE_CATEGORY_', request.category),
        amountMinor: request.amount?.amountMinor,
        currency: request.amount?.currency,
        customerId: request.customerId,
        notes: request.notes,
      });
      return { expense: expenseToProto(expense) };
    },
    async getExpense(request, context) {
      return { expense: expenseToProto(await s.expenses.get(requirePrincipal(context), request.id)) };
    },
    async listExpenses(request, context) {
      const status = enumFromProto('APPROVAL_STATUS_', request.status) as ApprovalStatus | undefined;
      const { items, nextCursor } = await s.expenses.list(requirePrincipal(context), {
        ...(status ? { status } : {}),
        from: request.from,
        to: request.to,
        awaitingMe: request.awaitingMe,
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { expenses: items.map(expenseToProto), ...page(nextCursor) };
    },
    async listReportObligations(request, context) {
      const { items, nextCursor } = await s.obligations.list(requirePrincipal(context), {
        from: request.from,
        to: request.to,
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { obligations: items.map(reportObligationToProto), ...page(nextCursor) };
    },
    async getReportObligation(request, context) {
      return { obligation: reportObligationToProto(await s.obligations.get(requirePrincipal(context), request.id)) };
    },
    async decideExpense(request, context) {
      const principal = requirePrincipal(context);
      const decided = await s.expenses.decide(
        principal,
        request.id,
        request.expectedVersion,
        request.approve,
        request.comment,
      );
      return { expense: expenseToProto(decided) };
    },

    async getReportSettings(_request, context) {
      return { settings: settingsToProto(await s.settings.get(requirePrincipal(context)), s.timeZone) };
    },
    async updateReportSettings(request, context) {
      const input = request.settings;
      const updated = await s.settings.update(requirePrincipal(context), {
        ...(input?.reportDeadlineTime ? { reportDeadlineTime: input.reportDeadlineTime } : {}),
        ...(input?.workStartTime ? { workStartTime: input.workStartTime } : {}),
        ...(input && input.reportDeadlineDaysAfter > 0
          ? { reportDeadlineDaysAfter: input.reportDeadlineDaysAfter }
          : {}),
      });
      return { settings: settingsToProto(updated, s.timeZone) };
    },

    async getHolidayCalendar(request, context) {
      return { calendar: calendarToProto(await s.holidays.get(requirePrincipal(context), request.year)) };
    },
    async setHolidayCalendar(request, context) {
      const days = request.days.map((d) => ({
        date: d.date,
        kind: enumFromProto('CALENDAR_DAY_KIND_', d.kind) ?? '',
        name: d.name,
      }));
      return { calendar: calendarToProto(await s.holidays.set(requirePrincipal(context), request.year, days)) };
    },
  });
}
