import { fieldV1 } from '@salesflow/contracts';
import { type ReconciledFamily, repairEvent } from '../reconciled-family';

/**
 * Daily-report obligations (report timeliness) on their report date: how many reports were
 * expected and how many of those came on time, against field's settled obligations. The
 * obligation carries the department path field froze when settling it, so `eventOf` ignores
 * the attribution (as the projector does when the event has a path).
 */
export const reportObligationReconciliation: ReconciledFamily<fieldV1.ReportObligation> = {
  name: 'report obligations',
  source: 'field',
  measures: ['reports_expected', 'reports_expected_on_time'],
  facts: {
    table: 'report_obligation_facts',
    id: 'obligation_id',
    day: 'report_date',
    counted: 'expected',
    owner: 'employee_id',
    attributed: false,
  },
  recordOf(obligation) {
    return {
      id: obligation.id,
      version: Number(obligation.version),
      day: obligation.reportDate,
      measures: obligation.expected ? { reports_expected: 1, reports_expected_on_time: obligation.onTime ? 1 : 0 } : {},
      ownerId: obligation.employeeId,
      customerId: '',
      state: obligation,
    };
  },
  eventOf(record, tenantId) {
    return repairEvent(
      'report-obligation',
      record,
      tenantId,
      'field.report_obligation.settled',
      fieldV1.ReportObligationSettled.fromPartial({ obligation: record.state }),
    );
  },
};
