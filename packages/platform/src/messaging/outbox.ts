import { context, propagation } from '@opentelemetry/api';
import { eventType, messageKey } from '@salesflow/contracts';
import { v7 as uuidv7 } from 'uuid';
import { encodeEnvelope, type NewEvent } from './event-envelope';

/** The part of a Prisma transaction client the outbox needs (raw SQL in the same transaction). */
export interface SqlExecutor {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}

export interface OutboxOptions {
  /** CloudEvents `source`, e.g. "/salesflow/crm". */
  source: string;
}

/**
 * Records an event in the outbox inside the caller's transaction, so it is published if and
 * only if the change commits. The trace context of the writing request travels with the row.
 */
export async function appendToOutbox<P>(tx: SqlExecutor, event: NewEvent<P>, options: OutboxOptions): Promise<string> {
  const spec = eventType(event.type);
  const id = uuidv7();
  const headers: Record<string, string> = {
    ce_id: id,
    ce_type: event.type,
    ce_source: options.source,
    ce_specversion: '1.0',
    ce_subject: event.aggregateId,
    ce_time: (event.occurredAt ?? new Date()).toISOString(),
    'content-type': 'application/protobuf',
  };
  propagation.inject(context.active(), headers);
  const value = Buffer.from(encodeEnvelope(id, event));
  const snapshotTopic = spec.carriesState ? spec.topic.snapshotName : null;
  await tx.$executeRaw`
    INSERT INTO salesflow_outbox (id, topic, message_key, event_type, value, headers, snapshot_topic)
    VALUES (${id}::uuid, ${spec.topic.name}, ${messageKey(event.tenantId, event.aggregateId)}, ${event.type},
            ${value}, ${JSON.stringify(headers)}::jsonb, ${snapshotTopic})`;
  return id;
}
