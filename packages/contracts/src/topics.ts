// The Kafka topic catalog: the one list that producers, consumers, topic creation,
// Helm's KafkaTopic resources and the integrator docs all read (ARCHITECTURE §2).
import type { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import {
  ActivityCreated,
  ContactChanged,
  CustomerChanged,
  CustomerMerged,
  HandoverCompleted,
  LeadConverted,
  LeadCreated,
  LeadUpdated,
} from './gen/salesflow/crm/v1/crm_events';
import { CheckInRecorded } from './gen/salesflow/field/v1/field_events';
import { TargetCreated } from './gen/salesflow/goals/v1/goals_events';
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
      "A departed employee's open leads and customers moved to the successor (key <tenantId>:<employeeId>).",
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
  crmOpportunity: topic('crm', 'opportunity'),
  crmContract: topic('crm', 'contract'),
  crmPayment: topic('crm', 'payment'),
  crmTicket: topic('crm', 'ticket'),
  goalsTarget: topic('goals', 'target', {
    'goals.target.created': event('salesflow.goals.v1.TargetCreated', TargetCreated, 'A target node was created.'),
  }),
  goalsTask: topic('goals', 'task'),
  fieldVisit: topic('field', 'visit'),
  fieldCheckin: topic('field', 'checkin', {
    'field.checkin.recorded': event(
      'salesflow.field.v1.CheckInRecorded',
      CheckInRecorded,
      'A rep checked in or out with a GPS position.',
    ),
  }),
  fieldReport: topic('field', 'report'),
  fieldAttendance: topic('field', 'attendance'),
  fieldExpense: topic('field', 'expense'),
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
