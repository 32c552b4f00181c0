import { ServiceError } from '@salesflow/platform';

/**
 * The service answered CONFLICT to a write made with `If-Match`: the version the caller read
 * is stale. HTTP has a precise status for this (412), so the gateway says it.
 */
export class PreconditionFailedError extends ServiceError {
  override readonly name = 'PreconditionFailedError';
  constructor(message: string, cause: ServiceError) {
    super('CONFLICT', message, { reason: cause.details.reason ?? 'VERSION_MISMATCH', cause });
  }
}

/** identity refused a sign-in because the account is locked; 429 with Retry-After when known. */
export class AccountLockedError extends ServiceError {
  override readonly name = 'AccountLockedError';
  constructor(
    readonly retryAfterSeconds: number | undefined,
    cause: ServiceError,
  ) {
    super(cause.code, 'too many failed sign-ins; try again later', { reason: 'ACCOUNT_LOCKED', cause });
  }
}

/** The body is not of the media type the operation takes (e.g. CSV import sent as JSON). */
export class UnsupportedMediaTypeError extends ServiceError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(expected: string) {
    super('INVALID_ARGUMENT', `send the body as ${expected}`, { reason: 'UNSUPPORTED_MEDIA_TYPE' });
  }
}

/** A rate limit was reached (429); the window resets after `retryAfterSeconds`. */
export class RateLimitedError extends ServiceError {
  override readonly name = 'RateLimitedError';
  constructor(
    readonly retryAfterSeconds: number,
    limitName: string,
  ) {
    super('FAILED_PRECONDITION', `the ${limitName} rate limit is reached; retry after ${retryAfterSeconds} s`, {
      reason: 'RATE_LIMITED',
    });
  }
}

/** The first request with this Idempotency-Key is still running (409, retry after a second). */
export class IdempotencyKeyInUseError extends ServiceError {
  override readonly name = 'IdempotencyKeyInUseError';
  readonly retryAfterSeconds = 1;
  constructor() {
    super('CONFLICT', 'the first request with this Idempotency-Key has not finished yet; retry shortly', {
      reason: 'IDEMPOTENCY_KEY_IN_USE',
    });
  }
}

/** The Idempotency-Key was used before with another method, path or body (422). */
export class IdempotencyKeyMismatchError extends ServiceError {
  override readonly name = 'IdempotencyKeyMismatchError';
  constructor() {
    super('INVALID_ARGUMENT', 'this Idempotency-Key was used with a different request; use a new key', {
      reason: 'IDEMPOTENCY_KEY_MISMATCH',
    });
  }
}
