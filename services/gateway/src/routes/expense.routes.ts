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
import { expenseToJson, protoOf } from './mappers/field-report.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  expensePageSchema,
  expenseSchema,
  listExpensesQuerySchema,
  reviewBodySchema,
  submitExpenseBodySchema,
} from './schemas/field-report.schemas';

const PATH = `${API_PREFIX}/expenses`;
const security = [{ [BEARER_AUTH]: [] }];
const content = { 'application/json': { schema: expenseSchema } };
const params = idParamsSchema('expense');
const tags = ['expenses'];

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'submitExpense',
  tags,
  summary: 'Submit an expense (费用) for your supervisor to approve',
  description: 'Needs field.expense.write and a supervisor in the org tree. Approved expenses are the sales cost.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: submitExpenseBodySchema } } } },
  responses: {
    201: { description: 'Pending.', headers: { ...etagHeader('expense'), ...locationHeader('expense') }, content },
    400: problemResponse('The body is not valid (date in the future, amount not positive ...).'),
    409: problemResponse('You have no supervisor to approve it.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listExpenses',
  tags,
  summary: 'Expenses you may see, newest first',
  description: 'Needs field.expense.read. awaitingMe=true: those waiting for your decision.',
  security,
  request: { query: listExpensesQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: expensePageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getExpense',
  tags,
  summary: 'One expense',
  description: 'Needs field.expense.read.',
  security,
  request: { params },
  responses: {
    200: { description: 'The expense.', headers: etagHeader('expense'), content },
    404: problemResponse('No such expense, or not one you may see.'),
    ...authenticatedProblems,
  },
});

for (const decision of ['approve', 'reject'] as const) {
  registry.registerPath({
    method: 'post',
    path: `${PATH}/{id}/${decision}`,
    operationId: `${decision}Expense`,
    tags,
    summary: `${decision === 'approve' ? 'Approve' : 'Reject'} an expense (the submitter's supervisor)`,
    description: 'Needs field.expense.approve. A rejection needs a comment.',
    security,
    request: {
      params,
      headers: ifMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: reviewBodySchema } } },
    },
    responses: {
      200: { description: 'The expense.', headers: etagHeader('expense'), content },
      400: problemResponse('The comment is missing or too long.'),
      404: problemResponse('No such expense, or not one you may see.'),
      409: problemResponse('Decided already.'),
      412: problemResponse('It changed since the version in If-Match.'),
      ...authenticatedProblems,
      403: problemResponse("You are not the submitter's supervisor, or lack the permission."),
    },
  });
}

export function expenseRoutes(deps: { reports: ReportsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const reports = () => reportsClient(deps.reports);
  const canRead = requirePermission('field.expense.read');

  router.post(PATH, authenticate, requirePermission('field.expense.write'), async (req, res) => {
    const body = validate(submitExpenseBodySchema, req.body, 'body');
    const { expense } = await reports().submitExpense(
      {
        expenseDate: body.expenseDate,
        category: protoOf('EXPENSE_CATEGORY_', body.category),
        amount: { amountMinor: String(body.amount.amountMinor), currency: body.amount.currency },
        customerId: body.customerId ?? '',
        notes: body.notes ?? '',
      },
      callOptionsOf(req),
    );
    const created = expenseToJson(present(expense, 'field', 'expense'));
    res.status(201).location(`${PATH}/${created.id}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listExpensesQuerySchema, req.query, 'query');
    const response = await reports().listExpenses(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        status: protoOf('APPROVAL_STATUS_', query.status),
        from: query.from ?? '',
        to: query.to ?? '',
        awaitingMe: query.awaitingMe === 'true',
      },
      callOptionsOf(req),
    );
    res.json({ items: response.expenses.map(expenseToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const { expense } = await reports().getExpense({ id }, callOptionsOf(req));
    sendVersioned(res, expenseToJson(present(expense, 'field', 'expense')));
  });

  for (const decision of ['approve', 'reject'] as const) {
    router.post(
      `${PATH}/:id/${decision}`,
      authenticate,
      requirePermission('field.expense.approve'),
      async (req, res) => {
        const { id } = validate(params, req.params, 'params');
        const { comment } = validate(reviewBodySchema, req.body ?? {}, 'body');
        const expectedVersion = expectedVersionOf(req);
        const { expense } = await withIfMatch(expectedVersion, () =>
          reports().decideExpense(
            { id, expectedVersion, approve: decision === 'approve', comment },
            callOptionsOf(req),
          ),
        );
        sendVersioned(res, expenseToJson(present(expense, 'field', 'expense')));
      },
    );
  }

  return router;
}
