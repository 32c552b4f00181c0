import type { goalsV1 } from '@salesflow/contracts';
import type { Target, TargetMetric, TargetScope } from '../../generated/prisma/client';
import { formatIsoDate } from './target.validation';

const PROTO_PREFIX_METRIC = 'TARGET_METRIC_';
const PROTO_PREFIX_SCOPE = 'TARGET_SCOPE_';

export function metricToProto(metric: TargetMetric): goalsV1.TargetMetric {
  return `${PROTO_PREFIX_METRIC}${metric}` as goalsV1.TargetMetric;
}

/**
 * UNSPECIFIED maps to undefined ("not given"); anything else keeps its name without the
 * prefix, so validation can tell a missing metric from one this build does not know.
 */
export function metricFromProto(metric: goalsV1.TargetMetric | undefined): string | undefined {
  return fromProto(metric, PROTO_PREFIX_METRIC);
}

export function scopeToProto(scope: TargetScope): goalsV1.TargetScope {
  return `${PROTO_PREFIX_SCOPE}${scope}` as goalsV1.TargetScope;
}

export function scopeFromProto(scope: goalsV1.TargetScope | undefined): string | undefined {
  return fromProto(scope, PROTO_PREFIX_SCOPE);
}

function fromProto(value: string | undefined, prefix: string): string | undefined {
  if (!value || value === `${prefix}UNSPECIFIED`) return undefined;
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

export function targetToProto(target: Target): goalsV1.Target {
  return {
    id: target.id,
    tenantId: target.tenantId,
    metric: metricToProto(target.metric),
    periodStart: formatIsoDate(target.periodStart),
    periodEnd: formatIsoDate(target.periodEnd),
    scope: scopeToProto(target.scope),
    scopeId: target.scopeId ?? '',
    value: target.value.toString(),
    parentId: target.parentId ?? '',
    version: String(target.version),
    createdAt: target.createdAt,
    periodKind: target.periodKind ?? '',
    periodKey: target.periodKey ?? '',
    productLine: target.productLine ?? '',
    region: target.region ?? '',
    customerSegment: target.customerSegment ?? '',
    locked: target.locked,
    achieved: target.achieved.toString(),
    updatedAt: target.updatedAt,
  };
}
