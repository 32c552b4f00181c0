import { SignJWT } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { type AccessClaims, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-claims';
import { SIGNING_ALGORITHM, type SigningKey, type SigningKeyRepository } from './signing-key.repository';

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Signs access tokens with the active key and publishes the keys that verify them. */
export class TokenService {
  private constructor(
    private readonly keys: SigningKeyRepository,
    private readonly signingKey: SigningKey,
    private readonly ttlSeconds: number,
  ) {}

  /** Loads (or creates) the signing key once, at start-up. */
  static async start(keys: SigningKeyRepository, options: { ttlSeconds: number }): Promise<TokenService> {
    return new TokenService(keys, await keys.activeKey(), options.ttlSeconds);
  }

  get kid(): string {
    return this.signingKey.kid;
  }

  async issue(claims: AccessClaims, now: Date = new Date()): Promise<IssuedToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const { sub, ...custom } = claims;
    const accessToken = await new SignJWT({ ...custom })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.signingKey.kid, typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .setJti(uuidv7())
      .sign(this.signingKey.privateKey);
    return { accessToken, expiresInSeconds: this.ttlSeconds };
  }

  /** RFC 7517 JWK Set of every non-retired key, as JSON text. */
  async jwksJson(): Promise<string> {
    return JSON.stringify({ keys: await this.keys.publicKeys() });
  }
}
