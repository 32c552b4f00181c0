import type { analyticsV1, commonV1 } from '@salesflow/contracts';
import { requirePermission } from '@salesflow/platform';
import type { Pool } from 'pg';
import { parsePeriod } from '../kpi/period';
import { SqlParams, scopeConditions, visibleOwners } from '../kpi/query-scope';

interface GroupRow {
  by_segment: boolean;
  by_reason: boolean;
  segment: string | null;
  reason: string | null;
  customers: string;
  lost_minor: string;
}

/**
 * Churn analysis (流失分析): the customers whose lifecycle became CHURNED on a day of the period
 * (still churned now), counted for their current owner, grouped by segment (frozen at
 * creation, as every fact) and by churn reason, with the revenue lost: the payments received
 * from each in the 12 months before the day it churned ([churn day - 12 months, churn day),
 * reversed excluded).
 */
export class ChurnAnalysisService {
  constructor(
    private readonly pool: Pool,
    private readonly currencyOf: (tenantId: string) => Promise<string>,
  ) {}

  async getChurnAnalysis(
    principal: commonV1.Principal,
    request: analyticsV1.GetChurnAnalysisRequest,
  ): Promise<analyticsV1.GetChurnAnalysisResponse> {
    requirePermission(principal, 'analytics.read');
    const period = parsePeriod(request.period);
    const owners = await visibleOwners(this.pool, principal);
    const params = new SqlParams();
    const where = scopeConditions(
      params,
      { tenantId: principal.tenantId, owners, departmentId: request.departmentId },
      { owner: 'c.owner_id', path: 'c.department_path', tenant: 'c.tenant_id' },
    );
    where.push(
      `c.lifecycle = 'CHURNED'`,
      `c.churned_on BETWEEN ${params.add(period.from)}::date AND ${params.add(period.to)}::date`,
    );
    const [result, currency] = await Promise.all([
      this.pool.query<GroupRow>(
        `WITH churned AS (
           SELECT c.tenant_id, c.customer_id, c.segment, c.churn_reason, c.churned_on,
                  (SELECT coalesce(sum(p.amount_minor), 0) FROM payment_facts p
                    WHERE p.tenant_id = c.tenant_id AND p.customer_id = c.customer_id AND p.status = 'RECEIVED'
                      AND p.received_on >= (c.churned_on - interval '12 months')::date
                      AND p.received_on < c.churned_on) AS lost_minor
           FROM customer_facts c WHERE ${where.join(' AND ')}
         )
         SELECT GROUPING(segment) = 0 AS by_segment, GROUPING(churn_reason) = 0 AS by_reason,
                segment, churn_reason AS reason, count(*)::text AS customers, sum(lost_minor)::text AS lost_minor
         FROM churned GROUP BY GROUPING SETS ((segment), (churn_reason), ())`,
        params.values,
      ),
      this.currencyOf(principal.tenantId),
    ]);
    const money = (minor: string | undefined) => ({ amountMinor: String(Number(minor ?? 0)), currency });
    // Most customers first, then most revenue, then by key: a stable order to read and test.
    const groups = (rows: GroupRow[], key: (r: GroupRow) => string | null): analyticsV1.ChurnGroup[] =>
      rows
        .map((r) => ({ key: key(r) ?? '', customers: r.customers, lostRevenue: money(r.lost_minor) }))
        .sort(
          (a, b) =>
            Number(b.customers) - Number(a.customers) ||
            Number(b.lostRevenue.amountMinor) - Number(a.lostRevenue.amountMinor) ||
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
        );
    const total = result.rows.find((r) => !r.by_segment && !r.by_reason);
    return {
      period: period.label,
      from: period.from,
      to: period.to,
      churnedCustomers: total?.customers ?? '0',
      lostRevenue: money(total?.lost_minor ?? '0'),
      bySegment: groups(
        result.rows.filter((r) => r.by_segment),
        (r) => r.segment,
      ),
      byReason: groups(
        result.rows.filter((r) => r.by_reason),
        (r) => r.reason,
      ),
    };
  }
}
