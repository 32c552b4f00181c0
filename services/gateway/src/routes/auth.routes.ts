import { ServiceError } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { AuthError } from '../auth/auth.errors';
import { callOptionsOf } from '../auth/authenticate';
import type { IdentityClient } from '../clients/service-clients';
import { AccountLockedError } from '../http/http-errors';
import { requestIdOf } from '../http/request-id';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { loginRequestFromJson, loginResponseToJson, meToJson, tokenPairToJson } from './mappers/auth.mapper';
import {
  changePasswordBodySchema,
  jwksSchema,
  loginBodySchema,
  loginResponseSchema,
  logoutBodySchema,
  refreshTokenBodySchema,
  tokenPairSchema,
} from './schemas/auth.schemas';
import { meSchema } from './schemas/employee.schemas';

const LOGIN_PATH = `${API_PREFIX}/auth/login`;
const REFRESH_PATH = `${API_PREFIX}/auth/refresh`;
const LOGOUT_PATH = `${API_PREFIX}/auth/logout`;
const ME_PATH = `${API_PREFIX}/me`;
const PASSWORD_PATH = `${API_PREFIX}/me/password`;
// The one public place for the keys (RFC 8615); there is deliberately no copy under /api/v1.
export const JWKS_PATH = '/.well-known/jwks.json';
const JWKS_MAX_AGE_SECONDS = 300;

const json = <S>(schema: S) => ({ 'application/json': { schema } });
const noStore = { 'Cache-Control': { description: 'no-store', schema: { type: 'string' as const } } };

registry.registerPath({
  method: 'post',
  path: LOGIN_PATH,
  operationId: 'login',
  tags: ['auth'],
  summary: 'Exchange a tenant code, an email or phone, and a password for an access and a refresh token',
  description: 'Public. Repeated failures lock the account for a growing time.',
  request: { body: { required: true, content: json(loginBodySchema) } },
  responses: {
    200: { description: 'Signed in.', headers: noStore, content: json(loginResponseSchema) },
    400: problemResponse('The request body is not valid (exactly one of email and phone).'),
    401: problemResponse('The tenant code, email, phone or password is wrong.'),
    429: problemResponse('The account is locked after repeated failures; Retry-After when known.'),
    503: problemResponse('Identity is unavailable.'),
  },
});

registry.registerPath({
  method: 'post',
  path: REFRESH_PATH,
  operationId: 'refreshToken',
  tags: ['auth'],
  summary: 'Use a refresh token once for a new access and refresh token',
  description: 'Public. Reusing a refresh token that was already used revokes its whole family.',
  request: { body: { required: true, content: json(refreshTokenBodySchema) } },
  responses: {
    200: { description: 'A new pair.', headers: noStore, content: json(tokenPairSchema) },
    400: problemResponse('The request body is not valid.'),
    401: problemResponse('The refresh token is unknown, expired, revoked or was used before.'),
    503: problemResponse('Identity is unavailable.'),
  },
});

registry.registerPath({
  method: 'post',
  path: LOGOUT_PATH,
  operationId: 'logout',
  tags: ['auth'],
  summary: "Revoke a refresh token's family",
  description: 'Public: the refresh token is the credential. Access tokens run out on their own.',
  request: { body: { required: true, content: json(logoutBodySchema) } },
  responses: {
    204: { description: 'Signed out.' },
    400: problemResponse('The request body is not valid.'),
    503: problemResponse('Identity is unavailable.'),
  },
});

registry.registerPath({
  method: 'get',
  path: JWKS_PATH,
  operationId: 'getJwks',
  tags: ['auth'],
  summary: 'The public keys that verify access tokens',
  description: `Public; cacheable for ${JWKS_MAX_AGE_SECONDS} s. Old keys stay listed until their tokens expire.`,
  responses: {
    200: {
      description: 'A JWK Set.',
      headers: {
        'Cache-Control': { description: `public, max-age=${JWKS_MAX_AGE_SECONDS}`, schema: { type: 'string' } },
      },
      content: { 'application/jwk-set+json': { schema: jwksSchema } },
    },
    503: problemResponse('Identity is unavailable.'),
  },
});

registry.registerPath({
  method: 'get',
  path: ME_PATH,
  operationId: 'getMe',
  tags: ['auth'],
  summary: 'Your profile, roles, permissions and data scope',
  description: 'Needs authentication only.',
  security: [{ [BEARER_AUTH]: [] }],
  responses: {
    200: { description: 'You.', content: json(meSchema) },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: PASSWORD_PATH,
  operationId: 'changePassword',
  tags: ['auth'],
  summary: 'Change your password',
  description: 'Needs authentication only. A wrong current password is a 400 naming currentPassword.',
  security: [{ [BEARER_AUTH]: [] }],
  request: { body: { required: true, content: json(changePasswordBodySchema) } },
  responses: {
    204: { description: 'Changed.' },
    400: problemResponse('The body is not valid, or currentPassword is wrong.'),
    ...authenticatedProblems,
  },
});

export function authRoutes(deps: { identity: IdentityClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { identity, authenticate } = deps;

  router.post(LOGIN_PATH, async (req, res) => {
    const body = validate(loginBodySchema, req.body, 'body');
    const response = await identity
      .login(loginRequestFromJson(body), { requestId: requestIdOf(req) })
      .catch((error: unknown) => {
        throw asLoginFailure(error);
      });
    res.set('Cache-Control', 'no-store').json(loginResponseToJson(response));
  });

  router.post(REFRESH_PATH, async (req, res) => {
    const body = validate(refreshTokenBodySchema, req.body, 'body');
    const response = await identity.refreshToken(body, { requestId: requestIdOf(req) });
    res.set('Cache-Control', 'no-store').json(tokenPairToJson(response));
  });

  router.post(LOGOUT_PATH, async (req, res) => {
    const body = validate(logoutBodySchema, req.body, 'body');
    await identity.logout(body, { requestId: requestIdOf(req) });
    res.status(204).end();
  });

  router.get(JWKS_PATH, async (req, res) => {
    const { jwksJson } = await identity.getJwks({}, { requestId: requestIdOf(req) });
    res.set('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`).type('application/jwk-set+json').send(jwksJson);
  });

  router.get(ME_PATH, authenticate, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(meToJson(await identity.getMe({}, callOptionsOf(req))));
  });

  router.post(PASSWORD_PATH, authenticate, async (req, res) => {
    const body = validate(changePasswordBodySchema, req.body, 'body');
    await identity.changePassword(body, callOptionsOf(req)).catch((error: unknown) => {
      // The caller's token is fine; a 401 here would make clients sign out.
      if (error instanceof ServiceError && error.code === 'UNAUTHENTICATED') {
        throw ServiceError.invalid([{ field: 'currentPassword', message: 'is wrong' }]);
      }
      throw error;
    });
    res.status(204).end();
  });

  return router;
}

const LOCKED_REASON = 'ACCOUNT_LOCKED';

// Unknown tenant, unknown email and a departed employee all read as wrong credentials, so a
// caller cannot probe which tenants or accounts exist.
function asLoginFailure(error: unknown): unknown {
  if (!(error instanceof ServiceError)) return error;
  if (error.details.reason === LOCKED_REASON) {
    // identity says how long the lockout lasts; the kit carries it across gRPC.
    return new AccountLockedError(error.details.retryAfterSeconds, error);
  }
  if (error.code === 'UNAUTHENTICATED' || error.code === 'NOT_FOUND' || error.code === 'PERMISSION_DENIED') {
    return new AuthError('BAD_CREDENTIALS', 'the tenant code, email, phone or password is wrong', error);
  }
  return error;
}
