import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type ContractErrorReason =
  | 'CONTRACT_NOT_FOUND'
  | 'CONTRACT_NUMBER_TAKEN'
  | 'CONTRACT_NOT_DRAFT'
  | 'CONTRACT_NOT_SIGNED'
  | 'CONTRACT_CANCELLED'
  | 'CONTRACT_HAS_PAYMENTS';

export class ContractError extends ServiceError {
  override readonly name = 'ContractError';
  constructor(code: ServiceErrorCode, reason: ContractErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): ContractError {
    return new ContractError('NOT_FOUND', 'CONTRACT_NOT_FOUND', `contract ${id} not found`);
  }

  static numberTaken(number: string): ContractError {
    return new ContractError('ALREADY_EXISTS', 'CONTRACT_NUMBER_TAKEN', `contract number ${number} is taken`);
  }

  static notDraft(id: string): ContractError {
    return new ContractError('FAILED_PRECONDITION', 'CONTRACT_NOT_DRAFT', `contract ${id} is not a draft`);
  }

  static notSigned(id: string): ContractError {
    return new ContractError('FAILED_PRECONDITION', 'CONTRACT_NOT_SIGNED', `contract ${id} is not signed`);
  }

  static cancelled(id: string): ContractError {
    return new ContractError('FAILED_PRECONDITION', 'CONTRACT_CANCELLED', `contract ${id} is cancelled`);
  }

  static hasPayments(id: string): ContractError {
    return new ContractError(
      'FAILED_PRECONDITION',
      'CONTRACT_HAS_PAYMENTS',
      `contract ${id} has payments received; reverse them first`,
    );
  }
}
