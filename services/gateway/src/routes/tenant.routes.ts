import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { IdentityClient } from '../clients/service-clients';
import { expectedVersionOf, withIfMatch } from '../http/if-match';
import { present, sendVersioned } from '../http/respond';
import { validate } from '../http/validate';
import {
  API_PREFIX,
  authenticatedProblems,
  BEARER_AUTH,
  etagHeader,
  ifMatchHeaders,
  problemResponse,
  registry,
} from '../openapi/registry';
import { tenantToJson, updateTenantRequestFromJson } from './mappers/tenant.mapper';
import { signingKeySchema, tenantSchema, updateTenantBodySchema } from './schemas/tenant.schemas';

const TENANT_PATH = `${API_PREFIX}/tenant`;
const ROTATE_PATH = `${TENANT_PATH}/signing-keys/rotate`;
const security = [{ [BEARER_AUTH]: [] }];
const tenantContent = { 'application/json': { schema: tenantSchema } };

registry.registerPath({
  method: 'get',
  path: TENANT_PATH,
  operationId: 'getTenant',
  tags: ['tenant'],
  summary: 'Your tenant and its settings',
  description: 'Needs authentication only.',
  security,
  responses: {
    200: { description: 'The tenant.', headers: etagHeader('tenant'), content: tenantContent },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: TENANT_PATH,
  operationId: 'updateTenant',
  tags: ['tenant'],
  summary: 'Rename the tenant or change settings',
  description: 'Needs identity.tenant.write.',
  security,
  request: {
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateTenantBodySchema } } },
  },
  responses: {
    200: { description: 'Changed.', headers: etagHeader('tenant'), content: tenantContent },
    400: problemResponse('The body or If-Match is not valid.'),
    412: problemResponse('If-Match names a version that is no longer current.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: ROTATE_PATH,
  operationId: 'rotateSigningKey',
  tags: ['tenant'],
  summary: 'Start signing access tokens with a new key',
  description: 'Needs identity.tenant.write (admins). Old keys keep verifying until their tokens expire.',
  security,
  responses: {
    200: { description: 'The new key id.', content: { 'application/json': { schema: signingKeySchema } } },
    ...authenticatedProblems,
  },
});

export function tenantRoutes(deps: { identity: IdentityClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { identity, authenticate } = deps;

  router.get(TENANT_PATH, authenticate, async (req, res) => {
    const { tenant } = await identity.getTenant({}, callOptionsOf(req));
    sendVersioned(res, tenantToJson(present(tenant, 'identity', 'tenant')));
  });

  router.patch(TENANT_PATH, authenticate, requirePermission('identity.tenant.write'), async (req, res) => {
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateTenantBodySchema, req.body, 'body');
    const { tenant } = await withIfMatch(expectedVersion, () =>
      identity.updateTenant(updateTenantRequestFromJson(expectedVersion, body), callOptionsOf(req)),
    );
    sendVersioned(res, tenantToJson(present(tenant, 'identity', 'tenant')));
  });

  router.post(ROTATE_PATH, authenticate, requirePermission('identity.tenant.write'), async (req, res) => {
    const { kid } = await identity.rotateSigningKey({}, callOptionsOf(req));
    res.json({ kid });
  });

  return router;
}
