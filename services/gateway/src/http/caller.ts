import type { Request, RequestHandler } from 'express';
import type { TokenVerifier } from '../auth/token-verifier';

/** Who is calling, as far as limits and idempotency keys are concerned. */
export type Caller =
  | { kind: 'user'; tenantId: string; employeeId: string; scope: string }
  | { kind: 'anonymous'; ip: string; scope: string };

const callers = new WeakMap<Request, Caller>();

/**
 * Names the caller before any route runs: the tenant and employee of a valid bearer token,
 * else the client address. It never refuses a request: the routes' `authenticate` does that,
 * with the proper 401. (The token is verified again there; with the JWKS cached that is cheap.)
 */
export function identifyCaller(verifier: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    callers.set(req, await callerFrom(req, verifier));
    next();
  };
}

async function callerFrom(req: Request, verifier: TokenVerifier): Promise<Caller> {
  const token = /^Bearer[ ]+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (token) {
    try {
      const { tenantId, employeeId } = await verifier.verify(token);
      return { kind: 'user', tenantId, employeeId, scope: `user:${tenantId}:${employeeId}` };
    } catch {
      // Invalid, expired, or identity unreachable: treated as anonymous; the route answers.
    }
  }
  const ip = clientAddressOf(req);
  return { kind: 'anonymous', ip, scope: `ip:${ip}` };
}

export function clientAddressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export function callerOf(req: Request): Caller {
  const caller = callers.get(req);
  if (caller) return caller;
  // Only reachable when identifyCaller is not in front; the address is a safe fallback.
  const ip = clientAddressOf(req);
  return { kind: 'anonymous', ip, scope: `ip:${ip}` };
}
