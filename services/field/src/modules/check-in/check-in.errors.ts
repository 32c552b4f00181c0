import { type FieldError, ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type CheckInErrorReason = 'CHECK_IN_NOT_FOUND' | 'NO_OPEN_CHECK_IN' | 'NOT_AN_EMPLOYEE' | 'PHOTO_NOT_FOUND';

export class CheckInError extends ServiceError {
  override readonly name = 'CheckInError';
  constructor(code: ServiceErrorCode, reason: CheckInErrorReason, message: string) {
    super(code, message, { reason });
  }

  /** Bad input: INVALID_ARGUMENT with one message per field (reason VALIDATION_FAILED). */
  static override invalid(fieldErrors: FieldError[], message = 'check-in is invalid'): ServiceError {
    return ServiceError.invalid(fieldErrors, message);
  }

  static notFound(id: string): CheckInError {
    return new CheckInError('NOT_FOUND', 'CHECK_IN_NOT_FOUND', `check-in ${id} not found`);
  }

  /** A check-out closes the rep's open check-in of that day; without one there is nothing to close. */
  static noOpenCheckIn(day: string): CheckInError {
    return new CheckInError(
      'FAILED_PRECONDITION',
      'NO_OPEN_CHECK_IN',
      `no open check-in on ${day} to check out of: check in first`,
    );
  }

  static photoNotFound(id: string): CheckInError {
    return new CheckInError('NOT_FOUND', 'PHOTO_NOT_FOUND', `photo ${id} not found`);
  }

  /** A check-in is a rep's own record; a principal that is no employee has none. */
  static notAnEmployee(): CheckInError {
    return new CheckInError('PERMISSION_DENIED', 'NOT_AN_EMPLOYEE', 'only an employee can check in or out');
  }
}
