import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type EmployeeErrorReason = 'EMPLOYEE_NOT_FOUND' | 'EMPLOYEE_EMAIL_TAKEN';

export class EmployeeError extends ServiceError {
  override readonly name = 'EmployeeError';
  constructor(code: ServiceErrorCode, reason: EmployeeErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): EmployeeError {
    return new EmployeeError('NOT_FOUND', 'EMPLOYEE_NOT_FOUND', `employee ${id} not found`);
  }

  static emailTaken(email: string): EmployeeError {
    return new EmployeeError(
      'ALREADY_EXISTS',
      'EMPLOYEE_EMAIL_TAKEN',
      `an employee with email ${email} already exists`,
    );
  }
}
