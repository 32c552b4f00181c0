import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { factTable } from '../fact-table';
import { attributionFields, isStale, keyOf, minorOf, stripPrefix } from '../family-helpers';

export interface OpportunityFact {
  opportunityId: string;
  tenantId: string;
  version: number;
  ownerId: string;
  departmentPath: string;
  region: string;
  segment: string;
  productLine: string;
  amountMinor: number;
  status: string;
  closedOn: string | null;
  lostReason: string;
}

const table = factTable<OpportunityFact>('opportunity_facts', [
  { column: 'opportunity_id', field: 'opportunityId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'owner_id', field: 'ownerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'region', field: 'region', kind: 'text' },
  { column: 'segment', field: 'segment', kind: 'text' },
  { column: 'product_line', field: 'productLine', kind: 'text' },
  { column: 'amount_minor', field: 'amountMinor', kind: 'bigint' },
  { column: 'status', field: 'status', kind: 'text' },
  { column: 'closed_on', field: 'closedOn', kind: 'date' },
  { column: 'lost_reason', field: 'lostReason', kind: 'text' },
]);

/** Opportunities (商机), latest state: won and lost count on the day they closed (win rate). */
export const opportunityFamily: FactFamily<OpportunityFact> = {
  name: 'opportunity',
  eventTypes: [
    'crm.opportunity.created',
    'crm.opportunity.updated',
    'crm.opportunity.amount_changed',
    'crm.opportunity.won',
    'crm.opportunity.lost',
    'crm.opportunity.reassigned',
    'crm.opportunity.stage_changed',
  ],
  factIdOf: (event) => (event.payload as crmV1.OpportunityChanged).opportunity?.id,
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<crmV1.OpportunityChanged>, context: FoldContext) {
    const opportunity = event.payload.opportunity;
    if (!opportunity || isStale(previous, opportunity.version)) return previous;
    const status = stripPrefix(opportunity.status, 'OPPORTUNITY_STATUS_');
    const closed = status === 'WON' || status === 'LOST';
    return {
      opportunityId: opportunity.id,
      tenantId: event.tenantId,
      version: Number(opportunity.version),
      ...attributionFields(event.payload.attribution, opportunity.ownerId),
      productLine: opportunity.productLine,
      amountMinor: minorOf(opportunity.amount),
      status,
      closedOn: closed ? context.dayOf(opportunity.closedAt ?? event.occurredAt) : null,
      lostReason: status === 'LOST' ? opportunity.lostReason : '',
    };
  },
  contributions(fact) {
    if (!fact.closedOn) return [];
    const key = keyOf(fact.tenantId, fact.closedOn, fact, fact.productLine);
    if (fact.status === 'WON') return [{ key, measures: { won: 1, won_amount_minor: fact.amountMinor } }];
    if (fact.status === 'LOST') return [{ key, measures: { lost: 1 } }];
    return [];
  },
};
