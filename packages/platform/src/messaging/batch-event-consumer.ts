import { deadLetterTopic, type TopicSpec } from '@salesflow/contracts';
import type { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { Histogram } from 'prom-client';
import type { Logger } from '../observability/logger';
import { consumedEvents, consumerLag, deadLetteredEvents, metricsRegistry } from '../observability/metrics';
import { type DomainEvent, decodeEnvelope } from './event-envelope';

/** Event time -> committed (visible to readers), per consumer group. */
export const projectionFreshness = new Histogram({
  name: 'salesflow_projection_freshness_seconds',
  help: 'Seconds from an event occurring to its effect being committed by a batch consumer',
  labelNames: ['group'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [metricsRegistry],
});

/** Applies the not-yet-seen events of one batch inside the consumer's transaction. */
export type BatchApplier = (events: readonly DomainEvent[], client: PoolClient) => Promise<void>;

export interface BatchEventConsumerOptions {
  kafka: Kafka;
  pool: Pool;
  groupId: string;
  topics: readonly TopicSpec[];
  apply: BatchApplier;
  log: Logger;
  maxAttempts?: number;
  fromBeginning?: boolean;
  /** Partitions handled at once, each in its own transaction (default 1). */
  partitionsConsumedConcurrently?: number;
  /** Called after each committed batch with the events it applied (benchmarks, freshness probes). */
  onCommitted?: (events: readonly DomainEvent[]) => void;
  /**
   * Most bytes fetched per partition, which bounds a batch (default 4 MiB); and per fetch over
   * all partitions (default 10 MiB, kafkajs' own). Bigger batches cost a consumer more memory
   * and hold their transaction's locks longer, but amortize what every batch pays once (the
   * transaction, and each rollup-like cell it touches is written once per batch).
   */
  maxBytesPerPartition?: number;
  maxBytes?: number;
}

export interface BatchEventConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The batch sibling of createEventConsumer, for projections that must ingest tens of
 * thousands of events a second: one transaction per Kafka batch records every event id in
 * the inbox with one multi-row insert and hands only the new ones to `apply`, so a
 * redelivered batch changes nothing. When a batch keeps failing it is split into single
 * events, and the ones that still fail go to `<group>.dlq` with the error.
 */
export function createBatchEventConsumer(options: BatchEventConsumerOptions): BatchEventConsumer {
  const { groupId, log, pool } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const consumer: Consumer = options.kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
    maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
  });
  const producer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    consumerLag.set(
      { group: groupId, topic: payload.topic, partition: String(payload.partition) },
      Number(payload.offsetLag),
    );
  });

  async function applyInTransaction(events: readonly DomainEvent[]): Promise<DomainEvent[]> {
    const client = await pool.connect();
    try {
      // Queued without waiting: the client sends the insert as soon as BEGIN is answered,
      // without a turn of the event loop (busy decoding other partitions' batches) in between.
      const begun = client.query('BEGIN');
      begun.catch(() => undefined); // awaited below; this only keeps a failure from going unhandled meanwhile
      const inserted = await client.query<{ event_id: string }>(
        `INSERT INTO salesflow_inbox (consumer_group, event_id, event_type)
         SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
         ON CONFLICT DO NOTHING RETURNING event_id::text`,
        [groupId, events.map((e) => e.id), events.map((e) => e.type)],
      );
      await begun;
      const fresh = new Set(inserted.rows.map((r) => r.event_id));
      // The same event twice in one batch: the inbox returns it once, keep the first copy.
      const seen = new Set<string>();
      const toApply = events.filter((e) => fresh.has(e.id) && !seen.has(e.id) && seen.add(e.id));
      if (toApply.length > 0) await options.apply(toApply, client);
      await client.query('COMMIT');
      consumedEvents.inc({ group: groupId, outcome: 'applied' }, toApply.length);
      consumedEvents.inc({ group: groupId, outcome: 'duplicate' }, events.length - toApply.length);
      const now = Date.now();
      for (const e of toApply) projectionFreshness.observe({ group: groupId }, (now - e.occurredAt.getTime()) / 1000);
      options.onCommitted?.(toApply);
      return toApply;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function deadLetter(batch: Batch, message: KafkaMessage, error: unknown): Promise<void> {
    await producer.send({
      topic: deadLetterTopic(groupId),
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            dlq_error: String((error as Error)?.message ?? error).slice(0, 2000),
            dlq_topic: batch.topic,
            dlq_partition: String(batch.partition),
            dlq_offset: message.offset,
            dlq_consumer_group: groupId,
          },
        },
      ],
    });
    deadLetteredEvents.inc({ group: groupId });
    log.error({ err: error, topic: batch.topic, offset: message.offset }, 'message sent to dead-letter topic');
  }

  async function handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const decoded: { message: KafkaMessage; event: DomainEvent }[] = [];
    for (const message of batch.messages) {
      try {
        if (!message.value) throw new Error('message has no value');
        decoded.push({ message, event: decodeEnvelope(message.value) });
      } catch (error) {
        await deadLetter(batch, message, error);
      }
    }
    if (decoded.length > 0) {
      let done = false;
      for (let attempt = 1; attempt <= maxAttempts && !done; attempt++) {
        try {
          await applyInTransaction(decoded.map((d) => d.event));
          done = true;
        } catch (error) {
          log.warn({ err: error, topic: batch.topic, attempt, size: decoded.length }, 'batch failed');
          await payload.heartbeat();
          await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt)));
        }
      }
      if (!done) {
        // Isolate the poison: one event per transaction, the failing ones to the DLQ.
        for (const { message, event } of decoded) {
          try {
            await applyInTransaction([event]);
          } catch (error) {
            await deadLetter(batch, message, error);
          }
          await payload.heartbeat();
        }
      }
    }
    const last = batch.messages.at(-1);
    if (last) payload.resolveOffset(last.offset);
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
  }

  return {
    async start() {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({
        topics: options.topics.map((t) => t.name),
        fromBeginning: options.fromBeginning ?? true,
      });
      await consumer.run({
        eachBatchAutoResolve: false,
        autoCommit: true,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: handleBatch,
      });
      log.info({ groupId, topics: options.topics.map((t) => t.name) }, 'batch consumer started');
    },
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
      log.info({ groupId }, 'batch consumer stopped');
    },
  };
}
