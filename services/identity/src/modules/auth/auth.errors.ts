import { ServiceError, type ServiceErrorCode } from '@salesflow/platform';

export type AuthErrorReason = 'INVALID_CREDENTIALS';

export class AuthError extends ServiceError {
  override readonly name = 'AuthError';
  constructor(code: ServiceErrorCode, reason: AuthErrorReason, message: string) {
    super(code, message, { reason });
  }

  /** One message for an unknown tenant, unknown email, wrong password or inactive employee: say nothing more. */
  static invalidCredentials(): AuthError {
    return new AuthError('UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'invalid credentials');
  }
}
