import { eventType } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';

/**
 * The delivery body: the envelope's fields and the payload in the protobuf JSON mapping (the
 * codec's toJSON), the same rendering docs/events.md and the AsyncAPI document describe.
 */
export function webhookEventBody(event: DomainEvent<unknown>): string {
  const codec = eventType(event.type).codec as { toJSON?: (message: unknown) => unknown };
  return JSON.stringify({
    id: event.id,
    type: event.type,
    tenantId: event.tenantId,
    aggregateId: event.aggregateId,
    aggregateVersion: String(event.aggregateVersion),
    occurredAt: event.occurredAt.toISOString(),
    actor: event.actorId ? { employeeId: event.actorId, kind: 'employee' } : { kind: 'system' },
    payload: codec.toJSON ? codec.toJSON(event.payload) : event.payload,
  });
}
