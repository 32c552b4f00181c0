import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type OpportunityErrorReason = 'OPPORTUNITY_NOT_FOUND' | 'COMPETITOR_NOT_FOUND' | 'OPPORTUNITY_CLOSED';

export class OpportunityError extends ServiceError {
  override readonly name = 'OpportunityError';
  constructor(code: ServiceErrorCode, reason: OpportunityErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): OpportunityError {
    return new OpportunityError('NOT_FOUND', 'OPPORTUNITY_NOT_FOUND', `opportunity ${id} not found`);
  }

  static competitorNotFound(id: string): OpportunityError {
    return new OpportunityError('NOT_FOUND', 'COMPETITOR_NOT_FOUND', `competitor ${id} not found`);
  }
}
