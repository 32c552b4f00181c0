/**
 * The failure kinds every layer agrees on. Services map them to gRPC status codes and the
 * gateway maps those to HTTP problem types, each in one exhaustive switch.
 */
export type ServiceErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** A problem with one input field, shown to API callers as problem+json `errors`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Base of every module's error type. Modules subclass it with their own `reason` union
 * (e.g. LeadError with 'LEAD_NOT_FOUND') and pick the code that tells callers what to do.
 */
export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details: {
      reason?: string;
      fieldErrors?: FieldError[];
      /** When trying again makes sense (a lockout, a rate limit); the gateway sends Retry-After. */
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  static invalid(fieldErrors: FieldError[], message = 'request is invalid'): ServiceError {
    return new ServiceError('INVALID_ARGUMENT', message, { reason: 'VALIDATION_FAILED', fieldErrors });
  }
}
