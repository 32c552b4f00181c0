import { baseServiceConfig, env, loadConfig } from '@salesflow/platform';

export const identityConfigSchema = baseServiceConfig('identity', { grpc: 50051, http: 8081 }).extend({
  /** Lifetime of an access token; short, because a token cannot be revoked before it expires. */
  ACCESS_TOKEN_TTL_SECONDS: env.positiveInt(900),
  /** Lifetime of a refresh token (each rotation issues a new one with a fresh lifetime). */
  REFRESH_TOKEN_TTL_SECONDS: env.positiveInt(30 * 24 * 3600),
});
export type IdentityConfig = ReturnType<typeof loadIdentityConfig>;

export function loadIdentityConfig() {
  return loadConfig(identityConfigSchema);
}
