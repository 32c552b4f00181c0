import type { fieldV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { ReportsClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const PROBLEM = /^application\/problem\+json/;
const REPORT_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000d1';
const AT = new Date('2026-11-20T01:00:00.000Z');

function storedReport(overrides: Partial<fieldV1.DailyReport> = {}): fieldV1.DailyReport {
  return {
    id: REPORT_ID,
    tenantId: 't-1',
    employeeId: 'emp-1',
    reportDate: '2026-11-19',
    status: 'DAILY_REPORT_STATUS_DRAFT',
    figures: {
      checkIns: 3,
      customersVisited: 2,
      followUps: 1,
      payments: 1,
      paymentsAmount: { amountMinor: '250000', currency: 'CNY' },
      contracts: 1,
      contractsAmount: { amountMinor: '1200000', currency: 'CNY' },
      clockedInAt: new Date('2026-11-19T00:55:00.000Z'),
      clockedInLate: false,
    },
    complaintsHandled: '',
    competitorNews: '',
    customerFeedback: '',
    lessons: '',
    late: false,
    reviewerId: '',
    reviewComment: '',
    version: '1',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

describe('field report, attendance and expense routes', () => {
  let key: SigningKey;
  let rep: string;
  let noPermissions: string;
  let admin: string;

  beforeAll(async () => {
    key = await createSigningKey();
    admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['field.*', 'identity.tenant.write'] } });
    rep = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['field.*'] } });
    noPermissions = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.lead.read'] } });
  });

  function build() {
    const { record, sent } = callRecorder();
    const reports: Partial<ReportsClient> = {
      createDailyReport: record('createDailyReport', () => ({ report: storedReport() })),
      getReportTimeliness: record('getReportTimeliness', () => ({
        entries: [
          { employeeId: 'emp-2', employeeName: '李小红', reportDate: '2026-11-16', problem: 'MISSING', reportId: '' },
        ],
        expectedReports: 10,
        missing: 1,
        late: 0,
      })),
      reviewDailyReport: record('reviewDailyReport', () => {
        throw new ServiceError('CONFLICT', 'the daily report is at version 4, not 3: read it again');
      }),
      fileMarketReport: record('fileMarketReport', (req: fieldV1.FileMarketReportRequest) => ({
        report: {
          id: 'm-1',
          tenantId: 't-1',
          employeeId: 'emp-1',
          type: req.type,
          severity: req.severity,
          customerId: '',
          competitor: req.competitor,
          title: req.title,
          description: '',
          supervisorId: 'emp-9',
          reportDate: '2026-11-20',
          version: '1',
          createdAt: AT,
        },
      })),
      submitExpense: record('submitExpense', (req: fieldV1.SubmitExpenseRequest) => ({
        expense: {
          id: 'x-1',
          tenantId: 't-1',
          employeeId: 'emp-1',
          expenseDate: req.expenseDate,
          category: req.category,
          amount: req.amount,
          customerId: '',
          notes: '',
          status: 'APPROVAL_STATUS_PENDING',
          approverId: 'emp-9',
          decisionComment: '',
          version: '1',
          createdAt: AT,
        },
      })),
      decideAbsenceRequest: record('decideAbsenceRequest', () => {
        throw new ServiceError('PERMISSION_DENIED', 'only the supervisor may decide on this leave request', {
          reason: 'NOT_THE_SUPERVISOR',
        });
      }),
      getAttendanceSummary: record('getAttendanceSummary', () => ({ rows: [] })),
      setHolidayCalendar: record('setHolidayCalendar', (req: fieldV1.SetHolidayCalendarRequest) => ({
        calendar: { year: req.year, days: req.days },
      })),
    };
    const app = routeTestApp(key, { reports: reports as ReportsClient });
    return { app, sent };
  }

  it('creates a daily report: 201, Location, ETag, money as integers, lower-case status', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/daily-reports')
      .set('Authorization', `Bearer ${rep}`)
      .send({ reportDate: '2026-11-19' });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/daily-reports/${REPORT_ID}`);
    expect(res.body).toMatchObject({
      status: 'draft',
      figures: {
        checkIns: 3,
        paymentsAmount: { amountMinor: 250000, currency: 'CNY' },
        clockedInAt: '2026-11-19T00:55:00.000Z',
        clockedOutAt: null,
      },
      reviewerId: null,
      submittedAt: null,
      version: 1,
    });
    expect(sent('createDailyReport')).toEqual({ reportDate: '2026-11-19' });
  });

  it('refuses a bad date with a field error and calls nothing', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/daily-reports')
      .set('Authorization', `Bearer ${rep}`)
      .send({ reportDate: '2026-02-30' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors[0].field).toBe('reportDate');
    expect(sent('createDailyReport')).toBeUndefined();
  });

  it('serves timeliness at its own path, not as a report id', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get('/api/v1/daily-reports/timeliness?from=2026-11-16&to=2026-11-22')
      .set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      expectedReports: 10,
      missing: 1,
      late: 0,
      entries: [
        {
          employeeId: 'emp-2',
          employeeName: '李小红',
          reportDate: '2026-11-16',
          problem: 'missing',
          reportId: null,
          submittedAt: null,
        },
      ],
    });
    expect(sent('getReportTimeliness')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
  });

  it('sends If-Match as expected_version and turns a stale review into 412', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post(`/api/v1/daily-reports/${REPORT_ID}/review`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"3"')
      .send({ comment: '很好' });
    expect(res.status).toBe(412);
    expect(sent('reviewDailyReport')).toEqual({ id: REPORT_ID, expectedVersion: '3', comment: '很好' });
  });

  it('maps market report and expense enums and money both ways', async () => {
    const { app, sent } = build();
    const market = await request(app)
      .post('/api/v1/market-reports')
      .set('Authorization', `Bearer ${rep}`)
      .send({ type: 'competitor_activity', severity: 'critical', competitor: '华达', title: '华达买一送一' });
    expect(market.status).toBe(201);
    expect(sent('fileMarketReport')).toMatchObject({
      type: 'MARKET_REPORT_TYPE_COMPETITOR_ACTIVITY',
      severity: 'SEVERITY_CRITICAL',
    });
    expect(market.body).toMatchObject({ type: 'competitor_activity', severity: 'critical', supervisorId: 'emp-9' });

    const expense = await request(app)
      .post('/api/v1/expenses')
      .set('Authorization', `Bearer ${rep}`)
      .send({ expenseDate: '2026-11-19', category: 'meal', amount: { amountMinor: 12800, currency: 'CNY' } });
    expect(expense.status).toBe(201);
    expect(sent('submitExpense')).toMatchObject({
      category: 'EXPENSE_CATEGORY_MEAL',
      amount: { amountMinor: '12800', currency: 'CNY' },
    });
    expect(expense.body).toMatchObject({
      category: 'meal',
      amount: { amountMinor: 12800, currency: 'CNY' },
      status: 'pending',
    });
  });

  it('answers 403 problem+json when someone else approves a leave request, and without the permission', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/leave-requests/0190a5e4-7c1e-7b3a-9f00-0000000000e1/approve')
      .set('Authorization', `Bearer ${rep}`)
      .send({});
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(sent('decideAbsenceRequest')).toMatchObject({ approve: true, comment: '', expectedVersion: '0' });

    const denied = await request(app)
      .get('/api/v1/attendance/summary?month=2026-07')
      .set('Authorization', `Bearer ${noPermissions}`);
    expect(denied.status).toBe(403);
    expect(sent('getAttendanceSummary')).toBeUndefined();
  });

  it('replaces the holiday calendar for an admin only, with lower-case kinds, and refuses a bad day', async () => {
    const { app, sent } = build();
    const days = [
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-10', kind: 'working_day', name: '调休' },
    ];
    const denied = await request(app)
      .put('/api/v1/holiday-calendar/2026')
      .set('Authorization', `Bearer ${rep}`)
      .send({ days });
    expect(denied.status).toBe(403);
    expect(sent('setHolidayCalendar')).toBeUndefined();

    const bad = await request(app)
      .put('/api/v1/holiday-calendar/2026')
      .set('Authorization', `Bearer ${admin}`)
      .send({ days: [{ date: '2026-10-01', kind: 'day_off' }] });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(PROBLEM);
    expect(sent('setHolidayCalendar')).toBeUndefined();

    const res = await request(app)
      .put('/api/v1/holiday-calendar/2026')
      .set('Authorization', `Bearer ${admin}`)
      .send({ days });
    expect(res.status).toBe(200);
    expect(sent('setHolidayCalendar')).toEqual({
      year: 2026,
      days: [
        { date: '2026-10-01', kind: 'CALENDAR_DAY_KIND_HOLIDAY', name: '国庆节' },
        { date: '2026-10-10', kind: 'CALENDAR_DAY_KIND_WORKING_DAY', name: '调休' },
      ],
    });
    expect(res.body).toEqual({ year: 2026, days });
  });
});
