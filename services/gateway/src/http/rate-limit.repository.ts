import type { GatewayDatabase } from '../database';
import type { RateLimitStore } from './rate-limit';

/**
 * Fixed-window counters in PostgreSQL, shared by every replica: one UPSERT ... RETURNING
 * counts the request against all its keys in one round trip. The window is computed from the
 * database clock, so replicas with skewed clocks still agree on it.
 */
export function postgresRateLimitStore(db: GatewayDatabase): RateLimitStore {
  return {
    async hit(keys, windowSeconds) {
      const unique = [...new Set(keys)];
      const rows = await db.$queryRaw<{ key: string; hits: number; reset_seconds: number }[]>`
        WITH w AS (
          SELECT to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}::int) * ${windowSeconds}::int) AS start
        )
        INSERT INTO rate_limit_counter (key, window_start, hits, expires_at)
        SELECT k, w.start, 1, w.start + ${windowSeconds}::int * interval '1 second'
        FROM unnest(${unique}::text[]) AS k, w
        ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counter.hits + 1
        RETURNING key, hits, greatest(1, ceil(extract(epoch FROM expires_at - now())))::int AS reset_seconds`;
      const byKey = new Map(rows.map((row) => [row.key, row]));
      return keys.map((key) => {
        const row = byKey.get(key);
        return { hits: Number(row?.hits ?? 0), resetSeconds: Number(row?.reset_seconds ?? windowSeconds) };
      });
    },
  };
}
