import type { commonV1 } from '@salesflow/contracts';
import { appendToOutbox, type FieldError, type OutboxOptions, requirePermission } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase, FieldTransaction } from '../../database';
import { type DailyReport, type DailyReportStatus, Prisma } from '../../generated/prisma/client';
import { localDayOf } from '../calendar/local-day';
import { isUuid } from '../check-in/check-in.validation';
import { calendarOverrides } from '../holiday-calendar/holiday-calendar.service';
import { workingDaysBetween } from '../holiday-calendar/working-days';
import { reportSettingsOf } from '../report-settings/report-settings';
import { checkVersion, conflictOnStaleWrite, FieldWorkError } from '../shared/field-work.errors';
import { addDays, dateColumn, datesBetween, fromDateColumn, isLocalDate } from '../shared/local-date';
import { newestFirst, pageOf, pageSize, pageWhere } from '../shared/paging';
import { canSee, employeesInScope, ownersVisibleTo, requireEmployee, supervisorOf } from '../shared/people';
import { dailyReportToProto } from './daily-report.mapper';
import { dayFigures } from './day-figures';
import { DEADLINE_LOOKAHEAD_DAYS, isLate, reportDeadline } from './report-deadline';
import { dayKey, reportTimeliness, type TimelinessEntry } from './report-timeliness';

export const REPORT_READ = 'field.report.read';
export const REPORT_WRITE = 'field.report.write';
export const REPORT_REVIEW = 'field.report.review';

export const MAX_TEXT = 4000;
export const MAX_TIMELINESS_DAYS = 92;
const WHAT = 'daily report';

export interface DailyReportText {
  complaintsHandled?: string;
  competitorNews?: string;
  customerFeedback?: string;
  lessons?: string;
}

export interface DailyReportFilter {
  from?: string;
  to?: string;
  employeeId?: string;
  status?: DailyReportStatus;
  limit?: number;
  cursor?: string;
}

export interface ReportServiceOptions {
  outbox: OutboxOptions;
  /** IANA zone of the tenants' days (BUSINESS_TIME_ZONE). */
  timeZone: string;
  clock?: () => Date;
}

/**
 * 每日销售报告表: a rep's report of one day, pre-filled from the data, completed by the rep,
 * submitted (late after the tenant's deadline), then reviewed or returned by the supervisor.
 */
export class DailyReportService {
  private readonly clock: () => Date;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: ReportServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Starts the caller's report of `reportDate` (today or earlier), pre-filled from the day. */
  async create(principal: commonV1.Principal, reportDate: string): Promise<DailyReport> {
    requirePermission(principal, REPORT_WRITE);
    const employeeId = requireEmployee(principal);
    const today = localDayOf(this.clock(), this.options.timeZone).date;
    if (!isLocalDate(reportDate))
      throw FieldWorkError.invalid([{ field: 'reportDate', message: 'must be a date YYYY-MM-DD' }]);
    if (reportDate > today) throw FieldWorkError.invalid([{ field: 'reportDate', message: 'must not be after today' }]);
    try {
      return await this.db.$transaction(async (tx) => {
        const figures = await dayFigures(tx, principal.tenantId, employeeId, reportDate, this.options.timeZone);
        return tx.dailyReport.create({
          data: {
            id: uuidv7(),
            tenantId: principal.tenantId,
            employeeId,
            reportDate: dateColumn(reportDate),
            figures: figures as unknown as Prisma.InputJsonValue,
          },
        });
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw FieldWorkError.alreadyExists(`you already have a daily report for ${reportDate}`);
      }
      throw error;
    }
  }

  /** The caller's own reports, those in their data scope, and those they supervise. */
  async get(principal: commonV1.Principal, id: string): Promise<DailyReport> {
    requirePermission(principal, REPORT_READ);
    return this.visible(principal, id);
  }

  async list(
    principal: commonV1.Principal,
    filter: DailyReportFilter,
  ): Promise<{ items: DailyReport[]; nextCursor: string }> {
    requirePermission(principal, REPORT_READ);
    const errors: FieldError[] = [];
    if (filter.from && !isLocalDate(filter.from)) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
    if (filter.to && !isLocalDate(filter.to)) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
    if (filter.employeeId && !isUuid(filter.employeeId))
      errors.push({ field: 'employeeId', message: 'is not an employee id' });
    if (errors.length > 0) throw FieldWorkError.invalid(errors);
    const owners = await ownersVisibleTo(this.db, principal);
    const limit = pageSize(filter.limit);
    const rows = await this.db.dailyReport.findMany({
      where: {
        tenantId: principal.tenantId,
        AND: [
          owners ? { employeeId: { in: owners } } : {},
          filter.employeeId ? { employeeId: filter.employeeId } : {},
          filter.from ? { reportDate: { gte: dateColumn(filter.from) } } : {},
          filter.to ? { reportDate: { lte: dateColumn(filter.to) } } : {},
          filter.status ? { status: filter.status } : {},
          pageWhere(filter.cursor),
        ],
      },
      orderBy: newestFirst,
      take: limit + 1,
    });
    return pageOf(rows, limit);
  }

  /** The rep's own part, while the report is a draft or was returned. */
  async update(
    principal: commonV1.Principal,
    id: string,
    expectedVersion: string,
    text: DailyReportText,
  ): Promise<DailyReport> {
    requirePermission(principal, REPORT_WRITE);
    const errors = validateText(text);
    if (errors.length > 0) throw FieldWorkError.invalid(errors, 'daily report is invalid');
    return conflictOnStaleWrite(WHAT, () =>
      this.db.$transaction(async (tx) => {
        const report = await this.ownEditable(tx, principal, id, expectedVersion, 'change');
        return tx.dailyReport.update({
          where: { id: report.id, version: report.version },
          data: { ...definedText(text), version: { increment: 1 }, updatedAt: this.clock() },
        });
      }),
    );
  }

  /** Submits: the figures are taken again (the day may have grown), lateness is decided now. */
  async submit(principal: commonV1.Principal, id: string, expectedVersion: string): Promise<DailyReport> {
    requirePermission(principal, REPORT_WRITE);
    const now = this.clock();
    return conflictOnStaleWrite(WHAT, () =>
      this.db.$transaction(async (tx) => {
        const report = await this.ownEditable(tx, principal, id, expectedVersion, 'submit');
        const reportDate = report.reportDate.toISOString().slice(0, 10);
        const figures = await dayFigures(tx, report.tenantId, report.employeeId, reportDate, this.options.timeZone);
        const settings = await reportSettingsOf(tx, report.tenantId);
        const calendar = await calendarOverrides(
          tx,
          report.tenantId,
          reportDate,
          addDays(reportDate, DEADLINE_LOOKAHEAD_DAYS),
        );
        const submitted = await tx.dailyReport.update({
          where: { id: report.id, version: report.version },
          data: {
            status: 'SUBMITTED',
            figures: figures as unknown as Prisma.InputJsonValue,
            submittedAt: now,
            late: isLate(now, reportDate, settings, this.options.timeZone, calendar),
            version: { increment: 1 },
            updatedAt: now,
          },
        });
        await this.announce(tx, submitted, 'field.daily_report.submitted', principal.employeeId);
        return submitted;
      }),
    );
  }

  /** 签核: the rep's supervisor signs the submitted report off, with an optional comment. */
  review(principal: commonV1.Principal, id: string, expectedVersion: string, comment: string): Promise<DailyReport> {
    return this.decide(principal, id, expectedVersion, comment, 'REVIEWED');
  }

  /** The supervisor sends the report back to the rep; a comment saying why is required. */
  return(principal: commonV1.Principal, id: string, expectedVersion: string, comment: string): Promise<DailyReport> {
    return this.decide(principal, id, expectedVersion, comment, 'RETURNED');
  }

  private async decide(
    principal: commonV1.Principal,
    id: string,
    expectedVersion: string,
    comment: string,
    status: 'REVIEWED' | 'RETURNED',
  ): Promise<DailyReport> {
    requirePermission(principal, REPORT_REVIEW);
    const text = comment.trim();
    if (text.length > MAX_TEXT)
      throw FieldWorkError.invalid([{ field: 'comment', message: `is longer than ${MAX_TEXT} characters` }]);
    if (status === 'RETURNED' && !text)
      throw FieldWorkError.invalid([{ field: 'comment', message: 'say why the report goes back' }]);
    const now = this.clock();
    return conflictOnStaleWrite(WHAT, () =>
      this.db.$transaction(async (tx) => {
        const report = await this.supervised(tx, principal, id);
        checkVersion(expectedVersion, report.version, WHAT);
        if (report.status !== 'SUBMITTED')
          throw FieldWorkError.wrongStatus(WHAT, report.status, status === 'REVIEWED' ? 'review' : 'return');
        const decided = await tx.dailyReport.update({
          where: { id: report.id, version: report.version },
          data: {
            status,
            reviewerId: principal.employeeId,
            reviewComment: text,
            reviewedAt: now,
            version: { increment: 1 },
            updatedAt: now,
          },
        });
        await this.announce(
          tx,
          decided,
          status === 'REVIEWED' ? 'field.daily_report.reviewed' : 'field.daily_report.returned',
          principal.employeeId,
        );
        return decided;
      }),
    );
  }

  /**
   * Missing and late reports of everyone in the caller's data scope (a manager: their
   * subtree) over [from, to], working days only, once each day's deadline has passed.
   */
  async timeliness(
    principal: commonV1.Principal,
    from: string,
    to: string,
  ): Promise<{ entries: TimelinessEntry[]; expected: number }> {
    requirePermission(principal, REPORT_READ);
    const errors: FieldError[] = [];
    if (!isLocalDate(from)) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
    if (!isLocalDate(to)) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
    else if (isLocalDate(from) && (to < from || to > addDays(from, MAX_TIMELINESS_DAYS - 1))) {
      errors.push({ field: 'to', message: `must be on or after from, at most ${MAX_TIMELINESS_DAYS} days` });
    }
    if (errors.length > 0) throw FieldWorkError.invalid(errors);
    const employees = await employeesInScope(this.db, principal);
    const ids = employees.map((e) => e.id);
    const [reports, absences, settings, calendar] = await Promise.all([
      this.db.dailyReport.findMany({
        where: {
          tenantId: principal.tenantId,
          employeeId: { in: ids },
          reportDate: { gte: dateColumn(from), lte: dateColumn(to) },
          submittedAt: { not: null },
        },
        select: { id: true, employeeId: true, reportDate: true, submittedAt: true, late: true },
      }),
      this.db.absenceRequest.findMany({
        where: {
          tenantId: principal.tenantId,
          employeeId: { in: ids },
          status: 'APPROVED',
          startDate: { lte: dateColumn(to) },
          endDate: { gte: dateColumn(from) },
        },
        select: { employeeId: true, startDate: true, endDate: true },
      }),
      reportSettingsOf(this.db, principal.tenantId),
      // Past `to` too: a deadline may fall on the working day after a holiday.
      calendarOverrides(this.db, principal.tenantId, from, addDays(to, DEADLINE_LOOKAHEAD_DAYS)),
    ]);
    const excused = new Set<string>();
    for (const a of absences) {
      for (const date of datesBetween(fromDateColumn(a.startDate), fromDateColumn(a.endDate))) {
        excused.add(dayKey(a.employeeId, date));
      }
    }
    return reportTimeliness({
      employees,
      // No report is expected on a holiday of the tenant's calendar (nor missing on one).
      workingDays: workingDaysBetween(from, to, calendar),
      reports: reports.map((r) => ({ ...r, reportDate: fromDateColumn(r.reportDate) })),
      excused,
      deadlineOf: (date) => reportDeadline(date, settings, this.options.timeZone, calendar),
      now: this.clock(),
    });
  }

  /** The report, when the caller is the rep's supervisor; otherwise PERMISSION_DENIED or NOT_FOUND. */
  private async supervised(tx: FieldTransaction, principal: commonV1.Principal, id: string): Promise<DailyReport> {
    const report = isUuid(id) ? await tx.dailyReport.findFirst({ where: { id, tenantId: principal.tenantId } }) : null;
    if (!report) throw FieldWorkError.notFound(WHAT, id);
    const supervisor = await supervisorOf(tx, report.tenantId, report.employeeId);
    if (supervisor && supervisor === principal.employeeId) return report;
    const owners = await ownersVisibleTo(tx, principal);
    if (canSee(owners, report.employeeId)) throw FieldWorkError.notTheSupervisor(WHAT);
    throw FieldWorkError.notFound(WHAT, id);
  }

  private async visible(principal: commonV1.Principal, id: string): Promise<DailyReport> {
    const report = isUuid(id)
      ? await this.db.dailyReport.findFirst({ where: { id, tenantId: principal.tenantId } })
      : null;
    if (!report) throw FieldWorkError.notFound(WHAT, id);
    if (canSee(await ownersVisibleTo(this.db, principal), report.employeeId)) return report;
    if ((await supervisorOf(this.db, report.tenantId, report.employeeId)) === principal.employeeId) return report;
    throw FieldWorkError.notFound(WHAT, id);
  }

  private async ownEditable(
    tx: FieldTransaction,
    principal: commonV1.Principal,
    id: string,
    expectedVersion: string,
    action: string,
  ): Promise<DailyReport> {
    const employeeId = requireEmployee(principal);
    const report = isUuid(id) ? await tx.dailyReport.findFirst({ where: { id, tenantId: principal.tenantId } }) : null;
    if (!report) throw FieldWorkError.notFound(WHAT, id);
    if (report.employeeId !== employeeId) {
      if (canSee(await ownersVisibleTo(tx, principal), report.employeeId)) throw FieldWorkError.notTheOwner(WHAT);
      throw FieldWorkError.notFound(WHAT, id);
    }
    checkVersion(expectedVersion, report.version, WHAT);
    if (report.status !== 'DRAFT' && report.status !== 'RETURNED')
      throw FieldWorkError.wrongStatus(WHAT, report.status, action);
    return report;
  }

  private async announce(tx: FieldTransaction, report: DailyReport, type: string, actorId: string): Promise<void> {
    await appendToOutbox(
      tx,
      {
        type,
        tenantId: report.tenantId,
        aggregateId: report.id,
        aggregateVersion: report.version,
        actorId,
        payload: { report: dailyReportToProto(report) },
        occurredAt: this.clock(),
      },
      this.options.outbox,
    );
  }
}

function validateText(text: DailyReportText): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(text)) {
    if (typeof value === 'string' && value.trim().length > MAX_TEXT) {
      errors.push({ field, message: `is longer than ${MAX_TEXT} characters` });
    }
  }
  return errors;
}

function definedText(text: DailyReportText): DailyReportText {
  return Object.fromEntries(
    Object.entries(text)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => [k, (v as string).trim()]),
  );
}
