import { fieldV1 } from '@salesflow/contracts';
import { type ReconciledFamily, repairEvent } from '../reconciled-family';

/** Completed visits (拜访) on their local day, and how many were effective, against field. */
export const visitReconciliation: ReconciledFamily<fieldV1.Visit> = {
  name: 'visits',
  source: 'field',
  measures: ['visits', 'effective_visits'],
  facts: {
    table: 'visit_facts',
    id: 'visit_id',
    day: 'local_date',
    counted: 'true',
    owner: 'employee_id',
    attributed: true,
  },
  recordOf(visit) {
    return {
      id: visit.id,
      version: Number(visit.version),
      day: visit.localDate,
      // field lists visits once checked out: every one is completed.
      measures: { visits: 1, effective_visits: visit.effective ? 1 : 0 },
      ownerId: visit.employeeId,
      customerId: visit.customerId,
      state: visit,
    };
  },
  eventOf(record, tenantId, attribution) {
    const visit = record.state;
    return repairEvent(
      'visit',
      record,
      tenantId,
      visit.effective ? 'field.visit.effective' : 'field.visit.completed',
      fieldV1.VisitRecorded.fromPartial({ visit, attribution }),
    );
  },
};
