import type { analyticsV1 } from '@salesflow/contracts';
import type { LeadSummaryJson } from '../schemas/analytics.schemas';
import { LEAD_SOURCES } from '../schemas/lead.schemas';
import { leadSourceFromProto } from './lead.mapper';

/**
 * Counts per API source name. Sources newer than this gateway count towards `total` only,
 * so old clients never meet a key they do not know.
 */
export function leadSummaryToJson(summary: analyticsV1.GetLeadSummaryResponse): LeadSummaryJson {
  const bySource = Object.fromEntries(LEAD_SOURCES.map((source) => [source, 0])) as LeadSummaryJson['bySource'];
  for (const { source, count } of summary.bySource) {
    const name = leadSourceFromProto(source);
    if (name) bySource[name] += Number(count);
  }
  return { total: Number(summary.total), bySource };
}
