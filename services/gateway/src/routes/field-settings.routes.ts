import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { VisitsClient } from '../clients/service-clients';
import { requireVisitsClient } from '../clients/visits-client';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { fieldSettingsToJson } from './mappers/field-visit.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  customerGeofenceBodySchema,
  customerGeofenceSchema,
  fieldSettingsSchema,
  updateFieldSettingsBodySchema,
} from './schemas/field-visit.schemas';

const PATH = `${API_PREFIX}/field-settings`;
const GEOFENCE_PATH = `${API_PREFIX}/customers/{id}/geofence`;
const security = [{ [BEARER_AUTH]: [] }];
const settingsContent = { 'application/json': { schema: fieldSettingsSchema } };
const customerIdParams = idParamsSchema('customer');

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'getFieldSettings',
  tags: ['field-settings'],
  summary: "The tenant's geofence radius and effective-visit minimum",
  description: 'Needs field.visit.read. Defaults: 200 m, 10 minutes.',
  security,
  responses: { 200: { description: 'The settings.', content: settingsContent }, ...authenticatedProblems },
});

registry.registerPath({
  method: 'patch',
  path: PATH,
  operationId: 'updateFieldSettings',
  tags: ['field-settings'],
  summary: 'Change the geofence radius or the effective-visit minimum',
  description: 'Needs field.settings.write (managers and admins). Applies to check-ins and visits from now on.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: updateFieldSettingsBodySchema } } } },
  responses: {
    200: { description: 'The settings as changed.', content: settingsContent },
    400: problemResponse('A value is out of range.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'put',
  path: GEOFENCE_PATH,
  operationId: 'setCustomerGeofence',
  tags: ['field-settings'],
  summary: "Override one customer's geofence radius",
  description: 'Needs field.settings.write. A radius of 0 removes the override (the tenant default applies).',
  security,
  request: {
    params: customerIdParams,
    body: { required: true, content: { 'application/json': { schema: customerGeofenceBodySchema } } },
  },
  responses: {
    200: {
      description: 'The radius that now applies.',
      content: { 'application/json': { schema: customerGeofenceSchema } },
    },
    400: problemResponse('The radius is out of range.'),
    ...authenticatedProblems,
  },
});

export function fieldSettingsRoutes(deps: { visits: VisitsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const visits = () => requireVisitsClient(deps.visits);
  const canWrite = requirePermission('field.settings.write');

  router.get(PATH, authenticate, requirePermission('field.visit.read'), async (req, res) => {
    const { settings } = await visits().getFieldSettings({}, callOptionsOf(req));
    res.json(fieldSettingsToJson(present(settings, 'field', 'settings')));
  });

  router.patch(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(updateFieldSettingsBodySchema, req.body, 'body');
    const { settings } = await visits().updateFieldSettings(body, callOptionsOf(req));
    res.json(fieldSettingsToJson(present(settings, 'field', 'settings')));
  });

  router.put(`${API_PREFIX}/customers/:id/geofence`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(customerIdParams, req.params, 'params');
    const { radiusMeters } = validate(customerGeofenceBodySchema, req.body, 'body');
    const { geofence } = await visits().setCustomerGeofence({ customerId: id, radiusMeters }, callOptionsOf(req));
    res.json(present(geofence, 'field', 'geofence'));
  });

  return router;
}
