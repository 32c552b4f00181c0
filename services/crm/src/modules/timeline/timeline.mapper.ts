import type { crmV1 } from '@salesflow/contracts';
import type { TimelineEntry } from '../../generated/prisma/client';

export function timelineEntryToProto(entry: TimelineEntry): crmV1.TimelineEntry {
  const details = entry.details;
  return {
    id: entry.id,
    kind: entry.kind,
    sourceId: entry.sourceId,
    occurredAt: entry.occurredAt,
    title: entry.title,
    summary: entry.summary,
    actorId: entry.actorId ?? '',
    details: details && typeof details === 'object' && !Array.isArray(details) ? details : {},
  };
}
