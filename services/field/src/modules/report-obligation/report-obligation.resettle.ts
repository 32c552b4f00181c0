import type { OutboxOptions } from '@salesflow/platform';
import type { FieldTransaction } from '../../database';
import { dateColumn, datesBetween, fromDateColumn } from '../shared/local-date';
import { announceObligation, lockTenantObligations } from './report-obligation.events';

/**
 * After an absence of `employeeId` over [from, to] changed status: the settled obligations of
 * those days whose `expected` no longer matches the approved absences are re-settled (version
 * + 1, announced) in the caller's transaction. Days not settled yet need nothing: settling reads
 * the absences then. `on_time` never changes here: a report submitted after settling is late.
 */
export async function resettleExcusedDays(
  tx: FieldTransaction,
  change: { tenantId: string; employeeId: string; from: string; to: string; actorId: string },
  outbox: OutboxOptions,
  now: Date,
): Promise<number> {
  await lockTenantObligations(tx, change.tenantId);
  const obligations = await tx.reportObligation.findMany({
    where: {
      tenantId: change.tenantId,
      employeeId: change.employeeId,
      reportDate: { gte: dateColumn(change.from), lte: dateColumn(change.to) },
    },
  });
  if (obligations.length === 0) return 0;
  const approved = await tx.absenceRequest.findMany({
    where: {
      tenantId: change.tenantId,
      employeeId: change.employeeId,
      status: 'APPROVED',
      startDate: { lte: dateColumn(change.to) },
      endDate: { gte: dateColumn(change.from) },
    },
    select: { startDate: true, endDate: true },
  });
  const excused = new Set(
    approved.flatMap((a) => datesBetween(fromDateColumn(a.startDate), fromDateColumn(a.endDate))),
  );
  let changed = 0;
  for (const obligation of obligations) {
    const expected = !excused.has(fromDateColumn(obligation.reportDate));
    if (obligation.expected === expected) continue;
    const updated = await tx.reportObligation.update({
      where: { id: obligation.id },
      data: { expected, version: { increment: 1 }, updatedAt: now },
    });
    await announceObligation(tx, updated, outbox, now, change.actorId);
    changed += 1;
  }
  return changed;
}
