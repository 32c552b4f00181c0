import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily } from '../fact-family';
import { factTable } from '../fact-table';
import { minorOf, stripPrefix } from '../family-helpers';

export interface StageMoveFact {
  moveId: string;
  tenantId: string;
  opportunityId: string;
  ownerId: string;
  departmentPath: string;
  fromStageId: string;
  fromStageName: string;
  fromPosition: number;
  toStageId: string;
  toStageName: string;
  toPosition: number;
  toKind: string;
  amountMinor: number;
  backwards: boolean;
  fromEnteredAt: string | null;
  changedAt: string;
}

const table = factTable<StageMoveFact>('stage_move_facts', [
  { column: 'move_id', field: 'moveId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'opportunity_id', field: 'opportunityId', kind: 'text' },
  { column: 'owner_id', field: 'ownerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'from_stage_id', field: 'fromStageId', kind: 'text' },
  { column: 'from_stage_name', field: 'fromStageName', kind: 'text' },
  { column: 'from_position', field: 'fromPosition', kind: 'int' },
  { column: 'to_stage_id', field: 'toStageId', kind: 'text' },
  { column: 'to_stage_name', field: 'toStageName', kind: 'text' },
  { column: 'to_position', field: 'toPosition', kind: 'int' },
  { column: 'to_kind', field: 'toKind', kind: 'text' },
  { column: 'amount_minor', field: 'amountMinor', kind: 'bigint' },
  { column: 'backwards', field: 'backwards', kind: 'boolean' },
  { column: 'from_entered_at', field: 'fromEnteredAt', kind: 'timestamptz' },
  { column: 'changed_at', field: 'changedAt', kind: 'timestamptz' },
]);

/**
 * Stage moves: one immutable row per crm.opportunity.stage_changed (keyed by the event id),
 * carrying both stages and when the left stage was entered, which is all the funnel needs.
 */
export const stageMoveFamily: FactFamily<StageMoveFact> = {
  name: 'stage-move',
  eventTypes: ['crm.opportunity.stage_changed'],
  factIdOf: (event) => event.id,
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<crmV1.OpportunityStageChanged>) {
    const { opportunity, change, fromStage, toStage, attribution } = event.payload;
    if (!opportunity || previous) return previous;
    return {
      moveId: event.id,
      tenantId: event.tenantId,
      opportunityId: opportunity.id,
      ownerId: attribution?.ownerId || opportunity.ownerId,
      departmentPath: attribution?.departmentPath ?? '',
      fromStageId: change?.fromStageId || fromStage?.id || '',
      fromStageName: fromStage?.name ?? '',
      fromPosition: fromStage?.position ?? 0,
      toStageId: change?.toStageId || toStage?.id || '',
      toStageName: toStage?.name ?? '',
      toPosition: toStage?.position ?? 0,
      toKind: stripPrefix(toStage?.kind ?? '', 'STAGE_KIND_'),
      amountMinor: minorOf(opportunity.amount),
      backwards: change?.backwards ?? false,
      fromEnteredAt: event.payload.fromStageEnteredAt?.toISOString() ?? null,
      changedAt: (change?.changedAt ?? event.occurredAt).toISOString(),
    };
  },
  contributions: () => [],
};
