import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type PaymentErrorReason = 'PAYMENT_NOT_FOUND' | 'OVERPAYMENT' | 'PAYMENT_ALREADY_REVERSED';

export class PaymentError extends ServiceError {
  override readonly name = 'PaymentError';
  constructor(code: ServiceErrorCode, reason: PaymentErrorReason, message: string, field?: string) {
    super(code, message, { reason, ...(field ? { fieldErrors: [{ field, message }] } : {}) });
  }

  static notFound(id: string): PaymentError {
    return new PaymentError('NOT_FOUND', 'PAYMENT_NOT_FOUND', `payment ${id} not found`);
  }

  /** More than the contract still has outstanding: refused, nothing written. */
  static overpayment(outstandingMinor: bigint, currency: string): PaymentError {
    return new PaymentError(
      'FAILED_PRECONDITION',
      'OVERPAYMENT',
      `exceeds the outstanding ${outstandingMinor} ${currency} of the contract`,
      'amount',
    );
  }

  static alreadyReversed(id: string): PaymentError {
    return new PaymentError('FAILED_PRECONDITION', 'PAYMENT_ALREADY_REVERSED', `payment ${id} is already reversed`);
  }
}
