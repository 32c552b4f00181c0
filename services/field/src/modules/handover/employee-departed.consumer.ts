import type { identityV1 } from '@salesflow/contracts';
import { type DomainEvent, type EventHandler, type OutboxOptions, replicatedEmployee } from '@salesflow/platform';
import type { FieldTransaction } from '../../database';
import { localDayOf } from '../calendar/local-day';
import { isUuid } from '../check-in/check-in.validation';
import { appendPlanEvent } from '../visit-plan/visit-plan.service';

export const HANDOVER_GROUP = 'field.handover';

export interface PlanHandoverResult {
  /** Future DRAFT/SUBMITTED plans now owned by the successor. */
  movedPlanIds: string[];
  /** Plans the successor already had a plan for that day: they stay with the leaver. */
  skippedPlanIds: string[];
  /** SUBMITTED plans waiting for the leaver's approval, now waiting for the successor's. */
  reassignedApprovalIds: string[];
}

/**
 * identity.employee.departed -> the leaver's DRAFT and SUBMITTED plans from today on go to
 * the successor, and plans waiting for the leaver's approval wait for the successor instead.
 * Past and decided plans stay: they are history. Without a successor nothing moves.
 */
export function handoverHandlers(
  outbox: OutboxOptions,
  timeZone: string,
  clock: () => Date = () => new Date(),
): Record<string, EventHandler<FieldTransaction>> {
  return {
    'identity.employee.departed': async (event, tx) => {
      await handOverPlans(tx, event as DomainEvent<identityV1.EmployeeDeparted>, outbox, timeZone, clock());
    },
  };
}

export async function handOverPlans(
  tx: FieldTransaction,
  event: DomainEvent<identityV1.EmployeeDeparted>,
  outbox: OutboxOptions,
  timeZone: string,
  now: Date,
): Promise<PlanHandoverResult> {
  const { tenantId } = event;
  const from = event.payload.employeeId || event.aggregateId;
  const to = event.payload.successorId;
  const result: PlanHandoverResult = { movedPlanIds: [], skippedPlanIds: [], reassignedApprovalIds: [] };
  if (!to || !isUuid(to) || to === from) return result;
  const today = new Date(`${localDayOf(now, timeZone).date}T00:00:00Z`);

  const successor = await replicatedEmployee(tx, tenantId, to);
  const successorManager = successor?.managerId && isUuid(successor.managerId) ? successor.managerId : null;
  const plans = await tx.visitPlan.findMany({
    where: { tenantId, employeeId: from, planDate: { gte: today }, status: { in: ['DRAFT', 'SUBMITTED'] } },
    orderBy: { planDate: 'asc' },
  });
  for (const plan of plans) {
    const taken = await tx.visitPlan.findFirst({
      where: { tenantId, employeeId: to, planDate: plan.planDate },
      select: { id: true },
    });
    if (taken) {
      result.skippedPlanIds.push(plan.id);
      continue;
    }
    const moved = await tx.visitPlan.update({
      where: { id: plan.id },
      // A submitted plan now waits for the successor's own supervisor.
      data: {
        employeeId: to,
        approverId: plan.status === 'SUBMITTED' ? successorManager : null,
        version: { increment: 1 },
        updatedAt: now,
      },
      include: { items: { orderBy: { position: 'asc' } } },
    });
    await appendPlanEvent(tx, 'field.plan.reassigned', moved, '', outbox);
    result.movedPlanIds.push(plan.id);
  }

  const waiting = await tx.visitPlan.findMany({
    where: { tenantId, approverId: from, status: 'SUBMITTED', employeeId: { not: to } },
  });
  for (const plan of waiting) {
    const reassigned = await tx.visitPlan.update({
      where: { id: plan.id },
      data: { approverId: to, version: { increment: 1 }, updatedAt: now },
      include: { items: { orderBy: { position: 'asc' } } },
    });
    await appendPlanEvent(tx, 'field.plan.reassigned', reassigned, '', outbox);
    result.reassignedApprovalIds.push(plan.id);
  }
  return result;
}
