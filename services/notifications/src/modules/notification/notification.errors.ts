import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type NotificationErrorReason = 'NOTIFICATION_NOT_FOUND';

const CODES: Record<NotificationErrorReason, ServiceErrorCode> = { NOTIFICATION_NOT_FOUND: 'NOT_FOUND' };

export class NotificationError extends ServiceError {
  override readonly name = 'NotificationError';
  constructor(
    readonly reason: NotificationErrorReason,
    message: string,
  ) {
    super(CODES[reason], message, { reason });
  }
}
