import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { TicketsClient } from '../clients/service-clients';
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
import { serviceSettingsToJson } from './mappers/satisfaction.mapper';
import { serviceSettingsSchema, updateServiceSettingsBodySchema } from './schemas/service-settings.schemas';

const PATH = `${API_PREFIX}/service-settings`;
const security = [{ [BEARER_AUTH]: [] }];
const content = { 'application/json': { schema: serviceSettingsSchema } };

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'getServiceSettings',
  tags: ['tickets'],
  summary: "The tenant's service settings: response time per ticket severity, dormancy period",
  description: 'Needs crm.ticket.read. A tenant that never changed them gets the defaults (version 0).',
  security,
  responses: {
    200: { description: 'The settings.', headers: etagHeader('settings'), content },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: PATH,
  operationId: 'updateServiceSettings',
  tags: ['tickets'],
  summary: "Change the tenant's service settings",
  description: 'Needs crm.settings.write. New response times apply to tickets opened (or reopened) afterwards.',
  security,
  request: {
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateServiceSettingsBodySchema } } },
  },
  responses: {
    200: { description: 'The settings as changed.', headers: etagHeader('settings'), content },
    400: problemResponse('A value is out of range.'),
    412: problemResponse('The settings changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

export function serviceSettingsRoutes(deps: { tickets: TicketsClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { tickets, authenticate } = deps;

  router.get(PATH, authenticate, requirePermission('crm.ticket.read'), async (req, res) => {
    const { settings } = await tickets.getServiceSettings({}, callOptionsOf(req));
    sendVersioned(res, serviceSettingsToJson(present(settings, 'crm', 'service settings')));
  });

  router.patch(PATH, authenticate, requirePermission('crm.settings.write'), async (req, res) => {
    const expectedVersion = expectedVersionOf(req);
    const input = validate(updateServiceSettingsBodySchema, req.body, 'body');
    const { settings } = await withIfMatch(expectedVersion, () =>
      tickets.updateServiceSettings({ ...input, expectedVersion }, callOptionsOf(req)),
    );
    sendVersioned(res, serviceSettingsToJson(present(settings, 'crm', 'service settings')));
  });

  return router;
}
