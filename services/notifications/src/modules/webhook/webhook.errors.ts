import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type WebhookErrorReason = 'WEBHOOK_NOT_FOUND' | 'WEBHOOK_VERSION_MISMATCH';

const CODES: Record<WebhookErrorReason, ServiceErrorCode> = {
  WEBHOOK_NOT_FOUND: 'NOT_FOUND',
  WEBHOOK_VERSION_MISMATCH: 'CONFLICT',
};

export class WebhookError extends ServiceError {
  override readonly name = 'WebhookError';
  constructor(
    readonly reason: WebhookErrorReason,
    message: string,
  ) {
    super(CODES[reason], message, { reason });
  }
}
