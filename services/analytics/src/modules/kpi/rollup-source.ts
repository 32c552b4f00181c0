import { ROLLUP_GRAINS, ROLLUP_MEASURES, type RollupGrain } from '../../projections/rollup';
import type { SqlParams } from './query-scope';

/** A range of calendar days, inclusive, as YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** First day of the week (Monday) or month holding `day`. */
function startOf(unit: 'week' | 'month', day: string): number {
  const d = new Date(ms(day));
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS;
}

function nextStart(unit: 'week' | 'month', start: number): number {
  if (unit === 'week') return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * Splits [from, to] into the buckets of `unit` that lie wholly inside it (read from that
 * grain's table) and the days left at either edge (read from daily_rollups).
 */
export function coverRange(range: DayRange, unit: 'week' | 'month'): { whole: DayRange | undefined; days: DayRange[] } {
  const from = ms(range.from);
  const to = ms(range.to);
  let first = startOf(unit, range.from);
  if (first < from) first = nextStart(unit, first);
  // The last whole bucket is the one whose next start is the day after `to`, or earlier.
  let last: number | undefined;
  for (let s = first; nextStart(unit, s) <= to + DAY_MS; s = nextStart(unit, s)) last = s;
  if (last === undefined) return { whole: undefined, days: [range] };
  const wholeEnd = nextStart(unit, last) - DAY_MS;
  const days: DayRange[] = [];
  if (first > from) days.push({ from: range.from, to: iso(first - DAY_MS) });
  if (wholeEnd < to) days.push({ from: iso(wholeEnd + DAY_MS), to: range.to });
  return { whole: { from: iso(first), to: iso(last) }, days };
}

/**
 * Whose rows a query reads: `employee` rows (every grain keyed by employee and department, what
 * scoped queries and the count of reps need) or `tenant` rows (the tenant-wide grains, one row
 * per day, week or month: for TENANT-scope sums only, with `where` naming the tenant alone).
 */
export type RollupLevel = 'employee' | 'tenant';

/**
 * A FROM item with the rollup rows of [from, to] in the viewer's scope, read from the
 * coarsest grain that covers the range whole and from daily rows for its partial edges.
 * Every row has `day` (the first day of its bucket) and `columns` (by default employee_id,
 * department_path and every measure of ROLLUP_MEASURES; the tenant level has no employee or
 * department), so SUMS_SELECT and date_trunc buckets work on it unchanged.
 */
export function rollupRows(
  params: SqlParams,
  where: readonly string[],
  range: DayRange,
  unit: 'day' | 'week' | 'month',
  level: RollupLevel = 'employee',
  columns: readonly string[] = level === 'tenant'
    ? ROLLUP_MEASURES
    : ['employee_id', 'department_path', ...ROLLUP_MEASURES],
): string {
  const parts: { grain: RollupGrain; range: DayRange }[] = [];
  const daily = grainOf('day', level);
  if (unit === 'day') parts.push({ grain: daily, range });
  else {
    const { whole, days } = coverRange(range, unit);
    if (whole) parts.push({ grain: grainOf(unit, level), range: whole });
    for (const d of days) parts.push({ grain: daily, range: d });
  }
  const selects = parts.map(
    ({ grain, range: r }) =>
      `SELECT ${grain.column} AS day, ${columns.join(', ')} FROM ${grain.table}
       WHERE ${[...where, `${grain.column} BETWEEN ${params.add(r.from)}::date AND ${params.add(r.to)}::date`].join(' AND ')}`,
  );
  return `(${selects.join('\n       UNION ALL ')}) AS rollups`;
}

function grainOf(unit: RollupGrain['unit'], level: RollupLevel): RollupGrain {
  const grain = ROLLUP_GRAINS.find((g) => g.unit === unit && (g.keys.length === 0) === (level === 'tenant'));
  if (!grain) throw new Error(`no ${level} rollup grain ${unit}`);
  return grain;
}
