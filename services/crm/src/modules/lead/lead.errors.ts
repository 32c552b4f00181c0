import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type LeadErrorReason = 'LEAD_NOT_FOUND';

export class LeadError extends ServiceError {
  override readonly name = 'LeadError';
  constructor(code: ServiceErrorCode, reason: LeadErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): LeadError {
    return new LeadError('NOT_FOUND', 'LEAD_NOT_FOUND', `lead ${id} not found`);
  }
}
