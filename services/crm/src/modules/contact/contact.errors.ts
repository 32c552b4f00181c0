import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type ContactErrorReason = 'CONTACT_NOT_FOUND' | 'PRIMARY_CONTACT_REQUIRED';

export class ContactError extends ServiceError {
  override readonly name = 'ContactError';
  constructor(code: ServiceErrorCode, reason: ContactErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): ContactError {
    return new ContactError('NOT_FOUND', 'CONTACT_NOT_FOUND', `contact ${id} not found`);
  }

  static primaryRequired(): ContactError {
    return new ContactError(
      'FAILED_PRECONDITION',
      'PRIMARY_CONTACT_REQUIRED',
      'a customer keeps exactly one primary contact: mark another contact primary instead',
    );
  }
}
