import type { FieldError, ServiceError, ServiceErrorCode } from '@salesflow/platform';
import type { Response } from 'express';
import {
  AccountLockedError,
  IdempotencyKeyInUseError,
  IdempotencyKeyMismatchError,
  PreconditionFailedError,
  RateLimitedError,
  UnsupportedMediaTypeError,
} from './http-errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_BASE_URI = 'https://salesflow.dev/problems/';

/** The stable problem types clients may switch on; each is `PROBLEM_BASE_URI` + the name. */
export type ProblemTypeName =
  | 'validation'
  | 'malformed-json'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'already-exists'
  | 'conflict'
  | 'failed-precondition'
  | 'precondition-failed'
  | 'account-locked'
  | 'rate-limited'
  | 'idempotency-key-in-use'
  | 'idempotency-key-mismatch'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unavailable'
  | 'internal';

/** An RFC 9457 problem document with Salesflow's extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Per-field validation failures. */
  errors?: FieldError[];
  /** The service's machine-readable reason, e.g. LEAD_NOT_FOUND. */
  reason?: string;
  requestId?: string;
  /** Seconds to wait before trying again (locked account, rate limit); also sent as Retry-After. */
  retryAfterSeconds?: number;
}

export interface ProblemKind {
  type: string;
  title: string;
  status: number;
}

export function problemType(name: ProblemTypeName): string {
  return PROBLEM_BASE_URI + name;
}

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** The one place a service error code becomes an HTTP status and problem type. */
export function problemKindOf(code: ServiceErrorCode): ProblemKind {
  switch (code) {
    case 'INVALID_ARGUMENT':
      return kind('validation', 'The request is not valid', 400);
    case 'UNAUTHENTICATED':
      return kind('unauthenticated', 'Authentication is required', 401);
    case 'PERMISSION_DENIED':
      return kind('forbidden', 'You are not allowed to do this', 403);
    case 'NOT_FOUND':
      return kind('not-found', 'The resource does not exist', 404);
    case 'ALREADY_EXISTS':
      return kind('already-exists', 'The resource already exists', 409);
    case 'CONFLICT':
      return kind('conflict', 'The resource was changed by someone else', 409);
    case 'FAILED_PRECONDITION':
      return kind('failed-precondition', 'The resource is not in a state that allows this', 409);
    case 'UNAVAILABLE':
      return kind('unavailable', 'A backing service is unavailable', 503);
    case 'INTERNAL':
      return kind('internal', 'Something went wrong on our side', 500);
  }
}

function kind(name: ProblemTypeName, title: string, status: number): ProblemKind {
  return { type: problemType(name), title, status };
}

/** Messages of these codes may name internal hosts or failures, so callers get only the title. */
const HIDDEN_DETAIL = new Set<ServiceErrorCode>(['UNAVAILABLE', 'INTERNAL']);

export function problemFromServiceError(error: ServiceError): Problem {
  const problem: Problem = gatewayProblemKindOf(error) ?? problemKindOf(error.code);
  if (!HIDDEN_DETAIL.has(error.code) && error.message) problem.detail = error.message;
  if (error.details.fieldErrors?.length) problem.errors = error.details.fieldErrors;
  if (error.details.reason) problem.reason = error.details.reason;
  if (
    (error instanceof AccountLockedError ||
      error instanceof RateLimitedError ||
      error instanceof IdempotencyKeyInUseError) &&
    error.retryAfterSeconds !== undefined
  ) {
    problem.retryAfterSeconds = error.retryAfterSeconds;
  }
  return problem;
}

/** The gateway's own refinements of a service code, which HTTP can say more precisely. */
function gatewayProblemKindOf(error: ServiceError): ProblemKind | undefined {
  if (error instanceof PreconditionFailedError) {
    return kind('precondition-failed', 'The resource has changed since you read it', 412);
  }
  if (error instanceof AccountLockedError) {
    return kind('account-locked', 'The account is locked after repeated failed sign-ins', 429);
  }
  if (error instanceof RateLimitedError) {
    return kind('rate-limited', 'Too many requests; slow down', 429);
  }
  if (error instanceof IdempotencyKeyInUseError) {
    return kind('idempotency-key-in-use', 'A request with this Idempotency-Key is still being processed', 409);
  }
  if (error instanceof IdempotencyKeyMismatchError) {
    return kind('idempotency-key-mismatch', 'This Idempotency-Key was used for a different request', 422);
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return kind('unsupported-media-type', 'The request body has a media type this operation does not take', 415);
  }
  return undefined;
}

/** Writes a problem+json response, adding the headers HTTP asks for with some statuses. */
export function sendProblem(res: Response, problem: Problem): void {
  if (problem.status === 401) res.setHeader('WWW-Authenticate', wwwAuthenticate(problem));
  if (problem.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  if (problem.retryAfterSeconds !== undefined) {
    res.setHeader('Retry-After', String(problem.retryAfterSeconds));
  }
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

// RFC 6750 §3: no error code when no token was sent; `invalid_token` when it did not verify.
function wwwAuthenticate(problem: Problem): string {
  const challenge = 'Bearer realm="salesflow-api"';
  if (problem.reason === 'TOKEN_INVALID' || problem.reason === 'TOKEN_EXPIRED') {
    return `${challenge}, error="invalid_token"`;
  }
  return challenge;
}
