import type { fieldV1 } from '@salesflow/contracts';
import type { VisitPlan, VisitPlanItem } from '../../generated/prisma/client';
import { isoDate } from '../visit/visit.mapper';

export type VisitPlanWithItems = VisitPlan & { items: VisitPlanItem[] };

export function visitPlanToProto(plan: VisitPlanWithItems): fieldV1.VisitPlan {
  return {
    id: plan.id,
    tenantId: plan.tenantId,
    employeeId: plan.employeeId,
    planDate: isoDate(plan.planDate),
    status: `VISIT_PLAN_STATUS_${plan.status}` as fieldV1.VisitPlanStatus,
    items: [...plan.items]
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        id: item.id,
        customerId: item.customerId,
        plannedTime: item.plannedTime,
        purpose: `VISIT_PURPOSE_${item.purpose}` as fieldV1.VisitPurpose,
        notes: item.notes,
      })),
    approverId: plan.approverId ?? '',
    ...(plan.submittedAt ? { submittedAt: plan.submittedAt } : {}),
    ...(plan.decidedAt ? { decidedAt: plan.decidedAt } : {}),
    decidedBy: plan.decidedBy ?? '',
    decisionComment: plan.decisionComment,
    version: String(plan.version),
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  };
}

/** The proto purpose without its prefix; UNSPECIFIED reads as not given. */
export function purposeFromProto(purpose: fieldV1.VisitPurpose | undefined): string | undefined {
  if (!purpose || purpose === 'VISIT_PURPOSE_UNSPECIFIED') return undefined;
  return purpose.replace(/^VISIT_PURPOSE_/, '');
}
