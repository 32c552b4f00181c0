import type { crmV1 } from '@salesflow/contracts';
import type { Activity, ActivitySubjectType, FollowUpMethod } from '../../generated/prisma/client';
import { formatIsoDate } from '../shared/validation';

const SUBJECT_PREFIX = 'ACTIVITY_SUBJECT_TYPE_';
const METHOD_PREFIX = 'FOLLOW_UP_METHOD_';

export function subjectTypeToProto(type: ActivitySubjectType): crmV1.ActivitySubjectType {
  return `${SUBJECT_PREFIX}${type}` as crmV1.ActivitySubjectType;
}

export function subjectTypeFromProto(type: crmV1.ActivitySubjectType | undefined): ActivitySubjectType | undefined {
  if (!type || type === 'ACTIVITY_SUBJECT_TYPE_UNSPECIFIED' || !type.startsWith(SUBJECT_PREFIX)) return undefined;
  return type.slice(SUBJECT_PREFIX.length) as ActivitySubjectType;
}

export function methodToProto(method: FollowUpMethod): crmV1.FollowUpMethod {
  return `${METHOD_PREFIX}${method}` as crmV1.FollowUpMethod;
}

export function methodFromProto(method: crmV1.FollowUpMethod | undefined): FollowUpMethod | undefined {
  if (!method || method === 'FOLLOW_UP_METHOD_UNSPECIFIED' || !method.startsWith(METHOD_PREFIX)) return undefined;
  return method.slice(METHOD_PREFIX.length) as FollowUpMethod;
}

export function activityToProto(activity: Activity): crmV1.Activity {
  return {
    id: activity.id,
    tenantId: activity.tenantId,
    subjectType: subjectTypeToProto(activity.subjectType),
    subjectId: activity.subjectId,
    method: methodToProto(activity.method),
    contactId: activity.contactId ?? '',
    content: activity.content,
    result: activity.result,
    nextStep: activity.nextStep,
    nextFollowUpOn: activity.nextFollowUpOn ? formatIsoDate(activity.nextFollowUpOn) : '',
    occurredAt: activity.occurredAt,
    ownerId: activity.ownerId,
    createdAt: activity.createdAt,
  };
}
