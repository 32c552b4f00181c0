import { createHash } from 'node:crypto';
import { type Logger, ServiceError } from '@salesflow/platform';
import type { Request, RequestHandler, Response } from 'express';
import { callerOf } from './caller';
import { IdempotencyKeyInUseError, IdempotencyKeyMismatchError } from './http-errors';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Keys are kept this long; an older key counts as new. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A key still `in_progress` after this long belongs to a request whose gateway died; the
 * next request with it may take it over rather than wait out the TTL.
 */
export const IDEMPOTENCY_LOCK_MS = 60 * 1000;

/** Visible ASCII, as the IETF idempotency-key draft and common clients (UUIDs) use. */
const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,255}$/;
/** The headers a replay repeats; the rest belong to the moment (request id, rate limits). */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ClaimRequest {
  scope: string;
  key: string;
  fingerprint: string;
  ttlMs: number;
  lockMs: number;
}

export type ClaimOutcome =
  /** The key is ours: run the request, then `complete` or `release`. */
  | { outcome: 'claimed' }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' }
  | { outcome: 'completed'; response: StoredResponse };

export interface IdempotencyStore {
  /** Atomically takes a new (or expired) key, or says what the key already holds. */
  claim(request: ClaimRequest): Promise<ClaimOutcome>;
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Forgets a claimed key, so that a retry runs the request again. */
  release(scope: string, key: string): Promise<void>;
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its response is stored;
 * a retry with the same key and the same request gets that response again (with
 * `Idempotent-Replayed: true`); the same key with a different request is 422; a retry while
 * the first still runs is 409 with Retry-After: 1 (it does not wait). Keys are per caller
 * (tenant + employee, or client address when unauthenticated) and last 24 h.
 *
 * Not stored, so that a retry runs again: 5xx (the request may not have happened), 401, 408,
 * 429, and responses marked `Cache-Control: no-store` (tokens must not sit in a table).
 * Must run after body parsing: the body is part of the request's fingerprint.
 */
export function idempotency(options: { store: IdempotencyStore; log: Logger; ttlMs?: number }): RequestHandler {
  const ttlMs = options.ttlMs ?? IDEMPOTENCY_KEY_TTL_MS;
  return async (req, res, next) => {
    if (req.method !== 'POST') return next();
    const key = req.get(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined) return next();
    if (!ACCEPTABLE_KEY.test(key)) {
      throw ServiceError.invalid([
        { field: IDEMPOTENCY_KEY_HEADER, message: 'expected 1 to 255 visible ASCII characters' },
      ]);
    }
    const { scope } = callerOf(req);
    let claim: ClaimOutcome;
    try {
      claim = await options.store.claim({
        scope,
        key,
        fingerprint: fingerprintOf(req, scope),
        ttlMs,
        lockMs: IDEMPOTENCY_LOCK_MS,
      });
    } catch (error) {
      throw new ServiceError('UNAVAILABLE', 'the idempotency key store is unavailable', { cause: error });
    }
    switch (claim.outcome) {
      case 'mismatch':
        throw new IdempotencyKeyMismatchError();
      case 'in_progress':
        throw new IdempotencyKeyInUseError();
      case 'completed':
        replay(res, claim.response);
        return;
      case 'claimed':
        recordResponse(res, async (response) => {
          try {
            if (response && isStorable(response)) await options.store.complete(scope, key, response);
            else await options.store.release(scope, key);
          } catch (error) {
            options.log.warn({ err: error, idempotency_key: key }, 'could not store the idempotent response');
          }
        });
        next();
    }
  };
}

/** What makes two requests "the same": method, path with query, body and caller. */
export function fingerprintOf(req: Request, scope: string): string {
  const body: unknown = req.body;
  const text =
    typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('base64') : JSON.stringify(body ?? null);
  return createHash('sha256')
    .update(JSON.stringify([req.method, req.originalUrl, scope, text]))
    .digest('hex');
}

function isStorable(response: Recorded): boolean {
  if (response.noStore) return false;
  return response.status < 500 && ![401, 408, 429].includes(response.status);
}

function replay(res: Response, stored: StoredResponse): void {
  res.status(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) res.setHeader(name, value);
  res.setHeader(REPLAYED_HEADER, 'true');
  res.end(stored.body);
}

type Chunk = string | Buffer | Uint8Array;
type Recorded = StoredResponse & { noStore: boolean };

/**
 * Tees what the handler writes. When it ends the response, `persist` runs first and the
 * response is finished only after it, so a client that retries the moment it has an answer
 * finds the key completed. `persist(undefined)`: the connection closed before the handler
 * answered.
 */
function recordResponse(res: Response, persist: (response: Recorded | undefined) => Promise<void>) {
  const chunks: Buffer[] = [];
  const toBuffer = (chunk: Chunk, encoding: unknown) =>
    typeof chunk === 'string'
      ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      : Buffer.from(chunk);
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let ended = false;
  res.write = ((chunk: Chunk, ...rest: unknown[]) => {
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, rest[0]));
    return write(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (ended) return end(chunk, ...rest);
    ended = true;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      chunks.push(toBuffer(chunk as Chunk, rest[0]));
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = res.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const noStore = /\bno-store\b/i.test(String(res.getHeader('cache-control') ?? ''));
    void persist({ status: res.statusCode, headers, body: Buffer.concat(chunks), noStore }).finally(() =>
      end(chunk, ...rest),
    );
    return res;
  }) as Response['end'];
  res.once('close', () => {
    if (!ended) void persist(undefined);
  });
}

/** Keys in this process only: for tests and a single replica. */
export function memoryIdempotencyStore(now: () => number = Date.now): IdempotencyStore {
  interface Entry {
    fingerprint: string;
    response?: StoredResponse;
    lockedAt: number;
    expiresAt: number;
  }
  const entries = new Map<string, Entry>();
  const id = (scope: string, key: string) => `${scope}\n${key}`;
  return {
    async claim({ scope, key, fingerprint, ttlMs, lockMs }) {
      const entry = entries.get(id(scope, key));
      const t = now();
      const stale = entry && (entry.expiresAt <= t || (!entry.response && entry.lockedAt + lockMs <= t));
      if (!entry || stale) {
        entries.set(id(scope, key), { fingerprint, lockedAt: t, expiresAt: t + ttlMs });
        return { outcome: 'claimed' };
      }
      if (entry.fingerprint !== fingerprint) return { outcome: 'mismatch' };
      return entry.response ? { outcome: 'completed', response: entry.response } : { outcome: 'in_progress' };
    },
    async complete(scope, key, response) {
      const entry = entries.get(id(scope, key));
      if (entry) entry.response = response;
    },
    async release(scope, key) {
      entries.delete(id(scope, key));
    },
  };
}
