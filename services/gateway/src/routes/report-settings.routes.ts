import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { ReportsClient } from '../clients/service-clients';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { reportsClient } from './field-reports-client';
import { reportSettingsSchema, updateReportSettingsBodySchema } from './schemas/field-report.schemas';

const PATH = `${API_PREFIX}/report-settings`;
const security = [{ [BEARER_AUTH]: [] }];
const content = { 'application/json': { schema: reportSettingsSchema } };

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'getReportSettings',
  tags: ['report-settings'],
  summary: "The tenant's field rules: report deadline and work start time",
  description: 'Needs field.report.read.',
  security,
  responses: { 200: { description: 'The settings.', content }, ...authenticatedProblems },
});

registry.registerPath({
  method: 'patch',
  path: PATH,
  operationId: 'updateReportSettings',
  tags: ['report-settings'],
  summary: "Change the tenant's field rules",
  description: 'Needs identity.tenant.write (admins). Fields left out stay as they are.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: updateReportSettingsBodySchema } } } },
  responses: {
    200: { description: 'The settings as changed.', content },
    400: problemResponse('A value is not valid.'),
    ...authenticatedProblems,
  },
});

export function reportSettingsRoutes(deps: {
  reports: ReportsClient | undefined;
  authenticate: RequestHandler;
}): Router {
  const router = Router();
  const { authenticate } = deps;
  const reports = () => reportsClient(deps.reports);

  router.get(PATH, authenticate, requirePermission('field.report.read'), async (req, res) => {
    const { settings } = await reports().getReportSettings({}, callOptionsOf(req));
    res.json(present(settings, 'field', 'settings'));
  });

  router.patch(PATH, authenticate, requirePermission('identity.tenant.write'), async (req, res) => {
    const body = validate(updateReportSettingsBodySchema, req.body, 'body');
    const { settings } = await reports().updateReportSettings(
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
