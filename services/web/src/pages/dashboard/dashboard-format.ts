import type { operations } from '../../api/schema.js';

/** The metrics a leaderboard can rank and a time series can plot. */
export type KpiMetric = operations['getLeaderboard']['parameters']['query']['metric'];

/** What the analytics API leaves out for lack of a denominator, shown the same everywhere. */
export const NO_VALUE = '—';

// Leaderboard and time series values of these metrics are minor units of the tenant's currency.
const MONEY_METRICS = new Set<string>(['sales_amount', 'collections', 'average_sales_per_rep_per_week', 'sales_cost']);
// Shares between 0 and 1 (growth can go past 1 or below 0).
const RATE_METRICS = new Set<string>([
  'sales_growth',
  'collections_growth',
  'satisfaction',
  'lead_conversion',
  'win_rate',
  'effective_visit_rate',
  'transaction_rate',
  'cost_ratio',
  'report_timeliness',
  'task_completion',
]);

/** A share (0.256) as a percentage (25.6%), or "—" when the API had nothing to divide by. */
export function formatRate(rate: number | null | undefined, language = 'zh-CN'): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return NO_VALUE;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** A leaderboard or trend value as its metric reads: money, a percentage or a plain count. */
export function formatMetricValue(
  metric: string,
  value: number | null | undefined,
  language = 'zh-CN',
  currency = 'CNY',
): string {
  if (value === null || value === undefined) return NO_VALUE;
  // Intl here rather than components/money: this file stays free of the API client for its unit test.
  if (MONEY_METRICS.has(metric))
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(value / 100);
  if (RATE_METRICS.has(metric)) return formatRate(value, language);
  return new Intl.NumberFormat(language).format(value);
}

/** A chart axis value of a metric: yuan for money (minor units / 100), percent points for shares. */
export function chartValue(metric: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (MONEY_METRICS.has(metric)) return value / 100;
  if (RATE_METRICS.has(metric)) return Math.round(value * 1000) / 10;
  return value;
}
