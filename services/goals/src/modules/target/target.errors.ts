import { type FieldError, ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type TargetErrorReason = 'TARGET_NOT_FOUND' | 'NOT_AN_EMPLOYEE';

export class TargetError extends ServiceError {
  override readonly name = 'TargetError';
  constructor(code: ServiceErrorCode, reason: TargetErrorReason, message: string) {
    super(code, message, { reason });
  }

  /** Bad input: INVALID_ARGUMENT with one message per field (reason VALIDATION_FAILED). */
  static override invalid(fieldErrors: FieldError[], message = 'target is invalid'): ServiceError {
    return ServiceError.invalid(fieldErrors, message);
  }

  static notFound(id: string): TargetError {
    return new TargetError('NOT_FOUND', 'TARGET_NOT_FOUND', `target ${id} not found`);
  }

  /** Every target records who set it; a principal that is no employee cannot. */
  static notAnEmployee(): TargetError {
    return new TargetError('PERMISSION_DENIED', 'NOT_AN_EMPLOYEE', 'only an employee can create targets');
  }
}
