import type { commonV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  type OutboxOptions,
  ownerFilterOf,
  replicatedEmployee,
  requirePermission,
  ServiceError,
  visibleOwnerIds,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase, FieldTransaction } from '../../database';
import type { CheckIn, Visit } from '../../generated/prisma/client';
import { localDayOf } from '../calendar/local-day';
import { isUuid } from '../check-in/check-in.validation';
import { settingsOf, VISIT_READ } from '../settings/field-settings.service';
import { dateColumn, isLocalDate } from '../shared/local-date';
import { newestFirst, pageOf, pageSize, pageWhere } from '../shared/paging';
import { ownersVisibleTo } from '../shared/people';
import { visitAttribution, visitToProto } from './visit.mapper';
import { durationMinutes, lockVisitJoin, qualifiesWithoutFollowUp } from './visit-rules';

/** The longest range one listing covers (a year and a bit, like the reconciliation window's maximum). */
const MAX_RANGE_DAYS = 400;

export type VisitEventType = 'field.visit.completed' | 'field.visit.effective';

/**
 * Visits (拜访): a check-in at a customer closed by a check-out. A visit is effective when
 * checked in inside the geofence, at least the tenant's minimum long, and followed the same
 * local day by a crm follow-up record for that customer by that rep, whichever comes last.
 */
export class VisitService {
  constructor(
    private readonly db: FieldDatabase,
    private readonly options: { outbox: OutboxOptions; timeZone: string },
  ) {}

  /** Call in the check-out's transaction: records the visit its check-in opened, if at a customer. */
  async closeVisit(tx: FieldTransaction, checkIn: CheckIn, checkOut: CheckIn): Promise<Visit | undefined> {
    const customerId = checkIn.customerId;
    if (!customerId) return undefined;
    const { tenantId, employeeId } = checkIn;
    await lockVisitJoin(tx, tenantId, customerId, employeeId);
    const settings = await settingsOf(tx, tenantId);
    const day = localDayOf(checkIn.occurredAt, this.options.timeZone);
    const minutes = durationMinutes(checkIn.occurredAt, checkOut.occurredAt);
    const [owner, customer, earlier] = await Promise.all([
      replicatedEmployee(tx, tenantId, employeeId),
      tx.customerReplica.findFirst({ where: { id: customerId, tenantId } }),
      tx.visit.count({ where: { tenantId, customerId } }),
    ]);
    const visit = await tx.visit.create({
      data: {
        id: uuidv7(),
        tenantId,
        employeeId,
        customerId,
        checkInId: checkIn.id,
        checkOutId: checkOut.id,
        startedAt: checkIn.occurredAt,
        endedAt: checkOut.occurredAt,
        durationMinutes: minutes,
        localDate: new Date(`${day.date}T00:00:00Z`),
        dayEnd: day.end,
        distanceMeters: checkIn.distanceMeters,
        insideGeofence: checkIn.insideGeofence,
        longEnough: minutes >= settings.minEffectiveVisitMinutes,
        planItemId: checkIn.planItemId,
        firstVisitToCustomer: earlier === 0,
        departmentId: owner?.departmentId ?? '',
        departmentPath: owner?.departmentPath ?? '',
        region: customer?.region ?? '',
        customerSegment: customer?.tier ?? '',
      },
    });
    await appendVisitEvent(tx, 'field.visit.completed', visit, this.options.outbox);
    if (qualifiesWithoutFollowUp(visit)) {
      const followUp = await tx.customerFollowUp.findFirst({
        where: { tenantId, customerId, ownerId: employeeId, occurredAt: { gte: visit.startedAt, lt: visit.dayEnd } },
        select: { activityId: true },
      });
      if (followUp) return (await this.markEffective(tx, visit)) ?? visit;
    }
    return visit;
  }

  /**
   * A follow-up record arrived: every waiting visit of that rep at that customer which it
   * follows on the same local day becomes effective (each once).
   */
  async onFollowUp(
    tx: FieldTransaction,
    followUp: { tenantId: string; customerId: string; ownerId: string; occurredAt: Date },
  ): Promise<Visit[]> {
    await lockVisitJoin(tx, followUp.tenantId, followUp.customerId, followUp.ownerId);
    const waiting = await tx.visit.findMany({
      where: {
        tenantId: followUp.tenantId,
        customerId: followUp.customerId,
        employeeId: followUp.ownerId,
        effective: false,
        insideGeofence: true,
        longEnough: true,
        startedAt: { lte: followUp.occurredAt },
        dayEnd: { gt: followUp.occurredAt },
      },
      orderBy: { startedAt: 'asc' },
    });
    const made: Visit[] = [];
    for (const visit of waiting) {
      const effective = await this.markEffective(tx, visit);
      if (effective) made.push(effective);
    }
    return made;
  }

  async list(principal: commonV1.Principal, view: string, date: string): Promise<Visit[]> {
    requirePermission(principal, VISIT_READ);
    const day = date.trim() || localDayOf(new Date(), this.options.timeZone).date;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
      throw ServiceError.invalid([{ field: 'date', message: 'must be a date YYYY-MM-DD' }]);
    }
    const mode = view.trim() || 'mine';
    if (mode !== 'mine' && mode !== 'team') {
      throw ServiceError.invalid([{ field: 'view', message: 'must be mine or team' }]);
    }
    const owners =
      mode === 'mine'
        ? [principal.employeeId]
        : await visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
    return this.db.visit.findMany({
      where: {
        tenantId: principal.tenantId,
        localDate: new Date(`${day}T00:00:00Z`),
        ...(owners ? { employeeId: { in: owners } } : {}),
      },
      orderBy: [{ employeeId: 'asc' }, { startedAt: 'asc' }],
    });
  }

  /**
   * Visits of a range of local days (both inclusive), newest first, paged with a cursor, in
   * the caller's data scope: a tenant-wide reader (analytics' reconciliation) sees every rep's.
   * With `customerId`, only the visits to that customer (the customer 360 page).
   */
  async listByDateRange(
    principal: commonV1.Principal,
    range: { from: string; to: string; customerId?: string; limit?: number; cursor?: string },
  ): Promise<{ items: Visit[]; nextCursor: string }> {
    requirePermission(principal, VISIT_READ);
    const errors: { field: string; message: string }[] = [];
    for (const field of ['from', 'to'] as const) {
      if (!isLocalDate(range[field])) errors.push({ field, message: 'must be a date YYYY-MM-DD' });
    }
    if (range.customerId && !isUuid(range.customerId)) errors.push({ field: 'customerId', message: 'is not an id' });
    if (errors.length === 0) {
      const days = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000;
      if (days < 0) errors.push({ field: 'to', message: 'is before from' });
      else if (days >= MAX_RANGE_DAYS)
        errors.push({ field: 'to', message: `is more than ${MAX_RANGE_DAYS} days after from` });
    }
    if (errors.length > 0) throw ServiceError.invalid(errors);
    const owners = await ownersVisibleTo(this.db, principal);
    const limit = pageSize(range.limit);
    const rows = await this.db.visit.findMany({
      where: {
        tenantId: principal.tenantId,
        localDate: { gte: dateColumn(range.from), lte: dateColumn(range.to) },
        ...(range.customerId ? { customerId: range.customerId } : {}),
        ...(owners ? { employeeId: { in: owners } } : {}),
        ...pageWhere(range.cursor),
      },
      orderBy: newestFirst,
      take: limit + 1,
    });
    return pageOf(rows, limit);
  }

  /** Only the first caller flips the flag, so field.visit.effective goes out once per visit. */
  private async markEffective(tx: FieldTransaction, visit: Visit): Promise<Visit | undefined> {
    const flipped = await tx.visit.updateMany({
      where: { id: visit.id, effective: false },
      data: { effective: true, effectiveAt: new Date(), version: { increment: 1 } },
    });
    if (flipped.count === 0) return undefined;
    const effective = await tx.visit.findUniqueOrThrow({ where: { id: visit.id } });
    await appendVisitEvent(tx, 'field.visit.effective', effective, this.options.outbox);
    return effective;
  }
}

export function appendVisitEvent(
  tx: FieldTransaction,
  type: VisitEventType,
  visit: Visit,
  outbox: OutboxOptions,
): Promise<string> {
  return appendToOutbox(
    tx,
    {
      type,
      tenantId: visit.tenantId,
      aggregateId: visit.id,
      aggregateVersion: visit.version,
      actorId: visit.employeeId,
      payload: { visit: visitToProto(visit), attribution: visitAttribution(visit) },
      occurredAt: type === 'field.visit.completed' ? visit.endedAt : (visit.effectiveAt ?? undefined),
    },
    outbox,
  );
}
