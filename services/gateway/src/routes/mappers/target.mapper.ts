import { goalsV1 } from '@salesflow/contracts';
import type {
  CreateTargetBody,
  DecomposeTargetBody,
  GoalsSettingsJson,
  TargetNodeJson,
} from '../schemas/target.schemas';

const stripPrefix = (value: string, prefix: string) => (value.startsWith(prefix) ? value.slice(prefix.length) : value);

export function targetToJson(progress: goalsV1.TargetProgress): TargetNodeJson {
  const t = progress.target ?? goalsV1.Target.fromPartial({});
  return {
    id: t.id,
    metric: stripPrefix(t.metric, 'TARGET_METRIC_') as TargetNodeJson['metric'],
    periodKind: (t.periodKind || null) as TargetNodeJson['periodKind'],
    periodKey: t.periodKey || null,
    periodStart: t.periodStart,
    periodEnd: t.periodEnd,
    scope: stripPrefix(t.scope, 'TARGET_SCOPE_') as TargetNodeJson['scope'],
    scopeId: t.scopeId || null,
    productLine: t.productLine || null,
    region: t.region || null,
    customerSegment: t.customerSegment || null,
    parentId: t.parentId || null,
    locked: t.locked,
    value: Number(t.value),
    achieved: Number(progress.achieved),
    completionPercent: progress.completionPercent,
    expectedByNow: Number(progress.expectedByNow),
    expectedPercent: progress.expectedPercent,
    version: Number(t.version),
    createdAt: t.createdAt?.toISOString() ?? null,
    updatedAt: t.updatedAt?.toISOString() ?? null,
  };
}

export function metricToProto(metric: string | undefined): goalsV1.TargetMetric {
  return (metric ? `TARGET_METRIC_${metric}` : 'TARGET_METRIC_UNSPECIFIED') as goalsV1.TargetMetric;
}

export function scopeToProto(scope: string | undefined): goalsV1.TargetScope {
  return (scope ? `TARGET_SCOPE_${scope}` : 'TARGET_SCOPE_UNSPECIFIED') as goalsV1.TargetScope;
}

export function createTargetRequestFromJson(body: CreateTargetBody): goalsV1.CreateTargetNodeRequest {
  return {
    metric: metricToProto(body.metric),
    period: body.period ?? '',
    periodStart: body.periodStart ?? '',
    periodEnd: body.periodEnd ?? '',
    scope: scopeToProto(body.scope),
    scopeId: body.scopeId ?? '',
    value: String(body.value),
    parentId: body.parentId ?? '',
    productLine: body.productLine ?? '',
    region: body.region ?? '',
    customerSegment: body.customerSegment ?? '',
  };
}

export function decompositionFromJson(body: DecomposeTargetBody) {
  return {
    axis: `DECOMPOSITION_AXIS_${body.axis}` as goalsV1.DecompositionAxis,
    childPeriodKind: body.childPeriodKind ?? '',
    parts: (body.parts ?? []).map((p) => ({ key: p.key, weight: String(p.weight) })),
  };
}

export function goalsSettingsToJson(settings: goalsV1.GoalsSettings | undefined): GoalsSettingsJson {
  return {
    allowOverAllocation: settings?.allowOverAllocation ?? false,
    behindPaceMarginPercent: settings?.behindPaceMarginPercent ?? 0,
    leaderboardVisibleToAll: settings?.leaderboardVisibleToAll ?? false,
    version: Number(settings?.version ?? 0),
  };
}
