import { fieldV1 } from '@salesflow/contracts';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { ReportsClient } from '../clients/service-clients';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { reportsClient } from './field-reports-client';
import {
  holidayCalendarParamsSchema,
  holidayCalendarSchema,
  setHolidayCalendarBodySchema,
} from './schemas/field-report.schemas';

const PATH = `${API_PREFIX}/holiday-calendar`;
const security = [{ [BEARER_AUTH]: [] }];
const content = { 'application/json': { schema: holidayCalendarSchema } };
const tags = ['report-settings'];

registry.registerPath({
  method: 'get',
  path: `${PATH}/{year}`,
  operationId: 'getHolidayCalendar',
  tags,
  summary: "The tenant's holidays and weekend working days of a year",
  description:
    'Needs field.attendance.read. Days not listed are working days when Monday to Friday; the attendance summary and the missing daily reports count by this calendar.',
  security,
  request: { params: holidayCalendarParamsSchema },
  responses: {
    200: { description: 'The calendar, by date.', content },
    400: problemResponse('The year is not from 2000 to 2100.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'put',
  path: `${PATH}/{year}`,
  operationId: 'setHolidayCalendar',
  tags,
  summary: "Replace the tenant's holiday calendar of a year",
  description:
    'Needs identity.tenant.write (admins). A working_day must be a Saturday or Sunday; every date must be in the year, once.',
  security,
  request: {
    params: holidayCalendarParamsSchema,
    body: { required: true, content: { 'application/json': { schema: setHolidayCalendarBodySchema } } },
  },
  responses: {
    200: { description: 'The calendar as set.', content },
    400: problemResponse('A day is not valid; nothing was changed.'),
    ...authenticatedProblems,
  },
});

const KIND_TO_PROTO = {
  holiday: fieldV1.CalendarDayKind.CALENDAR_DAY_KIND_HOLIDAY,
  working_day: fieldV1.CalendarDayKind.CALENDAR_DAY_KIND_WORKING_DAY,
} as const;

function calendarToJson(calendar: fieldV1.HolidayCalendar | undefined) {
  return {
    year: calendar?.year ?? 0,
    days: (calendar?.days ?? []).map((d) => ({
      date: d.date,
      kind: d.kind === fieldV1.CalendarDayKind.CALENDAR_DAY_KIND_WORKING_DAY ? 'working_day' : 'holiday',
      name: d.name,
    })),
  };
}

export function holidayCalendarRoutes(deps: {
  reports: ReportsClient | undefined;
  authenticate: RequestHandler;
}): Router {
  const router = Router();
  const { authenticate } = deps;
  const reports = () => reportsClient(deps.reports);

  router.get(`${PATH}/:year`, authenticate, requirePermission('field.attendance.read'), async (req, res) => {
    const { year } = validate(holidayCalendarParamsSchema, req.params, 'params');
    const { calendar } = await reports().getHolidayCalendar({ year }, callOptionsOf(req));
    res.json(calendarToJson(calendar));
  });

  router.put(`${PATH}/:year`, authenticate, requirePermission('identity.tenant.write'), async (req, res) => {
    const { year } = validate(holidayCalendarParamsSchema, req.params, 'params');
    const body = validate(setHolidayCalendarBodySchema, req.body, 'body');
    const { calendar } = await reports().setHolidayCalendar(
      { year, days: body.days.map((d) => ({ date: d.date, kind: KIND_TO_PROTO[d.kind], name: d.name ?? '' })) },
      callOptionsOf(req),
    );
    res.json(calendarToJson(calendar));
  });

  return router;
}
