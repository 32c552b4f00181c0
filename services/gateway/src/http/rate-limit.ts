import type { Logger } from '@salesflow/platform';
import type { Request, RequestHandler, Response } from 'express';
import { callerOf, clientAddressOf } from './caller';
import { RateLimitedError } from './http-errors';

/** Limits count requests in fixed windows of this length. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

export interface RateLimitHit {
  /** Requests counted in the current window, this one included. */
  hits: number;
  /** Seconds until the window ends and the count starts again. */
  resetSeconds: number;
}

/** Fixed-window counters; `hit` counts one request against every key, in one round trip. */
export interface RateLimitStore {
  hit(keys: readonly string[], windowSeconds: number): Promise<RateLimitHit[]>;
}

interface Limit {
  name: string;
  key: string;
  limit: number;
}

export interface RateLimitOptions {
  store: RateLimitStore;
  userPerMinute: number;
  tenantPerMinute: number;
  log: Logger;
  /** Tests shorten it; the limits are then per window rather than per minute. */
  windowSeconds?: number;
}

/**
 * Per user and per tenant for authenticated callers, per client address (at the user rate)
 * otherwise. Answers with `RateLimit-Limit/Remaining/Reset` (IETF draft, the limit closest to
 * running out) and, over a limit, 429 with Retry-After.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  return async (req, res, next) => {
    const caller = callerOf(req);
    const limits: Limit[] =
      caller.kind === 'user'
        ? [
            { name: 'user', key: caller.scope, limit: options.userPerMinute },
            { name: 'tenant', key: `tenant:${caller.tenantId}`, limit: options.tenantPerMinute },
          ]
        : [{ name: 'client', key: caller.scope, limit: options.userPerMinute }];
    await enforce(limits, options, res);
    next();
  };
}

/**
 * The stricter limit of sign-in attempts, per client address, tenant code and account (email
 * or phone); after body parsing. Per account, because a whole sales office signs in from one
 * address at nine o'clock; guessing one account's password is what the lockout stops.
 */
export function loginRateLimit(options: {
  store: RateLimitStore;
  perMinute: number;
  path: string;
  log: Logger;
  windowSeconds?: number;
}): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'POST' || req.path !== options.path) return next();
    const key = `login:${clientAddressOf(req)}:${bodyField(req, 'tenantCode')}:${bodyField(req, 'email') || bodyField(req, 'phone')}`;
    await enforce([{ name: 'sign-in', key, limit: options.perMinute }], options, res);
    next();
  };
}

function bodyField(req: Request, name: 'tenantCode' | 'email' | 'phone'): string {
  const body: unknown = req.body;
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.trim().toLowerCase().slice(0, 254) : '';
}

async function enforce(
  limits: Limit[],
  options: { store: RateLimitStore; log: Logger; windowSeconds?: number },
  res: Response,
) {
  const windowSeconds = options.windowSeconds ?? RATE_LIMIT_WINDOW_SECONDS;
  let hits: RateLimitHit[];
  try {
    hits = await options.store.hit(
      limits.map((l) => l.key),
      windowSeconds,
    );
  } catch (error) {
    // Failing open: an unreachable counter store must not take the whole API down.
    options.log.warn({ err: error }, 'rate-limit store unavailable; request let through');
    return;
  }
  const states = limits.map((limit, i) => {
    const hit = hits[i] ?? { hits: 0, resetSeconds: windowSeconds };
    return { ...limit, ...hit, remaining: Math.max(0, limit.limit - hit.hits) };
  });
  const tightest = states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  res.setHeader('RateLimit-Limit', String(tightest.limit));
  res.setHeader('RateLimit-Remaining', String(tightest.remaining));
  res.setHeader('RateLimit-Reset', String(tightest.resetSeconds));
  res.setHeader('RateLimit-Policy', states.map((s) => `${s.limit};w=${windowSeconds}`).join(', '));
  const exceeded = states.filter((s) => s.hits > s.limit);
  if (exceeded.length > 0) {
    const longest = exceeded.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a));
    throw new RateLimitedError(Math.max(1, longest.resetSeconds), longest.name);
  }
}

/** Counters in this process only: for tests and a single replica. */
export function memoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  const counters = new Map<string, number>();
  let currentStart = 0;
  return {
    async hit(keys, windowSeconds) {
      const windowMs = windowSeconds * 1000;
      const start = Math.floor(now() / windowMs) * windowMs;
      if (start !== currentStart) {
        counters.clear();
        currentStart = start;
      }
      return keys.map((key) => {
        const id = `${key}@${start}`;
        const hits = (counters.get(id) ?? 0) + 1;
        counters.set(id, hits);
        return { hits, resetSeconds: Math.ceil((start + windowMs - now()) / 1000) };
      });
    },
  };
}
