import type { fieldV1 } from '@salesflow/contracts';
import { pageSize, ServiceError } from '@salesflow/platform';
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
import { absenceRequestToJson, attendanceRecordToJson, protoOf } from './mappers/field-report.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  absencePageSchema,
  absenceRequestSchema,
  attendanceRecordSchema,
  attendanceSummarySchema,
  clockBodySchema,
  createLeaveBodySchema,
  createTripBodySchema,
  listApprovalsQuerySchema,
  reviewBodySchema,
  summaryQuerySchema,
} from './schemas/field-report.schemas';

const ATTENDANCE = `${API_PREFIX}/attendance`;
const security = [{ [BEARER_AUTH]: [] }];

registry.registerPath({
  method: 'post',
  path: `${ATTENDANCE}/clock`,
  operationId: 'clockAttendance',
  tags: ['attendance'],
  summary: 'Clock in or out (考勤打卡)',
  description:
    'Needs field.attendance.write. A day reads in, out, in, out ...; the first clock-in after the tenant work start time is late.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: clockBodySchema } } } },
  responses: {
    201: { description: 'Recorded.', content: { 'application/json': { schema: attendanceRecordSchema } } },
    400: problemResponse('The body is not valid.'),
    409: problemResponse('Clock-out without a clock-in that day, or clocked in already.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${ATTENDANCE}/summary`,
  operationId: 'getAttendanceSummary',
  tags: ['attendance'],
  summary: 'Monthly attendance per person: present, late, absent, leave, trip days, field hours',
  description:
    'Needs field.attendance.read; view=team (everyone in your data scope) also field.attendance.approve. Working days Mon-Fri up to today.',
  security,
  request: { query: summaryQuerySchema },
  responses: {
    200: { description: 'One row per person.', content: { 'application/json': { schema: attendanceSummarySchema } } },
    400: problemResponse('month or view is not valid.'),
    ...authenticatedProblems,
  },
});

/** Leave requests (请假) and business trips (出差) share the approval flow. */
const ABSENCES = [
  {
    kind: 'leave',
    path: `${API_PREFIX}/leave-requests`,
    what: 'leave request',
    tag: 'leave-requests',
    body: createLeaveBodySchema,
  },
  {
    kind: 'trip',
    path: `${API_PREFIX}/business-trips`,
    what: 'business trip',
    tag: 'business-trips',
    body: createTripBodySchema,
  },
] as const;

for (const a of ABSENCES) {
  const content = { 'application/json': { schema: absenceRequestSchema } };
  const params = idParamsSchema(a.what);
  const op = a.kind === 'leave' ? 'LeaveRequest' : 'BusinessTrip';
  registry.registerPath({
    method: 'post',
    path: a.path,
    operationId: `create${op}`,
    tags: [a.tag],
    summary: `Ask for a ${a.what}; your supervisor decides`,
    description: 'Needs field.attendance.write and a supervisor in the org tree.',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: a.body } } } },
    responses: {
      201: { description: 'Pending.', headers: { ...etagHeader(a.what), ...locationHeader(a.what) }, content },
      400: problemResponse('The body is not valid.'),
      409: problemResponse('It overlaps another request of yours, or you have no supervisor.'),
      ...authenticatedProblems,
    },
  });
  registry.registerPath({
    method: 'get',
    path: a.path,
    operationId: `list${op}s`,
    tags: [a.tag],
    summary: `${a.what}s you may see, newest first`,
    description: 'Needs field.attendance.read. awaitingMe=true: those waiting for your decision.',
    security,
    request: { query: listApprovalsQuerySchema },
    responses: {
      200: { description: 'One page.', content: { 'application/json': { schema: absencePageSchema } } },
      400: problemResponse('A query parameter is not valid.'),
      ...authenticatedProblems,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${a.path}/{id}`,
    operationId: `get${op}`,
    tags: [a.tag],
    summary: `One ${a.what}`,
    description: 'Needs field.attendance.read.',
    security,
    request: { params },
    responses: {
      200: { description: `The ${a.what}.`, headers: etagHeader(a.what), content },
      404: problemResponse(`No such ${a.what}, or not one you may see.`),
      ...authenticatedProblems,
    },
  });
  for (const decision of ['approve', 'reject'] as const) {
    registry.registerPath({
      method: 'post',
      path: `${a.path}/{id}/${decision}`,
      operationId: `${decision}${op}`,
      tags: [a.tag],
      summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a ${a.what} (the requester's supervisor)`,
      description: 'Needs field.attendance.approve. A rejection needs a comment.',
      security,
      request: {
        params,
        headers: ifMatchHeaders,
        body: { required: true, content: { 'application/json': { schema: reviewBodySchema } } },
      },
      responses: {
        200: { description: `The ${a.what}.`, headers: etagHeader(a.what), content },
        400: problemResponse('The comment is missing or too long.'),
        404: problemResponse(`No such ${a.what}, or not one you may see.`),
        409: problemResponse('Decided already.'),
        412: problemResponse('It changed since the version in If-Match.'),
        ...authenticatedProblems,
        403: problemResponse("You are not the requester's supervisor, or lack the permission."),
      },
    });
  }
}

export function attendanceRoutes(deps: { reports: ReportsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const reports = () => reportsClient(deps.reports);
  const canRead = requirePermission('field.attendance.read');
  const canWrite = requirePermission('field.attendance.write');

  router.post(`${ATTENDANCE}/clock`, authenticate, canWrite, async (req, res) => {
    const body = validate(clockBodySchema, req.body, 'body');
    const { record } = await reports().clockAttendance(
      {
        kind: protoOf('ATTENDANCE_KIND_', body.kind),
        ...(body.occurredAt ? { occurredAt: new Date(body.occurredAt) } : {}),
        ...(body.latitude !== undefined ? { latitude: body.latitude } : {}),
        ...(body.longitude !== undefined ? { longitude: body.longitude } : {}),
        notes: body.notes ?? '',
      },
      callOptionsOf(req),
    );
    res.status(201).json(attendanceRecordToJson(present(record, 'field', 'attendance record')));
  });

  router.get(`${ATTENDANCE}/summary`, authenticate, canRead, async (req, res) => {
    const query = validate(summaryQuerySchema, req.query, 'query');
    const { rows } = await reports().getAttendanceSummary(query, callOptionsOf(req));
    res.json({ items: rows });
  });

  for (const a of ABSENCES) {
    const params = idParamsSchema(a.what);
    const kind = protoOf<fieldV1.AbsenceKind>('ABSENCE_KIND_', a.kind);
    router.post(a.path, authenticate, canWrite, async (req, res) => {
      const body = validate(a.body, req.body, 'body');
      const { request } = await reports().createAbsenceRequest(
        {
          kind,
          startDate: body.startDate,
          endDate: body.endDate,
          leaveType: 'leaveType' in body ? body.leaveType.toUpperCase() : '',
          destination: 'destination' in body ? body.destination : '',
          reason: body.reason ?? '',
        },
        callOptionsOf(req),
      );
      const created = absenceRequestToJson(present(request, 'field', a.what));
      res.status(201).location(`${a.path}/${created.id}`);
      sendVersioned(res, created);
    });

    router.get(a.path, authenticate, canRead, async (req, res) => {
      const query = validate(listApprovalsQuerySchema, req.query, 'query');
      const response = await reports().listAbsenceRequests(
        {
          page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
          kind,
          status: protoOf('APPROVAL_STATUS_', query.status),
          awaitingMe: query.awaitingMe === 'true',
        },
        callOptionsOf(req),
      );
      res.json({ items: response.requests.map(absenceRequestToJson), nextCursor: response.page?.nextCursor || null });
    });

    router.get(`${a.path}/:id`, authenticate, canRead, async (req, res) => {
      const { id } = validate(params, req.params, 'params');
      const { request } = await reports().getAbsenceRequest({ id }, callOptionsOf(req));
      const found = present(request, 'field', a.what);
      // A leave id under /business-trips (or the reverse) is not one of these.
      if (found.kind !== kind) throw notFound(a.what, id);
      sendVersioned(res, absenceRequestToJson(found));
    });

    for (const decision of ['approve', 'reject'] as const) {
      router.post(
        `${a.path}/:id/${decision}`,
        authenticate,
        requirePermission('field.attendance.approve'),
        async (req, res) => {
          const { id } = validate(params, req.params, 'params');
          const { comment } = validate(reviewBodySchema, req.body ?? {}, 'body');
          const expectedVersion = expectedVersionOf(req);
          const { request } = await withIfMatch(expectedVersion, () =>
            reports().decideAbsenceRequest(
              { id, expectedVersion, approve: decision === 'approve', comment },
              callOptionsOf(req),
            ),
          );
          sendVersioned(res, absenceRequestToJson(present(request, 'field', a.what)));
        },
      );
    }
  }

  return router;
}

function notFound(what: string, id: string) {
  return new ServiceError('NOT_FOUND', `${what} ${id} not found`);
}
