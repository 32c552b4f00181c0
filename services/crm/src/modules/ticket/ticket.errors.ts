import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type TicketErrorReason =
  | 'TICKET_NOT_FOUND'
  | 'ILLEGAL_TICKET_TRANSITION'
  | 'TICKET_NOT_RESOLVED'
  | 'TICKET_ALREADY_RATED';

export class TicketError extends ServiceError {
  override readonly name = 'TicketError';
  constructor(code: ServiceErrorCode, reason: TicketErrorReason, message: string) {
    super(code, message, { reason });
  }

  static notFound(id: string): TicketError {
    return new TicketError('NOT_FOUND', 'TICKET_NOT_FOUND', `ticket ${id} not found`);
  }

  static illegalTransition(message: string): TicketError {
    return new TicketError('FAILED_PRECONDITION', 'ILLEGAL_TICKET_TRANSITION', message);
  }

  static notResolved(status: string): TicketError {
    return new TicketError('FAILED_PRECONDITION', 'TICKET_NOT_RESOLVED', `a ${status} ticket cannot be rated yet`);
  }

  static alreadyRated(): TicketError {
    return new TicketError('FAILED_PRECONDITION', 'TICKET_ALREADY_RATED', 'the ticket was already rated');
  }
}
