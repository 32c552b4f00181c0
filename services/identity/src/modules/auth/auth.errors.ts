import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type AuthErrorReason =
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'INVALID_REFRESH_TOKEN'
  | 'REFRESH_TOKEN_REUSED';

export class AuthError extends ServiceError {
  override readonly name = 'AuthError';
  constructor(code: ServiceErrorCode, reason: AuthErrorReason, message: string, retryAfterSeconds?: number) {
    super(code, message, { reason, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
  }

  /** One message for an unknown tenant, unknown login, wrong password or inactive employee: say nothing more. */
  static invalidCredentials(): AuthError {
    return new AuthError('UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'invalid credentials');
  }

  /** The wait crosses gRPC as the kit's retry-after detail; the gateway sends it as Retry-After. */
  static accountLocked(retryAfterSeconds: number): AuthError {
    return new AuthError(
      'UNAUTHENTICATED',
      'ACCOUNT_LOCKED',
      `account is locked; retry after ${retryAfterSeconds} seconds`,
      retryAfterSeconds,
    );
  }

  static invalidRefreshToken(): AuthError {
    return new AuthError('UNAUTHENTICATED', 'INVALID_REFRESH_TOKEN', 'refresh token is invalid or expired');
  }

  static refreshTokenReused(): AuthError {
    return new AuthError(
      'UNAUTHENTICATED',
      'REFRESH_TOKEN_REUSED',
      'refresh token was already used; every token of this session is revoked',
    );
  }
}
