import type { fieldV1 } from '@salesflow/contracts';
import type { CheckIn, CheckInKind } from '../../generated/prisma/client';

const PROTO_PREFIX_KIND = 'CHECK_IN_KIND_';

export function kindToProto(kind: CheckInKind): fieldV1.CheckInKind {
  return `${PROTO_PREFIX_KIND}${kind}` as fieldV1.CheckInKind;
}

/**
 * UNSPECIFIED maps to undefined ("not given"); anything else keeps its name without the
 * prefix, so validation can tell a missing kind from one this build does not know.
 */
export function kindFromProto(kind: fieldV1.CheckInKind | undefined): string | undefined {
  if (!kind || kind === 'CHECK_IN_KIND_UNSPECIFIED') return undefined;
  return kind.startsWith(PROTO_PREFIX_KIND) ? kind.slice(PROTO_PREFIX_KIND.length) : kind;
}

export function checkInToProto(checkIn: CheckIn, photoIds: readonly string[] = []): fieldV1.CheckIn {
  return {
    id: checkIn.id,
    tenantId: checkIn.tenantId,
    employeeId: checkIn.employeeId,
    kind: kindToProto(checkIn.kind),
    occurredAt: checkIn.occurredAt,
    latitude: checkIn.latitude,
    longitude: checkIn.longitude,
    accuracyMeters: checkIn.accuracyMeters,
    customerId: checkIn.customerId ?? '',
    notes: checkIn.notes,
    version: String(checkIn.version),
    ...(checkIn.distanceMeters !== null ? { distanceMeters: checkIn.distanceMeters } : {}),
    insideGeofence: checkIn.insideGeofence,
    planItemId: checkIn.planItemId ?? '',
    flags: [...checkIn.flags],
    photoIds: [...photoIds],
    geofenceRadiusMeters: checkIn.geofenceRadiusMeters,
  };
}
