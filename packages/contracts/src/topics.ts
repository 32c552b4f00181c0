// The Kafka topic catalog: the one list that producers, consumers, topic creation,
// Helm's KafkaTopic resources and the integrator docs all read (ARCHITECTURE §2).
import type { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import {
  ActivityCreated,
  ContactChanged,
  ContractChanged,
  CustomerChanged,
  CustomerMerged,
  HandoverCompleted,
  LeadConverted,
  LeadCreated,
  LeadUpdated,
  OpportunityChanged,
  OpportunityStageChanged,
  PaymentChanged,
  SatisfactionRecorded,
  TicketChanged,
} from './gen/salesflow/crm/v1/crm_events';
import { CheckInRecorded, VisitRecorded } from './gen/salesflow/field/v1/field_events';
import {
  AbsenceRequestChanged,
  AttendanceClocked,
  DailyReportChanged,
  ExpenseChanged,
  MarketReportFiled,
  ReportObligationSettled,
  WeeklyReportChanged,
} from './gen/salesflow/field/v1/report_events';
import { VisitPlanChanged } from './gen/salesflow/field/v1/visit_service_messages';
import {
  TargetBehindPace,
  TargetChanged,
  TargetCreated,
  TargetDecomposed,
  TargetDeleted,
  TargetProgressChanged,
} from './gen/salesflow/goals/v1/goals_events';
import { TaskChanged, TaskCommented } from './gen/salesflow/goals/v1/task_events';
import {
  DepartmentChanged,
  DepartmentDeleted,
  DepartmentMoved,
  EmployeeChanged,
  EmployeeDeparted,
} from './gen/salesflow/identity/v1/identity_events';

/** The encode/decode pair ts-proto generates for every message. */
export interface PayloadCodec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
  fromPartial?(object: never): T;
}

export interface EventTypeSpec {
  /** Fully qualified protobuf name of the payload, used in the Any type URL. */
  readonly payloadMessage: string;
  readonly codec: PayloadCodec<unknown>;
  readonly description: string;
  /**
   * True when the payload is the aggregate's whole state: the relay then mirrors the event to
   * the compacted snapshot topic, whose latest record per key is the aggregate's current state.
   */
  readonly carriesState: boolean;
}

export interface TopicSpec {
  readonly name: string;
  readonly service: 'identity' | 'crm' | 'goals' | 'field';
  readonly aggregate: string;
  /** Compacted topic holding the latest state per key, for bootstrapping new consumers. */
  readonly snapshotName: string;
  readonly partitions: number;
  readonly eventTypes: Readonly<Record<string, EventTypeSpec>>;
}

function event<T>(
  payloadMessage: string,
  codec: PayloadCodec<T>,
  description: string,
  carriesState = true,
): EventTypeSpec {
  return { payloadMessage, codec: codec as PayloadCodec<unknown>, description, carriesState };
}

function topic(
  service: TopicSpec['service'],
  aggregate: string,
  eventTypes: Record<string, EventTypeSpec> = {},
  partitions = 3,
): TopicSpec {
  return {
    name: `salesflow.${service}.${aggregate}.v1`,
    snapshotName: `salesflow.${service}.${aggregate}.snapshot.v1`,
    service,
    aggregate,
    partitions,
    eventTypes,
  };
}

/** Event types of one aggregate that all carry the same whole-state payload. */
function sameEvents<T>(
  payloadMessage: string,
  codec: PayloadCodec<T>,
  types: Record<string, string>,
): Record<string, EventTypeSpec> {
  return Object.fromEntries(
    Object.entries(types).map(([type, description]) => [type, event(payloadMessage, codec, description)]),
  );
}

/** Every employee change carries the whole employee (EmployeeChanged). */
function employeeEvents(types: Record<string, string>): Record<string, EventTypeSpec> {
  return Object.fromEntries(
    Object.entries(types).map(([type, description]) => [
      type,
      event('salesflow.identity.v1.EmployeeChanged', EmployeeChanged, description),
    ]),
  );
}

export const TOPICS = {
  identityEmployee: topic('identity', 'employee', {
    ...employeeEvents({
      'identity.employee.created': 'An employee was created.',
      'identity.employee.updated': 'Name, email, phone, title or roles changed.',
      'identity.employee.status_changed': 'Employment status (deactivated) or work status changed.',
      'identity.employee.transferred': 'Moved to another department, title or manager.',
      'identity.employee.reactivated': 'A deactivated employee is active again.',
    }),
    'identity.employee.departed': event(
      'salesflow.identity.v1.EmployeeDeparted',
      EmployeeDeparted,
      'The employee left; every service hands their open work to `successorId`.',
    ),
  }),
  identityDepartment: topic('identity', 'department', {
    'identity.department.created': event(
      'salesflow.identity.v1.DepartmentChanged',
      DepartmentChanged,
      'A department was created; carries its materialized path.',
    ),
    'identity.department.renamed': event(
      'salesflow.identity.v1.DepartmentChanged',
      DepartmentChanged,
      'A department was renamed, or its manager or region changed.',
    ),
    'identity.department.moved': event(
      'salesflow.identity.v1.DepartmentMoved',
      DepartmentMoved,
      'A department got a new parent: every path starting with `oldPath` now starts with the new path.',
    ),
    'identity.department.deleted': event(
      'salesflow.identity.v1.DepartmentDeleted',
      DepartmentDeleted,
      'An empty department was deleted.',
    ),
  }),
  crmLead: topic('crm', 'lead', {
    'crm.lead.created': event('salesflow.crm.v1.LeadCreated', LeadCreated, 'A lead was recorded.'),
    'crm.lead.updated': event(
      'salesflow.crm.v1.LeadUpdated',
      LeadUpdated,
      'A lead changed (its fields, or a follow-up moved its last/next follow-up and status).',
    ),
    'crm.lead.claimed': event('salesflow.crm.v1.LeadUpdated', LeadUpdated, 'A rep claimed a lead from a pool.'),
    'crm.lead.assigned': event(
      'salesflow.crm.v1.LeadUpdated',
      LeadUpdated,
      "A manager (or the pool's round-robin / region rule) gave a lead an owner.",
    ),
    'crm.lead.released': event('salesflow.crm.v1.LeadUpdated', LeadUpdated, 'The owner gave a lead back to its pool.'),
    'crm.lead.converted': event(
      'salesflow.crm.v1.LeadConverted',
      LeadConverted,
      'A lead became a customer and contact (转客户); the lead names both.',
    ),
    'crm.handover.completed': event(
      'salesflow.crm.v1.HandoverCompleted',
      HandoverCompleted,
      "A departed employee's open leads, customers and open tickets moved to the successor (key <tenantId>:<employeeId>).",
      false,
    ),
    'crm.lead.recycled': event(
      'salesflow.crm.v1.LeadUpdated',
      LeadUpdated,
      "A lead went back to its pool after the pool's recycle period without a follow-up.",
    ),
  }),
  crmCustomer: topic('crm', 'customer', {
    'crm.customer.created': event('salesflow.crm.v1.CustomerChanged', CustomerChanged, 'A customer was recorded.'),
    'crm.customer.updated': event(
      'salesflow.crm.v1.CustomerChanged',
      CustomerChanged,
      'A customer changed (card fields, owner, lifecycle, tags, groups or custom fields).',
    ),
    'crm.customer.lifecycle_changed': event(
      'salesflow.crm.v1.CustomerChanged',
      CustomerChanged,
      "The lifecycle moved (PROSPECT -> ACTIVE on the first signed contract, -> DORMANT after the tenant's quiet period, -> CHURNED with `churnReason`, or back to ACTIVE).",
    ),
    'crm.customer.merged': event(
      'salesflow.crm.v1.CustomerMerged',
      CustomerMerged,
      'A duplicate customer (`mergedCustomerId`, now deleted) was folded into this one.',
    ),
  }),
  crmContact: topic('crm', 'contact', {
    'crm.contact.created': event(
      'salesflow.crm.v1.ContactChanged',
      ContactChanged,
      'A contact was added to a customer.',
    ),
    'crm.contact.updated': event(
      'salesflow.crm.v1.ContactChanged',
      ContactChanged,
      'A contact changed; also sent for the contact that lost the primary flag.',
    ),
  }),
  crmActivity: topic('crm', 'activity', {
    'crm.activity.created': event(
      'salesflow.crm.v1.ActivityCreated',
      ActivityCreated,
      'A follow-up record (联系记录) on a lead, customer or opportunity.',
    ),
  }),
  crmOpportunity: topic('crm', 'opportunity', {
    ...sameEvents('salesflow.crm.v1.OpportunityChanged', OpportunityChanged, {
      'crm.opportunity.created': 'An opportunity (商机) was recorded.',
      'crm.opportunity.updated': 'Name, customer, close date, probability or product line changed.',
      'crm.opportunity.amount_changed': 'The amount changed.',
      'crm.opportunity.won': 'The opportunity was won (moved to the won stage, or its contract was signed).',
      'crm.opportunity.lost': "The opportunity was lost, with one of the tenant's lost reasons.",
      'crm.opportunity.reassigned': 'The opportunity got another owner (by a manager or a departure handover).',
    }),
    'crm.opportunity.stage_changed': event(
      'salesflow.crm.v1.OpportunityStageChanged',
      OpportunityStageChanged,
      'The opportunity moved between pipeline stages; carries both stages and when the previous one was entered.',
    ),
  }),
  crmContract: topic(
    'crm',
    'contract',
    sameEvents('salesflow.crm.v1.ContractChanged', ContractChanged, {
      'crm.contract.signed': 'A contract (合同) was signed; it counts from its signed date.',
      'crm.contract.amended': "A signed contract's lines or amounts changed; the payload replaces the earlier state.",
      'crm.contract.cancelled': 'A signed contract was cancelled; it no longer counts.',
      'crm.contract.reassigned': 'The contract got another owner; its attribution (who signed it) stays.',
    }),
  ),
  crmPayment: topic(
    'crm',
    'payment',
    sameEvents('salesflow.crm.v1.PaymentChanged', PaymentChanged, {
      'crm.payment.received': 'Money was received against a contract (回款).',
      'crm.payment.reversed': 'A received payment was reversed; it no longer counts.',
    }),
  ),
  crmTicket: topic('crm', 'ticket', {
    ...sameEvents('salesflow.crm.v1.TicketChanged', TicketChanged, {
      'crm.ticket.opened': 'A complaint, service request or inquiry was opened.',
      'crm.ticket.assigned': 'The ticket got another assignee.',
      'crm.ticket.updated': 'Title, description or severity changed (the due time stays).',
      'crm.ticket.status_changed': 'The ticket moved to in progress or closed.',
      'crm.ticket.resolved': 'The ticket was resolved, with its resolution.',
      'crm.ticket.reopened': 'A resolved or closed ticket was reopened.',
      'crm.ticket.rated': 'The customer rated the resolution (1-5, satisfied = 4-5).',
    }),
    'crm.satisfaction.recorded': event(
      'salesflow.crm.v1.SatisfactionRecorded',
      SatisfactionRecorded,
      'A standalone satisfaction survey of a customer (key <tenantId>:<surveyId>).',
    ),
  }),
  goalsTarget: topic('goals', 'target', {
    'goals.target.created': event('salesflow.goals.v1.TargetCreated', TargetCreated, 'A target node was created.'),
    'goals.target.updated': event(
      'salesflow.goals.v1.TargetChanged',
      TargetChanged,
      'A node was edited (value) or locked/unlocked.',
    ),
    'goals.target.reassigned': event(
      'salesflow.goals.v1.TargetChanged',
      TargetChanged,
      "An employee target of an open period moved to the departed employee's successor.",
    ),
    'goals.target.deleted': event(
      'salesflow.goals.v1.TargetDeleted',
      TargetDeleted,
      'A target node without children was deleted; the payload is the node with its version advanced by one.',
    ),
    'goals.target.decomposed': event(
      'salesflow.goals.v1.TargetDecomposed',
      TargetDecomposed,
      'A target node was split into children along one axis (time, org, product line, region, segment).',
      false,
    ),
    'goals.target.progress_changed': event(
      'salesflow.goals.v1.TargetProgressChanged',
      TargetProgressChanged,
      "Facts (contracts, payments, customers, visits) changed the node's achieved amount; one event per node and consumed batch.",
    ),
    'goals.target.completed': event(
      'salesflow.goals.v1.TargetProgressChanged',
      TargetProgressChanged,
      'The node reached its value (achieved >= value) for the first time.',
    ),
    'goals.target.behind_pace': event(
      'salesflow.goals.v1.TargetBehindPace',
      TargetBehindPace,
      'Completion fell under expected-by-now minus the tenant margin; at most once per node and day.',
      false,
    ),
  }),
  goalsTask: topic('goals', 'task', {
    ...sameEvents('salesflow.goals.v1.TaskChanged', TaskChanged, {
      'goals.task.created': 'A task (任务) was created.',
      'goals.task.updated': 'Title, description, due time, priority, status, project or links of a task changed.',
      'goals.task.assigned': 'A task got another assignee (by a person, or a handover when its assignee left).',
      'goals.task.completed': 'A task became DONE (a parent only once all its subtasks are closed).',
      'goals.task.due_soon': "A task's due time is within the tenant's lead time (消息提醒); sent once per due time.",
      'goals.task.overdue': 'An open task passed its due time; sent once per due time.',
    }),
    'goals.task.commented': event(
      'salesflow.goals.v1.TaskCommented',
      TaskCommented,
      'Someone commented on a task (评价和反馈), optionally with a 1-5 rating by the assigner.',
      false,
    ),
  }),
  fieldVisit: topic(
    'field',
    'visit',
    sameEvents('salesflow.field.v1.VisitRecorded', VisitRecorded, {
      'field.visit.completed':
        'A check-out closed a visit (拜访) at a customer; carries duration, distance and geofence.',
      'field.visit.effective':
        'A visit met the effective-visit rule (inside the geofence, long enough, followed by a follow-up record the same day); sent once per visit.',
    }),
  ),
  fieldCheckin: topic('field', 'checkin', {
    'field.checkin.recorded': event(
      'salesflow.field.v1.CheckInRecorded',
      CheckInRecorded,
      'A rep checked in or out with a GPS position.',
    ),
  }),
  fieldReport: topic('field', 'report', {
    ...sameEvents('salesflow.field.v1.DailyReportChanged', DailyReportChanged, {
      'field.daily_report.submitted':
        'A rep submitted a daily sales report (每日销售报告表); `late` says whether after the deadline.',
      'field.daily_report.reviewed': 'The supervisor reviewed (签核) a daily report with a comment.',
      'field.daily_report.returned': 'The supervisor returned a daily report to the rep with a comment.',
    }),
    'field.market_report.filed': event(
      'salesflow.field.v1.MarketReportFiled',
      MarketReportFiled,
      'A market situation report (市场状况反映表) was filed.',
    ),
    'field.market_report.urgent': event(
      'salesflow.field.v1.MarketReportFiled',
      MarketReportFiled,
      "A HIGH or CRITICAL market report, addressed to the reporter's supervisor (`supervisorId`) at once.",
      false,
    ),
    'field.weekly_report.submitted': event(
      'salesflow.field.v1.WeeklyReportChanged',
      WeeklyReportChanged,
      "A department's weekly progress report (周进度控制) was submitted with next week's plan.",
    ),
    'field.report_obligation.settled': event(
      'salesflow.field.v1.ReportObligationSettled',
      ReportObligationSettled,
      "A person's daily-report obligation for a day, once its deadline passed: `expected` (false when approved leave or a trip excused the day) and `onTime` (submitted by the deadline); every active employee of the org replica, every working day. Sent again with version + 1 when leave or a trip approved later changes `expected`.",
    ),
  }),
  fieldAttendance: topic('field', 'attendance', {
    'field.attendance.clocked': event(
      'salesflow.field.v1.AttendanceClocked',
      AttendanceClocked,
      'An employee clocked in or out (考勤打卡).',
    ),
    ...sameEvents('salesflow.field.v1.AbsenceRequestChanged', AbsenceRequestChanged, {
      'field.leave.requested': 'An employee asked for leave (请假); the supervisor decides.',
      'field.leave.approved': 'The supervisor approved a leave request.',
      'field.leave.rejected': 'The supervisor rejected a leave request.',
      'field.trip.requested': 'An employee asked for a business trip (出差); the supervisor decides.',
      'field.trip.approved': 'The supervisor approved a business trip.',
      'field.trip.rejected': 'The supervisor rejected a business trip.',
      'field.leave.reassigned':
        "A pending leave request of a departed supervisor now waits for the successor (or the leaver's supervisor).",
      'field.trip.reassigned':
        "A pending business trip of a departed supervisor now waits for the successor (or the leaver's supervisor).",
    }),
  }),
  fieldExpense: topic(
    'field',
    'expense',
    sameEvents('salesflow.field.v1.ExpenseChanged', ExpenseChanged, {
      'field.expense.submitted': 'A rep submitted an expense (费用) for approval; carries its attribution.',
      'field.expense.approved': 'The supervisor approved an expense: it counts as sales cost from its date.',
      'field.expense.rejected': 'The supervisor rejected an expense.',
      'field.expense.reassigned':
        "A pending expense of a departed supervisor now waits for the successor (or the leaver's supervisor).",
    }),
  ),
  fieldPlan: topic(
    'field',
    'plan',
    sameEvents('salesflow.field.v1.VisitPlanChanged', VisitPlanChanged, {
      'field.plan.submitted': "A rep submitted a day's visit plan (每日拜访计划表) to their supervisor.",
      'field.plan.approved': 'The supervisor approved (核签) a visit plan.',
      'field.plan.rejected': 'The supervisor rejected a visit plan, with a comment; the rep may edit and resubmit it.',
      'field.plan.reassigned': "A departed rep's future plan (or pending approval) moved to the successor.",
    }),
  ),
} as const satisfies Record<string, TopicSpec>;

export type TopicKey = keyof typeof TOPICS;
export const ALL_TOPICS: readonly TopicSpec[] = Object.values(TOPICS);

/** Messages of one aggregate share a key so that they stay in one partition, in order. */
export function messageKey(tenantId: string, aggregateId: string): string {
  return `${tenantId}:${aggregateId}`;
}

/** Dead-letter topic of a consumer group: messages that kept failing, with the error. */
export function deadLetterTopic(consumerGroup: string): string {
  return `${consumerGroup}.dlq`;
}

export interface ResolvedEventType extends EventTypeSpec {
  readonly type: string;
  readonly topic: TopicSpec;
}

const EVENT_TYPES = new Map<string, ResolvedEventType>(
  ALL_TOPICS.flatMap((t) => Object.entries(t.eventTypes).map(([type, spec]) => [type, { ...spec, type, topic: t }])),
);

/** The catalog entry of an event type; throws for a type that no topic declares. */
export function eventType(type: string): ResolvedEventType {
  const spec = EVENT_TYPES.get(type);
  if (!spec) throw new Error(`event type "${type}" is not in the topic catalog`);
  return spec;
}

export function allEventTypes(): readonly ResolvedEventType[] {
  return [...EVENT_TYPES.values()];
}
