import { type FieldError, ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type EmployeeErrorReason =
  | 'EMPLOYEE_NOT_FOUND'
  | 'EMPLOYEE_EMAIL_TAKEN'
  | 'EMPLOYEE_PHONE_TAKEN'
  | 'EMPLOYEE_NOT_ACTIVE'
  | 'EMPLOYEE_NOT_INACTIVE'
  | 'SUCCESSOR_NOT_ELIGIBLE';

export class EmployeeError extends ServiceError {
  override readonly name = 'EmployeeError';
  constructor(code: ServiceErrorCode, reason: EmployeeErrorReason, message: string, fieldErrors?: FieldError[]) {
    super(code, message, { reason, ...(fieldErrors ? { fieldErrors } : {}) });
  }

  static notFound(id: string): EmployeeError {
    return new EmployeeError('NOT_FOUND', 'EMPLOYEE_NOT_FOUND', `employee ${id} not found`);
  }

  static emailTaken(email: string, field = 'email'): EmployeeError {
    return new EmployeeError(
      'ALREADY_EXISTS',
      'EMPLOYEE_EMAIL_TAKEN',
      `an employee with email ${email} already exists`,
      [{ field, message: 'is already used by another employee' }],
    );
  }

  static phoneTaken(phone: string, field = 'phone'): EmployeeError {
    return new EmployeeError(
      'ALREADY_EXISTS',
      'EMPLOYEE_PHONE_TAKEN',
      `an employee with phone ${phone} already exists`,
      [{ field, message: 'is already used by another employee' }],
    );
  }

  static notActive(id: string): EmployeeError {
    return new EmployeeError('FAILED_PRECONDITION', 'EMPLOYEE_NOT_ACTIVE', `employee ${id} is not active`);
  }

  static notInactive(id: string): EmployeeError {
    return new EmployeeError('FAILED_PRECONDITION', 'EMPLOYEE_NOT_INACTIVE', `employee ${id} is not deactivated`);
  }

  static successorNotEligible(message: string): EmployeeError {
    return new EmployeeError('FAILED_PRECONDITION', 'SUCCESSOR_NOT_ELIGIBLE', message, [
      { field: 'successorId', message },
    ]);
  }
}
