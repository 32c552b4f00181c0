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
import type { CheckIn, Visit } from '../../generated/prisma/client';
import { localDayOf } from '../calendar/local-day';
import { haversineMeters } from '../geo/haversine';
import { movementFlags } from '../geo/movement-check';
import type { ObjectStore } from '../photo/object-store';
import { type PhotoInput, validatePhotos } from '../photo/photo.validation';
import { geofenceRadiusOf } from '../settings/field-settings.service';
import { VisitService } from '../visit/visit.service';
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
  /** Where photos go; without one, a check-in with photos is refused. */
  photos?: ObjectStore;
  visits?: VisitService;
}

/** A recorded check-in with what came with it. */
export interface RecordedCheckIn {
  checkIn: CheckIn;
  photoIds: string[];
  /** The visit a check-out closed, when its check-in was at a customer. */
  visit?: Visit;
}

/** Where the check-in was relative to the customer, when both positions are known. */
interface GeofenceResult {
  distanceMeters: number | null;
  insideGeofence: boolean;
  geofenceRadiusMeters: number;
}

export class CheckInService {
  private readonly clock: () => Date;
  private readonly visits: VisitService;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: CheckInServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.visits = options.visits ?? new VisitService(db, options);
  }

  /** Records a check-in or check-out of the calling rep. */
  async record(principal: commonV1.Principal, input: NewCheckInInput): Promise<CheckIn> {
    return (await this.recordWithPhotos(principal, input, [])).checkIn;
  }

  /**
   * Records a check-in or check-out with its photos: the distance to the customer and the
   * geofence verdict, implausible movement flagged, and on a check-out the visit it closes.
   * Photos are stored first and removed again when the record is refused.
   */
  async recordWithPhotos(
    principal: commonV1.Principal,
    input: NewCheckInInput,
    photoInputs: readonly PhotoInput[],
  ): Promise<RecordedCheckIn> {
    requirePermission(principal, CHECK_IN_WRITE);
    if (!isUuid(principal.employeeId)) throw CheckInError.notAnEmployee();
    const validation = validateNewCheckIn(input, this.clock());
    const photoValidation = validatePhotos(photoInputs);
    const errors = [...(validation.ok ? [] : validation.errors), ...(photoValidation.ok ? [] : photoValidation.errors)];
    if (!validation.ok || !photoValidation.ok) throw CheckInError.invalid(errors);
    const data = validation.checkIn;
    const store = this.options.photos;
    if (photoValidation.photos.length > 0 && !store) {
      throw CheckInError.invalid([{ field: 'photos', message: 'photo storage is not configured' }]);
    }

    const id = uuidv7();
    const photos = photoValidation.photos.map((photo) => ({
      id: uuidv7(),
      ...photo,
      storageKey: `${principal.tenantId}/${id}/${uuidv7()}`,
    }));
    for (const photo of photos) await store?.put(photo.storageKey, photo.data, photo.contentType);
    try {
      return await this.db.$transaction(async (tx) => {
        // One rep's records are written one at a time, so two check-outs sent together cannot
        // both find the same open check-in.
        const lockKey = `field.check_ins:${principal.tenantId}:${principal.employeeId}`;
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
        const open = data.kind === 'CHECK_OUT' ? await this.requireOpenCheckIn(tx, principal, data) : undefined;
        if (data.planItemId) await this.requireOwnPlanItem(tx, principal, data.planItemId);
        // A check-out is at the customer of the check-in it closes unless it names one.
        const customerId = data.customerId ?? open?.customerId ?? null;
        const previous = await tx.checkIn.findFirst({
          where: { tenantId: principal.tenantId, employeeId: principal.employeeId },
          orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
          select: { occurredAt: true, latitude: true, longitude: true },
        });
        const checkIn = await tx.checkIn.create({
          data: {
            ...data,
            id,
            tenantId: principal.tenantId,
            employeeId: principal.employeeId,
            customerId,
            planItemId: data.planItemId ?? open?.planItemId ?? null,
            ...(await this.geofence(tx, principal.tenantId, customerId, data)),
            flags: movementFlags(previous ?? undefined, data),
          },
        });
        for (const photo of photos) {
          await tx.checkInPhoto.create({
            data: {
              id: photo.id,
              tenantId: principal.tenantId,
              checkInId: checkIn.id,
              contentType: photo.contentType,
              sizeBytes: photo.data.length,
              storageKey: photo.storageKey,
            },
          });
        }
        const photoIds = photos.map((p) => p.id);
        await appendCheckInRecorded(tx, checkIn, this.options.outbox, undefined, photoIds);
        const visit = open ? await this.visits.closeVisit(tx, open, checkIn) : undefined;
        return { checkIn, photoIds, ...(visit ? { visit } : {}) };
      });
    } catch (error) {
      for (const photo of photos) await store?.delete(photo.storageKey).catch(() => undefined);
      throw error;
    }
  }

  /** Ids of the photos taken with a check-in, oldest first. */
  async photoIdsOf(checkInId: string): Promise<string[]> {
    const photos = await this.db.checkInPhoto.findMany({
      where: { checkInId },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    return photos.map((photo) => photo.id);
  }

  /** The photo's bytes, for whoever may read its check-in. */
  async photo(
    principal: commonV1.Principal,
    checkInId: string,
    photoId: string,
  ): Promise<{ contentType: string; data: Uint8Array }> {
    const checkIn = await this.get(principal, checkInId);
    if (!isUuid(photoId)) throw CheckInError.photoNotFound(photoId);
    const photo = await this.db.checkInPhoto.findFirst({ where: { id: photoId, checkInId: checkIn.id } });
    if (!photo || !this.options.photos) throw CheckInError.photoNotFound(photoId);
    return { contentType: photo.contentType, data: await this.options.photos.get(photo.storageKey) };
  }

  private async geofence(
    tx: FieldTransaction,
    tenantId: string,
    customerId: string | null,
    at: ValidNewCheckIn,
  ): Promise<GeofenceResult> {
    const none = { distanceMeters: null, insideGeofence: false, geofenceRadiusMeters: 0 };
    if (!customerId) return none;
    const customer = await tx.customerReplica.findFirst({ where: { id: customerId, tenantId, deleted: false } });
    if (customer?.latitude == null || customer.longitude == null) return none;
    const distanceMeters = haversineMeters(at, { latitude: customer.latitude, longitude: customer.longitude });
    const radius = await geofenceRadiusOf(tx, tenantId, customerId);
    return { distanceMeters, insideGeofence: distanceMeters <= radius, geofenceRadiusMeters: radius };
  }

  private async requireOwnPlanItem(tx: FieldTransaction, principal: commonV1.Principal, planItemId: string) {
    const item = await tx.visitPlanItem.findFirst({
      where: { id: planItemId, tenantId: principal.tenantId, plan: { employeeId: principal.employeeId } },
      select: { id: true },
    });
    if (!item) throw CheckInError.invalid([{ field: 'planItemId', message: 'is not an item of your visit plans' }]);
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
  ): Promise<CheckIn> {
    const day = localDayOf(checkOut.occurredAt, this.options.timeZone);
    const latest = await tx.checkIn.findFirst({
      where: {
        tenantId: principal.tenantId,
        employeeId: principal.employeeId,
        occurredAt: { gte: day.start, lt: day.end },
      },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    });
    if (latest?.kind !== 'CHECK_IN' || latest.occurredAt > checkOut.occurredAt) {
      throw CheckInError.noOpenCheckIn(day.date);
    }
    return latest;
  }
}

/** Announces a recorded check-in; call inside the transaction that inserted it. */
export function appendCheckInRecorded(
  tx: SqlExecutor,
  checkIn: CheckIn,
  outbox: OutboxOptions,
  occurredAt?: Date,
  photoIds: readonly string[] = [],
): Promise<string> {
  return appendToOutbox(
    tx,
    {
      type: 'field.checkin.recorded',
      tenantId: checkIn.tenantId,
      aggregateId: checkIn.id,
      aggregateVersion: checkIn.version,
      actorId: checkIn.employeeId,
      payload: { checkIn: checkInToProto(checkIn, photoIds) },
      ...(occurredAt ? { occurredAt } : {}),
    },
    outbox,
  );
}
