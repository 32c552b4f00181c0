import type { analyticsV1, commonV1 } from '@salesflow/contracts';
import { ownerFilterOf, requirePermission, ServiceError } from '@salesflow/platform';
import type { Pool } from 'pg';
import { parsePeriod } from '../kpi/period';
import { SqlParams, visibleOwners } from '../kpi/query-scope';

const METRICS = [
  'CONTRACT_AMOUNT',
  'PAYMENT_AMOUNT',
  'GROSS_MARGIN',
  'NEW_CUSTOMERS',
  'VISITS',
  'EFFECTIVE_VISITS',
  'NEW_OUTLETS',
] as const;

interface TargetRow {
  target_id: string;
  parent_id: string;
  metric: string;
  scope: string;
  scope_id: string;
  period_key: string;
  period_from: string;
  period_to: string;
  product_line: string;
  region: string;
  segment: string;
  value: string;
  achieved: string;
}

/**
 * Target completion (DOMAIN §6): achieved / value per goals target node, as the latest
 * goals.target.* event of each node says (goals keeps `achieved`; analytics does not recount).
 */
export class TargetCompletionService {
  constructor(private readonly pool: Pool) {}

  async getTargetCompletion(
    principal: commonV1.Principal,
    request: analyticsV1.GetTargetCompletionRequest,
  ): Promise<analyticsV1.GetTargetCompletionResponse> {
    requirePermission(principal, 'analytics.read');
    const period = parsePeriod(request.period);
    const metric = request.metric.trim().toUpperCase();
    if (metric && !(METRICS as readonly string[]).includes(metric)) {
      throw ServiceError.invalid([{ field: 'metric', message: `expected one of ${METRICS.join(', ')}` }]);
    }
    const params = new SqlParams();
    const where = [
      `tenant_id = ${params.add(principal.tenantId)}::uuid`,
      'NOT deleted',
      // Overlap: the node's [start, end) meets the period's inclusive days.
      `period_start <= ${params.add(period.to)}::date`,
      `period_end > ${params.add(period.from)}::date`,
    ];
    if (metric) where.push(`metric = ${params.add(metric)}`);
    const visible = await this.visibleNodes(principal, params);
    if (visible) where.push(visible);
    const result = await this.pool.query<TargetRow>(
      `SELECT target_id, parent_id, metric, scope, scope_id, period_key, period_start::text AS period_from,
              (period_end - 1)::text AS period_to, product_line, region, segment, value::text, achieved::text
       FROM target_facts WHERE ${where.join(' AND ')}
       ORDER BY period_start, period_end DESC, CASE scope WHEN 'TENANT' THEN 0 WHEN 'DEPARTMENT' THEN 1 ELSE 2 END,
                scope_id, metric, target_id`,
      params.values,
    );
    return {
      targets: result.rows.map((r) => {
        const value = Number(r.value);
        const achieved = Number(r.achieved);
        const node: analyticsV1.TargetCompletion = {
          targetId: r.target_id,
          parentId: r.parent_id,
          metric: r.metric,
          scope: r.scope,
          scopeId: r.scope_id,
          periodKey: r.period_key,
          periodFrom: r.period_from,
          periodTo: r.period_to,
          productLine: r.product_line,
          region: r.region,
          customerSegment: r.segment,
          value: r.value,
          achieved: r.achieved,
        };
        if (value !== 0) node.completion = achieved / value;
        return node;
      }),
    };
  }

  /**
   * Which nodes the viewer's data scope shows (undefined: all of the tenant): employee nodes
   * of the people they may see, department nodes of their department (DEPARTMENT) or of the
   * departments in their subtree (DEPARTMENT_TREE; a department is known by the paths of its
   * members in the org replica), and the tenant node only with the TENANT scope.
   */
  private async visibleNodes(principal: commonV1.Principal, params: SqlParams): Promise<string | undefined> {
    const filter = ownerFilterOf(principal);
    if (filter.kind === 'tenant') return undefined;
    const owners = (await visibleOwners(this.pool, principal)) ?? [];
    const employees = `(scope = 'EMPLOYEE' AND scope_id = ANY(${params.add(owners)}::text[]))`;
    if (filter.kind === 'self') return employees;
    if (filter.kind === 'department') {
      return `(${employees} OR (scope = 'DEPARTMENT' AND scope_id = ${params.add(filter.departmentId)}))`;
    }
    const departments = await this.pool.query<{ id: string }>(
      `SELECT DISTINCT department_id::text AS id FROM salesflow_employee_replica
       WHERE tenant_id = $1::uuid AND starts_with(department_path, $2) AND department_id IS NOT NULL`,
      [principal.tenantId, filter.departmentPath],
    );
    const ids = [...new Set([principal.departmentId, ...departments.rows.map((d) => d.id)])].filter(Boolean);
    return `(${employees} OR (scope = 'DEPARTMENT' AND scope_id = ANY(${params.add(ids)}::text[])))`;
  }
}
