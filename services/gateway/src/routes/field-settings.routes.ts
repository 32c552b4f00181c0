import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { ReportsClient } from '../clients/service-clients';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { reportsClient } from './field-reports-client';
import { fieldSettingsSchema, updateFieldSettingsBodySchema } from './schemas/field-report.schemas';

const PATH = `${API_PREFIX}/field-settings`;
const security = [{ [BEARER_AUTH]: [] }];
const content = { 'application/json': { schema: fieldSettingsSchema } };

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'getFieldSettings',
  tags: ['field-settings'],
  summary: "The tenant's field rules: report deadline and work start time",
  description: 'Needs field.report.read.',
  security,
  responses: { 200: { description: 'The settings.', content }, ...authenticatedProblems },
});

registry.registerPath({
  method: 'patch',
  path: PATH,
  operationId: 'updateFieldSettings',
  tags: ['field-settings'],
  summary: "Change the tenant's field rules",
  description: 'Needs identity.tenant.write (admins). Fields left out stay as they are.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: updateFieldSettingsBodySchema } } } },
  responses: {
    200: { description: 'The settings as changed.', content },
    400: problemResponse('A value is not valid.'),
    ...authenticatedProblems,
  },
});

export function fieldSettingsRoutes(deps: {
  reports: ReportsClient | undefined;
  authenticate: RequestHandler;
}): Router {
  const router = Router();
  const { authenticate } = deps;
  const reports = () => reportsClient(deps.reports);

  router.get(PATH, authenticate, requirePermission('field.report.read'), async (req, res) => {
    const { settings } = await reports().getFieldSettings({}, callOptionsOf(req));
    res.json(present(settings, 'field', 'settings'));
  });

  router.patch(PATH, authenticate, requirePermission('identity.tenant.write'), async (req, res) => {
    const body = validate(updateFieldSettingsBodySchema, req.body, 'body');
    const { settings } = await reports().updateFieldSettings(
      {
        settings: {
          reportDeadlineTime: body.reportDeadlineTime ?? '',
          reportDeadlineDaysAfter: body.reportDeadlineDaysAfter ?? 0,
          workStartTime: body.workStartTime ?? '',
          timeZone: '',
        },
      },
      callOptionsOf(req),
    );
    res.json(present(settings, 'field', 'settings'));
  });

  return router;
}
