import type { commonV1, fieldV1 } from '@salesflow/contracts';
import { appendToOutbox, requirePermission } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase, FieldTransaction } from '../../database';
import type { Prisma, WeeklyReport } from '../../generated/prisma/client';
import { localDayOf } from '../calendar/local-day';
import { isUuid } from '../check-in/check-in.validation';
import { REPORT_READ, REPORT_REVIEW, type ReportServiceOptions } from '../daily-report/daily-report.service';
import { localDayBounds } from '../daily-report/day-figures';
import { checkVersion, conflictOnStaleWrite, FieldWorkError } from '../shared/field-work.errors';
import { addDays, dateColumn, fromDateColumn } from '../shared/local-date';
import { canSee, ownersVisibleTo } from '../shared/people';
import { enumToProto } from '../shared/proto-enum';
import { isoWeekBounds } from './iso-week';
import { type WeeklyFigures, weeklyFigures } from './weekly-figures';

const WHAT = 'weekly report';
const MAX_PLAN = 8000;

/**
 * 周进度控制: a department's report on an ISO week, generated from the data (check-ins and
 * visits here, crm facts, market reports, goals' targets) for the members of the department and its sub-departments; the
 * manager adds next week's plan and submits.
 */
export class WeeklyReportService {
  private readonly clock: () => Date;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: ReportServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Creates the draft, or refreshes the figures of an existing draft; a submitted one stays. */
  async generate(principal: commonV1.Principal, week: string, departmentId: string): Promise<WeeklyReport> {
    requirePermission(principal, REPORT_REVIEW);
    const bounds = isoWeekBounds(week);
    const errors = [];
    if (!bounds) errors.push({ field: 'week', message: 'must be an ISO week such as 2026W27' });
    if (!departmentId.trim()) errors.push({ field: 'departmentId', message: 'is required' });
    if (errors.length > 0 || !bounds) throw FieldWorkError.invalid(errors);
    const today = localDayOf(this.clock(), this.options.timeZone).date;
    if (bounds.start > today) throw FieldWorkError.invalid([{ field: 'week', message: 'has not started yet' }]);

    return conflictOnStaleWrite(WHAT, () =>
      this.db.$transaction(async (tx) => {
        const members = await this.members(tx, principal, departmentId);
        const figures = await this.figures(tx, principal.tenantId, departmentId, members, bounds.start, bounds.end);
        const existing = await tx.weeklyReport.findUnique({
          where: { tenantId_departmentId_week: { tenantId: principal.tenantId, departmentId, week: bounds.week } },
        });
        const now = this.clock();
        if (!existing) {
          return tx.weeklyReport.create({
            data: {
              id: uuidv7(),
              tenantId: principal.tenantId,
              departmentId,
              week: bounds.week,
              weekStart: dateColumn(bounds.start),
              figures: figures as unknown as Prisma.InputJsonValue,
              authorId: principal.employeeId,
              generatedAt: now,
            },
          });
        }
        if (existing.status !== 'DRAFT') throw FieldWorkError.wrongStatus(WHAT, existing.status, 'regenerate');
        return tx.weeklyReport.update({
          where: { id: existing.id, version: existing.version },
          data: { figures: figures as unknown as Prisma.InputJsonValue, generatedAt: now, version: { increment: 1 } },
        });
      }),
    );
  }

  async get(principal: commonV1.Principal, id: string): Promise<WeeklyReport> {
    requirePermission(principal, REPORT_READ);
    return this.db.$transaction(async (tx) => this.visible(tx, principal, id));
  }

  async update(
    principal: commonV1.Principal,
    id: string,
    expectedVersion: string,
    plan: string,
  ): Promise<WeeklyReport> {
    requirePermission(principal, REPORT_REVIEW);
    const text = plan.trim();
    if (text.length > MAX_PLAN)
      throw FieldWorkError.invalid([{ field: 'nextWeekPlan', message: `is longer than ${MAX_PLAN} characters` }]);
    return conflictOnStaleWrite(WHAT, () =>
      this.db.$transaction(async (tx) => {
        const report = await this.visible(tx, principal, id);
        checkVersion(expectedVersion, report.version, WHAT);
        if (report.status !== 'DRAFT') throw FieldWorkError.wrongStatus(WHAT, report.status, 'change');
        return tx.weeklyReport.update({
          where: { id: report.id, version: report.version },
          data: { nextWeekPlan: text, version: { increment: 1 } },
        });
      }),
    );
  }

  /** Submits with next week's plan, which must be written first. */
  async submit(principal: commonV1.Principal, id: string, expectedVersion: string): Promise<WeeklyReport> {
    requirePermission(principal, REPORT_REVIEW);
    return conflictOnStaleWrite(WHAT, () =>
      this.db.$transaction(async (tx) => {
        const report = await this.visible(tx, principal, id);
        checkVersion(expectedVersion, report.version, WHAT);
        if (report.status !== 'DRAFT') throw FieldWorkError.wrongStatus(WHAT, report.status, 'submit');
        if (!report.nextWeekPlan)
          throw FieldWorkError.invalid([
            { field: 'nextWeekPlan', message: "write next week's plan before submitting" },
          ]);
        const now = this.clock();
        const submitted = await tx.weeklyReport.update({
          where: { id: report.id, version: report.version },
          data: { status: 'SUBMITTED', submittedAt: now, version: { increment: 1 } },
        });
        await appendToOutbox(
          tx,
          {
            type: 'field.weekly_report.submitted',
            tenantId: submitted.tenantId,
            aggregateId: submitted.id,
            aggregateVersion: submitted.version,
            actorId: principal.employeeId,
            payload: { report: weeklyReportToProto(submitted) },
            occurredAt: now,
          },
          this.options.outbox,
        );
        return submitted;
      }),
    );
  }

  /**
   * The active employees of the department and its sub-departments, all within the caller's
   * data scope; an unknown department, or one outside the scope, is NOT_FOUND.
   */
  private async members(tx: FieldTransaction, principal: commonV1.Principal, departmentId: string): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string; status: string }[]>`
      SELECT id::text, status FROM salesflow_employee_replica
      WHERE tenant_id = ${principal.tenantId}::uuid
        AND (department_id = ${departmentId} OR department_path LIKE ${`%/${departmentId.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`})`;
    const owners = await ownersVisibleTo(tx, principal);
    if (rows.length === 0 || !rows.every((r) => canSee(owners, r.id))) {
      throw FieldWorkError.notFound('department', departmentId);
    }
    return rows.filter((r) => r.status === 'ACTIVE').map((r) => r.id);
  }

  private async visible(tx: FieldTransaction, principal: commonV1.Principal, id: string): Promise<WeeklyReport> {
    const report = isUuid(id) ? await tx.weeklyReport.findFirst({ where: { id, tenantId: principal.tenantId } }) : null;
    if (!report) throw FieldWorkError.notFound(WHAT, id);
    try {
      await this.members(tx, principal, report.departmentId);
    } catch {
      throw FieldWorkError.notFound(WHAT, id);
    }
    return report;
  }

  private async figures(
    tx: FieldTransaction,
    tenantId: string,
    departmentId: string,
    members: string[],
    start: string,
    end: string,
  ): Promise<WeeklyFigures> {
    const from = localDayBounds(start, this.options.timeZone).start;
    const to = localDayBounds(end, this.options.timeZone).end;
    const inWeek = { gte: dateColumn(start), lte: dateColumn(end) };
    const [checkIns, visits, targets, facts, signed, marketReports] = await Promise.all([
      tx.checkIn.findMany({
        where: { tenantId, employeeId: { in: members }, occurredAt: { gte: from, lt: to } },
        select: { kind: true, customerId: true },
      }),
      tx.visit.findMany({
        where: { tenantId, employeeId: { in: members }, localDate: inWeek },
        select: { effective: true },
      }),
      // Target achievement: the department's own nodes whose period is exactly this week
      // (goals' WEEK period, Monday to the next Monday exclusive), as goals last reported them.
      tx.targetReplica.findMany({
        where: {
          tenantId,
          scope: 'DEPARTMENT',
          scopeId: departmentId,
          periodStart: dateColumn(start),
          periodEnd: dateColumn(addDays(end, 1)),
          deleted: false,
        },
        orderBy: [{ metric: 'asc' }, { id: 'asc' }],
      }),
      tx.reportFact.findMany({
        where: { tenantId, employeeId: { in: members }, localDate: inWeek, counted: true },
        select: { kind: true, customerId: true, amountMinor: true, currency: true },
      }),
      tx.reportFact.findMany({
        where: { tenantId, kind: 'CONTRACT', localDate: inWeek, counted: true, customerId: { not: null } },
        select: { customerId: true },
      }),
      tx.marketReport.findMany({
        where: {
          tenantId,
          employeeId: { in: members },
          reportDate: inWeek,
          type: { in: ['COMPETITOR_ACTIVITY', 'DEALER_COMPLAINT'] },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
    ]);
    return weeklyFigures({
      reps: members.length,
      checkIns,
      visits,
      targets,
      facts,
      customersSigned: new Set(signed.map((s) => s.customerId ?? '')),
      marketReports,
    });
  }
}

export function weeklyReportToProto(report: WeeklyReport): fieldV1.WeeklyReport {
  const f = report.figures as unknown as WeeklyFigures;
  const start = fromDateColumn(report.weekStart);
  const money = (amountMinor: string) => ({ amountMinor, currency: f.currency });
  const item = (i: WeeklyFigures['competitorMoves'][number]): fieldV1.WeeklyReportItem => ({
    ...i,
    severity: enumToProto('SEVERITY_', i.severity),
  });
  return {
    id: report.id,
    tenantId: report.tenantId,
    departmentId: report.departmentId,
    week: report.week,
    weekStart: start,
    weekEnd: addDays(start, 6),
    status: enumToProto('WEEKLY_REPORT_STATUS_', report.status),
    figures: {
      reps: f.reps,
      newCustomers: f.newCustomers,
      collections: money(f.collectionsMinor),
      contractAmount: money(f.contractAmountMinor),
      contracts: f.contracts,
      visits: f.visits,
      completedVisits: f.completedVisits,
      // Reports generated before effective visits and targets were counted lack them.
      effectiveVisits: f.effectiveVisits ?? 0,
      effectiveVisitRate: f.effectiveVisitRate,
      customersVisited: f.customersVisited,
      visitedCustomersSigned: f.visitedCustomersSigned,
      transactionRate: f.transactionRate,
      averageSalesPerRep: money(f.averageSalesPerRepMinor),
      competitorMoves: f.competitorMoves.map(item),
      abnormalCustomers: f.abnormalCustomers.map(item),
      targetAchievement: (f.targets ?? []).map((t) => ({ ...t })),
    },
    nextWeekPlan: report.nextWeekPlan,
    authorId: report.authorId,
    generatedAt: report.generatedAt,
    ...(report.submittedAt ? { submittedAt: report.submittedAt } : {}),
    version: String(report.version),
  };
}
