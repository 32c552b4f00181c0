import { fieldV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import type { FieldSettings } from '../generated/prisma/client';
import { checkInToProto, kindFromProto } from '../modules/check-in/check-in.mapper';
import type { CheckInService } from '../modules/check-in/check-in.service';
import type { FieldSettingsService } from '../modules/settings/field-settings.service';
import { visitToProto } from '../modules/visit/visit.mapper';
import type { VisitService } from '../modules/visit/visit.service';
import { purposeFromProto, visitPlanToProto } from '../modules/visit-plan/visit-plan.mapper';
import type { VisitPlanService } from '../modules/visit-plan/visit-plan.service';

export interface VisitServiceDependencies {
  checkIns: CheckInService;
  visits: VisitService;
  plans: VisitPlanService;
  settings: FieldSettingsService;
}

function itemsFromProto(items: readonly fieldV1.VisitPlanItem[]) {
  return items.map((item) => ({
    customerId: item.customerId,
    plannedTime: item.plannedTime,
    purpose: purposeFromProto(item.purpose) ?? '',
    notes: item.notes,
  }));
}

function settingsToProto(settings: FieldSettings): fieldV1.FieldSettings {
  return {
    tenantId: settings.tenantId,
    geofenceRadiusMeters: settings.geofenceRadiusMeters,
    minEffectiveVisitMinutes: settings.minEffectiveVisitMinutes,
    version: String(settings.version),
  };
}

/** proto <-> domain for VisitService; errors are mapped to gRPC status by the kit. */
export function visitServiceBinding({ checkIns, visits, plans, settings }: VisitServiceDependencies) {
  return bindService(fieldV1.VisitServiceService, {
    async createVisitPlan(request, context) {
      const plan = await plans.create(requirePrincipal(context), request.planDate, itemsFromProto(request.items));
      return { plan: visitPlanToProto(plan) };
    },
    async updateVisitPlan(request, context) {
      const plan = await plans.update(
        requirePrincipal(context),
        request.id,
        itemsFromProto(request.items),
        request.expectedVersion,
      );
      return { plan: visitPlanToProto(plan) };
    },
    async getVisitPlan(request, context) {
      return { plan: visitPlanToProto(await plans.get(requirePrincipal(context), request.id)) };
    },
    async submitVisitPlan(request, context) {
      return {
        plan: visitPlanToProto(await plans.submit(requirePrincipal(context), request.id, request.expectedVersion)),
      };
    },
    async approveVisitPlan(request, context) {
      const plan = await plans.approve(requirePrincipal(context), request.id, request.comment, request.expectedVersion);
      return { plan: visitPlanToProto(plan) };
    },
    async rejectVisitPlan(request, context) {
      const plan = await plans.reject(requirePrincipal(context), request.id, request.comment, request.expectedVersion);
      return { plan: visitPlanToProto(plan) };
    },
    async listVisitPlans(request, context) {
      const list = await plans.list(requirePrincipal(context), request.view, request.from, request.to);
      return { plans: list.map(visitPlanToProto) };
    },
    async listPendingApprovals(_request, context) {
      return { plans: (await plans.pendingApprovals(requirePrincipal(context))).map(visitPlanToProto) };
    },
    async recordCheckInWithPhotos(request, context) {
      const recorded = await checkIns.recordWithPhotos(
        requirePrincipal(context),
        {
          kind: kindFromProto(request.kind),
          ...(request.occurredAt ? { occurredAt: request.occurredAt } : {}),
          latitude: request.latitude,
          longitude: request.longitude,
          accuracyMeters: request.accuracyMeters,
          customerId: request.customerId,
          notes: request.notes,
          planItemId: request.planItemId,
        },
        request.photos.map((photo) => ({ contentType: photo.contentType, data: photo.data })),
      );
      return {
        checkIn: checkInToProto(recorded.checkIn, recorded.photoIds),
        ...(recorded.visit ? { visit: visitToProto(recorded.visit) } : {}),
      };
    },
    async getCheckInPhoto(request, context) {
      const photo = await checkIns.photo(requirePrincipal(context), request.checkInId, request.photoId);
      return { contentType: photo.contentType, data: Buffer.from(photo.data) };
    },
    async listVisits(request, context) {
      return { visits: (await visits.list(requirePrincipal(context), request.view, request.date)).map(visitToProto) };
    },
    async listVisitsByDateRange(request, context) {
      const { items, nextCursor } = await visits.listByDateRange(requirePrincipal(context), {
        from: request.from,
        to: request.to,
        customerId: request.customerId,
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { visits: items.map(visitToProto), page: { nextCursor } };
    },
    async getFieldSettings(_request, context) {
      return { settings: settingsToProto(await settings.get(requirePrincipal(context))) };
    },
    async updateFieldSettings(request, context) {
      const updated = await settings.update(requirePrincipal(context), {
        ...(request.geofenceRadiusMeters !== undefined ? { geofenceRadiusMeters: request.geofenceRadiusMeters } : {}),
        ...(request.minEffectiveVisitMinutes !== undefined
          ? { minEffectiveVisitMinutes: request.minEffectiveVisitMinutes }
          : {}),
      });
      return { settings: settingsToProto(updated) };
    },
    async setCustomerGeofence(request, context) {
      return {
        geofence: await settings.setCustomerGeofence(
          requirePrincipal(context),
          request.customerId,
          request.radiusMeters,
        ),
      };
    },
  });
}
