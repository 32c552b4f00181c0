import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type ProductErrorReason = 'PRODUCT_NOT_FOUND' | 'PRODUCT_NAME_TAKEN';

export class ProductError extends ServiceError {
  override readonly name = 'ProductError';
  constructor(code: ServiceErrorCode, reason: ProductErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): ProductError {
    return new ProductError('NOT_FOUND', 'PRODUCT_NOT_FOUND', `product ${id} not found`);
  }

  static invalidCurrency(): ServiceError {
    return ServiceError.invalid([
      { field: 'listPrice.currency', message: 'changing the currency needs both list price and cost' },
    ]);
  }

  static nameTaken(name: string): ProductError {
    return new ProductError('ALREADY_EXISTS', 'PRODUCT_NAME_TAKEN', `a product named ${name} exists`);
  }
}
