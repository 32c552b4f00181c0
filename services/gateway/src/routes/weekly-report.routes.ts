import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { ReportsClient } from '../clients/service-clients';
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
import { reportsClient } from './field-reports-client';
import { weeklyReportToJson } from './mappers/field-report.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  generateWeeklyQuerySchema,
  updateWeeklyReportBodySchema,
  weeklyReportSchema,
} from './schemas/field-report.schemas';

const PATH = `${API_PREFIX}/weekly-reports`;
const security = [{ [BEARER_AUTH]: [] }];
const content = { 'application/json': { schema: weeklyReportSchema } };
const params = idParamsSchema('weekly report');
const tags = ['weekly-reports'];

registry.registerPath({
  method: 'post',
  path: `${PATH}/generate`,
  operationId: 'generateWeeklyReport',
  tags,
  summary: "Build a department's weekly progress report (周进度控制) from the data",
  description:
    'Needs field.report.review and the department in your data scope. Creates the draft, or refreshes the figures of an existing draft. Formulas: services/field/README.md.',
  security,
  request: { query: generateWeeklyQuerySchema },
  responses: {
    200: { description: 'The draft.', headers: etagHeader('report'), content },
    400: problemResponse('The week is not an ISO week, or has not started.'),
    404: problemResponse('No such department, or not one in your scope.'),
    409: problemResponse('The report of that week is submitted already.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getWeeklyReport',
  tags,
  summary: 'One weekly report',
  description: 'Needs field.report.read and the department in your data scope.',
  security,
  request: { params },
  responses: {
    200: { description: 'The report.', headers: etagHeader('report'), content },
    404: problemResponse('No such report, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateWeeklyReport',
  tags,
  summary: "Write next week's plan",
  description: 'Needs field.report.review; drafts only.',
  security,
  request: {
    params,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateWeeklyReportBodySchema } } },
  },
  responses: {
    200: { description: 'The report.', headers: etagHeader('report'), content },
    400: problemResponse('The plan is too long.'),
    404: problemResponse('No such report, or not one you may see.'),
    409: problemResponse('The report is submitted.'),
    412: problemResponse('The report changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/submit`,
  operationId: 'submitWeeklyReport',
  tags,
  summary: 'Submit the weekly report with its plan',
  description: "Needs field.report.review. Next week's plan must be written first.",
  security,
  request: { params, headers: ifMatchHeaders },
  responses: {
    200: { description: 'The report.', headers: etagHeader('report'), content },
    400: problemResponse("Next week's plan is missing."),
    404: problemResponse('No such report, or not one you may see.'),
    409: problemResponse('The report is submitted already.'),
    412: problemResponse('The report changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

export function weeklyReportRoutes(deps: { reports: ReportsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const reports = () => reportsClient(deps.reports);
  const canReview = requirePermission('field.report.review');

  router.post(`${PATH}/generate`, authenticate, canReview, async (req, res) => {
    const query = validate(generateWeeklyQuerySchema, req.query, 'query');
    const { report } = await reports().generateWeeklyReport(query, callOptionsOf(req));
    sendVersioned(res, weeklyReportToJson(present(report, 'field', 'report')));
  });

  router.get(`${PATH}/:id`, authenticate, requirePermission('field.report.read'), async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const { report } = await reports().getWeeklyReport({ id }, callOptionsOf(req));
    sendVersioned(res, weeklyReportToJson(present(report, 'field', 'report')));
  });

  router.patch(`${PATH}/:id`, authenticate, canReview, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const body = validate(updateWeeklyReportBodySchema, req.body, 'body');
    const expectedVersion = expectedVersionOf(req);
    const { report } = await withIfMatch(expectedVersion, () =>
      reports().updateWeeklyReport({ id, expectedVersion, nextWeekPlan: body.nextWeekPlan }, callOptionsOf(req)),
    );
    sendVersioned(res, weeklyReportToJson(present(report, 'field', 'report')));
  });

  router.post(`${PATH}/:id/submit`, authenticate, canReview, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const { report } = await withIfMatch(expectedVersion, () =>
      reports().submitWeeklyReport({ id, expectedVersion }, callOptionsOf(req)),
    );
    sendVersioned(res, weeklyReportToJson(present(report, 'field', 'report')));
  });

  return router;
}
