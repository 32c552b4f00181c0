import type { commonV1 } from '@salesflow/contracts';
import { decodeCursor, encodeCursor, type FieldError, requirePermission } from '@salesflow/platform';
import type { FieldDatabase } from '../../database';
import type { ReportObligation } from '../../generated/prisma/client';
import { isUuid } from '../check-in/check-in.validation';
import { REPORT_READ } from '../daily-report/daily-report.service';
import { FieldWorkError } from '../shared/field-work.errors';
import { dateColumn, isLocalDate } from '../shared/local-date';
import { pageSize } from '../shared/paging';
import { canSee, ownersVisibleTo } from '../shared/people';

const WHAT = 'report obligation';

/**
 * Reads settled report obligations (field.report.read, in the caller's data scope): the list
 * by report date is what analytics reconciles report timeliness with; most recently settled
 * first, keyset on (settled_at, id) so a re-settle (which keeps settled_at) never moves a row
 * between pages.
 */
export class ReportObligationReader {
  constructor(private readonly db: FieldDatabase) {}

  async list(
    principal: commonV1.Principal,
    filter: { from: string; to: string; limit?: number; cursor?: string },
  ): Promise<{ items: ReportObligation[]; nextCursor: string }> {
    requirePermission(principal, REPORT_READ);
    const errors: FieldError[] = [];
    if (filter.from && !isLocalDate(filter.from)) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
    if (filter.to && !isLocalDate(filter.to)) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
    if (errors.length > 0) throw FieldWorkError.invalid(errors);
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const owners = await ownersVisibleTo(this.db, principal);
    const limit = pageSize(filter.limit);
    const rows = await this.db.reportObligation.findMany({
      where: {
        tenantId: principal.tenantId,
        AND: [
          owners ? { employeeId: { in: owners } } : {},
          filter.from ? { reportDate: { gte: dateColumn(filter.from) } } : {},
          filter.to ? { reportDate: { lte: dateColumn(filter.to) } } : {},
          after
            ? {
                OR: [
                  { settledAt: { lt: new Date(after.at) } },
                  { settledAt: new Date(after.at), id: { lt: after.id } },
                ],
              }
            : {},
        ],
      },
      orderBy: [{ settledAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.settledAt.toISOString(), id: last.id }) : '';
    return { items, nextCursor };
  }

  async get(principal: commonV1.Principal, id: string): Promise<ReportObligation> {
    requirePermission(principal, REPORT_READ);
    const obligation = isUuid(id)
      ? await this.db.reportObligation.findFirst({ where: { id, tenantId: principal.tenantId } })
      : null;
    if (!obligation || !canSee(await ownersVisibleTo(this.db, principal), obligation.employeeId)) {
      throw FieldWorkError.notFound(WHAT, id);
    }
    return obligation;
  }
}
