import { crmV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { TicketsClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const PROBLEM = /^application\/problem\+json/;
const TICKET_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000f1';
const CUSTOMER_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000c1';
const ENGINEER_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000e1';
const AT = new Date('2026-12-01T09:00:00.000Z');

function storedTicket(overrides: Partial<crmV1.Ticket> = {}): crmV1.Ticket {
  return {
    id: TICKET_ID,
    tenantId: 't-1',
    type: crmV1.TicketType.TICKET_TYPE_COMPLAINT,
    severity: crmV1.TicketSeverity.TICKET_SEVERITY_HIGH,
    customerId: CUSTOMER_ID,
    title: '设备异响',
    description: '',
    assigneeId: ENGINEER_ID,
    status: crmV1.TicketStatus.TICKET_STATUS_IN_PROGRESS,
    resolution: '',
    // HIGH: 24 h after 1 Dec 09:00.
    dueAt: new Date('2026-12-02T09:00:00.000Z'),
    satisfactionRating: 0,
    satisfactionComment: '',
    reopenCount: 0,
    openedBy: 'emp-1',
    version: '2',
    createdAt: AT,
    updatedAt: AT,
    overdue: true,
    ...overrides,
  };
}

describe('ticket, satisfaction, service-settings and churn routes', () => {
  let key: SigningKey;
  let rep: string;
  let reader: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key, {
      claims: { ...REP_CLAIMS, perms: ['crm.ticket.read', 'crm.ticket.write', 'crm.customer.write'] },
    });
    reader = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.ticket.read'] } });
  });

  function build() {
    const { calls, record, sent } = callRecorder();
    const tickets: Fake<Partial<TicketsClient>> = {
      createTicket: record('createTicket', () => ({
        ticket: storedTicket({ status: crmV1.TicketStatus.TICKET_STATUS_OPEN, version: '1', overdue: false }),
      })),
      listTickets: record('listTickets', () => ({ tickets: [storedTicket()], page: { nextCursor: 'next' } })),
      changeTicketStatus: record('changeTicketStatus', () => {
        throw new ServiceError('FAILED_PRECONDITION', 'a OPEN ticket cannot move to CLOSED', {
          reason: 'ILLEGAL_TICKET_TRANSITION',
        });
      }),
      assignTicket: record('assignTicket', () => {
        throw new ServiceError('CONFLICT', 'ticket was changed by someone else');
      }),
      getTicketHistory: record('getTicketHistory', () => ({
        transitions: [
          {
            id: 'h-1',
            ticketId: TICKET_ID,
            action: 'opened',
            fromStatus: crmV1.TicketStatus.TICKET_STATUS_UNSPECIFIED,
            toStatus: crmV1.TicketStatus.TICKET_STATUS_OPEN,
            actorId: 'emp-1',
            comment: '',
            occurredAt: AT,
          },
        ],
      })),
      updateServiceSettings: record('updateServiceSettings', () => ({})),
      getServiceSettings: record('getServiceSettings', () => ({
        settings: { criticalHours: 4, highHours: 24, mediumHours: 72, lowHours: 168, dormancyDays: 90, version: '0' },
      })),
      recordSatisfactionSurvey: record('recordSatisfactionSurvey', () => ({
        survey: {
          id: 's-1',
          tenantId: 't-1',
          customerId: CUSTOMER_ID,
          score: 5,
          comment: '',
          recordedBy: 'emp-1',
          surveyedAt: AT,
          createdAt: AT,
        },
      })),
      churnCustomer: record('churnCustomer', () => ({
        customer: {
          id: CUSTOMER_ID,
          tenantId: 't-1',
          name: '华信贸易',
          industry: '',
          region: '',
          address: '',
          tier: '',
          lifecycle: crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_CHURNED,
          tags: [],
          groups: [],
          ownerId: 'emp-1',
          customFields: {},
          version: '5',
          createdAt: AT,
          updatedAt: AT,
          nextFollowUpOn: '',
          churnReason: '价格',
          lifecycleChangedAt: AT,
        },
      })),
    };
    const app = routeTestApp(key, { tickets: tickets as TicketsClient });
    return { app, calls, sent };
  }

  it('opens a ticket: 201, Location, ETag, API names mapped to proto and back', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/tickets')
      .set('Authorization', `Bearer ${rep}`)
      .send({ type: 'complaint', severity: 'high', customerId: CUSTOMER_ID, title: '设备异响' });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/tickets/${TICKET_ID}`);
    expect(res.body).toMatchObject({
      type: 'complaint',
      severity: 'high',
      status: 'open',
      dueAt: '2026-12-02T09:00:00.000Z',
      overdue: false,
      satisfactionRating: null,
      resolution: null,
    });
    expect(sent('createTicket')).toEqual({
      type: 'TICKET_TYPE_COMPLAINT',
      severity: 'TICKET_SEVERITY_HIGH',
      customerId: CUSTOMER_ID,
      title: '设备异响',
      description: '',
      assigneeId: '',
    });
  });

  it('lists with filters and the overdue flag', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .get(`/api/v1/tickets?overdue=true&status=in_progress&severity=critical&limit=500`)
      .set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      items: [{ id: TICKET_ID, status: 'in_progress', overdue: true }],
      nextCursor: 'next',
    });
    expect(sent('listTickets')).toMatchObject({
      page: { limit: 200, cursor: '' },
      overdue: true,
      status: 'TICKET_STATUS_IN_PROGRESS',
      severity: 'TICKET_SEVERITY_CRITICAL',
      type: 'TICKET_TYPE_UNSPECIFIED',
    });
  });

  it('answers an illegal move with 409 problem+json and a stale If-Match with 412', async () => {
    const { app, sent } = build();
    const illegal = await request(app)
      .post(`/api/v1/tickets/${TICKET_ID}/status`)
      .set('Authorization', `Bearer ${rep}`)
      .send({ status: 'closed', comment: '客户要求' });
    expect(illegal.status).toBe(409);
    expect(illegal.headers['content-type']).toMatch(PROBLEM);
    expect(illegal.body.reason).toBe('ILLEGAL_TICKET_TRANSITION');
    expect(sent('changeTicketStatus')).toEqual({
      id: TICKET_ID,
      status: 'TICKET_STATUS_CLOSED',
      resolution: '',
      comment: '客户要求',
      expectedVersion: '0',
    });
    const stale = await request(app)
      .post(`/api/v1/tickets/${TICKET_ID}/assign`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"1"')
      .send({ assigneeId: ENGINEER_ID });
    expect(stale.status).toBe(412);
    expect(sent('assignTicket')).toMatchObject({ expectedVersion: '1', assigneeId: ENGINEER_ID });
  });

  it('returns the history with API status names', async () => {
    const { app } = build();
    const res = await request(app).get(`/api/v1/tickets/${TICKET_ID}/history`).set('Authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        action: 'opened',
        fromStatus: null,
        toStatus: 'open',
        actorId: 'emp-1',
        comment: null,
        occurredAt: AT.toISOString(),
      },
    ]);
  });

  it('refuses writes without the permission and bad input, calling crm for neither', async () => {
    const { app, calls } = build();
    const forbidden = await request(app)
      .post('/api/v1/tickets')
      .set('Authorization', `Bearer ${reader}`)
      .send({ type: 'complaint', severity: 'high', customerId: CUSTOMER_ID, title: 'x' });
    expect(forbidden.status).toBe(403);
    const settings = await request(app)
      .patch('/api/v1/service-settings')
      .set('Authorization', `Bearer ${rep}`)
      .send({ criticalHours: 2 });
    expect(settings.status).toBe(403);
    const bad = await request(app)
      .post('/api/v1/tickets')
      .set('Authorization', `Bearer ${rep}`)
      .send({ type: 'rant', severity: 'high', customerId: 'x', title: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['customerId', 'title', 'type']);
    const rating = await request(app)
      .post(`/api/v1/tickets/${TICKET_ID}/rating`)
      .set('Authorization', `Bearer ${rep}`)
      .send({ rating: 6 });
    expect(rating.status).toBe(400);
    const churn = await request(app)
      .post(`/api/v1/customers/${CUSTOMER_ID}/churn`)
      .set('Authorization', `Bearer ${rep}`)
      .send({ reason: '  ' });
    expect(churn.status).toBe(400);
    expect(churn.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(calls).toEqual([]);
  });

  it('churns with a reason and answers the customer with churnReason', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post(`/api/v1/customers/${CUSTOMER_ID}/churn`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"4"')
      .send({ reason: '价格' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"5"');
    expect(res.body).toMatchObject({ lifecycle: 'churned', churnReason: '价格', lifecycleChangedAt: AT.toISOString() });
    expect(sent('churnCustomer')).toEqual({ id: CUSTOMER_ID, reason: '价格', expectedVersion: '4' });
  });

  it('records a survey of a customer and reads the default service settings', async () => {
    const { app, sent } = build();
    const survey = await request(app)
      .post(`/api/v1/customers/${CUSTOMER_ID}/satisfaction-surveys`)
      .set('Authorization', `Bearer ${rep}`)
      .send({ score: 5 });
    expect(survey.status).toBe(201);
    expect(survey.body).toMatchObject({ id: 's-1', customerId: CUSTOMER_ID, score: 5, comment: null });
    expect(sent('recordSatisfactionSurvey')).toEqual({
      customerId: CUSTOMER_ID,
      score: 5,
      comment: '',
      surveyedAt: undefined,
    });
    const settings = await request(app).get('/api/v1/service-settings').set('Authorization', `Bearer ${reader}`);
    expect(settings.status).toBe(200);
    expect(settings.headers.etag).toBe('"0"');
    expect(settings.body).toEqual({
      criticalHours: 4,
      highHours: 24,
      mediumHours: 72,
      lowHours: 168,
      dormancyDays: 90,
      version: 0,
      updatedAt: null,
    });
  });
});
