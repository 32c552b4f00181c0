import type { analyticsV1, commonV1 } from '@salesflow/contracts';

/** The rollup sums one KPI row is computed from. */
export interface RollupSums {
  contractAmountMinor: number;
  contracts: number;
  paymentAmountMinor: number;
  payments: number;
  newCustomers: number;
  leads: number;
  convertedLeads: number;
  visits: number;
  effectiveVisits: number;
  ratings: number;
  satisfiedRatings: number;
  won: number;
  lost: number;
  salesCostMinor: number;
  expenses: number;
  reportsSubmitted: number;
  reportsOnTime: number;
  reportsExpected: number;
  reportsExpectedOnTime: number;
  tasksDue: number;
  tasksDoneOnTime: number;
  reps: number;
}

export const EMPTY_SUMS: RollupSums = {
  contractAmountMinor: 0,
  contracts: 0,
  paymentAmountMinor: 0,
  payments: 0,
  newCustomers: 0,
  leads: 0,
  convertedLeads: 0,
  visits: 0,
  effectiveVisits: 0,
  ratings: 0,
  satisfiedRatings: 0,
  won: 0,
  lost: 0,
  salesCostMinor: 0,
  expenses: 0,
  reportsSubmitted: 0,
  reportsOnTime: 0,
  reportsExpected: 0,
  reportsExpectedOnTime: 0,
  tasksDue: 0,
  tasksDoneOnTime: 0,
  reps: 0,
};

/** SELECT list of every sum of RollupSums but `reps`, over rollup rows (or over partial sums of them). */
export const MEASURE_SUMS_SELECT = `
  coalesce(sum(contract_amount_minor), 0)::text AS "contractAmountMinor",
  coalesce(sum(contracts), 0)::text AS "contracts",
  coalesce(sum(payment_amount_minor), 0)::text AS "paymentAmountMinor",
  coalesce(sum(payments), 0)::text AS "payments",
  coalesce(sum(new_customers), 0)::text AS "newCustomers",
  coalesce(sum(leads), 0)::text AS "leads",
  coalesce(sum(converted_leads), 0)::text AS "convertedLeads",
  coalesce(sum(visits), 0)::text AS "visits",
  coalesce(sum(effective_visits), 0)::text AS "effectiveVisits",
  coalesce(sum(ratings), 0)::text AS "ratings",
  coalesce(sum(satisfied_ratings), 0)::text AS "satisfiedRatings",
  coalesce(sum(won), 0)::text AS "won",
  coalesce(sum(lost), 0)::text AS "lost",
  coalesce(sum(sales_cost_minor), 0)::text AS "salesCostMinor",
  coalesce(sum(expenses), 0)::text AS "expenses",
  coalesce(sum(reports_submitted), 0)::text AS "reportsSubmitted",
  coalesce(sum(reports_on_time), 0)::text AS "reportsOnTime",
  coalesce(sum(reports_expected), 0)::text AS "reportsExpected",
  coalesce(sum(reports_expected_on_time), 0)::text AS "reportsExpectedOnTime",
  coalesce(sum(tasks_due), 0)::text AS "tasksDue",
  coalesce(sum(tasks_done_on_time), 0)::text AS "tasksDoneOnTime"`;

/** RollupSums' `reps`: the employees with any rollup row in the group (the per-rep average's denominator). */
export const REPS_SELECT = `count(DISTINCT employee_id) FILTER (WHERE employee_id <> '')::text AS "reps"`;

/** SELECT list producing RollupSums from rollup rows. */
export const SUMS_SELECT = `${MEASURE_SUMS_SELECT},\n  ${REPS_SELECT}`;

export function sumsOf(row: Record<string, string>): RollupSums {
  const sums = { ...EMPTY_SUMS };
  for (const key of Object.keys(sums) as (keyof RollupSums)[]) sums[key] = Number(row[key] ?? 0);
  return sums;
}

function ratio(numerator: number, denominator: number): number | undefined {
  return denominator === 0 ? undefined : numerator / denominator;
}

function money(amountMinor: number, currency: string): commonV1.Money {
  return { amountMinor: String(Math.round(amountMinor)), currency };
}

/** DOMAIN §6, one place: every KPI from the sums of a period (and of the previous one). */
export function kpiValues(
  sums: RollupSums,
  previous: RollupSums,
  days: number,
  currency: string,
): analyticsV1.KpiValues {
  const weeks = days / 7;
  const perRepPerWeek = sums.reps === 0 ? 0 : sums.contractAmountMinor / sums.reps / weeks;
  const values: analyticsV1.KpiValues = {
    salesAmount: money(sums.contractAmountMinor, currency),
    collections: money(sums.paymentAmountMinor, currency),
    previousSalesAmount: money(previous.contractAmountMinor, currency),
    previousCollections: money(previous.paymentAmountMinor, currency),
    newCustomers: String(sums.newCustomers),
    ratings: String(sums.ratings),
    satisfiedRatings: String(sums.satisfiedRatings),
    leads: String(sums.leads),
    convertedLeads: String(sums.convertedLeads),
    won: String(sums.won),
    lost: String(sums.lost),
    visits: String(sums.visits),
    effectiveVisits: String(sums.effectiveVisits),
    contracts: String(sums.contracts),
    reps: String(sums.reps),
    averageSalesPerRepPerWeek: money(perRepPerWeek, currency),
    salesCost: money(sums.salesCostMinor, currency),
    expenses: String(sums.expenses),
    reportsSubmitted: String(sums.reportsSubmitted),
    reportsOnTime: String(sums.reportsOnTime),
    tasksDue: String(sums.tasksDue),
    tasksCompletedOnTime: String(sums.tasksDoneOnTime),
  };
  const optional: Partial<analyticsV1.KpiValues> = {
    salesGrowth: ratio(sums.contractAmountMinor - previous.contractAmountMinor, previous.contractAmountMinor),
    collectionsGrowth: ratio(sums.paymentAmountMinor - previous.paymentAmountMinor, previous.paymentAmountMinor),
    satisfaction: ratio(sums.satisfiedRatings, sums.ratings),
    leadConversion: ratio(sums.convertedLeads, sums.leads),
    winRate: ratio(sums.won, sums.won + sums.lost),
    effectiveVisitRate: ratio(sums.effectiveVisits, sums.visits),
    transactionRate: ratio(sums.contracts, sums.visits),
    costRatio: ratio(sums.salesCostMinor, sums.contractAmountMinor),
    // Against the reports field expected (working days, not excused, deadline passed), so a
    // day without a report counts against it; null when nothing was expected.
    reportTimeliness: ratio(sums.reportsExpectedOnTime, sums.reportsExpected),
    taskCompletion: ratio(sums.tasksDoneOnTime, sums.tasksDue),
  };
  for (const [k, v] of Object.entries(optional))
    if (v !== undefined) (values as unknown as Record<string, unknown>)[k] = v;
  return values;
}

/** The metrics whose value depends on `reps` (a time series of any other metric skips counting them). */
export const METRICS_NEEDING_REPS: ReadonlySet<string> = new Set(['average_sales_per_rep_per_week']);

/** Metrics a leaderboard or a time series can rank or plot (KpiValues fields in snake_case). */
export const METRICS: Record<string, (v: analyticsV1.KpiValues) => number | undefined> = {
  sales_amount: (v) => Number(v.salesAmount?.amountMinor ?? 0),
  collections: (v) => Number(v.collections?.amountMinor ?? 0),
  sales_growth: (v) => v.salesGrowth,
  collections_growth: (v) => v.collectionsGrowth,
  new_customers: (v) => Number(v.newCustomers),
  satisfaction: (v) => v.satisfaction,
  lead_conversion: (v) => v.leadConversion,
  win_rate: (v) => v.winRate,
  effective_visit_rate: (v) => v.effectiveVisitRate,
  transaction_rate: (v) => v.transactionRate,
  average_sales_per_rep_per_week: (v) => Number(v.averageSalesPerRepPerWeek?.amountMinor ?? 0),
  contracts: (v) => Number(v.contracts),
  visits: (v) => Number(v.visits),
  effective_visits: (v) => Number(v.effectiveVisits),
  won: (v) => Number(v.won),
  leads: (v) => Number(v.leads),
  sales_cost: (v) => Number(v.salesCost?.amountMinor ?? 0),
  cost_ratio: (v) => v.costRatio,
  report_timeliness: (v) => v.reportTimeliness,
  task_completion: (v) => v.taskCompletion,
};
