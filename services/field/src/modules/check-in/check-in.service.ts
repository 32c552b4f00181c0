import type { commonV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  type OutboxOptions,
  ownerFilterOf,
  requirePermission,
  type SqlExecutor,
  visibleOwnerIds,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase, FieldTransaction } from '../../database';
import type { CheckIn } from '../../generated/prisma/client';
import { localDayOf } from '../calendar/local-day';
import { CheckInError } from './check-in.errors';
import { checkInToProto } from './check-in.mapper';
import { isUuid, type NewCheckInInput, type ValidNewCheckIn, validateNewCheckIn } from './check-in.validation';

export const CHECK_IN_WRITE = 'field.checkin.write';
export const CHECK_IN_READ = 'field.checkin.read';

export interface CheckInServiceOptions {
  outbox: OutboxOptions;
  /** IANA zone whose calendar day bounds "that day" of the check-out rule. */
  timeZone: string;
  clock?: () => Date;
}

export class CheckInService {
  private readonly clock: () => Date;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: CheckInServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Records a check-in or check-out of the calling rep. */
  async record(principal: commonV1.Principal, input: NewCheckInInput): Promise<CheckIn> {
    requirePermission(principal, CHECK_IN_WRITE);
    if (!isUuid(principal.employeeId)) throw CheckInError.notAnEmployee();
    const validation = validateNewCheckIn(input, this.clock());
    if (!validation.ok) throw CheckInError.invalid(validation.errors);
    const data = validation.checkIn;
    return this.db.$transaction(async (tx) => {
      // One rep's records are written one at a time, so two check-outs sent together cannot
      // both find the same open check-in.
      const lockKey = `field.check_ins:${principal.tenantId}:${principal.employeeId}`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
      if (data.kind === 'CHECK_OUT') await this.requireOpenCheckIn(tx, principal, data);
      const checkIn = await tx.checkIn.create({
        data: { id: uuidv7(), tenantId: principal.tenantId, employeeId: principal.employeeId, ...data },
      });
      await appendCheckInRecorded(tx, checkIn, this.options.outbox);
      return checkIn;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<CheckIn> {
    requirePermission(principal, CHECK_IN_READ);
    if (!isUuid(id)) throw CheckInError.notFound(id);
    const owners = await visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
    // Another tenant's record, or one outside the caller's scope, is "not found": never reveal it exists.
    const checkIn = await this.db.checkIn.findFirst({
      where: { id, tenantId: principal.tenantId, ...(owners ? { employeeId: { in: owners } } : {}) },
    });
    if (!checkIn) throw CheckInError.notFound(id);
    return checkIn;
  }

  /**
   * The rep's latest record of that (local) day must be a check-in, no later than the
   * check-out: a day reads check-in, check-out, check-in, check-out ...
   */
  private async requireOpenCheckIn(
    tx: FieldTransaction,
    principal: commonV1.Principal,
    checkOut: ValidNewCheckIn,
  ): Promise<void> {
    const day = localDayOf(checkOut.occurredAt, this.options.timeZone);
    const latest = await tx.checkIn.findFirst({
      where: {
        tenantId: principal.tenantId,
        employeeId: principal.employeeId,
        occurredAt: { gte: day.start, lt: day.end },
      },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      select: { kind: true, occurredAt: true },
    });
    if (latest?.kind !== 'CHECK_IN' || latest.occurredAt > checkOut.occurredAt) {
      throw CheckInError.noOpenCheckIn(day.date);
    }
  }
}

/** Announces a recorded check-in; call inside the transaction that inserted it. */
export function appendCheckInRecorded(
  tx: SqlExecutor,
  checkIn: CheckIn,
  outbox: OutboxOptions,
  occurredAt?: Date,
): Promise<string> {
  return appendToOutbox(
    tx,
    {
      type: 'field.checkin.recorded',
      tenantId: checkIn.tenantId,
      aggregateId: checkIn.id,
      aggregateVersion: checkIn.version,
      actorId: checkIn.employeeId,
      payload: { checkIn: checkInToProto(checkIn) },
      ...(occurredAt ? { occurredAt } : {}),
    },
    outbox,
  );
}
