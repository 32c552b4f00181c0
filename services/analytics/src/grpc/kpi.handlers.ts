import { analyticsV1 } from '@salesflow/contracts';
import { bindService, requirePermission, requirePrincipal } from '@salesflow/platform';
import type { ChurnAnalysisService } from '../modules/churn/churn-analysis.service';
import type { CustomerValueService } from '../modules/customer-value/customer-value.service';
import type { FunnelService } from '../modules/funnel/funnel.service';
import type { KpiService } from '../modules/kpi/kpi.service';
import type { TargetCompletionService } from '../modules/targets/target-completion.service';
import type { ProjectionRunner } from '../projections/projection-runner';

export function kpiServiceBinding(deps: {
  kpis: KpiService;
  funnel: FunnelService;
  customerValue: CustomerValueService;
  targets: TargetCompletionService;
  churn: ChurnAnalysisService;
  projections: ProjectionRunner;
}) {
  return bindService(analyticsV1.KpiServiceService, {
    getKpis: async (request, context) => deps.kpis.getKpis(requirePrincipal(context), request),
    getFunnel: async (request, context) => deps.funnel.getFunnel(requirePrincipal(context), request),
    getLeaderboard: async (request, context) => deps.kpis.getLeaderboard(requirePrincipal(context), request),
    getTimeseries: async (request, context) => deps.kpis.getTimeseries(requirePrincipal(context), request),
    getCustomerValue: async (request, context) =>
      deps.customerValue.getCustomerValue(requirePrincipal(context), request),
    listChurnRisks: async (request, context) => deps.customerValue.listChurnRisks(requirePrincipal(context), request),
    getTargetCompletion: async (request, context) =>
      deps.targets.getTargetCompletion(requirePrincipal(context), request),
    getChurnAnalysis: async (request, context) => deps.churn.getChurnAnalysis(requirePrincipal(context), request),
    rebuildProjections: async (_request, context) => {
      requirePermission(requirePrincipal(context), 'analytics.rebuild');
      return { generation: String(await deps.projections.rebuild()) };
    },
  });
}
