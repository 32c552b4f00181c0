import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type SavedViewErrorReason = 'SAVED_VIEW_NOT_FOUND' | 'SAVED_VIEW_NAME_TAKEN' | 'SAVED_VIEW_LIMIT_REACHED';

export class SavedViewError extends ServiceError {
  override readonly name = 'SavedViewError';
  constructor(
    code: ServiceErrorCode,
    reason: SavedViewErrorReason,
    message: string,
    fieldErrors?: { field: string; message: string }[],
  ) {
    super(code, message, { reason, ...(fieldErrors ? { fieldErrors } : {}) });
  }

  /** Also another person's view: their views are not the caller's business. */
  static notFound(id: string): SavedViewError {
    return new SavedViewError('NOT_FOUND', 'SAVED_VIEW_NOT_FOUND', `saved view ${id} not found`);
  }

  /** A field error on name so a form can show it beside the name box. */
  static nameTaken(name: string): SavedViewError {
    return new SavedViewError('ALREADY_EXISTS', 'SAVED_VIEW_NAME_TAKEN', `a saved view named "${name}" exists`, [
      { field: 'name', message: 'is already the name of one of your views' },
    ]);
  }

  static limitReached(limit: number): SavedViewError {
    return new SavedViewError(
      'FAILED_PRECONDITION',
      'SAVED_VIEW_LIMIT_REACHED',
      `you have ${limit} saved views of this list already; delete one first`,
    );
  }
}
