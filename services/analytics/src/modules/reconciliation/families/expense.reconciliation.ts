import { fieldV1 } from '@salesflow/contracts';
import { type ReconciledFamily, repairEvent } from '../reconciled-family';

const EVENT_OF_STATUS: Partial<Record<fieldV1.ApprovalStatus, string>> = {
  APPROVAL_STATUS_APPROVED: 'field.expense.approved',
  APPROVAL_STATUS_REJECTED: 'field.expense.rejected',
};

/** Approved expenses (费用, sales cost) on their expense date: count and amount, against field. */
export const expenseReconciliation: ReconciledFamily<fieldV1.Expense> = {
  name: 'expenses',
  source: 'field',
  measures: ['expenses', 'sales_cost_minor'],
  facts: {
    table: 'expense_facts',
    id: 'expense_id',
    day: 'expense_date',
    counted: `status = 'APPROVED'`,
    owner: 'owner_id',
    attributed: true,
  },
  recordOf(expense) {
    const approved = expense.status === 'APPROVAL_STATUS_APPROVED';
    return {
      id: expense.id,
      version: Number(expense.version),
      day: expense.expenseDate,
      measures: approved ? { expenses: 1, sales_cost_minor: Number(expense.amount?.amountMinor ?? 0) } : {},
      ownerId: expense.employeeId,
      customerId: expense.customerId,
      state: expense,
    };
  },
  eventOf(record, tenantId, attribution) {
    const expense = record.state;
    return repairEvent(
      'expense',
      record,
      tenantId,
      EVENT_OF_STATUS[expense.status] ?? 'field.expense.submitted',
      fieldV1.ExpenseChanged.fromPartial({ expense, attribution }),
    );
  },
};
