import type { identityV1 } from '@salesflow/contracts';
import { type DomainEvent, type EventHandler, type OutboxOptions, replicatedEmployee } from '@salesflow/platform';
import type { FieldTransaction } from '../../database';
import { absenceEventPrefix, announceAbsence } from '../attendance/absence.service';
import { localDayOf } from '../calendar/local-day';
import { isUuid } from '../check-in/check-in.validation';
import { announceExpense } from '../expense/expense.service';
import { appendPlanEvent } from '../visit-plan/visit-plan.service';

export const HANDOVER_GROUP = 'field.handover';

export interface PlanHandoverResult {
  /** Future plans (any status) now owned by the successor. */
  movedPlanIds: string[];
  /** Plans the successor already had a plan for that day: they stay with the leaver. */
  skippedPlanIds: string[];
  /** SUBMITTED plans waiting for the leaver's approval, now waiting for the successor's. */
  reassignedApprovalIds: string[];
}

/** Leave/trip requests and expenses that were waiting for the leaver's decision. */
export interface ApprovalHandoverResult {
  /** Pending requests now waiting for the successor or the leaver's own supervisor. */
  absenceRequestIds: string[];
  expenseIds: string[];
  /** Pending requests nobody can take over (no successor, no supervisor): still the leaver's. */
  strandedIds: string[];
}

/**
 * identity.employee.departed -> the leaver's visit plans from today on go to the successor,
 * and what waited for the leaver's decision (plans, leave and trip requests, expenses) waits
 * for the successor instead. Past plans and decided requests stay: they are history.
 */
export function handoverHandlers(
  outbox: OutboxOptions,
  timeZone: string,
  clock: () => Date = () => new Date(),
): Record<string, EventHandler<FieldTransaction>> {
  return {
    'identity.employee.departed': async (event, tx) => {
      const departed = event as DomainEvent<identityV1.EmployeeDeparted>;
      const now = clock();
      await handOverPlans(tx, departed, outbox, timeZone, now);
      await handOverApprovals(tx, departed, outbox, now);
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
  // Every future plan, decided or not: the leaver will make none of these visits. An
  // approved plan stays approved (its visits were agreed); a draft or rejected one is the
  // successor's to edit and submit.
  const plans = await tx.visitPlan.findMany({
    where: { tenantId, employeeId: from, planDate: { gte: today } },
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
      // A submitted plan now waits for the successor's own supervisor; an approved one keeps
      // the approver who agreed to it.
      data: {
        employeeId: to,
        approverId:
          plan.status === 'SUBMITTED' ? successorManager : plan.status === 'APPROVED' ? plan.approverId : null,
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

/**
 * Pending leave/trip requests and expenses addressed to the leaver go to the successor; a
 * request of the successor's own (nobody decides their own request), or every one when
 * there is no successor, goes up to the leaver's own supervisor instead. A request that
 * nobody can take over stays addressed to the leaver, and the result says so.
 * Approvals are checked against the stored approver, so this is what lets someone decide.
 */
export async function handOverApprovals(
  tx: FieldTransaction,
  event: DomainEvent<identityV1.EmployeeDeparted>,
  outbox: OutboxOptions,
  now: Date,
): Promise<ApprovalHandoverResult> {
  const { tenantId } = event;
  const from = event.payload.employeeId || event.aggregateId;
  const result: ApprovalHandoverResult = { absenceRequestIds: [], expenseIds: [], strandedIds: [] };
  if (!isUuid(from)) return result;
  const successor = event.payload.successorId;
  const to = successor && isUuid(successor) && successor !== from ? successor : null;
  // The leaver's supervisor as identity sent it, else as the org replica last knew it.
  const named = event.payload.employee?.managerId || (await replicatedEmployee(tx, tenantId, from))?.managerId;
  const supervisor = named && isUuid(named) && named !== from ? named : null;
  const approverFor = (requesterId: string) =>
    to && requesterId !== to ? to : supervisor && requesterId !== supervisor ? supervisor : null;

  const absences = await tx.absenceRequest.findMany({
    where: { tenantId, approverId: from, status: 'PENDING' },
    select: { id: true, employeeId: true, kind: true },
  });
  for (const request of absences) {
    const approverId = approverFor(request.employeeId);
    if (!approverId) {
      result.strandedIds.push(request.id);
      continue;
    }
    const moved = await tx.absenceRequest.update({
      where: { id: request.id },
      data: { approverId, version: { increment: 1 } },
    });
    // Tells the new approver (notifications) that a request waits for them.
    await announceAbsence(tx, moved, `${absenceEventPrefix(moved.kind)}.reassigned`, '', outbox, now);
    result.absenceRequestIds.push(request.id);
  }
  const expenses = await tx.expense.findMany({
    where: { tenantId, approverId: from, status: 'PENDING' },
    select: { id: true, employeeId: true },
  });
  for (const expense of expenses) {
    const approverId = approverFor(expense.employeeId);
    if (!approverId) {
      result.strandedIds.push(expense.id);
      continue;
    }
    const moved = await tx.expense.update({
      where: { id: expense.id },
      data: { approverId, version: { increment: 1 } },
    });
    await announceExpense(tx, moved, 'field.expense.reassigned', '', outbox, now);
    result.expenseIds.push(expense.id);
  }
  return result;
}
