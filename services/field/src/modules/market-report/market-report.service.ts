import type { commonV1, fieldV1 } from '@salesflow/contracts';
import { appendToOutbox, type FieldError, requirePermission } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase } from '../../database';
import type { MarketReport } from '../../generated/prisma/client';
import { localDayOf } from '../calendar/local-day';
import { isUuid } from '../check-in/check-in.validation';
import { REPORT_READ, REPORT_WRITE, type ReportServiceOptions } from '../daily-report/daily-report.service';
import { FieldWorkError } from '../shared/field-work.errors';
import { dateColumn, fromDateColumn, isLocalDate } from '../shared/local-date';
import { newestFirst, pageOf, pageSize, pageWhere } from '../shared/paging';
import { canSee, ownersVisibleTo, requireEmployee, supervisorOf } from '../shared/people';
import { enumToProto } from '../shared/proto-enum';

export const MARKET_REPORT_TYPES = [
  'COMPETITOR_ACTIVITY',
  'DEALER_COMPLAINT',
  'CUSTOMER_PERSONNEL_CHANGE',
  'PRODUCT_FEEDBACK',
  'OTHER',
] as const;
export type MarketReportType = (typeof MARKET_REPORT_TYPES)[number];
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** These go to the supervisor at once (field.market_report.urgent). */
export const URGENT_SEVERITIES: readonly Severity[] = ['HIGH', 'CRITICAL'];

const WHAT = 'market report';
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 4000;

export interface NewMarketReport {
  type?: string;
  severity?: string;
  customerId?: string;
  competitor?: string;
  title?: string;
  description?: string;
}

export interface MarketReportFilter {
  type?: string;
  minSeverity?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** 市场状况反映表: urgent market news, addressed to the reporter's supervisor when severe. */
export class MarketReportService {
  private readonly clock: () => Date;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: ReportServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async file(principal: commonV1.Principal, input: NewMarketReport): Promise<MarketReport> {
    requirePermission(principal, REPORT_WRITE);
    const employeeId = requireEmployee(principal);
    const errors: FieldError[] = [];
    const type = input.type?.trim() ?? '';
    if (!type) errors.push({ field: 'type', message: 'is required' });
    else if (!(MARKET_REPORT_TYPES as readonly string[]).includes(type)) {
      errors.push({ field: 'type', message: `must be one of ${MARKET_REPORT_TYPES.join(', ')}` });
    }
    const severity = input.severity?.trim() ?? '';
    if (!severity) errors.push({ field: 'severity', message: 'is required' });
    else if (!(SEVERITIES as readonly string[]).includes(severity)) {
      errors.push({ field: 'severity', message: `must be one of ${SEVERITIES.join(', ')}` });
    }
    const customerId = input.customerId?.trim() || null;
    if (customerId && !isUuid(customerId)) errors.push({ field: 'customerId', message: 'is not a customer id' });
    const competitor = input.competitor?.trim() ?? '';
    if (competitor.length > MAX_TITLE)
      errors.push({ field: 'competitor', message: `is longer than ${MAX_TITLE} characters` });
    if (type === 'COMPETITOR_ACTIVITY' && !competitor)
      errors.push({ field: 'competitor', message: 'name the competitor' });
    const title = input.title?.trim() ?? '';
    if (!title) errors.push({ field: 'title', message: 'is required' });
    else if (title.length > MAX_TITLE)
      errors.push({ field: 'title', message: `is longer than ${MAX_TITLE} characters` });
    const description = input.description?.trim() ?? '';
    if (description.length > MAX_DESCRIPTION) {
      errors.push({ field: 'description', message: `is longer than ${MAX_DESCRIPTION} characters` });
    }
    if (errors.length > 0) throw FieldWorkError.invalid(errors, 'market report is invalid');

    const now = this.clock();
    return this.db.$transaction(async (tx) => {
      const supervisorId = await supervisorOf(tx, principal.tenantId, employeeId);
      const report = await tx.marketReport.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          employeeId,
          type,
          severity,
          customerId,
          competitor,
          title,
          description,
          supervisorId: supervisorId || null,
          reportDate: dateColumn(localDayOf(now, this.options.timeZone).date),
          createdAt: now,
        },
      });
      const payload: fieldV1.MarketReportFiled = { report: marketReportToProto(report), supervisorId };
      const types = ['field.market_report.filed'];
      if ((URGENT_SEVERITIES as readonly string[]).includes(severity)) types.push('field.market_report.urgent');
      for (const eventType of types) {
        await appendToOutbox(
          tx,
          {
            type: eventType,
            tenantId: report.tenantId,
            aggregateId: report.id,
            aggregateVersion: report.version,
            actorId: employeeId,
            payload,
            occurredAt: now,
          },
          this.options.outbox,
        );
      }
      return report;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<MarketReport> {
    requirePermission(principal, REPORT_READ);
    const report = isUuid(id)
      ? await this.db.marketReport.findFirst({ where: { id, tenantId: principal.tenantId } })
      : null;
    if (!report) throw FieldWorkError.notFound(WHAT, id);
    if (report.supervisorId === principal.employeeId) return report;
    if (!canSee(await ownersVisibleTo(this.db, principal), report.employeeId)) throw FieldWorkError.notFound(WHAT, id);
    return report;
  }

  async list(
    principal: commonV1.Principal,
    filter: MarketReportFilter,
  ): Promise<{ items: MarketReport[]; nextCursor: string }> {
    requirePermission(principal, REPORT_READ);
    const errors: FieldError[] = [];
    if (filter.type && !(MARKET_REPORT_TYPES as readonly string[]).includes(filter.type)) {
      errors.push({ field: 'type', message: `must be one of ${MARKET_REPORT_TYPES.join(', ')}` });
    }
    if (filter.minSeverity && !(SEVERITIES as readonly string[]).includes(filter.minSeverity)) {
      errors.push({ field: 'minSeverity', message: `must be one of ${SEVERITIES.join(', ')}` });
    }
    if (filter.from && !isLocalDate(filter.from)) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
    if (filter.to && !isLocalDate(filter.to)) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
    if (errors.length > 0) throw FieldWorkError.invalid(errors);
    const owners = await ownersVisibleTo(this.db, principal);
    const severities = filter.minSeverity
      ? SEVERITIES.slice(SEVERITIES.indexOf(filter.minSeverity as Severity))
      : undefined;
    const limit = pageSize(filter.limit);
    const rows = await this.db.marketReport.findMany({
      where: {
        tenantId: principal.tenantId,
        AND: [
          owners ? { OR: [{ employeeId: { in: owners } }, { supervisorId: principal.employeeId }] } : {},
          filter.type ? { type: filter.type } : {},
          severities ? { severity: { in: [...severities] } } : {},
          filter.from ? { reportDate: { gte: dateColumn(filter.from) } } : {},
          filter.to ? { reportDate: { lte: dateColumn(filter.to) } } : {},
          pageWhere(filter.cursor),
        ],
      },
      orderBy: newestFirst,
      take: limit + 1,
    });
    return pageOf(rows, limit);
  }
}

export function marketReportToProto(report: MarketReport): fieldV1.MarketReport {
  return {
    id: report.id,
    tenantId: report.tenantId,
    employeeId: report.employeeId,
    type: enumToProto('MARKET_REPORT_TYPE_', report.type),
    severity: enumToProto('SEVERITY_', report.severity),
    customerId: report.customerId ?? '',
    competitor: report.competitor,
    title: report.title,
    description: report.description,
    supervisorId: report.supervisorId ?? '',
    reportDate: fromDateColumn(report.reportDate),
    version: String(report.version),
    createdAt: report.createdAt,
  };
}
