import type { commonV1 } from '@salesflow/contracts';
import { type CallOptions, runInCallContext, ServiceError } from '@salesflow/platform';
import type { Request, RequestHandler } from 'express';
import { requestIdOf } from '../http/request-id';
import { AuthError } from './auth.errors';
import type { TokenVerifier } from './token-verifier';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)$/i;

const principals = new WeakMap<Request, commonV1.Principal>();

/**
 * Requires a valid bearer access token. The principal it names is attached to the request and
 * to the call context, so every gRPC call made for this request carries it.
 */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) throw new AuthError('TOKEN_MISSING', 'send an access token as "Authorization: Bearer <token>"');
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new AuthError('TOKEN_INVALID', 'the Authorization header is not a bearer token');
    const principal = await verifier.verify(token);
    principals.set(req, principal);
    runInCallContext({ requestId: requestIdOf(req), principal }, next);
  };
}

/** The caller of a request that passed `authenticate`. */
export function principalOf(req: Request): commonV1.Principal {
  const principal = principals.get(req);
  // A route that reads the principal without `authenticate` in front of it is a wiring bug.
  if (!principal) throw new ServiceError('INTERNAL', 'route is missing authentication');
  return principal;
}

/** What a route passes to a gRPC client: the caller and the request id, stated rather than implied. */
export function callOptionsOf(req: Request): CallOptions {
  return { principal: principalOf(req), requestId: requestIdOf(req) };
}
