import type { fieldV1 } from '@salesflow/contracts';
import { appendToOutbox, type OutboxOptions } from '@salesflow/platform';
import type { FieldTransaction } from '../../database';
import type { ReportObligation } from '../../generated/prisma/client';
import { fromDateColumn } from '../shared/local-date';

export const OBLIGATION_SETTLED = 'field.report_obligation.settled';

export function reportObligationToProto(obligation: ReportObligation): fieldV1.ReportObligation {
  return {
    id: obligation.id,
    tenantId: obligation.tenantId,
    employeeId: obligation.employeeId,
    departmentPath: obligation.departmentPath,
    reportDate: fromDateColumn(obligation.reportDate),
    expected: obligation.expected,
    onTime: obligation.onTime,
    reportId: obligation.reportId ?? '',
    deadline: obligation.deadline,
    version: String(obligation.version),
    settledAt: obligation.settledAt,
  };
}

/** field.report_obligation.settled with the obligation as it now is (first settling or a re-settle). */
export async function announceObligation(
  tx: FieldTransaction,
  obligation: ReportObligation,
  outbox: OutboxOptions,
  occurredAt: Date,
  actorId = '',
): Promise<void> {
  await appendToOutbox(
    tx,
    {
      type: OBLIGATION_SETTLED,
      tenantId: obligation.tenantId,
      aggregateId: obligation.id,
      aggregateVersion: obligation.version,
      ...(actorId ? { actorId } : {}),
      payload: { obligation: reportObligationToProto(obligation) },
      occurredAt,
    },
    outbox,
  );
}

/**
 * Settling and re-settling a tenant's obligations take this transaction-scoped lock first, so
 * an absence approved while its day is being settled is seen by one or the other: either the
 * settling reads it as approved, or the approval finds the settled rows and flips them.
 */
export async function lockTenantObligations(tx: FieldTransaction, tenantId: string): Promise<void> {
  const key = `field.report_obligation:${tenantId}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}
