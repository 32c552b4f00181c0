import { crmV1 } from '@salesflow/contracts';
import type {
  ActivityJson,
  ActivitySubjectTypeName,
  CreateActivityBody,
  FollowUpMethodName,
} from '../schemas/activity.schemas';
import { invert } from './enum-names';

const SUBJECT_TO_PROTO: Record<ActivitySubjectTypeName, crmV1.ActivitySubjectType> = {
  lead: crmV1.ActivitySubjectType.ACTIVITY_SUBJECT_TYPE_LEAD,
  customer: crmV1.ActivitySubjectType.ACTIVITY_SUBJECT_TYPE_CUSTOMER,
  opportunity: crmV1.ActivitySubjectType.ACTIVITY_SUBJECT_TYPE_OPPORTUNITY,
};
const METHOD_TO_PROTO: Record<FollowUpMethodName, crmV1.FollowUpMethod> = {
  phone: crmV1.FollowUpMethod.FOLLOW_UP_METHOD_PHONE,
  visit: crmV1.FollowUpMethod.FOLLOW_UP_METHOD_VISIT,
  wechat: crmV1.FollowUpMethod.FOLLOW_UP_METHOD_WECHAT,
  email: crmV1.FollowUpMethod.FOLLOW_UP_METHOD_EMAIL,
  meeting: crmV1.FollowUpMethod.FOLLOW_UP_METHOD_MEETING,
};
const SUBJECT_FROM_PROTO = invert(SUBJECT_TO_PROTO);
const METHOD_FROM_PROTO = invert(METHOD_TO_PROTO);

export function subjectTypeToProto(type: ActivitySubjectTypeName): crmV1.ActivitySubjectType {
  return SUBJECT_TO_PROTO[type];
}

export function subjectTypeFromProto(type: crmV1.ActivitySubjectType | string): ActivitySubjectTypeName | null {
  return SUBJECT_FROM_PROTO.get(type) ?? null;
}

export function createActivityRequestFromJson(body: CreateActivityBody): crmV1.CreateActivityRequest {
  return {
    subjectType: SUBJECT_TO_PROTO[body.subjectType],
    subjectId: body.subjectId,
    method: METHOD_TO_PROTO[body.method],
    contactId: body.contactId ?? '',
    content: body.content,
    result: body.result ?? '',
    nextStep: body.nextStep ?? '',
    nextFollowUpOn: body.nextFollowUpOn ?? '',
    occurredAt: body.occurredAt ? new Date(body.occurredAt) : undefined,
  };
}

export function activityToJson(activity: crmV1.Activity): ActivityJson {
  return {
    id: activity.id,
    subjectType: subjectTypeFromProto(activity.subjectType),
    subjectId: activity.subjectId,
    method: METHOD_FROM_PROTO.get(activity.method) ?? null,
    contactId: activity.contactId || null,
    content: activity.content,
    result: activity.result || null,
    nextStep: activity.nextStep || null,
    nextFollowUpOn: activity.nextFollowUpOn || null,
    occurredAt: activity.occurredAt?.toISOString() ?? null,
    ownerId: activity.ownerId,
    createdAt: activity.createdAt?.toISOString() ?? null,
  };
}

export function timelineEntryToJson(entry: crmV1.TimelineEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    sourceId: entry.sourceId,
    occurredAt: entry.occurredAt?.toISOString() ?? null,
    title: entry.title,
    summary: entry.summary || null,
    actorId: entry.actorId || null,
    details: entry.details ?? {},
  };
}
