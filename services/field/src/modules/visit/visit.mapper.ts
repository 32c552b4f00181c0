import type { commonV1, fieldV1 } from '@salesflow/contracts';
import type { Visit } from '../../generated/prisma/client';

/** "YYYY-MM-DD" of a DATE column (Prisma reads it as midnight UTC). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function visitToProto(visit: Visit): fieldV1.Visit {
  return {
    id: visit.id,
    tenantId: visit.tenantId,
    employeeId: visit.employeeId,
    customerId: visit.customerId,
    checkInId: visit.checkInId,
    checkOutId: visit.checkOutId,
    startedAt: visit.startedAt,
    endedAt: visit.endedAt,
    durationMinutes: visit.durationMinutes,
    localDate: isoDate(visit.localDate),
    ...(visit.distanceMeters !== null ? { distanceMeters: visit.distanceMeters } : {}),
    insideGeofence: visit.insideGeofence,
    effective: visit.effective,
    planItemId: visit.planItemId ?? '',
    firstVisitToCustomer: visit.firstVisitToCustomer,
    version: String(visit.version),
  };
}

/** Who the visit counts for, as frozen when it was closed. */
export function visitAttribution(visit: Visit): commonV1.Attribution {
  return {
    ownerId: visit.employeeId,
    departmentId: visit.departmentId,
    departmentPath: visit.departmentPath,
    customerId: visit.customerId,
    region: visit.region,
    customerSegment: visit.customerSegment,
  };
}
