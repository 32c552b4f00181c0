import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type CustomerErrorReason = 'CUSTOMER_NOT_FOUND';

export class CustomerError extends ServiceError {
  override readonly name = 'CustomerError';
  constructor(code: ServiceErrorCode, reason: CustomerErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): CustomerError {
    return new CustomerError('NOT_FOUND', 'CUSTOMER_NOT_FOUND', `customer ${id} not found`);
  }
}
