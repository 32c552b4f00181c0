import { goalsV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import { metricFromProto, scopeFromProto, targetToProto } from '../modules/target/target.mapper';
import type { TargetService } from '../modules/target/target.service';

/** proto <-> domain for GoalsService; errors are mapped to gRPC status by the kit. */
export function goalsServiceBinding(targets: TargetService) {
  return bindService(goalsV1.GoalsServiceService, {
    async createTarget(request, context) {
      const target = await targets.create(requirePrincipal(context), {
        metric: metricFromProto(request.metric),
        periodStart: request.periodStart,
        periodEnd: request.periodEnd,
        scope: scopeFromProto(request.scope),
        scopeId: request.scopeId,
        value: request.value,
        parentId: request.parentId,
      });
      return { target: targetToProto(target) };
    },
    async getTarget(request, context) {
      return { target: targetToProto(await targets.get(requirePrincipal(context), request.id)) };
    },
  });
}
