import type { DomainEvent, Logger } from '@salesflow/platform';
import type { Pool, PoolClient } from 'pg';
import { contractReconciliation } from './families/contract.reconciliation';
import { expenseReconciliation } from './families/expense.reconciliation';
import { paymentReconciliation } from './families/payment.reconciliation';
import { reportObligationReconciliation } from './families/report-obligation.reconciliation';
import { taskReconciliation } from './families/task.reconciliation';
import { visitReconciliation } from './families/visit.reconciliation';
import { Reconciler } from './reconciler';
import type { FamilyReconciler } from './reconciliation.scheduler';
import { CrmContractSource } from './sources/contract.source';
import { FieldExpenseSource } from './sources/expense.source';
import { CrmPaymentSource } from './sources/payment.source';
import { FieldReportObligationSource } from './sources/report-obligation.source';
import { GoalsTaskSource } from './sources/task.source';
import { FieldVisitSource } from './sources/visit.source';

/**
 * One reconciler per reconciled family, each with its source service's gRPC reader:
 * contracts and payments from crm, visits, expenses and report obligations from field, tasks
 * from goals.
 */
export function createSourceReconcilers(options: {
  pool: Pool;
  applyEvents: (events: readonly DomainEvent[], client: PoolClient) => Promise<void>;
  dayOf: (instant: Date) => string;
  log: Logger;
  addresses: { crm: string; field: string; goals: string };
}): { reconcilers: FamilyReconciler[]; close(): void } {
  const { pool, applyEvents, log, addresses } = options;
  const contracts = new CrmContractSource(addresses.crm);
  const payments = new CrmPaymentSource(addresses.crm);
  const visits = new FieldVisitSource(addresses.field);
  const expenses = new FieldExpenseSource(addresses.field);
  const tasks = new GoalsTaskSource(addresses.goals);
  const obligations = new FieldReportObligationSource(addresses.field);
  return {
    reconcilers: [
      new Reconciler(pool, contractReconciliation, contracts, applyEvents, log),
      new Reconciler(pool, paymentReconciliation, payments, applyEvents, log),
      new Reconciler(pool, visitReconciliation, visits, applyEvents, log),
      new Reconciler(pool, expenseReconciliation, expenses, applyEvents, log),
      new Reconciler(pool, taskReconciliation(options.dayOf), tasks, applyEvents, log),
      new Reconciler(pool, reportObligationReconciliation, obligations, applyEvents, log),
    ],
    close() {
      for (const source of [contracts, payments, visits, expenses, tasks, obligations]) source.close();
    },
  };
}
