import { ALL_TOPICS, deadLetterTopic, type TopicSpec } from '@salesflow/contracts';
import {
  type BatchEventConsumer,
  catalogTopics,
  createBatchEventConsumer,
  type DomainEvent,
  ensureTopics,
  type Logger,
  type ServiceRuntime,
} from '@salesflow/platform';
import type { Pool } from 'pg';
import { currentGeneration, projectionGroupId, startNewGeneration } from './projection-generation';
import { createProjector, PROJECTED_EVENT_TYPES } from './projector';
import { missingRollupColumns } from './rollup';

/** The topics that carry at least one projected event type. */
export const PROJECTED_TOPICS: readonly TopicSpec[] = ALL_TOPICS.filter((t) =>
  Object.keys(t.eventTypes).some((type) => PROJECTED_EVENT_TYPES.includes(type)),
);

export interface ProjectionRunner {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Truncates the projections and replays the topics from the beginning under a new group. */
  rebuild(): Promise<number>;
  generation(): number;
}

/**
 * Runs the projection consumer of the current generation and follows the generation: when a
 * rebuild (here, in another replica, or from the CLI) bumps it, the consumer of the old
 * group stops and one of the new group starts from the beginning of the topics.
 */
export function createProjectionRunner(options: {
  kafka: ServiceRuntime['kafka'];
  pool: Pool;
  log: Logger;
  timeZone: string;
  pollMs: number;
  /** Consumer groups are `<prefix>.g<generation>` (tests use their own prefix). */
  groupPrefix?: string;
  onCommitted?: (events: readonly DomainEvent[]) => void;
  /**
   * Partition batches applied at once, each in its own transaction (default 3): while one
   * batch waits on PostgreSQL the next is decoded and folded. Per-key order holds because a
   * partition's batches still run one after the other.
   */
  partitionsConsumedConcurrently?: number;
}): ProjectionRunner {
  const { pool, log } = options;
  const project = createProjector({ timeZone: options.timeZone });
  let running: { generation: number; consumer: BatchEventConsumer } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let switching: Promise<void> = Promise.resolve();

  async function startGeneration(generation: number): Promise<void> {
    const groupId = projectionGroupId(generation, options.groupPrefix);
    await ensureTopics(options.kafka, catalogTopics([deadLetterTopic(groupId)], []));
    const consumer = createBatchEventConsumer({
      kafka: options.kafka,
      pool,
      groupId,
      topics: PROJECTED_TOPICS,
      log,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
      // Batches of up to ~18,000 events when there is a backlog: each rollup cell a batch
      // touches is written once per batch, so bigger batches write fewer cell versions per
      // event (the hot weekly, monthly and tenant cells above all). Three partitions at once
      // stay within one fetch.
      maxBytesPerPartition: 16 * 1024 * 1024,
      maxBytes: 48 * 1024 * 1024,
      ...(options.onCommitted ? { onCommitted: options.onCommitted } : {}),
      apply: async (events, client) => {
        // Held until commit: a rebuild waits for this batch, and a batch of a retired
        // generation applies nothing (its group is abandoned anyway).
        const row = await client.query<{ generation: number }>(
          'SELECT generation FROM projection_generation WHERE id = 1 FOR SHARE',
        );
        if (row.rows[0]?.generation !== generation) return;
        await project(events, client);
      },
    });
    await consumer.start();
    running = { generation, consumer };
  }

  function follow(): Promise<void> {
    switching = switching.then(async () => {
      const generation = await currentGeneration(pool);
      if (running?.generation === generation) return;
      if (running) {
        log.info({ from: running.generation, to: generation }, 'projection generation changed; restarting consumer');
        await running.consumer.stop();
        running = undefined;
      }
      await startGeneration(generation);
    });
    return switching;
  }

  return {
    async start() {
      const missing = await missingRollupColumns(pool);
      if (missing.length > 0) {
        throw new Error(
          `rollup tables lack measure columns ${missing.join(', ')}: add them with add_rollup_measure() in a migration`,
        );
      }
      await follow();
      timer = setInterval(() => {
        follow().catch((error: unknown) => log.error({ err: error }, 'following the projection generation failed'));
      }, options.pollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await switching.catch(() => undefined);
      await running?.consumer.stop();
      running = undefined;
    },
    async rebuild() {
      const generation = await startNewGeneration(pool, options.groupPrefix);
      log.info({ generation }, 'projections truncated; replaying the topics');
      await follow();
      return generation;
    },
    generation: () => running?.generation ?? 0,
  };
}
