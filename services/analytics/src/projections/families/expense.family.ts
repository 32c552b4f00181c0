import type { fieldV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily } from '../fact-family';
import { factTable } from '../fact-table';
import { attributionFields, isStale, keyOf, minorOf, stripPrefix } from '../family-helpers';

export interface ExpenseFact {
  expenseId: string;
  tenantId: string;
  version: number;
  status: string;
  ownerId: string;
  departmentPath: string;
  customerId: string;
  region: string;
  segment: string;
  expenseDate: string;
  amountMinor: number;
  currency: string;
}

const table = factTable<ExpenseFact>('expense_facts', [
  { column: 'expense_id', field: 'expenseId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'status', field: 'status', kind: 'text' },
  { column: 'owner_id', field: 'ownerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'customer_id', field: 'customerId', kind: 'text' },
  { column: 'region', field: 'region', kind: 'text' },
  { column: 'segment', field: 'segment', kind: 'text' },
  { column: 'expense_date', field: 'expenseDate', kind: 'date' },
  { column: 'amount_minor', field: 'amountMinor', kind: 'bigint' },
  { column: 'currency', field: 'currency', kind: 'text' },
]);

/**
 * Expenses (费用): an approved expense is sales cost on its expense date, for the person and
 * department frozen when it was submitted (the event's attribution). Pending and rejected
 * ones are kept but count nothing; the latest version decides.
 */
export const expenseFamily: FactFamily<ExpenseFact> = {
  name: 'expense',
  eventTypes: ['field.expense.submitted', 'field.expense.approved', 'field.expense.rejected'],
  factIdOf: (event) => (event.payload as fieldV1.ExpenseChanged).expense?.id,
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<fieldV1.ExpenseChanged>) {
    const expense = event.payload.expense;
    if (!expense?.expenseDate || isStale(previous, expense.version)) return previous;
    return {
      expenseId: expense.id,
      tenantId: event.tenantId,
      version: Number(expense.version),
      status: stripPrefix(expense.status, 'APPROVAL_STATUS_'),
      ...attributionFields(event.payload.attribution, expense.employeeId),
      customerId: event.payload.attribution?.customerId || expense.customerId,
      expenseDate: expense.expenseDate,
      amountMinor: minorOf(expense.amount),
      currency: expense.amount?.currency ?? '',
    };
  },
  contributions(fact) {
    if (fact.status !== 'APPROVED') return [];
    return [
      {
        key: keyOf(fact.tenantId, fact.expenseDate, fact),
        measures: { sales_cost_minor: fact.amountMinor, expenses: 1 },
      },
    ];
  },
};
