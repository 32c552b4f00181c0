import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type TaskErrorReason =
  | 'TASK_NOT_FOUND'
  | 'PROJECT_NOT_FOUND'
  | 'ILLEGAL_TRANSITION'
  | 'OPEN_SUBTASKS'
  | 'PARENT_CLOSED'
  | 'NOT_THE_ASSIGNER'
  | 'NOT_AN_EMPLOYEE'
  | 'VERSION_MISMATCH';

export class TaskError extends ServiceError {
  override readonly name = 'TaskError';
  constructor(code: ServiceErrorCode, reason: TaskErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): TaskError {
    return new TaskError('NOT_FOUND', 'TASK_NOT_FOUND', `task ${id} not found`);
  }

  static projectNotFound(id: string): TaskError {
    return new TaskError('NOT_FOUND', 'PROJECT_NOT_FOUND', `project ${id} not found`);
  }

  static illegalTransition(from: string, to: string): TaskError {
    return new TaskError('FAILED_PRECONDITION', 'ILLEGAL_TRANSITION', `a ${from} task cannot become ${to}`);
  }

  /** A parent cannot be DONE while one of its subtasks is still TODO or IN_PROGRESS. */
  static openSubtasks(count: number): TaskError {
    return new TaskError(
      'FAILED_PRECONDITION',
      'OPEN_SUBTASKS',
      `the task has ${count} open subtask${count === 1 ? '' : 's'}; finish or cancel them first`,
    );
  }

  /** A subtask cannot be reopened under a DONE or CANCELLED parent. */
  static parentClosed(parentStatus: string): TaskError {
    return new TaskError(
      'FAILED_PRECONDITION',
      'PARENT_CLOSED',
      `the parent task is ${parentStatus}; reopen it before reopening its subtasks`,
    );
  }

  static notTheAssigner(): TaskError {
    return new TaskError('PERMISSION_DENIED', 'NOT_THE_ASSIGNER', 'only the person who assigned the task may rate it');
  }

  /** Tasks and projects record who made them; a principal that is no employee cannot. */
  static notAnEmployee(): TaskError {
    return new TaskError('PERMISSION_DENIED', 'NOT_AN_EMPLOYEE', 'only an employee can do this');
  }

  static versionMismatch(what: string, current: number): TaskError {
    return new TaskError('CONFLICT', 'VERSION_MISMATCH', `${what} was changed by someone else (version ${current})`);
  }
}
