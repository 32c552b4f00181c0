import type { analyticsV1, commonV1 } from '@salesflow/contracts';
import type {
  ChurnAnalysisJson,
  ChurnRisksJson,
  CustomerValueJson,
  FunnelJson,
  KpiReportJson,
  KpiValuesJson,
  TargetCompletionJson,
} from '../schemas/kpi.schemas';

function moneyToJson(money: commonV1.Money | undefined) {
  return { amountMinor: Number(money?.amountMinor ?? 0), currency: money?.currency ?? '' };
}

const rate = (value: number | undefined) => value ?? null;

export function kpiValuesToJson(v: analyticsV1.KpiValues | undefined): KpiValuesJson {
  return {
    salesAmount: moneyToJson(v?.salesAmount),
    collections: moneyToJson(v?.collections),
    previousSalesAmount: moneyToJson(v?.previousSalesAmount),
    previousCollections: moneyToJson(v?.previousCollections),
    salesGrowth: rate(v?.salesGrowth),
    collectionsGrowth: rate(v?.collectionsGrowth),
    newCustomers: Number(v?.newCustomers ?? 0),
    ratings: Number(v?.ratings ?? 0),
    satisfiedRatings: Number(v?.satisfiedRatings ?? 0),
    satisfaction: rate(v?.satisfaction),
    leads: Number(v?.leads ?? 0),
    convertedLeads: Number(v?.convertedLeads ?? 0),
    leadConversion: rate(v?.leadConversion),
    won: Number(v?.won ?? 0),
    lost: Number(v?.lost ?? 0),
    winRate: rate(v?.winRate),
    visits: Number(v?.visits ?? 0),
    effectiveVisits: Number(v?.effectiveVisits ?? 0),
    effectiveVisitRate: rate(v?.effectiveVisitRate),
    contracts: Number(v?.contracts ?? 0),
    transactionRate: rate(v?.transactionRate),
    reps: Number(v?.reps ?? 0),
    averageSalesPerRepPerWeek: moneyToJson(v?.averageSalesPerRepPerWeek),
    salesCost: moneyToJson(v?.salesCost),
    expenses: Number(v?.expenses ?? 0),
    costRatio: rate(v?.costRatio),
    reportsSubmitted: Number(v?.reportsSubmitted ?? 0),
    reportsOnTime: Number(v?.reportsOnTime ?? 0),
    reportTimeliness: rate(v?.reportTimeliness),
    tasksDue: Number(v?.tasksDue ?? 0),
    tasksCompletedOnTime: Number(v?.tasksCompletedOnTime ?? 0),
    taskCompletion: rate(v?.taskCompletion),
  };
}

export function kpiReportToJson(r: analyticsV1.GetKpisResponse): KpiReportJson {
  return {
    period: r.period,
    from: r.from,
    to: r.to,
    previousPeriod: r.previousPeriod,
    total: kpiValuesToJson(r.total),
    rows: r.rows.map((row) => ({ group: row.groupKey, values: kpiValuesToJson(row.values) })),
  };
}

export function funnelToJson(f: analyticsV1.GetFunnelResponse): FunnelJson {
  return {
    stages: f.stages.map((s) => ({
      stageId: s.stageId,
      name: s.name,
      position: s.position,
      entered: Number(s.entered),
      enteredAmount: moneyToJson(s.enteredAmount),
      advanced: Number(s.advanced),
      conversionToNext: rate(s.conversionToNext),
      meanDaysInStage: rate(s.meanDaysInStage),
      p90DaysInStage: rate(s.p90DaysInStage),
    })),
    lostReasons: f.lostReasons.map((r) => ({ reason: r.reason, count: Number(r.count) })),
  };
}

export function customerValueToJson(v: analyticsV1.GetCustomerValueResponse): CustomerValueJson {
  return {
    customers: Number(v.customers),
    topCustomers: Number(v.topCustomers),
    revenue: moneyToJson(v.revenue),
    topRevenue: moneyToJson(v.topRevenue),
    topShare: rate(v.topShare),
    tiers: v.tiers.map((t) => ({ tier: t.tier, customers: Number(t.customers) })),
    customersByValue: v.customersByValue.map((c) => ({
      customerId: c.customerId,
      recencyDays: c.recencyDays,
      frequency: Number(c.frequency),
      monetary: moneyToJson(c.monetary),
      rScore: c.rScore,
      fScore: c.fScore,
      mScore: c.mScore,
      tier: c.tier,
    })),
  };
}

export function churnRisksToJson(r: analyticsV1.ListChurnRisksResponse): ChurnRisksJson {
  return {
    items: r.risks.map((risk) => ({
      customerId: risk.customerId,
      name: risk.name,
      ownerId: risk.ownerId,
      daysSinceFollowUp: risk.daysSinceFollowUp ?? null,
      daysSinceOrder: risk.daysSinceOrder ?? null,
      reasons: risk.reason ? risk.reason.split(',') : [],
    })),
  };
}

const SCOPES = ['TENANT', 'DEPARTMENT', 'EMPLOYEE'] as const;
const orNull = (value: string) => value || null;

export function targetCompletionToJson(r: analyticsV1.GetTargetCompletionResponse): TargetCompletionJson {
  return {
    items: r.targets.map((t) => ({
      targetId: t.targetId,
      parentId: orNull(t.parentId),
      metric: t.metric,
      scope: SCOPES.find((s) => s === t.scope) ?? 'TENANT',
      scopeId: orNull(t.scopeId),
      periodKey: orNull(t.periodKey),
      periodFrom: t.periodFrom,
      periodTo: t.periodTo,
      productLine: orNull(t.productLine),
      region: orNull(t.region),
      customerSegment: orNull(t.customerSegment),
      value: Number(t.value),
      achieved: Number(t.achieved),
      completion: rate(t.completion),
    })),
  };
}

export function churnAnalysisToJson(r: analyticsV1.GetChurnAnalysisResponse): ChurnAnalysisJson {
  const group = (g: analyticsV1.ChurnGroup) => ({
    key: g.key,
    customers: Number(g.customers),
    lostRevenue: moneyToJson(g.lostRevenue),
  });
  return {
    period: r.period,
    from: r.from,
    to: r.to,
    churnedCustomers: Number(r.churnedCustomers),
    lostRevenue: moneyToJson(r.lostRevenue),
    bySegment: r.bySegment.map(group),
    byReason: r.byReason.map(group),
  };
}

export function groupByToProto(groupBy: 'employee' | 'department' | undefined): analyticsV1.KpiGroupBy {
  if (groupBy === 'employee') return 'KPI_GROUP_BY_EMPLOYEE';
  if (groupBy === 'department') return 'KPI_GROUP_BY_DEPARTMENT';
  return 'KPI_GROUP_BY_UNSPECIFIED';
}
