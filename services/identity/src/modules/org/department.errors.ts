import { type FieldError, ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type DepartmentErrorReason =
  | 'DEPARTMENT_NOT_FOUND'
  | 'DEPARTMENT_NAME_TAKEN'
  | 'MOVE_INTO_OWN_SUBTREE'
  | 'DEPARTMENT_NOT_EMPTY';

export class DepartmentError extends ServiceError {
  override readonly name = 'DepartmentError';
  constructor(code: ServiceErrorCode, reason: DepartmentErrorReason, message: string, fieldErrors?: FieldError[]) {
    super(code, message, { reason, ...(fieldErrors ? { fieldErrors } : {}) });
  }

  static notFound(id: string): DepartmentError {
    return new DepartmentError('NOT_FOUND', 'DEPARTMENT_NOT_FOUND', `department ${id} not found`);
  }

  static nameTaken(name: string): DepartmentError {
    return new DepartmentError('ALREADY_EXISTS', 'DEPARTMENT_NAME_TAKEN', `a sibling department is named ${name}`, [
      { field: 'name', message: 'is already used by a sibling department' },
    ]);
  }

  static intoOwnSubtree(): DepartmentError {
    return new DepartmentError(
      'FAILED_PRECONDITION',
      'MOVE_INTO_OWN_SUBTREE',
      'a department cannot move under itself or one of its descendants',
      [{ field: 'newParentId', message: 'is the department itself or one of its descendants' }],
    );
  }

  static notEmpty(): DepartmentError {
    return new DepartmentError(
      'FAILED_PRECONDITION',
      'DEPARTMENT_NOT_EMPTY',
      'only a department without sub-departments and members can be deleted',
    );
  }
}
