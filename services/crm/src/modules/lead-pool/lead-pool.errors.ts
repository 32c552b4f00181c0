import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type LeadPoolErrorReason = 'LEAD_POOL_NOT_FOUND' | 'LEAD_POOL_NAME_TAKEN';

export class LeadPoolError extends ServiceError {
  override readonly name = 'LeadPoolError';
  constructor(code: ServiceErrorCode, reason: LeadPoolErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): LeadPoolError {
    return new LeadPoolError('NOT_FOUND', 'LEAD_POOL_NOT_FOUND', `lead pool ${id} not found`);
  }

  static nameTaken(name: string): LeadPoolError {
    return new LeadPoolError('ALREADY_EXISTS', 'LEAD_POOL_NAME_TAKEN', `a lead pool named "${name}" exists`);
  }
}
