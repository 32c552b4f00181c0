import type { analyticsV1, commonV1 } from '@salesflow/contracts';
import { requirePermission, ServiceError } from '@salesflow/platform';
import type { Pool } from 'pg';
import { ROLLUP_MEASURES } from '../../projections/rollup';
import {
  EMPTY_SUMS,
  kpiValues,
  MEASURE_SUMS_SELECT,
  METRICS,
  METRICS_NEEDING_REPS,
  REPS_SELECT,
  type RollupSums,
  SUMS_SELECT,
  sumsOf,
} from './kpi-values';
import { type Period, parseDay, parsePeriod, previousPeriod } from './period';
import { SqlParams, scopeConditions, visibleOwners } from './query-scope';
import { rollupRows } from './rollup-source';

type GroupBy = 'none' | 'employee' | 'department';

function groupByOf(value: analyticsV1.KpiGroupBy): GroupBy {
  switch (value) {
    case 'KPI_GROUP_BY_EMPLOYEE':
      return 'employee';
    case 'KPI_GROUP_BY_DEPARTMENT':
      return 'department';
    default:
      return 'none';
  }
}

const GROUP_COLUMN: Record<GroupBy, string> = { none: "''", employee: 'employee_id', department: 'department_path' };
/** The key of the all-groups row in the maps `sums` returns (no employee id or path looks like it). */
const TOTAL = '\u0000total';
const INTERVALS = new Set(['day', 'week', 'month']);
const MAX_TIMESERIES_DAYS = 3 * 366;

/** KPIs, leaderboards and trends from the rollups (monthly, weekly, daily), within the viewer's data scope. */
export class KpiService {
  constructor(private readonly pool: Pool) {}

  async getKpis(
    principal: commonV1.Principal,
    request: analyticsV1.GetKpisRequest,
  ): Promise<analyticsV1.GetKpisResponse> {
    requirePermission(principal, 'analytics.read');
    const period = parsePeriod(request.period);
    const previous = previousPeriod(period);
    const groupBy = groupByOf(request.groupBy);
    const owners = await visibleOwners(this.pool, principal);
    const scope = { tenantId: principal.tenantId, owners, departmentId: request.departmentId };
    const [current, before, currency] = await Promise.all([
      this.sums(scope, period, groupBy),
      this.sums(scope, previous, groupBy),
      this.currency(principal.tenantId),
    ]);
    const totalNow = current.get(TOTAL) ?? EMPTY_SUMS;
    const totalBefore = before.get(TOTAL) ?? EMPTY_SUMS;
    current.delete(TOTAL);
    const rows =
      groupBy === 'none'
        ? []
        : [...current.keys()].sort().map((groupKey) => ({
            groupKey,
            values: kpiValues(
              current.get(groupKey) ?? EMPTY_SUMS,
              before.get(groupKey) ?? EMPTY_SUMS,
              period.days,
              currency,
            ),
          }));
    return {
      period: period.label,
      from: period.from,
      to: period.to,
      previousPeriod: previous.label,
      total: kpiValues(totalNow, totalBefore, period.days, currency),
      rows,
    };
  }

  async getLeaderboard(
    principal: commonV1.Principal,
    request: analyticsV1.GetLeaderboardRequest,
  ): Promise<analyticsV1.GetLeaderboardResponse> {
    const metric = METRICS[request.metric];
    if (!metric) {
      throw ServiceError.invalid([{ field: 'metric', message: `expected one of ${Object.keys(METRICS).join(', ')}` }]);
    }
    const groupBy = request.groupBy === 'KPI_GROUP_BY_DEPARTMENT' ? request.groupBy : 'KPI_GROUP_BY_EMPLOYEE';
    const kpis = await this.getKpis(principal, { period: request.period, groupBy, departmentId: '' });
    const limit = Math.min(Math.max(request.limit || 10, 1), 100);
    const ranked = kpis.rows
      .map((row) => ({ groupKey: row.groupKey, value: row.values ? metric(row.values) : undefined }))
      .filter((e): e is { groupKey: string; value: number } => e.value !== undefined)
      .sort((a, b) => b.value - a.value || (a.groupKey < b.groupKey ? -1 : 1));
    // Equal values share a rank (1, 2, 2, 4).
    const entries = ranked.slice(0, limit).map((e, i) => ({
      rank: ranked.findIndex((other) => other.value === e.value) + 1 || i + 1,
      groupKey: e.groupKey,
      value: e.value,
    }));
    return { metric: request.metric, entries };
  }

  async getTimeseries(
    principal: commonV1.Principal,
    request: analyticsV1.GetTimeseriesRequest,
  ): Promise<analyticsV1.GetTimeseriesResponse> {
    requirePermission(principal, 'analytics.read');
    const metric = METRICS[request.metric];
    const fieldErrors = [];
    if (!metric) fieldErrors.push({ field: 'metric', message: `expected one of ${Object.keys(METRICS).join(', ')}` });
    if (!INTERVALS.has(request.interval))
      fieldErrors.push({ field: 'interval', message: 'expected day, week or month' });
    if (fieldErrors.length > 0 || !metric) throw ServiceError.invalid(fieldErrors);
    const from = parseDay(request.from, 'from');
    const to = parseDay(request.to, 'to');
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (span < 1 || span > MAX_TIMESERIES_DAYS) {
      throw ServiceError.invalid([
        { field: 'to', message: `must be on or after from, at most ${MAX_TIMESERIES_DAYS} days` },
      ]);
    }
    const owners = await visibleOwners(this.pool, principal);
    const params = new SqlParams();
    const where = scopeConditions(params, { tenantId: principal.tenantId, owners });
    // Counting the distinct reps of every bucket sorts all its rows; only the per-rep metric needs it.
    const needsReps = METRICS_NEEDING_REPS.has(request.metric);
    const select = needsReps ? SUMS_SELECT : MEASURE_SUMS_SELECT;
    // Whole weeks/months come from their own rollup rows, the partial edges from daily rows; a
    // TENANT-scope series without reps reads the tenant-wide rows (one per day, week or month).
    const level = owners === undefined && !needsReps ? 'tenant' : 'employee';
    const rows = rollupRows(params, where, { from, to }, request.interval as 'day' | 'week' | 'month', level);
    const bucket = `date_trunc(${params.add(request.interval)}, day::timestamp)::date`;
    const [result, currency] = await Promise.all([
      this.pool.query<Record<string, string>>(
        // Grouped by the date, made text only for the few result rows (text sorts are slower).
        `SELECT to_char(s.bucket_day, 'YYYY-MM-DD') AS bucket, s.* FROM (
           SELECT ${bucket} AS bucket_day, ${select} FROM ${rows} GROUP BY 1) s ORDER BY s.bucket_day`,
        params.values,
      ),
      this.currency(principal.tenantId),
    ]);
    const byBucket = new Map(result.rows.map((r) => [r.bucket as string, sumsOf(r)]));
    const points: analyticsV1.TimeseriesPoint[] = [];
    for (const start of buckets(from, to, request.interval)) {
      const days = bucketDays(start, request.interval, from, to);
      const value = metric(kpiValues(byBucket.get(start) ?? EMPTY_SUMS, EMPTY_SUMS, days, currency));
      points.push(value === undefined ? { start } : { start, value });
    }
    return { metric: request.metric, points };
  }

  /**
   * Sums per group over the days of a period, and the total under TOTAL (one scan, grouping
   * sets). The rollup rows are first summed per employee (and group) by hashing, so the
   * distinct count of reps sorts one row per employee rather than every rollup row.
   */
  private async sums(
    scope: { tenantId: string; owners: string[] | undefined; departmentId: string },
    period: Period,
    groupBy: GroupBy,
  ): Promise<Map<string, RollupSums>> {
    const params = new SqlParams();
    const where = scopeConditions(params, scope);
    // Periods are whole months, quarters or years: monthly rows answer them.
    if (groupBy === 'none' && scope.owners === undefined && !scope.departmentId) {
      // The whole tenant: its sums from the tenant-wide monthly rows (a dozen rows a year), its
      // reps from the employee rows' keys alone (the primary key index answers them).
      const total = rollupRows(params, where, period, 'month', 'tenant');
      const reps = rollupRows(params, where, period, 'month', 'employee', ['employee_id']);
      const result = await this.pool.query<Record<string, string>>(
        `SELECT s.*, r.reps FROM (SELECT ${MEASURE_SUMS_SELECT} FROM ${total}) s, (SELECT ${REPS_SELECT} FROM ${reps}) r`,
        params.values,
      );
      return new Map(result.rows.map((r) => [TOTAL, sumsOf(r)]));
    }
    const rows = rollupRows(params, where, period, 'month');
    const group = GROUP_COLUMN[groupBy];
    const perEmployee = `(SELECT employee_id, ${group} AS group_key, ${ROLLUP_MEASURES.map((m) => `sum(${m}) AS ${m}`).join(', ')}
       FROM ${rows} GROUP BY 1, 2) AS per_employee`;
    const sql =
      groupBy === 'none'
        ? `SELECT true AS "isTotal", '' AS "groupKey", ${SUMS_SELECT} FROM ${perEmployee}`
        : `SELECT GROUPING(group_key) = 1 AS "isTotal", group_key AS "groupKey", ${SUMS_SELECT}
           FROM ${perEmployee} GROUP BY GROUPING SETS ((group_key), ())`;
    const result = await this.pool.query<Record<string, string> & { isTotal: boolean }>(sql, params.values);
    return new Map(result.rows.map((r) => [r.isTotal ? TOTAL : (r.groupKey ?? ''), sumsOf(r)]));
  }

  /** The tenant's money currency (one per tenant), as its facts carry it. */
  async currency(tenantId: string): Promise<string> {
    const result = await this.pool.query<{ currency: string }>(
      `(SELECT currency FROM contract_facts WHERE tenant_id = $1::uuid AND currency <> '' LIMIT 1)
       UNION ALL (SELECT currency FROM payment_facts WHERE tenant_id = $1::uuid AND currency <> '' LIMIT 1) LIMIT 1`,
      [tenantId],
    );
    return result.rows[0]?.currency ?? 'CNY';
  }
}

/** First days of the buckets covering [from, to], in the same truncation PostgreSQL uses. */
function buckets(from: string, to: string, interval: string): string[] {
  const out: string[] = [];
  const start = new Date(`${from}T00:00:00Z`);
  if (interval === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (interval === 'month') start.setUTCDate(1);
  const end = Date.parse(`${to}T00:00:00Z`);
  for (const d = start; d.getTime() <= end; ) {
    out.push(d.toISOString().slice(0, 10));
    if (interval === 'day') d.setUTCDate(d.getUTCDate() + 1);
    else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/** Days of a bucket that fall inside [from, to] (for per-week averages of partial buckets). */
function bucketDays(start: string, interval: string, from: string, to: string): number {
  const s = new Date(`${start}T00:00:00Z`);
  const e = new Date(s);
  if (interval === 'day') e.setUTCDate(e.getUTCDate() + 1);
  else if (interval === 'week') e.setUTCDate(e.getUTCDate() + 7);
  else e.setUTCMonth(e.getUTCMonth() + 1);
  const lo = Math.max(s.getTime(), Date.parse(`${from}T00:00:00Z`));
  const hi = Math.min(e.getTime(), Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  return Math.max(1, (hi - lo) / 86_400_000);
}
