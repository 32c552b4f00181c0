import type { crmV1, fieldV1, goalsV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';

/**
 * Who is to be told about an event. References rather than ids where the answer needs data the
 * event does not carry: the consumer resolves them (org replica, last known owner), so that
 * routing itself stays a pure function of the event.
 */
export type RecipientRef =
  | { kind: 'employee'; employeeId: string }
  /** The employee's manager, from the org replica. */
  | { kind: 'supervisorOf'; employeeId: string }
  /** Whoever owned the subject before this event (a recycled lead no longer names them). */
  | { kind: 'previousOwner' };

export interface RoutedNotification {
  recipients: RecipientRef[];
  /** English, for API clients and as the fallback of a console that does not know the kind. */
  title: string;
  body: string;
  /**
   * What the text is made of, so that a client can word it in its reader's language with the
   * event type as the message key: names and titles as written, dates as ISO strings, enum values
   * as the REST API spells them. Optional parts the event lacks are left out rather than empty.
   */
  params: NotificationParams;
  subjectType: string;
  subjectId: string;
}

export type NotificationParams = Record<string, string>;

type Route = (event: DomainEvent<unknown>) => RoutedNotification | undefined;

/** The parameters without the empty or absent ones. */
function paramsOf(values: Record<string, string | undefined>): NotificationParams {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

const employee = (employeeId: string | undefined): RecipientRef[] =>
  employeeId ? [{ kind: 'employee', employeeId }] : [];

/** Casts the payload of one route to its catalog message: the consumer only calls a route for its type. */
function route<P>(build: (payload: P, event: DomainEvent<P>) => RoutedNotification | undefined): Route {
  return (event) => build(event.payload as P, event as DomainEvent<P>);
}

/**
 * The routing table: event type -> recipients and text. A new kind of notification is one entry
 * here (e.g. `'field.plan.submitted': route<fieldV1.PlanSubmitted>((p) => ({ recipients:
 * [{ kind: 'supervisorOf', employeeId: p.plan.ownerId }], ... }))`). Types not listed are ignored.
 */
const taskAssigned = route<goalsV1.TaskChanged>(({ task }) =>
  task
    ? {
        recipients: employee(task.assigneeId),
        title: 'A task was assigned to you',
        body: `Task "${task.title}"${task.dueAt ? ` is due ${task.dueAt.toISOString()}` : ' is yours'}.`,
        params: paramsOf({ taskTitle: task.title, dueAt: task.dueAt?.toISOString() }),
        subjectType: 'task',
        subjectId: task.id,
      }
    : undefined,
);

export const NOTIFICATION_ROUTES: Readonly<Record<string, Route>> = {
  'crm.lead.assigned': route<crmV1.LeadUpdated>(({ lead }) =>
    lead
      ? {
          recipients: employee(lead.ownerId),
          title: 'A lead was assigned to you',
          body: `Lead "${lead.name}"${lead.company ? ` (${lead.company})` : ''} is now yours; follow it up before it is recycled.`,
          params: paramsOf({ leadName: lead.name, company: lead.company }),
          subjectType: 'lead',
          subjectId: lead.id,
        }
      : undefined,
  ),
  'crm.lead.recycled': route<crmV1.LeadUpdated>(({ lead }) =>
    lead
      ? {
          recipients: [{ kind: 'previousOwner' }],
          title: 'A lead of yours went back to its pool',
          body: `Lead "${lead.name}" had no follow-up within the pool's recycle period and was recycled.`,
          params: paramsOf({ leadName: lead.name }),
          subjectType: 'lead',
          subjectId: lead.id,
        }
      : undefined,
  ),
  'crm.opportunity.reassigned': route<crmV1.OpportunityChanged>(({ opportunity }) =>
    opportunity
      ? {
          recipients: [...employee(opportunity.ownerId), { kind: 'previousOwner' }],
          title: 'An opportunity changed hands',
          body: `Opportunity "${opportunity.name}" was reassigned; it now belongs to its new owner.`,
          params: paramsOf({ opportunityName: opportunity.name }),
          subjectType: 'opportunity',
          subjectId: opportunity.id,
        }
      : undefined,
  ),
  'crm.contract.reassigned': route<crmV1.ContractChanged>(({ contract }) =>
    contract
      ? {
          recipients: [...employee(contract.ownerId), { kind: 'previousOwner' }],
          title: 'A contract changed hands',
          body: `Contract ${contract.number} "${contract.title}" has a new owner.`,
          params: paramsOf({ contractNumber: contract.number, contractTitle: contract.title }),
          subjectType: 'contract',
          subjectId: contract.id,
        }
      : undefined,
  ),
  'crm.ticket.assigned': route<crmV1.TicketChanged>(({ ticket }) =>
    ticket
      ? {
          recipients: employee(ticket.assigneeId),
          title: 'A service ticket was assigned to you',
          body: `Ticket "${ticket.title}" is yours to handle.`,
          params: paramsOf({ ticketTitle: ticket.title }),
          subjectType: 'ticket',
          subjectId: ticket.id,
        }
      : undefined,
  ),
  // A task made for someone else tells them as a reassignment does (a task one makes for oneself
  // tells nobody: the actor is never notified).
  'goals.task.created': taskAssigned,
  'goals.task.assigned': taskAssigned,
  'goals.task.due_soon': route<goalsV1.TaskChanged>(({ task }) =>
    task
      ? {
          recipients: employee(task.assigneeId),
          title: 'A task is due soon',
          body: `Task "${task.title}" is due ${task.dueAt?.toISOString() ?? 'soon'}.`,
          params: paramsOf({ taskTitle: task.title, dueAt: task.dueAt?.toISOString() }),
          subjectType: 'task',
          subjectId: task.id,
        }
      : undefined,
  ),
  'goals.task.overdue': route<goalsV1.TaskChanged>(({ task }) =>
    task
      ? {
          // The assignee, and whoever set the task, who is waiting for it.
          recipients: [...employee(task.assigneeId), ...employee(task.creatorId)],
          title: 'A task is overdue',
          body: `Task "${task.title}" passed its due time${task.dueAt ? ` ${task.dueAt.toISOString()}` : ''}.`,
          params: paramsOf({ taskTitle: task.title, dueAt: task.dueAt?.toISOString() }),
          subjectType: 'task',
          subjectId: task.id,
        }
      : undefined,
  ),
  'goals.target.behind_pace': route<goalsV1.TargetBehindPace>(({ target, completionPercent, expectedPercent, day }) =>
    // An employee's own target: them and their manager (org replica). A tenant or department
    // node has no one person behind it, and a notice on every company month would be noise.
    target && target.scope === 'TARGET_SCOPE_EMPLOYEE' && target.scopeId
      ? {
          recipients: [...employee(target.scopeId), { kind: 'supervisorOf', employeeId: target.scopeId }],
          title: 'A target is behind pace',
          body: `The ${target.metric.replace('TARGET_METRIC_', '').toLowerCase().replaceAll('_', ' ')} target for ${target.periodKey || `${target.periodStart} - ${target.periodEnd}`} is ${completionPercent}% complete on ${day}; ${expectedPercent}% was expected by now.`,
          params: paramsOf({
            // As the REST API names metrics (CONTRACT_AMOUNT ...).
            metric: target.metric.replace('TARGET_METRIC_', ''),
            periodKey: target.periodKey,
            periodStart: target.periodStart,
            periodEnd: target.periodEnd,
            completionPercent: String(completionPercent),
            expectedPercent: String(expectedPercent),
            day,
          }),
          subjectType: 'target',
          subjectId: target.id,
        }
      : undefined,
  ),
  'field.plan.submitted': route<fieldV1.VisitPlanChanged>(({ plan }) =>
    plan
      ? {
          // The approver the plan names, else the rep's manager from the org replica.
          recipients: plan.approverId
            ? employee(plan.approverId)
            : [{ kind: 'supervisorOf', employeeId: plan.employeeId }],
          title: 'A visit plan is waiting for your approval',
          body: `The visit plan for ${plan.planDate} (${plan.items.length} visits) was submitted.`,
          params: paramsOf({ planDate: plan.planDate, visitCount: String(plan.items.length) }),
          subjectType: 'visit_plan',
          subjectId: plan.id,
        }
      : undefined,
  ),
  'field.plan.approved': route<fieldV1.VisitPlanChanged>(({ plan }) =>
    plan
      ? {
          recipients: employee(plan.employeeId),
          title: 'Your visit plan was approved',
          body: `The visit plan for ${plan.planDate} was approved.`,
          params: paramsOf({ planDate: plan.planDate, verb: 'approved' }),
          subjectType: 'visit_plan',
          subjectId: plan.id,
        }
      : undefined,
  ),
  'field.plan.rejected': route<fieldV1.VisitPlanChanged>(({ plan }) =>
    plan
      ? {
          recipients: employee(plan.employeeId),
          title: 'Your visit plan was rejected',
          body: `The visit plan for ${plan.planDate} was rejected${plan.decisionComment ? `: ${plan.decisionComment}` : ''}; edit it and submit it again.`,
          params: paramsOf({ planDate: plan.planDate, verb: 'rejected', comment: plan.decisionComment }),
          subjectType: 'visit_plan',
          subjectId: plan.id,
        }
      : undefined,
  ),
};

/** "SEVERITY_HIGH" -> "high": a proto enum value without its prefix, for a sentence. */
const named = (prefix: string, value: string) => value.replace(prefix, '').toLowerCase().replaceAll('_', ' ');

/** "SEVERITY_HIGH" -> "high": a proto enum value as the REST API spells it, for a parameter. */
const apiName = (prefix: string, value: string) => value.replace(prefix, '').toLowerCase();

/** Leave and trips share one message; `request` tells which, as the subject type does. */
const absenceParam = (kind: string) => (kind === 'ABSENCE_KIND_TRIP' ? 'trip' : 'leave');

/** The approver a request names, else the requester's manager from the org replica. */
const approverOf = (approverId: string, employeeId: string): RecipientRef[] =>
  approverId ? employee(approverId) : [{ kind: 'supervisorOf', employeeId }];

const dailyReportDecided = (verb: 'reviewed' | 'returned') =>
  route<fieldV1.DailyReportChanged>(({ report }) =>
    report
      ? {
          recipients: employee(report.employeeId),
          title: `Your daily report was ${verb}`,
          body: `Your daily report of ${report.reportDate} was ${verb === 'reviewed' ? 'reviewed (签核)' : 'returned'}${
            report.reviewComment ? `: ${report.reviewComment}` : ''
          }${verb === 'returned' ? '; edit it and submit it again.' : '.'}`,
          params: paramsOf({ reportDate: report.reportDate, verb, comment: report.reviewComment }),
          subjectType: 'daily_report',
          subjectId: report.id,
        }
      : undefined,
  );

const absenceRequested = route<fieldV1.AbsenceRequestChanged>(({ request }) => {
  if (!request) return undefined;
  const what = request.kind === 'ABSENCE_KIND_TRIP' ? 'business trip' : 'leave request';
  return {
    recipients: approverOf(request.approverId, request.employeeId),
    title: `A ${what} is waiting for your approval`,
    body: `A ${what} from ${request.startDate} to ${request.endDate}${
      request.destination ? ` (${request.destination})` : ''
    } was submitted.`,
    params: paramsOf({
      request: absenceParam(request.kind),
      startDate: request.startDate,
      endDate: request.endDate,
      destination: request.destination,
    }),
    subjectType: request.kind === 'ABSENCE_KIND_TRIP' ? 'business_trip' : 'leave_request',
    subjectId: request.id,
  };
});

const absenceDecided = (verb: 'approved' | 'rejected') =>
  route<fieldV1.AbsenceRequestChanged>(({ request }) => {
    if (!request) return undefined;
    const what = request.kind === 'ABSENCE_KIND_TRIP' ? 'business trip' : 'leave request';
    return {
      recipients: employee(request.employeeId),
      title: `Your ${what} was ${verb}`,
      body: `Your ${what} from ${request.startDate} to ${request.endDate} was ${verb}${
        request.decisionComment ? `: ${request.decisionComment}` : ''
      }.`,
      params: paramsOf({
        request: absenceParam(request.kind),
        verb,
        startDate: request.startDate,
        endDate: request.endDate,
        comment: request.decisionComment,
      }),
      subjectType: request.kind === 'ABSENCE_KIND_TRIP' ? 'business_trip' : 'leave_request',
      subjectId: request.id,
    };
  });

const expenseSubmitted = route<fieldV1.ExpenseChanged>(({ expense }) =>
  expense
    ? {
        recipients: approverOf(expense.approverId, expense.employeeId),
        title: 'An expense is waiting for your approval',
        body: `A ${named('EXPENSE_CATEGORY_', expense.category)} expense of ${expense.expenseDate} was submitted.`,
        params: paramsOf({
          category: apiName('EXPENSE_CATEGORY_', expense.category),
          expenseDate: expense.expenseDate,
        }),
        subjectType: 'expense',
        subjectId: expense.id,
      }
    : undefined,
);

const expenseDecided = (verb: 'approved' | 'rejected') =>
  route<fieldV1.ExpenseChanged>(({ expense }) =>
    expense
      ? {
          recipients: employee(expense.employeeId),
          title: `Your expense was ${verb}`,
          body: `Your ${named('EXPENSE_CATEGORY_', expense.category)} expense of ${expense.expenseDate} was ${verb}${
            expense.decisionComment ? `: ${expense.decisionComment}` : ''
          }.`,
          params: paramsOf({
            category: apiName('EXPENSE_CATEGORY_', expense.category),
            expenseDate: expense.expenseDate,
            verb,
            comment: expense.decisionComment,
          }),
          subjectType: 'expense',
          subjectId: expense.id,
        }
      : undefined,
  );

/**
 * Field's reports, attendance and expenses: a decision goes back to the person it concerns, a
 * request to the one who decides it, and an urgent market report to the reporter's supervisor
 * at once (市场状况反映表).
 */
const FIELD_REPORT_ROUTES: Readonly<Record<string, Route>> = {
  'field.daily_report.reviewed': dailyReportDecided('reviewed'),
  'field.daily_report.returned': dailyReportDecided('returned'),
  'field.market_report.urgent': route<fieldV1.MarketReportFiled>(({ report, supervisorId }) =>
    report
      ? {
          // Field names the supervisor when filing; an older event without one falls back to the org.
          recipients: approverOf(supervisorId, report.employeeId),
          title: `Urgent market report: ${report.title}`,
          body: `A ${named('SEVERITY_', report.severity)} ${named('MARKET_REPORT_TYPE_', report.type)} report${
            report.competitor ? ` about ${report.competitor}` : ''
          } was filed on ${report.reportDate}.`,
          params: paramsOf({
            reportTitle: report.title,
            severity: apiName('SEVERITY_', report.severity),
            reportType: apiName('MARKET_REPORT_TYPE_', report.type),
            competitor: report.competitor,
            reportDate: report.reportDate,
          }),
          subjectType: 'market_report',
          subjectId: report.id,
        }
      : undefined,
  ),
  'field.leave.requested': absenceRequested,
  'field.leave.approved': absenceDecided('approved'),
  'field.leave.rejected': absenceDecided('rejected'),
  'field.trip.requested': absenceRequested,
  'field.trip.approved': absenceDecided('approved'),
  'field.trip.rejected': absenceDecided('rejected'),
  // A departed supervisor's pending requests: the new approver hears of them as if just asked.
  'field.leave.reassigned': absenceRequested,
  'field.trip.reassigned': absenceRequested,
  'field.expense.reassigned': expenseSubmitted,
  'field.expense.submitted': expenseSubmitted,
  'field.expense.approved': expenseDecided('approved'),
  'field.expense.rejected': expenseDecided('rejected'),
};

const ALL_ROUTES: Readonly<Record<string, Route>> = { ...NOTIFICATION_ROUTES, ...FIELD_REPORT_ROUTES };

/** What to notify for an event, or undefined when the type is not routed (or names no subject). */
export function routeEvent(event: DomainEvent<unknown>): RoutedNotification | undefined {
  const build = ALL_ROUTES[event.type];
  return build ? build(event) : undefined;
}
