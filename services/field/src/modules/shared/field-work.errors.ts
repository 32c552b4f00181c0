import { type FieldError, ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type FieldWorkErrorReason =
  | 'NOT_FOUND'
  | 'NOT_AN_EMPLOYEE'
  | 'NOT_THE_SUPERVISOR'
  | 'NOT_THE_OWNER'
  | 'NO_SUPERVISOR'
  | 'WRONG_STATUS'
  | 'ALREADY_EXISTS'
  | 'VERSION_MISMATCH'
  | 'NOT_CLOCKED_IN'
  | 'ALREADY_CLOCKED_IN'
  | 'OVERLAPS';

/** The one error type of reports, attendance and expenses; the kit maps `code` to gRPC status. */
export class FieldWorkError extends ServiceError {
  override readonly name = 'FieldWorkError';
  constructor(code: ServiceErrorCode, reason: FieldWorkErrorReason, message: string) {
    super(code, message, { reason });
  }

  static override invalid(fieldErrors: FieldError[], message = 'request is invalid'): ServiceError {
    return ServiceError.invalid(fieldErrors, message);
  }

  static notFound(what: string, id: string): FieldWorkError {
    return new FieldWorkError('NOT_FOUND', 'NOT_FOUND', `${what} ${id} not found`);
  }

  static notAnEmployee(): FieldWorkError {
    return new FieldWorkError('PERMISSION_DENIED', 'NOT_AN_EMPLOYEE', 'only an employee can do this');
  }

  /** Approvals and reviews belong to the requester's supervisor (manager in the org replica). */
  static notTheSupervisor(what: string): FieldWorkError {
    return new FieldWorkError(
      'PERMISSION_DENIED',
      'NOT_THE_SUPERVISOR',
      `only the supervisor may decide on this ${what}`,
    );
  }

  static notTheOwner(what: string): FieldWorkError {
    return new FieldWorkError('PERMISSION_DENIED', 'NOT_THE_OWNER', `only its author may change this ${what}`);
  }

  static noSupervisor(): FieldWorkError {
    return new FieldWorkError(
      'FAILED_PRECONDITION',
      'NO_SUPERVISOR',
      'you have no supervisor in the org tree to approve this; ask an admin to set your manager',
    );
  }

  static wrongStatus(what: string, status: string, action: string): FieldWorkError {
    return new FieldWorkError('FAILED_PRECONDITION', 'WRONG_STATUS', `cannot ${action} a ${what} that is ${status}`);
  }

  static clockOrder(reason: 'NOT_CLOCKED_IN' | 'ALREADY_CLOCKED_IN', day: string): FieldWorkError {
    return new FieldWorkError(
      'FAILED_PRECONDITION',
      reason,
      reason === 'NOT_CLOCKED_IN'
        ? `you have not clocked in on ${day}: clock in first`
        : `you are clocked in on ${day} already: clock out first`,
    );
  }

  static overlaps(what: string): FieldWorkError {
    return new FieldWorkError('FAILED_PRECONDITION', 'OVERLAPS', `the dates overlap another ${what} of yours`);
  }

  static alreadyExists(message: string): FieldWorkError {
    return new FieldWorkError('ALREADY_EXISTS', 'ALREADY_EXISTS', message);
  }

  static versionMismatch(what: string, expected: string, actual: number): FieldWorkError {
    return new FieldWorkError(
      'CONFLICT',
      'VERSION_MISMATCH',
      `the ${what} is at version ${actual}, not ${expected}: read it again`,
    );
  }
}

/** "0" or empty skips the check (no If-Match); anything else must equal the stored version. */
export function checkVersion(expected: string | undefined, actual: number, what: string): void {
  if (!expected || expected === '0') return;
  if (expected !== String(actual)) throw FieldWorkError.versionMismatch(what, expected, actual);
}

/**
 * Writes update `WHERE id = ? AND version = ?`; when a concurrent writer got there first the
 * row is gone from under the WHERE and Prisma throws P2025. That is a lost race, not a fault:
 * CONFLICT, so the caller reads again.
 */
export async function conflictOnStaleWrite<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'P2025') {
      throw new FieldWorkError(
        'CONFLICT',
        'VERSION_MISMATCH',
        `the ${what} was changed at the same time: read it again`,
      );
    }
    throw error;
  }
}
