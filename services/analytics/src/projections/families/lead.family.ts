import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { factTable } from '../fact-table';
import { keyOf } from '../family-helpers';

export interface LeadFactState {
  leadId: string;
  tenantId: string;
  source: string;
  ownerId: string | null;
  createdAt: string;
  createdOn: string | null;
  departmentPath: string;
  convertedAt: string | null;
}

const table = factTable<LeadFactState>('lead_facts', [
  { column: 'lead_id', field: 'leadId', kind: 'uuid' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'source', field: 'source', kind: 'text' },
  { column: 'owner_id', field: 'ownerId', kind: 'uuid' },
  { column: 'created_at', field: 'createdAt', kind: 'timestamptz' },
  { column: 'created_on', field: 'createdOn', kind: 'date' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'converted_at', field: 'convertedAt', kind: 'timestamptz' },
]);

/**
 * Leads: counted on their creation day for the owner at creation; a conversion marks the
 * lead, so the conversion rate of a period is converted / created among that period's leads.
 */
export const leadFamily: FactFamily<LeadFactState> = {
  name: 'lead',
  eventTypes: ['crm.lead.created', 'crm.lead.converted'],
  factIdOf: (event) => (event.payload as crmV1.LeadCreated).lead?.id,
  ownersOf: (event) => [(event.payload as crmV1.LeadCreated).lead?.ownerId ?? ''],
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<crmV1.LeadCreated | crmV1.LeadConverted>, context: FoldContext) {
    const lead = event.payload.lead;
    if (!lead) return previous;
    const createdAt = lead.createdAt ?? event.occurredAt;
    const converted = event.type === 'crm.lead.converted' ? (lead.convertedAt ?? event.occurredAt).toISOString() : null;
    if (previous) {
      if (!converted || previous.convertedAt) return previous;
      return { ...previous, convertedAt: converted };
    }
    return {
      leadId: lead.id,
      tenantId: event.tenantId,
      source: lead.source,
      ownerId: lead.ownerId || null,
      createdAt: createdAt.toISOString(),
      createdOn: context.dayOf(createdAt),
      departmentPath: lead.ownerId ? context.departmentPathOf(event.tenantId, lead.ownerId) : '',
      convertedAt: converted,
    };
  },
  contributions(fact) {
    if (!fact.createdOn) return [];
    const owner = { ownerId: fact.ownerId ?? '', departmentPath: fact.departmentPath, region: '', segment: '' };
    return [
      {
        key: keyOf(fact.tenantId, fact.createdOn, owner),
        measures: { leads: 1, converted_leads: fact.convertedAt ? 1 : 0 },
      },
    ];
  },
};
