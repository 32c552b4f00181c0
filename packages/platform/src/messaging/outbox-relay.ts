import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Kafka, Producer } from 'kafkajs';
import { Pool } from 'pg';
import type { Logger } from '../observability/logger';
import { outboxBacklog, outboxPublished } from '../observability/metrics';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  value: Buffer;
  headers: Record<string, string>;
  snapshot_topic: string | null;
}

export interface OutboxRelay {
  start(): Promise<void>;
  /** Finishes the batch in flight, then stops. */
  stop(): Promise<void>;
  /** Publishes everything pending now, without the background loop (tests, tools). */
  flush(): Promise<number>;
}

/**
 * Publishes outbox rows to Kafka in write order and marks them sent.
 *
 * One relay per database publishes at a time (a session advisory lock), which keeps every
 * aggregate's events in order even with several replicas. A crash between publishing and
 * marking re-publishes the batch on restart: delivery is at-least-once, and consumers drop
 * the duplicates by event id (inbox).
 */
export function createOutboxRelay(options: {
  databaseUrl: string;
  kafka: Kafka;
  log: Logger;
  batchSize?: number;
  idleDelayMs?: number;
}): OutboxRelay {
  const { log } = options;
  const batchSize = options.batchSize ?? 500;
  const idleDelayMs = options.idleDelayMs ?? 100;
  const pool = new Pool({ connectionString: options.databaseUrl, max: 2 });
  // An idle connection dropped by a PostgreSQL restart must not crash the process: the
  // next batch takes a fresh connection, and a failed batch is retried with backoff.
  pool.on('error', (error) => log.warn({ err: error }, 'outbox relay lost an idle database connection'));
  const producer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const tracer = trace.getTracer('salesflow-outbox-relay');
  let running = false;
  let connected: Promise<void> | undefined;
  let loop: Promise<void> | undefined;
  const connect = () => {
    connected ??= producer.connect();
    return connected;
  };
  let wake: (() => void) | undefined;

  async function publishBatch(): Promise<number> {
    await connect();
    const client = await pool.connect();
    const onError = (error: Error) => log.warn({ err: error }, 'outbox relay database connection failed');
    client.on('error', onError);
    try {
      const lock = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS held', ['salesflow_outbox_relay']);
      if (!lock.rows[0]?.held) return 0;
      try {
        const { rows } = await client.query<OutboxRow>(
          `SELECT id, topic, message_key, value, headers, snapshot_topic FROM salesflow_outbox
           WHERE sent_at IS NULL ORDER BY seq LIMIT $1`,
          [batchSize],
        );
        if (rows.length === 0) return 0;
        const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
        for (const row of rows) {
          const message = { key: row.message_key, value: row.value, headers: row.headers };
          for (const topic of [row.topic, row.snapshot_topic]) {
            if (!topic) continue;
            const list = byTopic.get(topic) ?? [];
            list.push(message);
            byTopic.set(topic, list);
          }
        }
        // The span continues the trace of the request that wrote the first row.
        const parent = propagation.extract(ROOT_CONTEXT, rows[0]?.headers ?? {});
        await tracer.startActiveSpan('outbox publish', { kind: SpanKind.PRODUCER }, parent, async (span) => {
          try {
            await producer.sendBatch({
              acks: -1,
              topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
            });
          } finally {
            span.end();
          }
        });
        await client.query('UPDATE salesflow_outbox SET sent_at = now() WHERE id = ANY($1::uuid[])', [
          rows.map((r) => r.id),
        ]);
        outboxPublished.inc(rows.length);
        return rows.length;
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['salesflow_outbox_relay']);
      }
    } finally {
      client.off('error', onError);
      client.release();
    }
  }

  async function refreshBacklog(): Promise<void> {
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM salesflow_outbox WHERE sent_at IS NULL');
    outboxBacklog.set(rows[0]?.n ?? 0);
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      try {
        const published = await publishBatch();
        failures = 0;
        if (published === 0) {
          await refreshBacklog();
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, idleDelayMs);
          });
        }
      } catch (error) {
        failures++;
        const delay = Math.min(10_000, 200 * 2 ** failures);
        log.warn({ err: error, retryInMs: delay }, 'outbox publish failed; will retry');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  return {
    async start() {
      await connect();
      running = true;
      loop = context.with(ROOT_CONTEXT, () => run());
      log.info('outbox relay started');
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      if (connected) await producer.disconnect();
      await pool.end();
      log.info('outbox relay stopped');
    },
    async flush() {
      let total = 0;
      for (let n = await publishBatch(); n > 0; n = await publishBatch()) total += n;
      return total;
    },
  };
}
