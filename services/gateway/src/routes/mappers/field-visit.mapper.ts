import type { fieldV1 } from '@salesflow/contracts';
import type { CreateCheckInFields, VisitPlanJson, VisitPurposeName } from '../schemas/field-visit.schemas';

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);
const orNull = (id: string) => id || null;

export function purposeToProto(purpose: VisitPurposeName): fieldV1.VisitPurpose {
  return `VISIT_PURPOSE_${purpose.toUpperCase()}` as fieldV1.VisitPurpose;
}

export function planItemsToProto(
  items: readonly { customerId: string; plannedTime: string; purpose: VisitPurposeName; notes?: string | undefined }[],
): fieldV1.VisitPlanItem[] {
  return items.map((item) => ({
    id: '',
    customerId: item.customerId,
    plannedTime: item.plannedTime,
    purpose: purposeToProto(item.purpose),
    notes: item.notes ?? '',
  }));
}

export function visitPlanToJson(plan: fieldV1.VisitPlan): VisitPlanJson {
  return {
    id: plan.id,
    employeeId: plan.employeeId,
    planDate: plan.planDate,
    status: plan.status.replace('VISIT_PLAN_STATUS_', '').toLowerCase() as VisitPlanJson['status'],
    items: plan.items.map((item) => ({
      id: item.id,
      customerId: item.customerId,
      plannedTime: item.plannedTime,
      purpose: item.purpose.replace('VISIT_PURPOSE_', '').toLowerCase() as VisitPurposeName,
      notes: item.notes,
    })),
    approverId: orNull(plan.approverId),
    submittedAt: iso(plan.submittedAt),
    decidedAt: iso(plan.decidedAt),
    decidedBy: orNull(plan.decidedBy),
    decisionComment: plan.decisionComment,
    version: Number(plan.version),
    createdAt: iso(plan.createdAt),
    updatedAt: iso(plan.updatedAt),
  };
}

/** The Monday of the ISO week of a "YYYY-MM-DD". */
export function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

/** The schedule view (领导查看下属日程): the plans, and per day and per ISO week how much is planned. */
export function scheduleOf(plans: readonly VisitPlanJson[]) {
  const days = new Map<string, { date: string; plans: number; plannedVisits: number }>();
  const weeks = new Map<string, { weekStart: string; plans: number; plannedVisits: number; approvedPlans: number }>();
  for (const plan of plans) {
    const day = days.get(plan.planDate) ?? { date: plan.planDate, plans: 0, plannedVisits: 0 };
    day.plans += 1;
    day.plannedVisits += plan.items.length;
    days.set(plan.planDate, day);
    const weekStart = mondayOf(plan.planDate);
    const week = weeks.get(weekStart) ?? { weekStart, plans: 0, plannedVisits: 0, approvedPlans: 0 };
    week.plans += 1;
    week.plannedVisits += plan.items.length;
    if (plan.status === 'approved') week.approvedPlans += 1;
    weeks.set(weekStart, week);
  }
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return { items: [...plans], days: byKey(days), weeks: byKey(weeks) };
}

export function checkInFieldsToProto(
  fields: CreateCheckInFields,
  photos: readonly { contentType: string; data: Buffer }[],
): fieldV1.RecordCheckInWithPhotosRequest {
  return {
    kind: fields.kind === 'check_in' ? 'CHECK_IN_KIND_CHECK_IN' : 'CHECK_IN_KIND_CHECK_OUT',
    ...(fields.occurredAt ? { occurredAt: new Date(fields.occurredAt) } : {}),
    latitude: fields.latitude,
    longitude: fields.longitude,
    accuracyMeters: fields.accuracyMeters,
    customerId: fields.customerId ?? '',
    planItemId: fields.planItemId ?? '',
    notes: fields.notes ?? '',
    photos: photos.map((p) => ({ contentType: p.contentType, data: p.data })),
  };
}

export function checkInToJson(checkIn: fieldV1.CheckIn) {
  return {
    id: checkIn.id,
    employeeId: checkIn.employeeId,
    kind: checkIn.kind === 'CHECK_IN_KIND_CHECK_OUT' ? ('check_out' as const) : ('check_in' as const),
    occurredAt: iso(checkIn.occurredAt),
    latitude: checkIn.latitude,
    longitude: checkIn.longitude,
    accuracyMeters: checkIn.accuracyMeters,
    customerId: orNull(checkIn.customerId),
    planItemId: orNull(checkIn.planItemId),
    notes: checkIn.notes,
    distanceMeters: checkIn.distanceMeters ?? null,
    insideGeofence: checkIn.insideGeofence,
    geofenceRadiusMeters: checkIn.geofenceRadiusMeters,
    flags: checkIn.flags as ('IMPLAUSIBLE_SPEED' | 'TIME_BACKWARDS')[],
    photoIds: [...checkIn.photoIds],
    version: Number(checkIn.version),
  };
}

export function visitToJson(visit: fieldV1.Visit) {
  return {
    id: visit.id,
    employeeId: visit.employeeId,
    customerId: visit.customerId,
    checkInId: visit.checkInId,
    checkOutId: visit.checkOutId,
    startedAt: iso(visit.startedAt),
    endedAt: iso(visit.endedAt),
    durationMinutes: visit.durationMinutes,
    localDate: visit.localDate,
    distanceMeters: visit.distanceMeters ?? null,
    insideGeofence: visit.insideGeofence,
    effective: visit.effective,
    planItemId: orNull(visit.planItemId),
    firstVisitToCustomer: visit.firstVisitToCustomer,
    version: Number(visit.version),
  };
}

export function fieldSettingsToJson(settings: fieldV1.FieldSettings) {
  return {
    geofenceRadiusMeters: settings.geofenceRadiusMeters,
    minEffectiveVisitMinutes: settings.minEffectiveVisitMinutes,
    version: Number(settings.version),
  };
}
