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
  title: string;
  body: string;
  subjectType: string;
  subjectId: string;
}

type Route = (event: DomainEvent<unknown>) => RoutedNotification | undefined;

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
export const NOTIFICATION_ROUTES: Readonly<Record<string, Route>> = {
  'crm.lead.assigned': route<crmV1.LeadUpdated>(({ lead }) =>
    lead
      ? {
          recipients: employee(lead.ownerId),
          title: 'A lead was assigned to you',
          body: `Lead "${lead.name}"${lead.company ? ` (${lead.company})` : ''} is now yours; follow it up before it is recycled.`,
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
          subjectType: 'ticket',
          subjectId: ticket.id,
        }
      : undefined,
  ),
  'goals.task.assigned': route<goalsV1.TaskChanged>(({ task }) =>
    task
      ? {
          recipients: employee(task.assigneeId),
          title: 'A task was assigned to you',
          body: `Task "${task.title}"${task.dueAt ? ` is due ${task.dueAt.toISOString()}` : ' is yours'}.`,
          subjectType: 'task',
          subjectId: task.id,
        }
      : undefined,
  ),
  'goals.task.due_soon': route<goalsV1.TaskChanged>(({ task }) =>
    task
      ? {
          recipients: employee(task.assigneeId),
          title: 'A task is due soon',
          body: `Task "${task.title}" is due ${task.dueAt?.toISOString() ?? 'soon'}.`,
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
          subjectType: 'visit_plan',
          subjectId: plan.id,
        }
      : undefined,
  ),
};

/** What to notify for an event, or undefined when the type is not routed (or names no subject). */
export function routeEvent(event: DomainEvent<unknown>): RoutedNotification | undefined {
  const build = NOTIFICATION_ROUTES[event.type];
  return build ? build(event) : undefined;
}
