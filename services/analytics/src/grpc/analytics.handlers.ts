import { analyticsV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import type { LeadSummaryService } from '../modules/lead-summary/lead-summary.service';

export function analyticsServiceBinding(leadSummary: LeadSummaryService) {
  return bindService(analyticsV1.AnalyticsServiceService, {
    getLeadSummary: async (_request, context) => leadSummary.summarize(requirePrincipal(context)),
  });
}
