import type { GatewayDatabase } from '../database';
import type { ClaimOutcome, IdempotencyStore, StoredResponse } from './idempotency';

interface KeyRow {
  fingerprint: string;
  status: string;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: Uint8Array | null;
}

/**
 * Idempotency keys in PostgreSQL. A claim is one INSERT under the (scope, key) primary key,
 * so of two concurrent requests with one key exactly one gets the row; an expired key, or
 * one left `in_progress` by a gateway that died (same request, lock older than lockMs), is
 * taken over by the same statement.
 */
export function postgresIdempotencyStore(db: GatewayDatabase): IdempotencyStore {
  return {
    async claim({ scope, key, fingerprint, ttlMs, lockMs }) {
      // A row released between our INSERT and SELECT makes us go round once more.
      for (let attempt = 0; attempt < 3; attempt++) {
        const claimed = await db.$queryRaw<{ claimed: boolean }[]>`
          INSERT INTO idempotency_key (scope, key, fingerprint, status, locked_at, created_at, expires_at)
          VALUES (${scope}, ${key}, ${fingerprint}, 'in_progress', now(), now(),
                  now() + ${ttlMs}::float8 * interval '1 millisecond')
          ON CONFLICT (scope, key) DO UPDATE
            SET fingerprint = EXCLUDED.fingerprint, status = 'in_progress', response_status = NULL,
                response_headers = NULL, response_body = NULL, locked_at = now(), created_at = now(),
                expires_at = EXCLUDED.expires_at
            WHERE idempotency_key.expires_at <= now()
               OR (idempotency_key.status = 'in_progress'
                   AND idempotency_key.fingerprint = EXCLUDED.fingerprint
                   AND idempotency_key.locked_at <= now() - ${lockMs}::float8 * interval '1 millisecond')
          RETURNING true AS claimed`;
        if (claimed.length > 0) return { outcome: 'claimed' };
        const [row] = await db.$queryRaw<KeyRow[]>`
          SELECT fingerprint, status, response_status, response_headers, response_body
          FROM idempotency_key WHERE scope = ${scope} AND key = ${key}`;
        if (row) return outcomeOf(row, fingerprint);
      }
      return { outcome: 'in_progress' };
    },
    async complete(scope, key, response: StoredResponse) {
      await db.$executeRaw`
        UPDATE idempotency_key
        SET status = 'completed', response_status = ${response.status},
            response_headers = ${JSON.stringify(response.headers)}::jsonb, response_body = ${response.body}
        WHERE scope = ${scope} AND key = ${key} AND status = 'in_progress'`;
    },
    async release(scope, key) {
      await db.$executeRaw`
        DELETE FROM idempotency_key WHERE scope = ${scope} AND key = ${key} AND status = 'in_progress'`;
    },
  };
}

function outcomeOf(row: KeyRow, fingerprint: string): ClaimOutcome {
  if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
  if (row.status !== 'completed' || row.response_status === null) return { outcome: 'in_progress' };
  return {
    outcome: 'completed',
    response: {
      status: row.response_status,
      headers: row.response_headers ?? {},
      body: Buffer.from(row.response_body ?? new Uint8Array()),
    },
  };
}
