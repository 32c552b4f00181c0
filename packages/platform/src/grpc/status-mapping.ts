import { type ServiceError as GrpcServiceError, Metadata, status } from '@grpc/grpc-js';
import { type FieldError, ServiceError, type ServiceErrorCode } from '../errors/service-error';
import { ERROR_REASON_METADATA_KEY, FIELD_ERRORS_METADATA_KEY, RETRY_AFTER_METADATA_KEY } from './metadata-keys';

export function grpcStatusOf(code: ServiceErrorCode): status {
  switch (code) {
    case 'INVALID_ARGUMENT':
      return status.INVALID_ARGUMENT;
    case 'NOT_FOUND':
      return status.NOT_FOUND;
    case 'ALREADY_EXISTS':
      return status.ALREADY_EXISTS;
    case 'FAILED_PRECONDITION':
      return status.FAILED_PRECONDITION;
    case 'PERMISSION_DENIED':
      return status.PERMISSION_DENIED;
    case 'UNAUTHENTICATED':
      return status.UNAUTHENTICATED;
    case 'CONFLICT':
      return status.ABORTED;
    case 'UNAVAILABLE':
      return status.UNAVAILABLE;
    case 'INTERNAL':
      return status.INTERNAL;
  }
}

const CODE_OF_STATUS: Partial<Record<status, ServiceErrorCode>> = {
  [status.INVALID_ARGUMENT]: 'INVALID_ARGUMENT',
  [status.OUT_OF_RANGE]: 'INVALID_ARGUMENT',
  [status.NOT_FOUND]: 'NOT_FOUND',
  [status.ALREADY_EXISTS]: 'ALREADY_EXISTS',
  [status.FAILED_PRECONDITION]: 'FAILED_PRECONDITION',
  [status.PERMISSION_DENIED]: 'PERMISSION_DENIED',
  [status.UNAUTHENTICATED]: 'UNAUTHENTICATED',
  [status.ABORTED]: 'CONFLICT',
  [status.UNAVAILABLE]: 'UNAVAILABLE',
  [status.DEADLINE_EXCEEDED]: 'UNAVAILABLE',
};

/** Server side: a thrown error becomes a gRPC error; unknown errors never leak their message. */
export function toGrpcError(error: unknown): Partial<GrpcServiceError> {
  if (!(error instanceof ServiceError)) {
    return { code: status.INTERNAL, details: 'internal error' };
  }
  const metadata = new Metadata();
  if (error.details.reason) metadata.set(ERROR_REASON_METADATA_KEY, error.details.reason);
  if (error.details.retryAfterSeconds !== undefined) {
    metadata.set(RETRY_AFTER_METADATA_KEY, String(Math.ceil(error.details.retryAfterSeconds)));
  }
  if (error.details.fieldErrors?.length) {
    metadata.set(FIELD_ERRORS_METADATA_KEY, asciiJson(error.details.fieldErrors));
  }
  return { code: grpcStatusOf(error.code), details: error.message, metadata };
}

/** Client side: a gRPC error becomes a ServiceError again, with its reason and field errors. */
export function fromGrpcError(error: unknown): ServiceError {
  const grpcError = error as Partial<GrpcServiceError>;
  if (typeof grpcError?.code !== 'number') {
    return new ServiceError('INTERNAL', 'internal error', { cause: error });
  }
  const code = CODE_OF_STATUS[grpcError.code as status] ?? 'INTERNAL';
  const reason = grpcError.metadata?.get(ERROR_REASON_METADATA_KEY)[0]?.toString();
  const rawFieldErrors = grpcError.metadata?.get(FIELD_ERRORS_METADATA_KEY)[0]?.toString();
  const fieldErrors = rawFieldErrors ? (JSON.parse(rawFieldErrors) as FieldError[]) : undefined;
  const rawRetryAfter = Number(grpcError.metadata?.get(RETRY_AFTER_METADATA_KEY)[0]?.toString());
  // INTERNAL and UNAVAILABLE texts come from the server's or the transport's insides
  // (stack traces, internal addresses): callers get a generic message.
  const message =
    code === 'INTERNAL'
      ? 'internal error'
      : code === 'UNAVAILABLE'
        ? 'service unavailable'
        : (grpcError.details ?? 'error');
  return new ServiceError(code, message, {
    ...(reason ? { reason } : {}),
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(Number.isFinite(rawRetryAfter) && rawRetryAfter >= 0 ? { retryAfterSeconds: rawRetryAfter } : {}),
    cause: error,
  });
}

/**
 * JSON with every non-ASCII character as a \uXXXX escape: ASCII metadata values may hold only
 * printable ASCII, and field messages name things in Chinese (e.g. a stage 方案呈现).
 * JSON.parse on the other side restores the text unchanged.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
