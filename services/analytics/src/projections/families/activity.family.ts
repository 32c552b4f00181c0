import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { factTable } from '../fact-table';
import { keyOf, stripPrefix } from '../family-helpers';

export interface ActivityFact {
  activityId: string;
  tenantId: string;
  ownerId: string;
  departmentPath: string;
  subjectType: string;
  subjectId: string;
  occurredAt: string;
  occurredOn: string;
}

const table = factTable<ActivityFact>('activity_facts', [
  { column: 'activity_id', field: 'activityId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'owner_id', field: 'ownerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'subject_type', field: 'subjectType', kind: 'text' },
  { column: 'subject_id', field: 'subjectId', kind: 'text' },
  { column: 'occurred_at', field: 'occurredAt', kind: 'timestamptz' },
  { column: 'occurred_on', field: 'occurredOn', kind: 'date' },
]);

/** Follow-up records (联系记录): immutable, counted on the day they happened. */
export const activityFamily: FactFamily<ActivityFact> = {
  name: 'activity',
  eventTypes: ['crm.activity.created'],
  factIdOf: (event) => (event.payload as crmV1.ActivityCreated).activity?.id,
  ownersOf: (event) => [(event.payload as crmV1.ActivityCreated).activity?.ownerId ?? ''],
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<crmV1.ActivityCreated>, context: FoldContext) {
    const activity = event.payload.activity;
    if (!activity || previous) return previous;
    return {
      activityId: activity.id,
      tenantId: event.tenantId,
      ownerId: activity.ownerId,
      departmentPath: context.departmentPathOf(event.tenantId, activity.ownerId),
      subjectType: stripPrefix(activity.subjectType, 'ACTIVITY_SUBJECT_TYPE_'),
      subjectId: activity.subjectId,
      occurredAt: (activity.occurredAt ?? event.occurredAt).toISOString(),
      occurredOn: context.dayOf(activity.occurredAt ?? event.occurredAt),
    };
  },
  contributions: (fact) => [
    {
      key: { ...keyOf(fact.tenantId, fact.occurredOn, { ...fact, region: '', segment: '' }) },
      measures: { activities: 1 },
    },
  ],
};
