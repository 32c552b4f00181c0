import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { PoolClient } from 'pg';
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
 * Sets `advanced` on every move of these opportunities into a stage that a move of the same
 * opportunity at the same time or later left forward (not backwards, not into a LOST stage):
 * the funnel's "entries that later moved forward". Run after each batch's new moves are saved,
 * over all the moves of their opportunities, so it marks an entry whether its exit arrived in
 * this batch, an earlier one (the exit delivered first) or arrives later. Moves are immutable
 * and never deleted (except by a rebuild, which replays them), so the flag only ever turns on
 * and running this again, for a replay or redelivery, changes nothing. An opportunity's events
 * share a Kafka key (tenant + opportunity), so one partition's batches, which run in order,
 * hold all of its moves: no concurrent transaction saves another move of it unseen.
 */
async function markAdvancedEntries(client: PoolClient, moves: readonly StageMoveFact[]): Promise<void> {
  const opportunities = new Map(moves.map((m) => [`${m.tenantId}:${m.opportunityId}`, m]));
  if (opportunities.size === 0) return;
  const keys = [...opportunities.values()];
  await client.query(
    `UPDATE stage_move_facts e SET advanced = true
     FROM unnest($1::uuid[], $2::text[]) AS o(tenant_id, opportunity_id)
     WHERE e.tenant_id = o.tenant_id AND e.opportunity_id = o.opportunity_id AND NOT e.advanced
       AND EXISTS (
         SELECT 1 FROM stage_move_facts x
         WHERE x.tenant_id = e.tenant_id AND x.opportunity_id = e.opportunity_id
           AND x.from_stage_id = e.to_stage_id AND x.changed_at >= e.changed_at
           AND NOT x.backwards AND x.to_kind <> 'LOST')`,
    [keys.map((m) => m.tenantId), keys.map((m) => m.opportunityId)],
  );
}

/**
 * Stage moves: one immutable row per crm.opportunity.stage_changed (keyed by the event id),
 * carrying both stages and when the left stage was entered, which is all the funnel needs,
 * plus `advanced` (column only, set by markAdvancedEntries, never by the upsert).
 */
export const stageMoveFamily: FactFamily<StageMoveFact> = {
  name: 'stage-move',
  eventTypes: ['crm.opportunity.stage_changed'],
  factIdOf: (event) => event.id,
  load: table.load,
  async save(client, states) {
    await table.save(client, states);
    await markAdvancedEntries(client, states);
  },
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
