import type { analyticsV1 } from '@salesflow/contracts';
import type { LeadSummaryJson } from '../schemas/analytics.schemas';
import { leadSourceFromProto } from './lead.mapper';

/**
 * Counts per API source name, only for sources that have leads. Sources newer than this
 * gateway count towards `total` only, so old clients never meet a key they do not know.
 */
export function leadSummaryToJson(summary: analyticsV1.GetLeadSummaryResponse): LeadSummaryJson {
  const bySource: LeadSummaryJson['bySource'] = {};
  for (const { source, count } of summary.bySource) {
    const name = leadSourceFromProto(source);
    const n = Number(count);
    if (name && n > 0) bySource[name] = (bySource[name] ?? 0) + n;
  }
  return { total: Number(summary.total), bySource };
}
