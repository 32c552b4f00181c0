import type { fieldV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { factTable } from '../fact-table';
import { isStale, personKeyOf } from '../family-helpers';

export interface DailyReportFact {
  reportId: string;
  tenantId: string;
  version: number;
  employeeId: string;
  departmentPath: string;
  reportDate: string;
  submitted: boolean;
  late: boolean;
}

const table = factTable<DailyReportFact>('daily_report_facts', [
  { column: 'report_id', field: 'reportId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'employee_id', field: 'employeeId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'report_date', field: 'reportDate', kind: 'date' },
  { column: 'submitted', field: 'submitted', kind: 'boolean' },
  { column: 'late', field: 'late', kind: 'boolean' },
]);

/**
 * Daily reports (每日销售报告表): one report per rep and day counts as submitted on its report
 * date, on time unless its latest submission was `late`. A review or a return keeps it
 * submitted (it was); a resubmission after a return brings its own `late`. The rep's
 * department path is taken from the org replica when the report is first seen.
 */
export const dailyReportFamily: FactFamily<DailyReportFact> = {
  name: 'daily-report',
  eventTypes: ['field.daily_report.submitted', 'field.daily_report.reviewed', 'field.daily_report.returned'],
  factIdOf: (event) => (event.payload as fieldV1.DailyReportChanged).report?.id,
  ownersOf: (event) => [(event.payload as fieldV1.DailyReportChanged).report?.employeeId ?? ''],
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<fieldV1.DailyReportChanged>, context: FoldContext) {
    const report = event.payload.report;
    if (!report?.reportDate || isStale(previous, report.version)) return previous;
    return {
      reportId: report.id,
      tenantId: event.tenantId,
      version: Number(report.version),
      employeeId: report.employeeId,
      departmentPath: previous?.departmentPath ?? context.departmentPathOf(event.tenantId, report.employeeId),
      reportDate: report.reportDate,
      submitted: true,
      late: report.late,
    };
  },
  contributions(fact) {
    if (!fact.submitted) return [];
    return [
      {
        key: personKeyOf(fact.tenantId, fact.reportDate, fact.employeeId, fact.departmentPath),
        measures: { reports_submitted: 1, reports_on_time: fact.late ? 0 : 1 },
      },
    ];
  },
};
