import { type Any, eventsV1, eventType } from '@salesflow/contracts';

/** A decoded envelope with its payload decoded by the catalog's codec. */
export interface DomainEvent<P = unknown> {
  id: string;
  type: string;
  tenantId: string;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: Date;
  actorId: string;
  payload: P;
}

export interface NewEvent<P> {
  type: string;
  tenantId: string;
  aggregateId: string;
  aggregateVersion: number | bigint;
  actorId?: string;
  payload: P;
  occurredAt?: Date;
}

export function encodeEnvelope(id: string, event: NewEvent<unknown>): Uint8Array {
  const spec = eventType(event.type);
  const payload: Any = {
    typeUrl: `type.googleapis.com/${spec.payloadMessage}`,
    value: Buffer.from(spec.codec.encode(event.payload).finish()),
  };
  return eventsV1.EventEnvelope.encode({
    id,
    type: event.type,
    tenantId: event.tenantId,
    aggregateId: event.aggregateId,
    aggregateVersion: String(event.aggregateVersion),
    occurredAt: event.occurredAt ?? new Date(),
    actor: { employeeId: event.actorId ?? '', kind: event.actorId ? 'employee' : 'system' },
    payload,
  }).finish();
}

/** Decodes an envelope; the payload stays undefined for a type this build does not know. */
export function decodeEnvelope(bytes: Uint8Array): DomainEvent & { known: boolean } {
  const envelope = eventsV1.EventEnvelope.decode(bytes);
  if (!envelope.id || !envelope.type || !envelope.tenantId) throw new Error('envelope lacks id, type or tenant');
  let payload: unknown;
  let known = true;
  try {
    const spec = eventType(envelope.type);
    if (!envelope.payload?.typeUrl.endsWith(`/${spec.payloadMessage}`)) {
      throw new Error(`payload ${envelope.payload?.typeUrl} does not match ${spec.payloadMessage}`);
    }
    payload = spec.codec.decode(envelope.payload.value);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('not in the topic catalog')) throw error;
    known = false;
  }
  return {
    id: envelope.id,
    type: envelope.type,
    tenantId: envelope.tenantId,
    aggregateId: envelope.aggregateId,
    aggregateVersion: Number(envelope.aggregateVersion),
    occurredAt: envelope.occurredAt ?? new Date(0),
    actorId: envelope.actor?.employeeId ?? '',
    payload,
    known,
  };
}
