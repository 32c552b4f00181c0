import type { analyticsV1, commonV1 } from '@salesflow/contracts';
import { requirePermission } from '@salesflow/platform';
import type { Pool } from 'pg';
import { parsePeriod } from '../kpi/period';
import { SqlParams, scopeConditions, visibleOwners } from '../kpi/query-scope';

/**
 * The stage funnel of a period from the stage-move facts: per stage, the moves into it
 * (count and amount), the share of those entries that later moved forward out of it (the
 * `advanced` flag the projector keeps on each entry), and the
 * days spent in it (mean and p90, over the moves out of it in the period); plus the lost
 * reasons of the opportunities lost in the period.
 */
export class FunnelService {
  constructor(
    private readonly pool: Pool,
    private readonly timeZone: string,
    private readonly currency: (tenantId: string) => Promise<string>,
  ) {}

  async getFunnel(
    principal: commonV1.Principal,
    request: analyticsV1.GetFunnelRequest,
  ): Promise<analyticsV1.GetFunnelResponse> {
    requirePermission(principal, 'analytics.read');
    const period = parsePeriod(request.period);
    const owners = await visibleOwners(this.pool, principal);
    const scope = {
      tenantId: principal.tenantId,
      owners,
      departmentId: request.departmentId,
      employeeId: request.employeeId,
    };
    const params = new SqlParams();
    const where = scopeConditions(params, scope, {
      owner: 'm.owner_id',
      path: 'm.department_path',
      tenant: 'm.tenant_id',
    });
    const tz = params.add(this.timeZone);
    const from = params.add(period.from);
    const to = params.add(period.to);
    // Moves in the period, by an index range on changed_at (the period's days in the tenant's zone).
    const inPeriod = `m.changed_at >= (${from}::date::timestamp AT TIME ZONE ${tz})
      AND m.changed_at < ((${to}::date + 1)::timestamp AT TIME ZONE ${tz})`;
    const stages = await this.pool.query<{
      stage_id: string;
      name: string;
      position: number;
      entered: string;
      entered_amount: string;
      advanced: string;
      mean_days: number | null;
      p90_days: number | null;
    }>(
      `WITH scoped AS MATERIALIZED (
         SELECT m.owner_id, m.department_path, m.from_stage_id, m.from_stage_name, m.from_position, m.to_stage_id,
                m.to_stage_name, m.to_position, m.amount_minor, m.advanced, m.from_entered_at, m.changed_at
         FROM stage_move_facts m WHERE ${where.join(' AND ')} AND ${inPeriod}),
       -- Each stage's latest name and position: hashed down to one row per stage and name
       -- first, so only those few rows are sorted (not every move twice).
       stages AS (
         SELECT DISTINCT ON (stage_id) stage_id, name, position FROM (
           SELECT stage_id, name, position, max(changed_at) AS last_seen FROM (
             SELECT to_stage_id AS stage_id, to_stage_name AS name, to_position AS position, changed_at FROM scoped
             UNION ALL
             SELECT from_stage_id, from_stage_name, from_position, changed_at FROM scoped WHERE from_stage_id <> ''
           ) s GROUP BY 1, 2, 3) named
         ORDER BY stage_id, last_seen DESC),
       entries AS (
         SELECT e.to_stage_id AS stage_id, count(*) AS entered, sum(e.amount_minor) AS entered_amount,
                -- Set by the projector when the move out of the stage arrives (stage-move.family.ts).
                count(*) FILTER (WHERE e.advanced) AS advanced
         FROM scoped e GROUP BY 1),
       durations AS (
         SELECT from_stage_id AS stage_id,
                avg(extract(epoch FROM changed_at - from_entered_at) / 86400) AS mean_days,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM changed_at - from_entered_at) / 86400) AS p90_days
         FROM scoped WHERE from_entered_at IS NOT NULL GROUP BY 1)
       SELECT s.stage_id, s.name, s.position, coalesce(e.entered, 0)::text AS entered,
              coalesce(e.entered_amount, 0)::text AS entered_amount, coalesce(e.advanced, 0)::text AS advanced,
              d.mean_days::float8 AS mean_days, d.p90_days::float8 AS p90_days
       FROM stages s LEFT JOIN entries e USING (stage_id) LEFT JOIN durations d USING (stage_id)
       ORDER BY s.position, s.stage_id`,
      params.values,
    );
    const lostParams = new SqlParams();
    const lostWhere = scopeConditions(lostParams, scope, { owner: 'owner_id', path: 'department_path' });
    lostWhere.push(
      `status = 'LOST' AND closed_on BETWEEN ${lostParams.add(period.from)}::date AND ${lostParams.add(period.to)}::date`,
    );
    const [lost, currency] = await Promise.all([
      this.pool.query<{ reason: string; count: string }>(
        `SELECT lost_reason AS reason, count(*)::text AS count FROM opportunity_facts WHERE ${lostWhere.join(' AND ')}
         GROUP BY 1 ORDER BY count(*) DESC, 1`,
        lostParams.values,
      ),
      this.currency(principal.tenantId),
    ]);
    return {
      stages: stages.rows.map((s) => {
        const entered = Number(s.entered);
        const advanced = Number(s.advanced);
        return {
          stageId: s.stage_id,
          name: s.name,
          position: s.position,
          entered: s.entered,
          enteredAmount: { amountMinor: s.entered_amount, currency },
          advanced: s.advanced,
          ...(entered > 0 ? { conversionToNext: advanced / entered } : {}),
          ...(s.mean_days !== null ? { meanDaysInStage: s.mean_days } : {}),
          ...(s.p90_days !== null ? { p90DaysInStage: s.p90_days } : {}),
        };
      }),
      lostReasons: lost.rows.map((r) => ({ reason: r.reason, count: r.count })),
    };
  }
}
