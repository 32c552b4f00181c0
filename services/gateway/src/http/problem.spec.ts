import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';
import { problemFromServiceError, problemKindOf } from './problem';

describe('problemKindOf', () => {
  it.each<[ServiceErrorCode, number, string]>([
    ['INVALID_ARGUMENT', 400, 'https://salesflow.dev/problems/validation'],
    ['UNAUTHENTICATED', 401, 'https://salesflow.dev/problems/unauthenticated'],
    ['PERMISSION_DENIED', 403, 'https://salesflow.dev/problems/forbidden'],
    ['NOT_FOUND', 404, 'https://salesflow.dev/problems/not-found'],
    ['ALREADY_EXISTS', 409, 'https://salesflow.dev/problems/already-exists'],
    ['CONFLICT', 409, 'https://salesflow.dev/problems/conflict'],
    ['FAILED_PRECONDITION', 409, 'https://salesflow.dev/problems/failed-precondition'],
    ['UNAVAILABLE', 503, 'https://salesflow.dev/problems/unavailable'],
    ['INTERNAL', 500, 'https://salesflow.dev/problems/internal'],
  ])('maps %s to %i %s', (code, status, type) => {
    expect(problemKindOf(code)).toMatchObject({ status, type });
    expect(problemKindOf(code).title).toEqual(expect.any(String));
  });
});

describe('problemFromServiceError', () => {
  it('carries the field errors, reason and message of a validation failure', () => {
    const error = ServiceError.invalid([{ field: 'email', message: 'is not an email address' }], 'lead is invalid');

    expect(problemFromServiceError(error)).toEqual({
      type: 'https://salesflow.dev/problems/validation',
      title: 'The request is not valid',
      status: 400,
      detail: 'lead is invalid',
      errors: [{ field: 'email', message: 'is not an email address' }],
      reason: 'VALIDATION_FAILED',
    });
  });

  it('keeps internal messages to itself', () => {
    const internal = problemFromServiceError(new ServiceError('INTERNAL', 'relation "lead" does not exist'));
    const unavailable = problemFromServiceError(new ServiceError('UNAVAILABLE', 'connect ECONNREFUSED 10.0.0.7:50052'));

    expect(internal.detail).toBeUndefined();
    expect(unavailable.detail).toBeUndefined();
    expect(unavailable.status).toBe(503);
  });
});
