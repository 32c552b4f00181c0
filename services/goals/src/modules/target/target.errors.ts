import { type FieldError, ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type TargetErrorReason =
  | 'TARGET_NOT_FOUND'
  | 'NOT_AN_EMPLOYEE'
  | 'TARGET_LOCKED'
  | 'VERSION_MISMATCH'
  | 'ALREADY_DECOMPOSED'
  | 'HAS_CHILDREN'
  | 'OUT_OF_SCOPE'
  | 'LEADERBOARD_HIDDEN';

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

  static locked(id: string): TargetError {
    return new TargetError('FAILED_PRECONDITION', 'TARGET_LOCKED', `target ${id} is locked; unlock it first`);
  }

  static versionMismatch(id: string): TargetError {
    return new TargetError('CONFLICT', 'VERSION_MISMATCH', `target ${id} was changed by someone else`);
  }

  static alreadyDecomposed(id: string): TargetError {
    return new TargetError('FAILED_PRECONDITION', 'ALREADY_DECOMPOSED', `target ${id} already has children`);
  }

  static hasChildren(id: string): TargetError {
    return new TargetError('FAILED_PRECONDITION', 'HAS_CHILDREN', `target ${id} has children; delete them first`);
  }

  /** A write to a node outside the caller's data scope (that the caller can see it at all). */
  static outOfScope(): TargetError {
    return new TargetError('PERMISSION_DENIED', 'OUT_OF_SCOPE', 'this target is outside your data scope');
  }

  static leaderboardHidden(): TargetError {
    return new TargetError(
      'PERMISSION_DENIED',
      'LEADERBOARD_HIDDEN',
      'the leaderboard is visible to managers only (tenant settings)',
    );
  }
}
