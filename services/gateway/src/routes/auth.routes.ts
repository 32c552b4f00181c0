import type { identityV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import { Router } from 'express';
import { AuthError } from '../auth/auth.errors';
import type { IdentityClient } from '../clients/service-clients';
import { requestIdOf } from '../http/request-id';
import { validate } from '../http/validate';
import { API_PREFIX, problemResponse, registry } from '../openapi/registry';
import { loginResponseToJson } from './mappers/auth.mapper';
import { loginBodySchema, loginResponseSchema } from './schemas/auth.schemas';

const LOGIN_PATH = `${API_PREFIX}/auth/login`;

registry.registerPath({
  method: 'post',
  path: LOGIN_PATH,
  operationId: 'login',
  tags: ['auth'],
  summary: 'Exchange a tenant code, email and password for an access token',
  request: { body: { required: true, content: { 'application/json': { schema: loginBodySchema } } } },
  responses: {
    200: { description: 'Signed in.', content: { 'application/json': { schema: loginResponseSchema } } },
    400: problemResponse('The request body is not valid.'),
    401: problemResponse('The tenant code, email or password is wrong.'),
    503: problemResponse('Identity is unavailable.'),
  },
});

export function authRoutes(deps: { identity: IdentityClient }): Router {
  const router = Router();

  router.post(LOGIN_PATH, async (req, res) => {
    const body = validate(loginBodySchema, req.body, 'body');
    let response: identityV1.LoginResponse;
    try {
      response = await deps.identity.login(body, { requestId: requestIdOf(req) });
    } catch (error) {
      throw asBadCredentials(error);
    }
    res.set('Cache-Control', 'no-store').json(loginResponseToJson(response));
  });

  return router;
}

// Unknown tenant, unknown email and a departed employee all read as wrong credentials, so a
// caller cannot probe which tenants or accounts exist.
function asBadCredentials(error: unknown): unknown {
  if (!(error instanceof ServiceError)) return error;
  if (error.code === 'UNAUTHENTICATED' || error.code === 'NOT_FOUND' || error.code === 'PERMISSION_DENIED') {
    return new AuthError('BAD_CREDENTIALS', 'the tenant code, email or password is wrong', error);
  }
  return error;
}
