import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type VisitPlanErrorReason =
  | 'PLAN_NOT_FOUND'
  | 'PLAN_EXISTS'
  | 'PLAN_NOT_EDITABLE'
  | 'PLAN_NOT_SUBMITTED'
  | 'NOT_THE_APPROVER'
  | 'OWN_PLAN'
  | 'VERSION_MISMATCH';

export class VisitPlanError extends ServiceError {
  override readonly name = 'VisitPlanError';

  constructor(code: ServiceErrorCode, reason: VisitPlanErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): VisitPlanError {
    return new VisitPlanError('NOT_FOUND', 'PLAN_NOT_FOUND', `visit plan ${id} not found`);
  }

  static exists(date: string): VisitPlanError {
    return new VisitPlanError('ALREADY_EXISTS', 'PLAN_EXISTS', `you already have a visit plan for ${date}`);
  }

  /** Only a draft, or a rejected plan being reworked, can change or be submitted. */
  static notEditable(status: string): VisitPlanError {
    return new VisitPlanError(
      'FAILED_PRECONDITION',
      'PLAN_NOT_EDITABLE',
      `a ${status} plan cannot be changed or submitted`,
    );
  }

  static notSubmitted(status: string): VisitPlanError {
    return new VisitPlanError(
      'FAILED_PRECONDITION',
      'PLAN_NOT_SUBMITTED',
      `only a SUBMITTED plan can be decided, this one is ${status}`,
    );
  }

  static notTheApprover(): VisitPlanError {
    return new VisitPlanError(
      'PERMISSION_DENIED',
      'NOT_THE_APPROVER',
      "only the rep's supervisor (or someone with the tenant scope) may decide this plan",
    );
  }

  static ownPlan(): VisitPlanError {
    return new VisitPlanError('PERMISSION_DENIED', 'OWN_PLAN', 'nobody approves their own plan');
  }

  static stale(current: number): VisitPlanError {
    return new VisitPlanError(
      'CONFLICT',
      'VERSION_MISMATCH',
      `visit plan was changed by someone else (version ${current})`,
    );
  }
}
