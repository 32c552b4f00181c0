import type { DomainEvent } from '@salesflow/platform';

export interface SubjectOwnership {
  subjectType: 'lead' | 'opportunity' | 'contract' | 'ticket';
  subjectId: string;
  /** Empty while nobody owns it (a lead in its pool). */
  ownerId: string;
}

interface Owned {
  id: string;
  ownerId?: string;
  assigneeId?: string;
}

/** Whose the subject of a crm whole-state event is after the event; undefined for other events. */
export function subjectOwnershipOf(event: DomainEvent<unknown>): SubjectOwnership | undefined {
  const payload = event.payload as { lead?: Owned; opportunity?: Owned; contract?: Owned; ticket?: Owned } | undefined;
  if (!payload || !event.type.startsWith('crm.')) return undefined;
  for (const subjectType of ['lead', 'opportunity', 'contract'] as const) {
    const record = payload[subjectType];
    if (record?.id) return { subjectType, subjectId: record.id, ownerId: record.ownerId ?? '' };
  }
  if (payload.ticket?.id)
    return { subjectType: 'ticket', subjectId: payload.ticket.id, ownerId: payload.ticket.assigneeId ?? '' };
  return undefined;
}
