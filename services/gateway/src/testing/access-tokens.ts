// Test support only (not compiled into dist): a local ES256 key, its JWKS, and tokens shaped
// like the ones identity issues.
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../auth/token-verifier';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function createSigningKey(kid = 'key-1'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

export function jwksJson(...keys: SigningKey[]): string {
  return JSON.stringify({ keys: keys.map((key) => key.jwk) });
}

/** The claims of a sales rep in tenant t-1 who may read and write leads. */
export const REP_CLAIMS = {
  sub: 'emp-1',
  tid: 't-1',
  roles: ['sales_rep'],
  perms: ['crm.lead.read', 'crm.lead.write'],
  scope: 'SELF',
  dept: 'd-7',
  dpath: '/d-1/d-7/',
};

export interface TokenOptions {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  /** Seconds since the epoch. */
  expiresAt?: number;
  issuedAt?: number;
}

export async function signAccessToken(key: SigningKey, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(options.claims ?? REP_CLAIMS)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuer(options.issuer ?? TOKEN_ISSUER)
    .setAudience(options.audience ?? TOKEN_AUDIENCE)
    .setIssuedAt(options.issuedAt ?? now)
    .setExpirationTime(options.expiresAt ?? now + 900)
    .sign(key.privateKey);
}
