import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { IdentityDatabase } from '../../database';
import type { Prisma } from '../../generated/prisma/client';

export const SIGNING_ALGORITHM = 'ES256';

/** The key that signs tokens in this process. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** Keys in `signing_keys`. Private JWKs never leave this module. */
export class SigningKeyRepository {
  constructor(private readonly db: IdentityDatabase) {}

  /**
   * The newest non-retired key, generated and stored when there is none. Replicas that start
   * together on an empty table all end up signing with the same key: the insert runs under a
   * transaction-scoped advisory lock and each replica re-reads the newest key afterwards.
   */
  async activeKey(): Promise<SigningKey> {
    const existing = await this.newest(this.db);
    if (existing) return toSigningKey(existing);
    const generated = await generateSigningKey();
    const chosen = await this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('salesflow_identity_signing_key'))`;
      const raced = await this.newest(tx);
      if (raced) return raced;
      await tx.signingKey.createMany({
        data: [
          { kid: generated.kid, privateJwk: asJson(generated.privateJwk), publicJwk: asJson(generated.publicJwk) },
        ],
        skipDuplicates: true,
      });
      return generated;
    });
    return toSigningKey(chosen);
  }

  /** The public halves of every key not yet retired (retired_at unset or ahead): newest first. */
  async publicKeys(now: Date = new Date()): Promise<JWK[]> {
    const rows = await this.db.signingKey.findMany({
      where: { OR: [{ retiredAt: null }, { retiredAt: { gt: now } }] },
      orderBy: { createdAt: 'desc' },
      select: { publicJwk: true },
    });
    return rows.map((r) => asJwk(r.publicJwk));
  }

  /** The kid of the key that signs now (the newest without retired_at), if any. */
  async activeKid(): Promise<string | undefined> {
    return (await this.newest(this.db))?.kid;
  }

  /**
   * Stores a new key that signs from now on. The keys it replaces get retired_at = now + the
   * access token lifetime: they stay in the JWKS until every token they signed has expired.
   */
  async rotate(accessTokenTtlSeconds: number, now: Date = new Date()): Promise<SigningKey> {
    const generated = await generateSigningKey();
    await this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('salesflow_identity_signing_key'))`;
      await tx.signingKey.updateMany({
        where: { retiredAt: null },
        data: { retiredAt: new Date(now.getTime() + accessTokenTtlSeconds * 1000) },
      });
      await tx.signingKey.create({
        data: {
          kid: generated.kid,
          privateJwk: asJson(generated.privateJwk),
          publicJwk: asJson(generated.publicJwk),
          // Strictly after the old keys, so "newest" never ties.
          createdAt: now,
        },
      });
    });
    return toSigningKey(generated);
  }

  private async newest(db: Pick<IdentityDatabase, 'signingKey'>): Promise<StoredKey | undefined> {
    const row = await db.signingKey.findFirst({
      where: { retiredAt: null },
      orderBy: [{ createdAt: 'desc' }, { kid: 'desc' }],
    });
    return row ? { kid: row.kid, privateJwk: asJwk(row.privateJwk), publicJwk: asJwk(row.publicJwk) } : undefined;
  }
}

/** A fresh P-256 key pair as JWKs; the kid is the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(): Promise<StoredKey> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const marks = { kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  return { kid, publicJwk: { ...publicJwk, ...marks }, privateJwk: { ...(await exportJWK(privateKey)), ...marks } };
}

async function toSigningKey(stored: StoredKey): Promise<SigningKey> {
  const privateKey = await importJWK(stored.privateJwk, SIGNING_ALGORITHM);
  if (privateKey instanceof Uint8Array) throw new Error(`signing key ${stored.kid} is not an EC key`);
  return { kid: stored.kid, privateKey };
}

function asJson(jwk: JWK): Prisma.InputJsonObject {
  return Object.fromEntries(Object.entries(jwk).filter(([, v]) => v !== undefined)) as Prisma.InputJsonObject;
}

function asJwk(value: Prisma.JsonValue): JWK {
  if (!value || typeof value !== 'object' || Array.isArray(value) || typeof value.kty !== 'string') {
    throw new Error('stored signing key is not a JWK');
  }
  return value as unknown as JWK;
}
