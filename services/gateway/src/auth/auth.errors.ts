import { ServiceError } from '@salesflow/platform';

export type AuthErrorReason =
  | 'TOKEN_MISSING'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'BAD_CREDENTIALS'
  | 'PERMISSION_MISSING';

/** Why the gateway refused a caller; the problem mapping turns the code into 401 or 403. */
export class AuthError extends ServiceError {
  override readonly name = 'AuthError';
  constructor(
    readonly reason: AuthErrorReason,
    message: string,
    cause?: unknown,
  ) {
    super(reason === 'PERMISSION_MISSING' ? 'PERMISSION_DENIED' : 'UNAUTHENTICATED', message, {
      reason,
      ...(cause === undefined ? {} : { cause }),
    });
  }
}
