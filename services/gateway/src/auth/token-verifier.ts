import { commonV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { z } from 'zod';
import { AuthError } from './auth.errors';

export const TOKEN_ISSUER = 'salesflow-identity';
export const TOKEN_AUDIENCE = 'salesflow-api';
export const TOKEN_ALGORITHM = 'ES256';

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

export interface TokenVerifier {
  /** The caller behind a bearer token; throws AuthError when the token does not verify. */
  verify(token: string): Promise<commonV1.Principal>;
}

export interface TokenVerifierOptions {
  /** The JWKS document as JSON text (identity's GetJwks). */
  fetchJwks: () => Promise<string>;
  /**
   * Least time between two fetches caused by an unknown `kid`, so that tokens with made-up
   * key ids cannot turn every request into a call to identity.
   */
  refreshCooldownMs?: number;
  /** Tolerated clock difference between identity and the gateway. */
  clockToleranceSeconds?: number;
  now?: () => number;
}

const DATA_SCOPES = {
  SELF: commonV1.DataScope.DATA_SCOPE_SELF,
  DEPARTMENT: commonV1.DataScope.DATA_SCOPE_DEPARTMENT,
  DEPARTMENT_TREE: commonV1.DataScope.DATA_SCOPE_DEPARTMENT_TREE,
  TENANT: commonV1.DataScope.DATA_SCOPE_TENANT,
} as const;

// Claims identity issues. Absent lists and scope fall back to the least privilege.
const claimsSchema = z.object({
  sub: z.string().min(1),
  tid: z.string().min(1),
  roles: z.array(z.string()).default([]),
  perms: z.array(z.string()).default([]),
  scope: z.enum(['SELF', 'DEPARTMENT', 'DEPARTMENT_TREE', 'TENANT']).default('SELF'),
  dept: z.string().default(''),
  dpath: z.string().default(''),
});

export function principalFromClaims(claims: unknown): commonV1.Principal {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new AuthError('TOKEN_INVALID', 'access token claims are incomplete');
  const c = parsed.data;
  return {
    tenantId: c.tid,
    employeeId: c.sub,
    roles: c.roles,
    permissions: c.perms,
    dataScope: DATA_SCOPES[c.scope],
    departmentId: c.dept,
    departmentPath: c.dpath,
  };
}

interface KeySet {
  resolve: KeyResolver;
  kids: ReadonlySet<string>;
  fetchedAt: number;
}

/**
 * Verifies identity's ES256 access tokens against its JWKS. The key set is fetched on first
 * use and again when a token names a key id it does not contain (identity rotated keys).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const cooldownMs = options.refreshCooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  let current: KeySet | undefined;
  let refreshing: Promise<KeySet> | undefined;

  const refresh = (): Promise<KeySet> => {
    refreshing ??= loadKeySet(options.fetchJwks, now()).finally(() => {
      refreshing = undefined;
    });
    return refreshing.then((keys) => {
      current = keys;
      return keys;
    });
  };

  const keysFor = async (kid: string | undefined): Promise<KeySet> => {
    if (!current) return refresh();
    const unknownKid = kid !== undefined && !current.kids.has(kid);
    if (unknownKid && now() - current.fetchedAt >= cooldownMs) return refresh();
    return current;
  };

  return {
    async verify(token) {
      let kid: string | undefined;
      try {
        kid = decodeProtectedHeader(token).kid;
      } catch (error) {
        throw new AuthError('TOKEN_INVALID', 'access token is malformed', error);
      }
      const keys = await keysFor(kid);
      try {
        const { payload } = await jwtVerify(token, keys.resolve, {
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          algorithms: [TOKEN_ALGORITHM],
          requiredClaims: ['exp', 'sub'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
          currentDate: new Date(now()),
        });
        return principalFromClaims(payload);
      } catch (error) {
        if (error instanceof AuthError) throw error;
        if ((error as { code?: unknown }).code === 'ERR_JWT_EXPIRED') {
          throw new AuthError('TOKEN_EXPIRED', 'access token has expired', error);
        }
        throw new AuthError('TOKEN_INVALID', 'access token is not valid', error);
      }
    },
  };
}

async function loadKeySet(fetchJwks: () => Promise<string>, fetchedAt: number): Promise<KeySet> {
  const text = await fetchJwks();
  let document: JSONWebKeySet;
  try {
    document = JSON.parse(text) as JSONWebKeySet;
    if (!Array.isArray(document.keys)) throw new Error('no "keys" array');
  } catch (error) {
    throw new ServiceError('INTERNAL', 'identity returned an unusable JWKS', { cause: error });
  }
  const kids = new Set(document.keys.flatMap((key) => (typeof key.kid === 'string' ? [key.kid] : [])));
  return { resolve: createLocalJWKSet(document), kids, fetchedAt };
}
