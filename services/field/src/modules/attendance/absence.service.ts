import type { commonV1, fieldV1 } from '@salesflow/contracts';
import { appendToOutbox, type FieldError, type OutboxOptions, requirePermission } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase, FieldTransaction } from '../../database';
import type { AbsenceKind, AbsenceRequest, ApprovalStatus } from '../../generated/prisma/client';
import { isUuid } from '../check-in/check-in.validation';
import type { ReportServiceOptions } from '../daily-report/daily-report.service';
import { resettleExcusedDays } from '../report-obligation/report-obligation.resettle';
import { decisionComment, requireApprover } from '../shared/approval';
import { checkVersion, conflictOnStaleWrite, FieldWorkError } from '../shared/field-work.errors';
import { addDays, dateColumn, fromDateColumn, isLocalDate } from '../shared/local-date';
import { newestFirst, pageOf, pageSize, pageWhere } from '../shared/paging';
import { canSee, ownersVisibleTo, requireEmployee, supervisorOf } from '../shared/people';
import { enumToProto } from '../shared/proto-enum';
import { ATTENDANCE_APPROVE, ATTENDANCE_READ, ATTENDANCE_WRITE } from './attendance.service';

export const LEAVE_TYPES = ['ANNUAL', 'SICK', 'PERSONAL', 'OTHER'] as const;
export const MAX_ABSENCE_DAYS = 60;

export interface NewAbsence {
  kind?: string;
  startDate?: string;
  endDate?: string;
  leaveType?: string;
  destination?: string;
  reason?: string;
}

export interface AbsenceFilter {
  kind?: AbsenceKind;
  status?: ApprovalStatus;
  awaitingMe?: boolean;
  limit?: number;
  cursor?: string;
}

const whatOf = (kind: AbsenceKind) => (kind === 'LEAVE' ? 'leave request' : 'business trip');
/** field.leave or field.trip: the events of a request of that kind. */
export const absenceEventPrefix = (kind: AbsenceKind) => (kind === 'LEAVE' ? 'field.leave' : 'field.trip');

/** 请假 and 出差: asked by an employee, approved or rejected by their supervisor. */
export class AbsenceService {
  private readonly clock: () => Date;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: ReportServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async request(principal: commonV1.Principal, input: NewAbsence): Promise<AbsenceRequest> {
    requirePermission(principal, ATTENDANCE_WRITE);
    const employeeId = requireEmployee(principal);
    const errors: FieldError[] = [];
    const kind = input.kind;
    if (kind !== 'LEAVE' && kind !== 'TRIP') errors.push({ field: 'kind', message: 'must be LEAVE or TRIP' });
    const start = input.startDate ?? '';
    const end = input.endDate ?? '';
    if (!isLocalDate(start)) errors.push({ field: 'startDate', message: 'must be a date YYYY-MM-DD' });
    if (!isLocalDate(end)) errors.push({ field: 'endDate', message: 'must be a date YYYY-MM-DD' });
    else if (isLocalDate(start) && (end < start || end > addDays(start, MAX_ABSENCE_DAYS - 1))) {
      errors.push({ field: 'endDate', message: `must be on or after startDate, at most ${MAX_ABSENCE_DAYS} days` });
    }
    const leaveType = kind === 'LEAVE' ? (input.leaveType?.trim() ?? '') : '';
    if (kind === 'LEAVE' && !(LEAVE_TYPES as readonly string[]).includes(leaveType)) {
      errors.push({ field: 'leaveType', message: `must be one of ${LEAVE_TYPES.join(', ')}` });
    }
    const destination = kind === 'TRIP' ? (input.destination?.trim() ?? '') : '';
    if (kind === 'TRIP' && !destination) errors.push({ field: 'destination', message: 'is required for a trip' });
    if (destination.length > 200) errors.push({ field: 'destination', message: 'is longer than 200 characters' });
    const reason = input.reason?.trim() ?? '';
    if (reason.length > 2000) errors.push({ field: 'reason', message: 'is longer than 2000 characters' });
    if (errors.length > 0 || (kind !== 'LEAVE' && kind !== 'TRIP')) {
      throw FieldWorkError.invalid(errors, 'request is invalid');
    }

    return this.db.$transaction(async (tx) => {
      const approverId = await supervisorOf(tx, principal.tenantId, employeeId);
      if (!approverId) throw FieldWorkError.noSupervisor();
      const lockKey = `field.absence:${principal.tenantId}:${employeeId}`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
      const overlapping = await tx.absenceRequest.count({
        where: {
          tenantId: principal.tenantId,
          employeeId,
          status: { in: ['PENDING', 'APPROVED'] },
          startDate: { lte: dateColumn(end) },
          endDate: { gte: dateColumn(start) },
        },
      });
      if (overlapping > 0) throw FieldWorkError.overlaps('leave request or trip');
      const created = await tx.absenceRequest.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          employeeId,
          kind,
          startDate: dateColumn(start),
          endDate: dateColumn(end),
          leaveType,
          destination,
          reason,
          approverId,
          createdAt: this.clock(),
        },
      });
      await this.announce(tx, created, `${absenceEventPrefix(kind)}.requested`, employeeId);
      return created;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<AbsenceRequest> {
    requirePermission(principal, ATTENDANCE_READ);
    const found = isUuid(id)
      ? await this.db.absenceRequest.findFirst({ where: { id, tenantId: principal.tenantId } })
      : null;
    if (!found) throw FieldWorkError.notFound('request', id);
    if (found.approverId === principal.employeeId) return found;
    if (!canSee(await ownersVisibleTo(this.db, principal), found.employeeId))
      throw FieldWorkError.notFound('request', id);
    return found;
  }

  async list(
    principal: commonV1.Principal,
    filter: AbsenceFilter,
  ): Promise<{ items: AbsenceRequest[]; nextCursor: string }> {
    requirePermission(principal, ATTENDANCE_READ);
    const owners = filter.awaitingMe ? undefined : await ownersVisibleTo(this.db, principal);
    const limit = pageSize(filter.limit);
    const rows = await this.db.absenceRequest.findMany({
      where: {
        tenantId: principal.tenantId,
        AND: [
          filter.awaitingMe
            ? { approverId: principal.employeeId, status: 'PENDING' as const }
            : owners
              ? { OR: [{ employeeId: { in: owners } }, { approverId: principal.employeeId }] }
              : {},
          filter.kind ? { kind: filter.kind } : {},
          filter.status ? { status: filter.status } : {},
          pageWhere(filter.cursor),
        ],
      },
      orderBy: newestFirst,
      take: limit + 1,
    });
    return pageOf(rows, limit);
  }

  /** The supervisor named when it was asked approves or rejects (a rejection says why). */
  async decide(
    principal: commonV1.Principal,
    id: string,
    expectedVersion: string,
    approve: boolean,
    comment: string,
  ): Promise<AbsenceRequest> {
    requirePermission(principal, ATTENDANCE_APPROVE);
    const text = decisionComment(approve, comment);
    return conflictOnStaleWrite('request', () =>
      this.db.$transaction(async (tx) => {
        const found = isUuid(id)
          ? await tx.absenceRequest.findFirst({ where: { id, tenantId: principal.tenantId } })
          : null;
        if (!found) throw FieldWorkError.notFound('request', id);
        await requireApprover(tx, principal, found, { what: whatOf(found.kind), notFoundAs: 'request', id });
        checkVersion(expectedVersion, found.version, whatOf(found.kind));
        if (found.status !== 'PENDING') throw FieldWorkError.wrongStatus(whatOf(found.kind), found.status, 'decide on');
        const decided = await tx.absenceRequest.update({
          where: { id: found.id, version: found.version },
          data: {
            status: approve ? 'APPROVED' : 'REJECTED',
            decisionComment: text,
            decidedAt: this.clock(),
            version: { increment: 1 },
          },
        });
        await this.announce(
          tx,
          decided,
          `${absenceEventPrefix(found.kind)}.${approve ? 'approved' : 'rejected'}`,
          principal.employeeId,
        );
        // Days already settled as expected are excused now: re-settled in this transaction.
        if (approve) {
          await resettleExcusedDays(
            tx,
            {
              tenantId: decided.tenantId,
              employeeId: decided.employeeId,
              from: fromDateColumn(decided.startDate),
              to: fromDateColumn(decided.endDate),
              actorId: principal.employeeId,
            },
            this.options.outbox,
            this.clock(),
          );
        }
        return decided;
      }),
    );
  }

  private async announce(tx: FieldTransaction, request: AbsenceRequest, type: string, actorId: string): Promise<void> {
    await announceAbsence(tx, request, type, actorId, this.options.outbox, this.clock());
  }
}

/** `field.leave.*` / `field.trip.*` with the request as it now is (also used by the handover). */
export async function announceAbsence(
  tx: FieldTransaction,
  request: AbsenceRequest,
  type: string,
  actorId: string,
  outbox: OutboxOptions,
  occurredAt: Date,
): Promise<void> {
  await appendToOutbox(
    tx,
    {
      type,
      tenantId: request.tenantId,
      aggregateId: request.id,
      aggregateVersion: request.version,
      actorId,
      payload: { request: absenceRequestToProto(request) },
      occurredAt,
    },
    outbox,
  );
}

export function absenceRequestToProto(request: AbsenceRequest): fieldV1.AbsenceRequest {
  return {
    id: request.id,
    tenantId: request.tenantId,
    employeeId: request.employeeId,
    kind: enumToProto('ABSENCE_KIND_', request.kind),
    startDate: fromDateColumn(request.startDate),
    endDate: fromDateColumn(request.endDate),
    leaveType: request.leaveType,
    destination: request.destination,
    reason: request.reason,
    status: enumToProto('APPROVAL_STATUS_', request.status),
    approverId: request.approverId ?? '',
    decisionComment: request.decisionComment,
    ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
    version: String(request.version),
    createdAt: request.createdAt,
  };
}
