import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type CustomFieldErrorReason = 'CUSTOM_FIELD_KEY_TAKEN' | 'CUSTOM_FIELD_NOT_FOUND';

export class CustomFieldError extends ServiceError {
  override readonly name = 'CustomFieldError';
  constructor(code: ServiceErrorCode, reason: CustomFieldErrorReason, message: string) {
    super(code, message, { reason });
  }

  static keyTaken(key: string): CustomFieldError {
    return new CustomFieldError('ALREADY_EXISTS', 'CUSTOM_FIELD_KEY_TAKEN', `custom field "${key}" already exists`);
  }

  static notFound(id: string): CustomFieldError {
    return new CustomFieldError('NOT_FOUND', 'CUSTOM_FIELD_NOT_FOUND', `custom field ${id} not found`);
  }
}
