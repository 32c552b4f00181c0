import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

/** The gateway's database: idempotency keys and rate-limit counters, shared by every replica. */
export type GatewayDatabase = PrismaClient;

export function createGatewayDatabase(databaseUrl: string): GatewayDatabase {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

/** Deletes expired keys and finished counter windows; returns how many rows went. */
export async function purgeExpired(db: GatewayDatabase): Promise<number> {
  const keys = await db.$executeRaw`DELETE FROM idempotency_key WHERE expires_at <= now()`;
  const counters = await db.$executeRaw`DELETE FROM rate_limit_counter WHERE expires_at <= now()`;
  return keys + counters;
}

/** Runs `purgeExpired` every `intervalMs` until the returned stop function is called. */
export function schedulePurge(db: GatewayDatabase, intervalMs: number, onError: (error: unknown) => void): () => void {
  const timer = setInterval(() => {
    purgeExpired(db).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
