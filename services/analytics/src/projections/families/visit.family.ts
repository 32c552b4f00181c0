import type { fieldV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily } from '../fact-family';
import { factTable } from '../fact-table';
import { attributionFields, keyOf } from '../family-helpers';

export interface VisitFact {
  visitId: string;
  tenantId: string;
  version: number;
  ownerId: string;
  departmentPath: string;
  customerId: string;
  region: string;
  segment: string;
  localDate: string;
  effective: boolean;
}

const table = factTable<VisitFact>('visit_facts', [
  { column: 'visit_id', field: 'visitId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'employee_id', field: 'ownerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'customer_id', field: 'customerId', kind: 'text' },
  { column: 'region', field: 'region', kind: 'text' },
  { column: 'segment', field: 'segment', kind: 'text' },
  { column: 'local_date', field: 'localDate', kind: 'date' },
  { column: 'effective', field: 'effective', kind: 'boolean' },
]);

/**
 * Visits (拜访): completed visits on their local date; `effective` is sticky once either the
 * effective event or a visit flagged effective was seen, whatever the arrival order.
 */
export const visitFamily: FactFamily<VisitFact> = {
  name: 'visit',
  eventTypes: ['field.visit.completed', 'field.visit.effective'],
  factIdOf: (event) => (event.payload as fieldV1.VisitRecorded).visit?.id,
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<fieldV1.VisitRecorded>) {
    const visit = event.payload.visit;
    if (!visit) return previous;
    const effective = Boolean(previous?.effective) || visit.effective || event.type === 'field.visit.effective';
    const newer = !previous || Number(visit.version) > previous.version;
    if (!newer && previous) return effective === previous.effective ? previous : { ...previous, effective };
    return {
      visitId: visit.id,
      tenantId: event.tenantId,
      version: Number(visit.version),
      ...attributionFields(event.payload.attribution, visit.employeeId),
      customerId: event.payload.attribution?.customerId || visit.customerId,
      localDate: visit.localDate,
      effective,
    };
  },
  contributions(fact) {
    if (!fact.localDate) return [];
    return [
      {
        key: keyOf(fact.tenantId, fact.localDate, fact),
        measures: { visits: 1, effective_visits: fact.effective ? 1 : 0 },
      },
    ];
  },
};
