import { deadLetterTopic, type TopicSpec } from '@salesflow/contracts';
import type { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import type { Logger } from '../observability/logger';
import { consumedEvents, consumerLag, deadLetteredEvents } from '../observability/metrics';
import { type DomainEvent, decodeEnvelope } from './event-envelope';
import type { SqlExecutor } from './outbox';

// biome-ignore lint/suspicious/noExplicitAny: handlers narrow the payload to their event's message
export type EventHandler<TX> = (event: DomainEvent<any>, tx: TX) => Promise<void>;

export interface EventConsumerOptions<TX extends SqlExecutor> {
  kafka: Kafka;
  groupId: string;
  topics: readonly TopicSpec[];
  /** Runs a function in one database transaction (a service passes `fn => prisma.$transaction(fn)`). */
  transaction: (fn: (tx: TX) => Promise<void>) => Promise<void>;
  handlers: Readonly<Record<string, EventHandler<TX>>>;
  log: Logger;
  maxAttempts?: number;
  /** Read topics from the beginning when the group has no committed offset (projections do). */
  fromBeginning?: boolean;
}

export interface EventConsumer {
  start(): Promise<void>;
  /** Lets the message in hand finish, commits, and leaves the group. */
  stop(): Promise<void>;
}

/**
 * An idempotent consumer: each event's id goes into the inbox in the same transaction as
 * the handler's effect, so a redelivered event changes nothing. A failing event is retried
 * with backoff; one that keeps failing (or cannot be decoded) goes to `<group>.dlq` with the
 * error, and the consumer moves on rather than blocking its partition forever.
 */
export function createEventConsumer<TX extends SqlExecutor>(options: EventConsumerOptions<TX>): EventConsumer {
  const { groupId, log } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const consumer: Consumer = options.kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
  const producer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    consumerLag.set(
      { group: groupId, topic: payload.topic, partition: String(payload.partition) },
      Number(payload.offsetLag),
    );
  });

  async function applyOnce(event: DomainEvent): Promise<'applied' | 'duplicate' | 'ignored'> {
    let outcome: 'applied' | 'duplicate' | 'ignored' = 'duplicate';
    await options.transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO salesflow_inbox (consumer_group, event_id, event_type)
        VALUES (${groupId}, ${event.id}::uuid, ${event.type}) ON CONFLICT DO NOTHING`;
      if (inserted === 0) return;
      const handler = options.handlers[event.type];
      outcome = handler ? 'applied' : 'ignored';
      if (handler) await handler(event, tx);
    });
    return outcome;
  }

  async function deadLetter(message: EachMessagePayload, error: unknown): Promise<void> {
    const { topic, partition, message: original } = message;
    await producer.send({
      topic: deadLetterTopic(groupId),
      messages: [
        {
          key: original.key,
          value: original.value,
          headers: {
            ...original.headers,
            dlq_error: String((error as Error)?.message ?? error).slice(0, 2000),
            dlq_topic: topic,
            dlq_partition: String(partition),
            dlq_offset: original.offset,
            dlq_consumer_group: groupId,
          },
        },
      ],
    });
    deadLetteredEvents.inc({ group: groupId });
    log.error({ err: error, topic, partition, offset: original.offset }, 'message sent to dead-letter topic');
  }

  async function handle(payload: EachMessagePayload): Promise<void> {
    let event: DomainEvent;
    try {
      if (!payload.message.value) throw new Error('message has no value');
      event = decodeEnvelope(payload.message.value);
    } catch (error) {
      await deadLetter(payload, error);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await applyOnce(event);
        consumedEvents.inc({ group: groupId, outcome });
        return;
      } catch (error) {
        if (attempt >= maxAttempts) {
          await deadLetter(payload, error);
          return;
        }
        const delay = Math.min(5_000, 100 * 2 ** attempt);
        log.warn(
          { err: error, eventId: event.id, type: event.type, attempt, retryInMs: delay },
          'event handling failed',
        );
        await payload.heartbeat();
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  return {
    async start() {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({
        topics: options.topics.map((t) => t.name),
        fromBeginning: options.fromBeginning ?? true,
      });
      await consumer.run({ autoCommit: true, eachMessage: handle });
      log.info({ groupId, topics: options.topics.map((t) => t.name) }, 'consumer started');
    },
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
      log.info({ groupId }, 'consumer stopped');
    },
  };
}
