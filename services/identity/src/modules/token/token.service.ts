import { SignJWT } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { type AccessClaims, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-claims';
import { SIGNING_ALGORITHM, type SigningKey, type SigningKeyRepository } from './signing-key.repository';

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** How often a replica looks for a key another replica rotated to. */
const ACTIVE_KEY_RECHECK_MS = 10_000;

/** Signs access tokens with the active key and publishes the keys that verify them. */
export class TokenService {
  private checkedAt = Date.now();

  private constructor(
    private readonly keys: SigningKeyRepository,
    private signingKey: SigningKey,
    private readonly ttlSeconds: number,
  ) {}

  /** Loads (or creates) the signing key at start-up. */
  static async start(keys: SigningKeyRepository, options: { ttlSeconds: number }): Promise<TokenService> {
    return new TokenService(keys, await keys.activeKey(), options.ttlSeconds);
  }

  get kid(): string {
    return this.signingKey.kid;
  }

  get accessTokenTtlSeconds(): number {
    return this.ttlSeconds;
  }

  async issue(claims: AccessClaims, now: Date = new Date()): Promise<IssuedToken> {
    const key = await this.currentKey();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const { sub, ...custom } = claims;
    const accessToken = await new SignJWT({ ...custom })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .setJti(uuidv7())
      .sign(key.privateKey);
    return { accessToken, expiresInSeconds: this.ttlSeconds };
  }

  /** Starts signing with a new key; the old ones stay published until their tokens expire. */
  async rotate(): Promise<string> {
    this.signingKey = await this.keys.rotate(this.ttlSeconds);
    this.checkedAt = Date.now();
    return this.signingKey.kid;
  }

  /** RFC 7517 JWK Set of every key not yet retired, as JSON text. */
  async jwksJson(): Promise<string> {
    return JSON.stringify({ keys: await this.keys.publicKeys() });
  }

  /** Another replica may have rotated: follow the newest key, checked every few seconds. */
  private async currentKey(): Promise<SigningKey> {
    if (Date.now() - this.checkedAt < ACTIVE_KEY_RECHECK_MS) return this.signingKey;
    this.checkedAt = Date.now();
    const kid = await this.keys.activeKid();
    if (kid && kid !== this.signingKey.kid) this.signingKey = await this.keys.activeKey();
    return this.signingKey;
  }
}
