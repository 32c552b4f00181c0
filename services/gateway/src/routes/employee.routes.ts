import type { identityV1 } from '@salesflow/contracts';
import { pageSize } from '@salesflow/platform';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { IdentityClient } from '../clients/service-clients';
import { UnsupportedMediaTypeError } from '../http/http-errors';
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
import {
  changeRecordToJson,
  createEmployeeRequestFromJson,
  departEmployeeRequestFromJson,
  employeeStatusToProto,
  employeeToJson,
  importResultToJson,
  transferEmployeeRequestFromJson,
  updateEmployeeRequestFromJson,
  workStatusToProto,
} from './mappers/employee.mapper';
import { resetPasswordBodySchema } from './schemas/auth.schemas';
import {
  assignRolesBodySchema,
  changeRecordPageSchema,
  createEmployeeBodySchema,
  deactivateEmployeeBodySchema,
  departEmployeeBodySchema,
  employeeIdParamsSchema,
  employeeListSchema,
  employeePageSchema,
  employeeSchema,
  historyQuerySchema,
  importEmployeesBodySchema,
  importEmployeesResponseSchema,
  listEmployeesQuerySchema,
  setWorkStatusBodySchema,
  subordinatesQuerySchema,
  transferEmployeeBodySchema,
  updateEmployeeBodySchema,
} from './schemas/employee.schemas';

const EMPLOYEES_PATH = `${API_PREFIX}/employees`;
const IMPORT_PATH = `${EMPLOYEES_PATH}/import`;
const CSV = 'text/csv';
const IMPORT_LIMIT = '2mb';
const security = [{ [BEARER_AUTH]: [] }];
const json = <S>(schema: S) => ({ 'application/json': { schema } });
const employeeContent = json(employeeSchema);
const one = { description: 'The employee.', headers: etagHeader('employee'), content: employeeContent };
const params = employeeIdParamsSchema;

registry.registerPath({
  method: 'post',
  path: EMPLOYEES_PATH,
  operationId: 'createEmployee',
  tags: ['employees'],
  summary: 'Create an employee',
  description: 'Needs identity.employee.write.',
  security,
  request: { body: { required: true, content: json(createEmployeeBodySchema) } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('employee'), ...locationHeader('employee') },
      content: employeeContent,
    },
    400: problemResponse('The request body is not valid.'),
    409: problemResponse('The email or phone is taken in this tenant (errors names the field).'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: EMPLOYEES_PATH,
  operationId: 'listEmployees',
  tags: ['employees'],
  summary: 'List employees',
  description: 'Needs identity.employee.read. departmentId covers that department and every one below it.',
  security,
  request: { query: listEmployeesQuerySchema },
  responses: {
    200: { description: 'One page.', content: json(employeePageSchema) },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${EMPLOYEES_PATH}/{id}`,
  operationId: 'getEmployee',
  tags: ['employees'],
  summary: 'Get one employee',
  description: 'Needs identity.employee.read.',
  security,
  request: { params },
  responses: { 200: one, 404: problemResponse('No such employee.'), ...authenticatedProblems },
});

registry.registerPath({
  method: 'patch',
  path: `${EMPLOYEES_PATH}/{id}`,
  operationId: 'updateEmployee',
  tags: ['employees'],
  summary: "Change an employee's name, email, phone or title",
  description: 'Needs identity.employee.write.',
  security,
  request: { params, headers: ifMatchHeaders, body: { required: true, content: json(updateEmployeeBodySchema) } },
  responses: {
    200: one,
    400: problemResponse('The body or If-Match is not valid.'),
    404: problemResponse('No such employee.'),
    409: problemResponse('The email or phone is taken in this tenant.'),
    412: problemResponse('If-Match names a version that is no longer current.'),
    ...authenticatedProblems,
  },
});

/** The POST actions on one employee, which all answer the employee as it is afterwards. */
function registerAction(
  action: string,
  operationId: string,
  summary: string,
  body: Parameters<typeof json>[0] | undefined,
  extra: Record<number, ReturnType<typeof problemResponse>> = {},
  description = 'Needs identity.employee.write.',
) {
  registry.registerPath({
    method: action === 'roles' ? 'put' : 'post',
    path: `${EMPLOYEES_PATH}/{id}/${action}`,
    operationId,
    tags: ['employees'],
    summary,
    description,
    security,
    request: { params, ...(body ? { body: { required: true, content: json(body) } } : {}) },
    responses: {
      200: one,
      ...(body ? { 400: problemResponse('The request body is not valid.') } : {}),
      404: problemResponse('No such employee.'),
      ...extra,
      ...authenticatedProblems,
    },
  });
}

const wrongState = (what: string) => ({ 409: problemResponse(what) });
registry.registerPath({
  method: 'post',
  path: `${EMPLOYEES_PATH}/{id}/password`,
  operationId: 'resetEmployeePassword',
  tags: ['employees'],
  summary: "An admin sets an employee's password",
  description:
    'Needs identity.employee.write. Clears a lockout and signs the employee out everywhere (revokes refresh tokens).',
  security,
  request: {
    params: employeeIdParamsSchema,
    body: { required: true, content: { 'application/json': { schema: resetPasswordBodySchema } } },
  },
  responses: {
    204: { description: 'Password set.' },
    400: problemResponse('The new password is not valid.'),
    404: problemResponse('No such employee.'),
    ...authenticatedProblems,
  },
});

registerAction(
  'deactivate',
  'deactivateEmployee',
  'Deactivate an employee (cannot sign in; never deleted)',
  deactivateEmployeeBodySchema,
  wrongState('The employee is not active.'),
);
registerAction(
  'reactivate',
  'reactivateEmployee',
  'Reactivate an inactive employee',
  undefined,
  wrongState('The employee is not inactive.'),
);
registerAction(
  'status',
  'setWorkStatus',
  'Set what the employee is doing now (kept in the history)',
  setWorkStatusBodySchema,
);
registerAction(
  'transfer',
  'transferEmployee',
  'Move an employee to another department, title or manager from a date',
  transferEmployeeBodySchema,
  wrongState('The employee is not active.'),
);
registerAction(
  'depart',
  'departEmployee',
  'Mark an employee departed and name who takes over their open work',
  departEmployeeBodySchema,
  wrongState('The employee already left, or the successor is not an active employee.'),
  'Needs identity.employee.write. successorId is required; every service hands the open work to the successor.',
);
registerAction(
  'roles',
  'assignRoles',
  "Replace an employee's roles",
  assignRolesBodySchema,
  {},
  'Needs identity.employee.write. Unknown role codes are a 400 naming roleCodes.',
);

registry.registerPath({
  method: 'post',
  path: IMPORT_PATH,
  operationId: 'importEmployees',
  tags: ['employees'],
  summary: 'Create employees from CSV; bad rows are reported, good rows are kept',
  description: 'Needs identity.employee.write. The body is text/csv, at most 2 MB.',
  security,
  request: { body: { required: true, content: { [CSV]: { schema: importEmployeesBodySchema } } } },
  responses: {
    200: { description: 'What was created and what was not, per line.', content: json(importEmployeesResponseSchema) },
    400: problemResponse('The CSV is empty or malformed (e.g. no header row).'),
    413: problemResponse('The CSV is larger than 2 MB.'),
    415: problemResponse('The body is not text/csv.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${EMPLOYEES_PATH}/{id}/history`,
  operationId: 'getEmployeeHistory',
  tags: ['employees'],
  summary: 'The operation log of one employee, newest first',
  description: 'Needs identity.employee.read.',
  security,
  request: { params, query: historyQuerySchema },
  responses: {
    200: { description: 'One page.', content: json(changeRecordPageSchema) },
    404: problemResponse('No such employee.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${EMPLOYEES_PATH}/{id}/subordinates`,
  operationId: 'listSubordinates',
  tags: ['employees'],
  summary: "An employee's direct reports, or everyone below them",
  description: 'Needs identity.employee.read.',
  security,
  request: { params, query: subordinatesQuerySchema },
  responses: {
    200: { description: 'The subordinates.', content: json(employeeListSchema) },
    404: problemResponse('No such employee.'),
    ...authenticatedProblems,
  },
});

export function employeeRoutes(deps: { identity: IdentityClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { identity, authenticate } = deps;
  const canRead = requirePermission('identity.employee.read');
  const canWrite = requirePermission('identity.employee.write');
  const idOf = (req: Request) => validate(params, req.params, 'params').id;

  // Before the /:id routes, so "import" is never read as an id.
  router.post(
    IMPORT_PATH,
    authenticate,
    canWrite,
    express.text({ type: CSV, limit: IMPORT_LIMIT }),
    async (req, res) => {
      if (!req.is(CSV)) throw new UnsupportedMediaTypeError(CSV);
      const csv = validate(importEmployeesBodySchema, req.body, 'body');
      const result = await identity.importEmployees({ csv }, callOptionsOf(req));
      res.json(importResultToJson(result));
    },
  );

  router.post(EMPLOYEES_PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createEmployeeBodySchema, req.body, 'body');
    const { employee } = await identity.createEmployee(createEmployeeRequestFromJson(body), callOptionsOf(req));
    const created = employeeToJson(present(employee, 'identity', 'employee'));
    res.status(201).location(`${EMPLOYEES_PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(EMPLOYEES_PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listEmployeesQuerySchema, req.query, 'query');
    const response = await identity.listEmployees(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        departmentId: query.departmentId ?? '',
        status: employeeStatusToProto(query.status),
        roleCode: query.role ?? '',
        query: query.q ?? '',
      },
      callOptionsOf(req),
    );
    res.json({ items: response.employees.map(employeeToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${EMPLOYEES_PATH}/:id`, authenticate, canRead, async (req, res) => {
    sendEmployee(res, await identity.getEmployee({ id: idOf(req) }, callOptionsOf(req)));
  });

  router.patch(`${EMPLOYEES_PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const id = idOf(req);
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateEmployeeBodySchema, req.body, 'body');
    const response = await withIfMatch(expectedVersion, () =>
      identity.updateEmployee(updateEmployeeRequestFromJson(id, expectedVersion, body), callOptionsOf(req)),
    );
    sendEmployee(res, response);
  });

  router.post(`${EMPLOYEES_PATH}/:id/deactivate`, authenticate, canWrite, async (req, res) => {
    const id = idOf(req);
    const { reason } = validate(deactivateEmployeeBodySchema, req.body ?? {}, 'body');
    sendEmployee(res, await identity.deactivateEmployee({ id, reason: reason ?? '' }, callOptionsOf(req)));
  });

  router.post(`${EMPLOYEES_PATH}/:id/password`, authenticate, canWrite, async (req, res) => {
    const { newPassword } = validate(resetPasswordBodySchema, req.body, 'body');
    await identity.resetPassword({ employeeId: idOf(req), newPassword }, callOptionsOf(req));
    res.status(204).end();
  });

  router.post(`${EMPLOYEES_PATH}/:id/reactivate`, authenticate, canWrite, async (req, res) => {
    sendEmployee(res, await identity.reactivateEmployee({ id: idOf(req) }, callOptionsOf(req)));
  });

  router.post(`${EMPLOYEES_PATH}/:id/status`, authenticate, canWrite, async (req, res) => {
    const id = idOf(req);
    const body = validate(setWorkStatusBodySchema, req.body, 'body');
    sendEmployee(
      res,
      await identity.setWorkStatus(
        { id, workStatus: workStatusToProto(body.workStatus), note: body.note ?? '' },
        callOptionsOf(req),
      ),
    );
  });

  router.post(`${EMPLOYEES_PATH}/:id/transfer`, authenticate, canWrite, async (req, res) => {
    const id = idOf(req);
    const body = validate(transferEmployeeBodySchema, req.body, 'body');
    sendEmployee(res, await identity.transferEmployee(transferEmployeeRequestFromJson(id, body), callOptionsOf(req)));
  });

  router.post(`${EMPLOYEES_PATH}/:id/depart`, authenticate, canWrite, async (req, res) => {
    const id = idOf(req);
    const body = validate(departEmployeeBodySchema, req.body, 'body');
    sendEmployee(res, await identity.departEmployee(departEmployeeRequestFromJson(id, body), callOptionsOf(req)));
  });

  router.put(`${EMPLOYEES_PATH}/:id/roles`, authenticate, canWrite, async (req, res) => {
    const employeeId = idOf(req);
    const { roleCodes } = validate(assignRolesBodySchema, req.body, 'body');
    sendEmployee(res, await identity.assignRoles({ employeeId, roleCodes }, callOptionsOf(req)));
  });

  router.get(`${EMPLOYEES_PATH}/:id/history`, authenticate, canRead, async (req, res) => {
    const id = idOf(req);
    const query = validate(historyQuerySchema, req.query, 'query');
    const response = await identity.getEmployeeHistory(
      { id, page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' } },
      callOptionsOf(req),
    );
    res.json({ items: response.records.map(changeRecordToJson), nextCursor: response.page?.nextCursor || null });
  });

  router.get(`${EMPLOYEES_PATH}/:id/subordinates`, authenticate, canRead, async (req, res) => {
    const employeeId = idOf(req);
    const { wholeSubtree } = validate(subordinatesQuerySchema, req.query, 'query');
    const { employees } = await identity.listSubordinates({ employeeId, wholeSubtree }, callOptionsOf(req));
    res.json({ items: employees.map(employeeToJson) });
  });

  return router;
}

function sendEmployee(res: Response, response: { employee?: identityV1.Employee | undefined }): void {
  sendVersioned(res, employeeToJson(present(response.employee, 'identity', 'employee')));
}
