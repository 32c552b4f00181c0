import type { goalsV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily } from '../fact-family';
import { factTable } from '../fact-table';
import { isStale, stripPrefix } from '../family-helpers';

export interface TargetFact {
  targetId: string;
  tenantId: string;
  version: number;
  metric: string;
  scope: string;
  scopeId: string;
  parentId: string;
  periodStart: string;
  periodEnd: string;
  periodKey: string;
  productLine: string;
  region: string;
  segment: string;
  value: number;
  achieved: number;
  /** goals.target.deleted: a tombstone, so that no older event of the node revives it. */
  deleted: boolean;
}

const table = factTable<TargetFact>('target_facts', [
  { column: 'target_id', field: 'targetId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'metric', field: 'metric', kind: 'text' },
  { column: 'scope', field: 'scope', kind: 'text' },
  { column: 'scope_id', field: 'scopeId', kind: 'text' },
  { column: 'parent_id', field: 'parentId', kind: 'text' },
  { column: 'period_start', field: 'periodStart', kind: 'date' },
  { column: 'period_end', field: 'periodEnd', kind: 'date' },
  { column: 'period_key', field: 'periodKey', kind: 'text' },
  { column: 'product_line', field: 'productLine', kind: 'text' },
  { column: 'region', field: 'region', kind: 'text' },
  { column: 'segment', field: 'segment', kind: 'text' },
  { column: 'value', field: 'value', kind: 'bigint' },
  { column: 'achieved', field: 'achieved', kind: 'bigint' },
  { column: 'deleted', field: 'deleted', kind: 'boolean' },
]);

type TargetPayload =
  | goalsV1.TargetCreated
  | goalsV1.TargetChanged
  | goalsV1.TargetProgressChanged
  | goalsV1.TargetDeleted;

/** The nodes an event carries: its target, or a decomposition's parent and children. */
function targetsOf(event: DomainEvent): goalsV1.Target[] {
  if (event.type === 'goals.target.decomposed') {
    const d = event.payload as goalsV1.TargetDecomposed;
    return [...(d.parent ? [d.parent] : []), ...d.children];
  }
  const target = (event.payload as TargetPayload).target;
  return target ? [target] : [];
}

function factOf(tenantId: string, target: goalsV1.Target, deleted: boolean): TargetFact {
  return {
    targetId: target.id,
    tenantId,
    version: Number(target.version),
    metric: stripPrefix(target.metric, 'TARGET_METRIC_'),
    scope: stripPrefix(target.scope, 'TARGET_SCOPE_'),
    scopeId: target.scopeId,
    parentId: target.parentId,
    periodStart: target.periodStart,
    periodEnd: target.periodEnd,
    periodKey: target.periodKey,
    productLine: target.productLine,
    region: target.region,
    segment: target.customerSegment,
    value: Number(target.value),
    achieved: Number(target.achieved),
    deleted,
  };
}

/**
 * Goals target nodes: the latest value and achieved of each node (goals bumps the node's
 * version with every progress change), for target completion = achieved / value. Nothing
 * goes to the daily rollups: completion is per node, not a sum over days.
 *
 * A decomposition carries the parent and every child; the projector folds one fact per
 * event, so the event's fact is its parent and the children arrive with their own
 * goals.target.created events (the decomposition event only adds what they already say).
 * A deleted node stays as a tombstone row (`deleted`) that target completion leaves out.
 */
export const targetFamily: FactFamily<TargetFact> = {
  name: 'target',
  eventTypes: [
    'goals.target.created',
    'goals.target.updated',
    'goals.target.reassigned',
    'goals.target.decomposed',
    'goals.target.progress_changed',
    'goals.target.completed',
    'goals.target.behind_pace',
    'goals.target.deleted',
  ],
  factIdOf: (event) => targetsOf(event)[0]?.id,
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent) {
    const target = targetsOf(event)[0];
    if (!target?.periodStart || !target.periodEnd || isStale(previous, target.version)) return previous;
    // The deletion carries a version one past the node's last, so it wins over every earlier event.
    return factOf(event.tenantId, target, event.type === 'goals.target.deleted');
  },
  contributions: () => [],
};
