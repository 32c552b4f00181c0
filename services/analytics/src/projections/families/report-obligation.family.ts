import type { fieldV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { factTable } from '../fact-table';
import { isStale, personKeyOf } from '../family-helpers';

export interface ReportObligationFact {
  obligationId: string;
  tenantId: string;
  version: number;
  employeeId: string;
  departmentPath: string;
  reportDate: string;
  expected: boolean;
  onTime: boolean;
}

const table = factTable<ReportObligationFact>('report_obligation_facts', [
  { column: 'obligation_id', field: 'obligationId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'employee_id', field: 'employeeId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'report_date', field: 'reportDate', kind: 'date' },
  { column: 'expected', field: 'expected', kind: 'boolean' },
  { column: 'on_time', field: 'onTime', kind: 'boolean' },
]);

/**
 * Report obligations (issue 8): field settles, once a day's deadline has passed, whether each
 * person owed that day's report (`expected`, false when excused by approved leave or a trip)
 * and whether it came by the deadline (`onTime`). An expected day counts in `reports_expected`
 * on its report date, and in `reports_expected_on_time` when on time: report timeliness is
 * their ratio, so a day without a report counts against it. The department path is field's,
 * frozen at settling (the replica's here when field sent none); the latest version decides
 * (a later approved absence re-settles the day as not expected).
 */
export const reportObligationFamily: FactFamily<ReportObligationFact> = {
  name: 'report-obligation',
  eventTypes: ['field.report_obligation.settled'],
  factIdOf: (event) => (event.payload as fieldV1.ReportObligationSettled).obligation?.id,
  ownersOf: (event) => [(event.payload as fieldV1.ReportObligationSettled).obligation?.employeeId ?? ''],
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<fieldV1.ReportObligationSettled>, context: FoldContext) {
    const obligation = event.payload.obligation;
    if (!obligation?.reportDate || !obligation.employeeId || isStale(previous, obligation.version)) return previous;
    return {
      obligationId: obligation.id,
      tenantId: event.tenantId,
      version: Number(obligation.version),
      employeeId: obligation.employeeId,
      departmentPath:
        obligation.departmentPath ||
        previous?.departmentPath ||
        context.departmentPathOf(event.tenantId, obligation.employeeId),
      reportDate: obligation.reportDate,
      expected: obligation.expected,
      onTime: obligation.onTime,
    };
  },
  contributions(fact) {
    if (!fact.expected) return [];
    return [
      {
        key: personKeyOf(fact.tenantId, fact.reportDate, fact.employeeId, fact.departmentPath),
        measures: { reports_expected: 1, reports_expected_on_time: fact.onTime ? 1 : 0 },
      },
    ];
  },
};
