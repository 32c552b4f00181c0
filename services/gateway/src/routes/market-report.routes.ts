import { pageSize } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { ReportsClient } from '../clients/service-clients';
import { present, sendVersioned } from '../http/respond';
import { validate } from '../http/validate';
import {
  API_PREFIX,
  authenticatedProblems,
  BEARER_AUTH,
  etagHeader,
  locationHeader,
  problemResponse,
  registry,
} from '../openapi/registry';
import { reportsClient } from './field-reports-client';
import { marketReportToJson, protoOf } from './mappers/field-report.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  fileMarketReportBodySchema,
  listMarketReportsQuerySchema,
  marketReportPageSchema,
  marketReportSchema,
} from './schemas/field-report.schemas';

const PATH = `${API_PREFIX}/market-reports`;
const security = [{ [BEARER_AUTH]: [] }];
const content = { 'application/json': { schema: marketReportSchema } };
const params = idParamsSchema('market report');
const tags = ['market-reports'];

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'fileMarketReport',
  tags,
  summary: 'File a market situation report (市场状况反映表)',
  description:
    'Needs field.report.write. high and critical reports go to your supervisor at once (event field.market_report.urgent).',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: fileMarketReportBodySchema } } } },
  responses: {
    201: { description: 'Filed.', headers: { ...etagHeader('report'), ...locationHeader('report') }, content },
    400: problemResponse('The body is not valid (e.g. competitor_activity without a competitor).'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listMarketReports',
  tags,
  summary: 'Market reports you may see (your data scope, and those addressed to you), newest first',
  description: 'Needs field.report.read.',
  security,
  request: { query: listMarketReportsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: marketReportPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getMarketReport',
  tags,
  summary: 'One market report',
  description: 'Needs field.report.read.',
  security,
  request: { params },
  responses: {
    200: { description: 'The report.', headers: etagHeader('report'), content },
    404: problemResponse('No such report, or not one you may see.'),
    ...authenticatedProblems,
  },
});

export function marketReportRoutes(deps: { reports: ReportsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const reports = () => reportsClient(deps.reports);
  const canRead = requirePermission('field.report.read');

  router.post(PATH, authenticate, requirePermission('field.report.write'), async (req, res) => {
    const body = validate(fileMarketReportBodySchema, req.body, 'body');
    const { report } = await reports().fileMarketReport(
      {
        type: protoOf('MARKET_REPORT_TYPE_', body.type),
        severity: protoOf('SEVERITY_', body.severity),
        customerId: body.customerId ?? '',
        competitor: body.competitor ?? '',
        title: body.title,
        description: body.description ?? '',
      },
      callOptionsOf(req),
    );
    const filed = marketReportToJson(present(report, 'field', 'report'));
    res.status(201).location(`${PATH}/${filed.id}`);
    sendVersioned(res, filed);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listMarketReportsQuerySchema, req.query, 'query');
    const response = await reports().listMarketReports(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        type: protoOf('MARKET_REPORT_TYPE_', query.type),
        minSeverity: protoOf('SEVERITY_', query.minSeverity),
        from: query.from ?? '',
        to: query.to ?? '',
      },
      callOptionsOf(req),
    );
    res.json({ items: response.reports.map(marketReportToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const { report } = await reports().getMarketReport({ id }, callOptionsOf(req));
    sendVersioned(res, marketReportToJson(present(report, 'field', 'report')));
  });

  return router;
}
