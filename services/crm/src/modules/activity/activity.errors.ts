import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type ActivityErrorReason = 'SUBJECT_NOT_FOUND';

export class ActivityError extends ServiceError {
  override readonly name = 'ActivityError';
  constructor(code: ServiceErrorCode, reason: ActivityErrorReason, message: string) {
    super(code, message, { reason });
  }

  static subjectNotFound(type: string, id: string): ActivityError {
    return new ActivityError('NOT_FOUND', 'SUBJECT_NOT_FOUND', `${type.toLowerCase()} ${id} not found`);
  }
}
