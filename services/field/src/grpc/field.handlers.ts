import { fieldV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import { checkInToProto, kindFromProto } from '../modules/check-in/check-in.mapper';
import type { CheckInService } from '../modules/check-in/check-in.service';

/** proto <-> domain for FieldService; errors are mapped to gRPC status by the kit. */
export function fieldServiceBinding(checkIns: CheckInService) {
  return bindService(fieldV1.FieldServiceService, {
    async recordCheckIn(request, context) {
      const checkIn = await checkIns.record(requirePrincipal(context), {
        kind: kindFromProto(request.kind),
        ...(request.occurredAt ? { occurredAt: request.occurredAt } : {}),
        latitude: request.latitude,
        longitude: request.longitude,
        accuracyMeters: request.accuracyMeters,
        customerId: request.customerId,
        notes: request.notes,
      });
      return { checkIn: checkInToProto(checkIn) };
    },
    async getCheckIn(request, context) {
      const checkIn = await checkIns.get(requirePrincipal(context), request.id);
      return { checkIn: checkInToProto(checkIn, await checkIns.photoIdsOf(checkIn.id)) };
    },
  });
}
