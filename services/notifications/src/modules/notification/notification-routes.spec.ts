import type { crmV1, fieldV1, goalsV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import { subjectOwnershipOf } from '../subject-owner/subject-owner';
import { routeEvent } from './notification-routes';

const TENANT = '0193a000-0000-7000-8000-000000000001';
const REP = '0193a000-0000-7000-8000-0000000000a1';

function event<P>(type: string, payload: P): DomainEvent<unknown> {
  return {
    id: '0193a000-0000-7000-8000-0000000000e1',
    type,
    tenantId: TENANT,
    aggregateId: 'x',
    aggregateVersion: 2,
    occurredAt: new Date('2026-12-01T08:00:00Z'),
    actorId: '',
    payload,
  };
}

describe('notification routing', () => {
  it('tells the new owner of an assigned lead, naming the lead and its company', () => {
    const lead = { id: 'lead-1', name: '王建国', company: '杭州宏达贸易', ownerId: REP } as crmV1.Lead;
    expect(routeEvent(event('crm.lead.assigned', { lead }))).toEqual({
      recipients: [{ kind: 'employee', employeeId: REP }],
      title: 'A lead was assigned to you',
      body: 'Lead "王建国" (杭州宏达贸易) is now yours; follow it up before it is recycled.',
      params: { leadName: '王建国', company: '杭州宏达贸易' },
      subjectType: 'lead',
      subjectId: 'lead-1',
    });
  });

  it('tells the previous owner of a recycled lead (the event no longer names them)', () => {
    const lead = { id: 'lead-2', name: '李晓梅', ownerId: '' } as crmV1.Lead;
    const routed = routeEvent(event('crm.lead.recycled', { lead }));
    expect(routed?.recipients).toEqual([{ kind: 'previousOwner' }]);
    expect(routed?.subjectId).toBe('lead-2');
  });

  it('tells both the new and the previous owner of a reassigned opportunity or contract', () => {
    const opportunity = { id: 'opp-1', name: '年度框架采购', ownerId: REP } as crmV1.Opportunity;
    expect(routeEvent(event('crm.opportunity.reassigned', { opportunity }))?.recipients).toEqual([
      { kind: 'employee', employeeId: REP },
      { kind: 'previousOwner' },
    ]);
    const contract = { id: 'c-1', number: 'HT-2026-001', title: '设备采购', ownerId: REP } as crmV1.Contract;
    const routed = routeEvent(event('crm.contract.reassigned', { contract }));
    expect(routed?.recipients).toEqual([{ kind: 'employee', employeeId: REP }, { kind: 'previousOwner' }]);
    expect(routed?.body).toBe('Contract HT-2026-001 "设备采购" has a new owner.');
  });

  it('tells the assignee of a ticket', () => {
    const ticket = { id: 't-1', title: '设备无法开机', assigneeId: REP } as crmV1.Ticket;
    expect(routeEvent(event('crm.ticket.assigned', { ticket }))?.recipients).toEqual([
      { kind: 'employee', employeeId: REP },
    ]);
  });

  it('tells the assignee of a task due soon, and assignee and creator of an overdue one', () => {
    const creator = '0193a000-0000-7000-8000-0000000000c1';
    const task = {
      id: 'task-1',
      title: '拜访宏达',
      assigneeId: REP,
      creatorId: creator,
      dueAt: new Date('2026-12-02T09:00:00Z'),
    } as goalsV1.Task;
    expect(routeEvent(event('goals.task.due_soon', { task }))).toMatchObject({
      recipients: [{ kind: 'employee', employeeId: REP }],
      body: 'Task "拜访宏达" is due 2026-12-02T09:00:00.000Z.',
      subjectType: 'task',
    });
    expect(routeEvent(event('goals.task.overdue', { task }))?.recipients).toEqual([
      { kind: 'employee', employeeId: REP },
      { kind: 'employee', employeeId: creator },
    ]);
  });

  it('tells the assignee of a task made for them, as of one reassigned to them', () => {
    const task = { id: 'task-2', title: '准备报价', assigneeId: REP, creatorId: 'manager' } as goalsV1.Task;
    for (const type of ['goals.task.created', 'goals.task.assigned']) {
      expect(routeEvent(event(type, { task }))).toMatchObject({
        recipients: [{ kind: 'employee', employeeId: REP }],
        title: 'A task was assigned to you',
        body: 'Task "准备报价" is yours.',
        subjectId: 'task-2',
      });
    }
  });

  it('tells an employee whose target is behind pace, and their manager; not for tenant or department nodes', () => {
    const target = {
      id: 'target-1',
      metric: 'TARGET_METRIC_CONTRACT_AMOUNT',
      scope: 'TARGET_SCOPE_EMPLOYEE',
      scopeId: REP,
      periodKey: '2026-12',
      periodStart: '2026-12-01',
      periodEnd: '2027-01-01',
    } as goalsV1.Target;
    const notice = { target, completionPercent: 12.5, expectedPercent: 32.25, marginPercent: 10, day: '2026-12-11' };
    expect(routeEvent(event('goals.target.behind_pace', notice))).toEqual({
      recipients: [
        { kind: 'employee', employeeId: REP },
        { kind: 'supervisorOf', employeeId: REP },
      ],
      title: 'A target is behind pace',
      body: 'The contract amount target for 2026-12 is 12.5% complete on 2026-12-11; 32.25% was expected by now.',
      params: {
        metric: 'CONTRACT_AMOUNT',
        periodKey: '2026-12',
        periodStart: '2026-12-01',
        periodEnd: '2027-01-01',
        completionPercent: '12.5',
        expectedPercent: '32.25',
        day: '2026-12-11',
      },
      subjectType: 'target',
      subjectId: 'target-1',
    });
    const company = { ...target, scope: 'TARGET_SCOPE_TENANT', scopeId: '' } as goalsV1.Target;
    expect(routeEvent(event('goals.target.behind_pace', { ...notice, target: company }))).toBeUndefined();
    const department = { ...target, scope: 'TARGET_SCOPE_DEPARTMENT' } as goalsV1.Target;
    expect(routeEvent(event('goals.target.behind_pace', { ...notice, target: department }))).toBeUndefined();
  });

  it('sends a submitted plan to its approver, or else the rep’s supervisor; the decision back to the rep', () => {
    const plan = {
      id: 'p-1',
      employeeId: REP,
      planDate: '2026-12-03',
      approverId: '',
      items: [{}, {}],
      decisionComment: '',
    } as unknown as fieldV1.VisitPlan;
    expect(routeEvent(event('field.plan.submitted', { plan }))?.recipients).toEqual([
      { kind: 'supervisorOf', employeeId: REP },
    ]);
    expect(routeEvent(event('field.plan.submitted', { plan: { ...plan, approverId: 'boss' } }))?.body).toBe(
      'The visit plan for 2026-12-03 (2 visits) was submitted.',
    );
    const rejected = routeEvent(event('field.plan.rejected', { plan: { ...plan, decisionComment: '客户太少' } }));
    expect(rejected?.recipients).toEqual([{ kind: 'employee', employeeId: REP }]);
    expect(rejected?.body).toBe('The visit plan for 2026-12-03 was rejected: 客户太少; edit it and submit it again.');
  });

  it('ignores unknown and unrouted types, and a payload without its record', () => {
    expect(routeEvent(event('crm.lead.created', { lead: { id: 'l' } }))).toBeUndefined();
    expect(routeEvent(event('someone.else.thing', {}))).toBeUndefined();
    expect(routeEvent(event('crm.lead.assigned', {}))).toBeUndefined();
  });

  it('an assigned lead without an owner names nobody', () => {
    expect(routeEvent(event('crm.lead.assigned', { lead: { id: 'l', name: 'n', ownerId: '' } }))?.recipients).toEqual(
      [],
    );
  });
});

describe('subject ownership', () => {
  it('reads the owner of crm whole-state payloads and the assignee of tickets', () => {
    expect(subjectOwnershipOf(event('crm.lead.claimed', { lead: { id: 'l', ownerId: REP } }))).toEqual({
      subjectType: 'lead',
      subjectId: 'l',
      ownerId: REP,
    });
    expect(subjectOwnershipOf(event('crm.ticket.opened', { ticket: { id: 't', assigneeId: '' } }))).toEqual({
      subjectType: 'ticket',
      subjectId: 't',
      ownerId: '',
    });
    expect(subjectOwnershipOf(event('goals.target.created', { target: { id: 'g' } }))).toBeUndefined();
  });
});

describe('field reports, attendance and expenses', () => {
  const BOSS = '0193a000-0000-7000-8000-0000000000b1';

  it('sends a reviewed or returned daily report back to the rep, with the comment', () => {
    const report = {
      id: 'dr-1',
      employeeId: REP,
      reportDate: '2026-11-19',
      reviewComment: '',
    } as unknown as fieldV1.DailyReport;
    expect(routeEvent(event('field.daily_report.reviewed', { report }))).toEqual({
      recipients: [{ kind: 'employee', employeeId: REP }],
      title: 'Your daily report was reviewed',
      body: 'Your daily report of 2026-11-19 was reviewed (签核).',
      params: { reportDate: '2026-11-19', verb: 'reviewed' },
      subjectType: 'daily_report',
      subjectId: 'dr-1',
    });
    const returned = routeEvent(
      event('field.daily_report.returned', { report: { ...report, reviewComment: '补充竞品信息' } }),
    );
    expect(returned?.recipients).toEqual([{ kind: 'employee', employeeId: REP }]);
    expect(returned?.body).toBe(
      'Your daily report of 2026-11-19 was returned: 补充竞品信息; edit it and submit it again.',
    );
  });

  it('sends an urgent market report to the supervisor the event names, else the reporter’s manager', () => {
    const report = {
      id: 'mr-1',
      employeeId: REP,
      type: 'MARKET_REPORT_TYPE_COMPETITOR_ACTIVITY',
      severity: 'SEVERITY_CRITICAL',
      competitor: '华达',
      title: '华达买一送一',
      reportDate: '2026-11-20',
    } as unknown as fieldV1.MarketReport;
    expect(routeEvent(event('field.market_report.urgent', { report, supervisorId: BOSS }))).toEqual({
      recipients: [{ kind: 'employee', employeeId: BOSS }],
      title: 'Urgent market report: 华达买一送一',
      body: 'A critical competitor activity report about 华达 was filed on 2026-11-20.',
      params: {
        reportTitle: '华达买一送一',
        severity: 'critical',
        reportType: 'competitor_activity',
        competitor: '华达',
        reportDate: '2026-11-20',
      },
      subjectType: 'market_report',
      subjectId: 'mr-1',
    });
    expect(routeEvent(event('field.market_report.urgent', { report, supervisorId: '' }))?.recipients).toEqual([
      { kind: 'supervisorOf', employeeId: REP },
    ]);
    // Filed without urgency: nobody is disturbed.
    expect(routeEvent(event('field.market_report.filed', { report, supervisorId: BOSS }))).toBeUndefined();
  });

  it('sends leave and trip requests to their approver and the decisions back to the requester', () => {
    const request = {
      id: 'ab-1',
      employeeId: REP,
      kind: 'ABSENCE_KIND_TRIP',
      startDate: '2026-11-19',
      endDate: '2026-11-20',
      destination: '杭州',
      approverId: BOSS,
      decisionComment: '',
    } as unknown as fieldV1.AbsenceRequest;
    expect(routeEvent(event('field.trip.requested', { request }))).toEqual({
      recipients: [{ kind: 'employee', employeeId: BOSS }],
      title: 'A business trip is waiting for your approval',
      body: 'A business trip from 2026-11-19 to 2026-11-20 (杭州) was submitted.',
      params: { request: 'trip', startDate: '2026-11-19', endDate: '2026-11-20', destination: '杭州' },
      subjectType: 'business_trip',
      subjectId: 'ab-1',
    });
    const leave = { ...request, kind: 'ABSENCE_KIND_LEAVE', destination: '', decisionComment: '人手不足' };
    expect(routeEvent(event('field.leave.rejected', { request: leave }))).toEqual({
      recipients: [{ kind: 'employee', employeeId: REP }],
      title: 'Your leave request was rejected',
      body: 'Your leave request from 2026-11-19 to 2026-11-20 was rejected: 人手不足.',
      params: {
        request: 'leave',
        verb: 'rejected',
        startDate: '2026-11-19',
        endDate: '2026-11-20',
        comment: '人手不足',
      },
      subjectType: 'leave_request',
      subjectId: 'ab-1',
    });
    expect(routeEvent(event('field.trip.approved', { request }))?.title).toBe('Your business trip was approved');
    // A departed supervisor's pending trip, now waiting for the successor.
    const moved = routeEvent(event('field.trip.reassigned', { request: { ...request, approverId: 'successor' } }));
    expect(moved?.recipients).toEqual([{ kind: 'employee', employeeId: 'successor' }]);
    expect(moved?.title).toBe('A business trip is waiting for your approval');
  });

  it('sends a submitted expense to its approver and the decision back to the rep', () => {
    const expense = {
      id: 'ex-1',
      employeeId: REP,
      expenseDate: '2026-11-19',
      category: 'EXPENSE_CATEGORY_TRAVEL',
      approverId: BOSS,
      decisionComment: '',
    } as unknown as fieldV1.Expense;
    expect(routeEvent(event('field.expense.submitted', { expense }))?.recipients).toEqual([
      { kind: 'employee', employeeId: BOSS },
    ]);
    expect(routeEvent(event('field.expense.reassigned', { expense }))?.recipients).toEqual([
      { kind: 'employee', employeeId: BOSS },
    ]);
    expect(routeEvent(event('field.expense.approved', { expense }))).toEqual({
      recipients: [{ kind: 'employee', employeeId: REP }],
      title: 'Your expense was approved',
      body: 'Your travel expense of 2026-11-19 was approved.',
      params: { category: 'travel', expenseDate: '2026-11-19', verb: 'approved' },
      subjectType: 'expense',
      subjectId: 'ex-1',
    });
  });
});

/**
 * What each kind's text is made of, for consoles that word it in their reader's language. Every
 * routed type once; the expected maps are written from the payloads, not read off the code.
 */
describe('text parameters of every kind', () => {
  const BOSS = '0193a000-0000-7000-8000-0000000000b1';
  const paramsOf = (type: string, payload: unknown) => routeEvent(event(type, payload))?.params;

  it('crm: the lead, opportunity, contract and ticket by name; a lead without company has none', () => {
    const lead = { id: 'l-1', name: '王建国', company: '杭州宏达贸易', ownerId: REP } as crmV1.Lead;
    expect(paramsOf('crm.lead.assigned', { lead })).toEqual({ leadName: '王建国', company: '杭州宏达贸易' });
    expect(paramsOf('crm.lead.assigned', { lead: { ...lead, company: '' } })).toEqual({ leadName: '王建国' });
    expect(paramsOf('crm.lead.recycled', { lead })).toEqual({ leadName: '王建国' });
    const opportunity = { id: 'o-1', name: '年度框架采购', ownerId: REP } as crmV1.Opportunity;
    expect(paramsOf('crm.opportunity.reassigned', { opportunity })).toEqual({ opportunityName: '年度框架采购' });
    const contract = { id: 'c-1', number: 'HT-2026-001', title: '设备采购', ownerId: REP } as crmV1.Contract;
    expect(paramsOf('crm.contract.reassigned', { contract })).toEqual({
      contractNumber: 'HT-2026-001',
      contractTitle: '设备采购',
    });
    const ticket = { id: 't-1', title: '设备无法开机', assigneeId: REP } as crmV1.Ticket;
    expect(paramsOf('crm.ticket.assigned', { ticket })).toEqual({ ticketTitle: '设备无法开机' });
  });

  it('goals: a task by title with its due time as an ISO timestamp (absent when it has none)', () => {
    const task = {
      id: 'task-1',
      title: '拜访宏达',
      assigneeId: REP,
      creatorId: BOSS,
      dueAt: new Date('2026-12-02T09:00:00Z'),
    } as goalsV1.Task;
    const expected = { taskTitle: '拜访宏达', dueAt: '2026-12-02T09:00:00.000Z' };
    for (const type of ['goals.task.created', 'goals.task.assigned', 'goals.task.due_soon', 'goals.task.overdue']) {
      expect(paramsOf(type, { task })).toEqual(expected);
    }
    expect(paramsOf('goals.task.assigned', { task: { ...task, dueAt: undefined } })).toEqual({ taskTitle: '拜访宏达' });
  });

  it('field: a visit plan by day (and visit count when submitted), with the decision and its comment', () => {
    const plan = {
      id: 'p-1',
      employeeId: REP,
      planDate: '2026-12-03',
      approverId: BOSS,
      items: [{}, {}, {}],
      decisionComment: '',
    } as unknown as fieldV1.VisitPlan;
    expect(paramsOf('field.plan.submitted', { plan })).toEqual({ planDate: '2026-12-03', visitCount: '3' });
    expect(paramsOf('field.plan.approved', { plan })).toEqual({ planDate: '2026-12-03', verb: 'approved' });
    expect(paramsOf('field.plan.rejected', { plan: { ...plan, decisionComment: '客户太少' } })).toEqual({
      planDate: '2026-12-03',
      verb: 'rejected',
      comment: '客户太少',
    });
  });

  it('field: a returned daily report carries the verb and the comment', () => {
    const report = {
      id: 'dr-1',
      employeeId: REP,
      reportDate: '2026-11-19',
      reviewComment: '补充竞品信息',
    } as unknown as fieldV1.DailyReport;
    expect(paramsOf('field.daily_report.returned', { report })).toEqual({
      reportDate: '2026-11-19',
      verb: 'returned',
      comment: '补充竞品信息',
    });
  });

  it('field: leave and trip requests say which, their days and destination; reassigned ones as requested', () => {
    const leave = {
      id: 'ab-2',
      employeeId: REP,
      kind: 'ABSENCE_KIND_LEAVE',
      startDate: '2026-11-23',
      endDate: '2026-11-24',
      destination: '',
      approverId: BOSS,
      decisionComment: '',
    } as unknown as fieldV1.AbsenceRequest;
    const days = { startDate: '2026-11-23', endDate: '2026-11-24' };
    expect(paramsOf('field.leave.requested', { request: leave })).toEqual({ request: 'leave', ...days });
    expect(paramsOf('field.leave.reassigned', { request: leave })).toEqual({ request: 'leave', ...days });
    expect(paramsOf('field.leave.approved', { request: leave })).toEqual({
      request: 'leave',
      verb: 'approved',
      ...days,
    });
    const trip = { ...leave, kind: 'ABSENCE_KIND_TRIP', destination: '宁波' };
    expect(paramsOf('field.trip.reassigned', { request: trip })).toEqual({
      request: 'trip',
      ...days,
      destination: '宁波',
    });
    expect(paramsOf('field.trip.rejected', { request: { ...trip, decisionComment: '改期' } })).toEqual({
      request: 'trip',
      verb: 'rejected',
      ...days,
      comment: '改期',
    });
  });

  it('field: an expense by category and day; the decision with its comment', () => {
    const expense = {
      id: 'ex-2',
      employeeId: REP,
      expenseDate: '2026-11-21',
      category: 'EXPENSE_CATEGORY_LODGING',
      approverId: BOSS,
      decisionComment: '超标准',
    } as unknown as fieldV1.Expense;
    expect(paramsOf('field.expense.submitted', { expense })).toEqual({
      category: 'lodging',
      expenseDate: '2026-11-21',
    });
    expect(paramsOf('field.expense.reassigned', { expense })).toEqual({
      category: 'lodging',
      expenseDate: '2026-11-21',
    });
    expect(paramsOf('field.expense.rejected', { expense })).toEqual({
      category: 'lodging',
      expenseDate: '2026-11-21',
      verb: 'rejected',
      comment: '超标准',
    });
  });

  it('field: an urgent market report without a competitor leaves it out', () => {
    const report = {
      id: 'mr-2',
      employeeId: REP,
      type: 'MARKET_REPORT_TYPE_DEALER_COMPLAINT',
      severity: 'SEVERITY_HIGH',
      competitor: '',
      title: '经销商投诉账期',
      reportDate: '2026-11-22',
    } as unknown as fieldV1.MarketReport;
    expect(paramsOf('field.market_report.urgent', { report, supervisorId: BOSS })).toEqual({
      reportTitle: '经销商投诉账期',
      severity: 'high',
      reportType: 'dealer_complaint',
      reportDate: '2026-11-22',
    });
  });
});
