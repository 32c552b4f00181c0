import { status } from '@grpc/grpc-js';
import { ServiceError } from '../errors/service-error';
import { fromGrpcError, toGrpcError } from './status-mapping';

describe('error <-> gRPC status', () => {
  it('carries code, reason and field errors across the wire and back', () => {
    const original = new ServiceError('INVALID_ARGUMENT', 'lead is invalid', {
      reason: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'email', message: 'is not an email address' }],
    });
    const wire = toGrpcError(original);
    expect(wire.code).toBe(status.INVALID_ARGUMENT);
    const back = fromGrpcError(wire);
    expect(back.code).toBe('INVALID_ARGUMENT');
    expect(back.message).toBe('lead is invalid');
    expect(back.details.reason).toBe('VALIDATION_FAILED');
    expect(back.details.fieldErrors).toEqual([{ field: 'email', message: 'is not an email address' }]);
  });

  it('carries field messages in Chinese (and beyond the BMP) through ASCII metadata', () => {
    const fieldErrors = [{ field: 'amount', message: 'is required to enter stage 方案呈现 𠀋' }];
    const wire = toGrpcError(ServiceError.invalid(fieldErrors));
    expect(fromGrpcError(wire).details.fieldErrors).toEqual(fieldErrors);
  });

  it('carries when to try again', () => {
    const wire = toGrpcError(
      new ServiceError('UNAUTHENTICATED', 'account locked', { reason: 'ACCOUNT_LOCKED', retryAfterSeconds: 59.2 }),
    );
    const back = fromGrpcError(wire);
    expect(back.details).toMatchObject({ reason: 'ACCOUNT_LOCKED', retryAfterSeconds: 60 });
    expect(fromGrpcError(toGrpcError(new ServiceError('NOT_FOUND', 'x'))).details.retryAfterSeconds).toBeUndefined();
  });

  it('maps the codes callers act on', () => {
    expect(toGrpcError(new ServiceError('NOT_FOUND', 'x')).code).toBe(status.NOT_FOUND);
    expect(toGrpcError(new ServiceError('CONFLICT', 'x')).code).toBe(status.ABORTED);
    expect(toGrpcError(new ServiceError('PERMISSION_DENIED', 'x')).code).toBe(status.PERMISSION_DENIED);
    expect(fromGrpcError({ code: status.DEADLINE_EXCEEDED, details: 'slow' }).code).toBe('UNAVAILABLE');
  });

  it('never leaks the message of an unexpected error', () => {
    const wire = toGrpcError(new Error('connection string postgresql://u:secret@db'));
    expect(wire).toEqual({ code: status.INTERNAL, details: 'internal error' });
    expect(fromGrpcError({ code: status.INTERNAL, details: 'stack trace here' }).message).toBe('internal error');
  });
});
