import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type LeadErrorReason =
  | 'LEAD_NOT_FOUND'
  | 'LEAD_IN_POOL'
  | 'LEAD_NOT_POOLED'
  | 'LEAD_ALREADY_OWNED'
  | 'LEAD_CLOSED'
  | 'CLAIM_LIMIT_REACHED'
  | 'NO_ASSIGNEE'
  | 'LEAD_ALREADY_CONVERTED';

export class LeadError extends ServiceError {
  override readonly name = 'LeadError';
  constructor(code: ServiceErrorCode, reason: LeadErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): LeadError {
    return new LeadError('NOT_FOUND', 'LEAD_NOT_FOUND', `lead ${id} not found`);
  }

  static inPool(): LeadError {
    return new LeadError('FAILED_PRECONDITION', 'LEAD_IN_POOL', 'the lead waits in a pool: claim or assign it first');
  }

  static notPooled(): LeadError {
    return new LeadError('FAILED_PRECONDITION', 'LEAD_NOT_POOLED', 'the lead belongs to no pool to go back to');
  }

  static alreadyOwned(): LeadError {
    return new LeadError('CONFLICT', 'LEAD_ALREADY_OWNED', 'someone else has the lead already');
  }

  static closed(status: string): LeadError {
    return new LeadError('FAILED_PRECONDITION', 'LEAD_CLOSED', `a ${status.toLowerCase()} lead cannot change`);
  }

  static claimLimitReached(limit: number): LeadError {
    return new LeadError(
      'FAILED_PRECONDITION',
      'CLAIM_LIMIT_REACHED',
      `you hold ${limit} open leads of this pool, its claim limit`,
    );
  }

  static alreadyConverted(customerId: string): LeadError {
    return new LeadError(
      'FAILED_PRECONDITION',
      'LEAD_ALREADY_CONVERTED',
      `the lead was converted already (customer ${customerId})`,
    );
  }

  static noAssignee(): LeadError {
    return new LeadError('FAILED_PRECONDITION', 'NO_ASSIGNEE', "the pool's rule names nobody for this lead");
  }
}
