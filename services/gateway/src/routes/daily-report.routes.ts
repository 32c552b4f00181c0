import { pageSize } from '@salesflow/platform';
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
  locationHeader,
  problemResponse,
  registry,
} from '../openapi/registry';
import { reportsClient } from './field-reports-client';
import { dailyReportToJson, protoOf, timelinessToJson } from './mappers/field-report.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  createDailyReportBodySchema,
  dailyReportPageSchema,
  dailyReportSchema,
  listDailyReportsQuerySchema,
  reviewBodySchema,
  timelinessQuerySchema,
  timelinessSchema,
  updateDailyReportBodySchema,
} from './schemas/field-report.schemas';

const PATH = `${API_PREFIX}/daily-reports`;
const security = [{ [BEARER_AUTH]: [] }];
const content = { 'application/json': { schema: dailyReportSchema } };
const params = idParamsSchema('daily report');
const tags = ['daily-reports'];

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createDailyReport',
  tags,
  summary: 'Start your daily sales report (每日销售报告表) of a day, pre-filled from the data',
  description:
    "Needs field.report.write. Figures come from the day's check-ins and crm's follow-ups, payments and contracts that count for you.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createDailyReportBodySchema } } } },
  responses: {
    201: {
      description: 'Created as a draft.',
      headers: { ...etagHeader('report'), ...locationHeader('report') },
      content,
    },
    400: problemResponse('The date is not valid or in the future.'),
    409: problemResponse('You already have a report of that day.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listDailyReports',
  tags,
  summary: 'Daily reports you may see (yours, your data scope, those you supervise), newest first',
  description: 'Needs field.report.read.',
  security,
  request: { query: listDailyReportsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: dailyReportPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/timeliness`,
  operationId: 'getReportTimeliness',
  tags,
  summary: 'Missing and late daily reports of your data scope, per person and working day (KPI)',
  description:
    'Needs field.report.read. Working days (Mon-Fri) whose deadline has passed; approved leave and trips excuse a day. At most 92 days.',
  security,
  request: { query: timelinessQuerySchema },
  responses: {
    200: {
      description: 'The problems, by day then name.',
      content: { 'application/json': { schema: timelinessSchema } },
    },
    400: problemResponse('from/to are not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getDailyReport',
  tags,
  summary: 'One daily report',
  description: 'Needs field.report.read.',
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
  operationId: 'updateDailyReport',
  tags,
  summary: 'Fill in your part: complaints handled, competitor news, customer feedback, lessons (心得)',
  description: 'Needs field.report.write; your own draft or returned report only.',
  security,
  request: {
    params,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateDailyReportBodySchema } } },
  },
  responses: {
    200: { description: 'The report.', headers: etagHeader('report'), content },
    400: problemResponse('A field is too long.'),
    404: problemResponse('No such report, or not one you may see.'),
    412: problemResponse('The report changed since the version in If-Match.'),
    422: problemResponse('The report is submitted or reviewed.'),
    ...authenticatedProblems,
  },
});

for (const [action, summary, description] of [
  [
    'submit',
    'Submit your report',
    "Needs field.report.write. The figures are taken again; late when after the tenant's deadline.",
  ],
  [
    'review',
    'Sign a submitted report off (签核) with a comment',
    "Needs field.report.review; only the rep's supervisor.",
  ],
  [
    'return',
    'Send a submitted report back to the rep, saying why',
    "Needs field.report.review; only the rep's supervisor.",
  ],
] as const) {
  registry.registerPath({
    method: 'post',
    path: `${PATH}/{id}/${action}`,
    operationId: `${action}DailyReport`,
    tags,
    summary,
    description,
    security,
    request: {
      params,
      headers: ifMatchHeaders,
      ...(action === 'submit'
        ? {}
        : { body: { required: true, content: { 'application/json': { schema: reviewBodySchema } } } }),
    },
    responses: {
      200: { description: 'The report.', headers: etagHeader('report'), content },
      400: problemResponse('The comment is missing or too long.'),
      404: problemResponse('No such report, or not one you may see.'),
      412: problemResponse('The report changed since the version in If-Match.'),
      409: problemResponse('The report is not in a state that allows this.'),
      ...authenticatedProblems,
    },
  });
}

export function dailyReportRoutes(deps: { reports: ReportsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const reports = () => reportsClient(deps.reports);
  const canRead = requirePermission('field.report.read');
  const canWrite = requirePermission('field.report.write');
  const canReview = requirePermission('field.report.review');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createDailyReportBodySchema, req.body, 'body');
    const { report } = await reports().createDailyReport({ reportDate: body.reportDate }, callOptionsOf(req));
    const created = dailyReportToJson(present(report, 'field', 'report'));
    res.status(201).location(`${PATH}/${created.id}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listDailyReportsQuerySchema, req.query, 'query');
    const response = await reports().listDailyReports(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        from: query.from ?? '',
        to: query.to ?? '',
        employeeId: query.employeeId ?? '',
        status: protoOf('DAILY_REPORT_STATUS_', query.status),
      },
      callOptionsOf(req),
    );
    res.json({ items: response.reports.map(dailyReportToJson), nextCursor: response.page?.nextCursor || null });
  });

  // Before /:id, so "timeliness" is never read as an id.
  router.get(`${PATH}/timeliness`, authenticate, canRead, async (req, res) => {
    const query = validate(timelinessQuerySchema, req.query, 'query');
    res.json(timelinessToJson(await reports().getReportTimeliness(query, callOptionsOf(req))));
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const { report } = await reports().getDailyReport({ id }, callOptionsOf(req));
    sendVersioned(res, dailyReportToJson(present(report, 'field', 'report')));
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const body = validate(updateDailyReportBodySchema, req.body, 'body');
    const expectedVersion = expectedVersionOf(req);
    const { report } = await withIfMatch(expectedVersion, () =>
      reports().updateDailyReport({ id, expectedVersion, ...body }, callOptionsOf(req)),
    );
    sendVersioned(res, dailyReportToJson(present(report, 'field', 'report')));
  });

  router.post(`${PATH}/:id/submit`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const { report } = await withIfMatch(expectedVersion, () =>
      reports().submitDailyReport({ id, expectedVersion, comment: '' }, callOptionsOf(req)),
    );
    sendVersioned(res, dailyReportToJson(present(report, 'field', 'report')));
  });

  for (const action of ['review', 'return'] as const) {
    router.post(`${PATH}/:id/${action}`, authenticate, canReview, async (req, res) => {
      const { id } = validate(params, req.params, 'params');
      const { comment } = validate(reviewBodySchema, req.body ?? {}, 'body');
      const expectedVersion = expectedVersionOf(req);
      const request = { id, expectedVersion, comment };
      const { report } = await withIfMatch(expectedVersion, () =>
        action === 'review'
          ? reports().reviewDailyReport(request, callOptionsOf(req))
          : reports().returnDailyReport(request, callOptionsOf(req)),
      );
      sendVersioned(res, dailyReportToJson(present(report, 'field', 'report')));
    });
  }

  return router;
}
