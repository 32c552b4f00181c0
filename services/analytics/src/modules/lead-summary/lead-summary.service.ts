import type { analyticsV1, commonV1 } from '@salesflow/contracts';
import { requirePermission } from '@salesflow/platform';
import type { AnalyticsDatabase } from '../../database';

export class LeadSummaryService {
  constructor(private readonly db: AnalyticsDatabase) {}

  /** Leads counted per source channel for the caller's tenant. */
  async summarize(principal: commonV1.Principal): Promise<analyticsV1.GetLeadSummaryResponse> {
    requirePermission(principal, 'analytics.read');
    const groups = await this.db.leadFact.groupBy({
      by: ['source'],
      where: { tenantId: principal.tenantId },
      _count: { _all: true },
      orderBy: { source: 'asc' },
    });
    const bySource = groups.map((g) => ({ source: g.source, count: String(g._count._all) }));
    const total = groups.reduce((sum, g) => sum + g._count._all, 0);
    return { total: String(total), bySource };
  }
}
