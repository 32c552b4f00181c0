import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent, EventHandler } from '@salesflow/platform';
import type { FieldTransaction } from '../../database';
import type { VisitService } from './visit.service';

export const FOLLOW_UP_GROUP = 'field.follow-ups';

/**
 * crm.activity.created on a customer -> `customer_follow_ups` (the third condition of an
 * effective visit), and any visit it completes becomes effective now. Follow-ups on leads or
 * opportunities name no customer here and are ignored.
 */
export function followUpHandlers(visits: VisitService): Record<string, EventHandler<FieldTransaction>> {
  return {
    'crm.activity.created': async (event, tx) => {
      const activity = (event as DomainEvent<crmV1.ActivityCreated>).payload.activity;
      if (!activity) throw new Error(`event ${event.id} carries no activity`);
      if (activity.subjectType !== 'ACTIVITY_SUBJECT_TYPE_CUSTOMER' || !activity.ownerId) return;
      const followUp = {
        activityId: activity.id,
        tenantId: event.tenantId,
        customerId: activity.subjectId,
        ownerId: activity.ownerId,
        occurredAt: activity.occurredAt ?? activity.createdAt ?? event.occurredAt,
      };
      const inserted = await tx.customerFollowUp.createMany({ data: [followUp], skipDuplicates: true });
      if (inserted.count === 0) return;
      await visits.onFollowUp(tx, followUp);
    },
  };
}
