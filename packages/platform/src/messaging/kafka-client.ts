// The only file besides the relay and consumer that knows the Kafka client library:
// swapping kafkajs for another client is a change inside packages/platform/src/messaging.
import { ALL_TOPICS, type TopicSpec } from '@salesflow/contracts';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { Logger } from '../observability/logger';

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  log: Logger;
}

export function createKafka({ clientId, brokers, log }: KafkaSettings): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3_000,
    requestTimeout: 15_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        if (level === logLevel.ERROR || level === logLevel.NOTHING) log.error({ kafka: rest }, message);
        else log.warn({ kafka: rest }, message);
      },
  });
}

export interface TopicToCreate {
  topic: string;
  numPartitions: number;
  configEntries?: { name: string; value: string }[];
}

/** Every catalog topic, its compacted snapshot twin, and the given dead-letter topics. */
export function catalogTopics(
  extra: readonly string[] = [],
  topics: readonly TopicSpec[] = ALL_TOPICS,
): TopicToCreate[] {
  return [
    ...topics.map((t) => ({ topic: t.name, numPartitions: t.partitions })),
    ...topics.map((t) => ({
      topic: t.snapshotName,
      numPartitions: t.partitions,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    })),
    ...extra.map((topic) => ({ topic, numPartitions: 1 })),
  ];
}

/** Creates missing topics; existing ones are left as they are. Safe to call from every replica. */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicToCreate[]): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ ...t, replicationFactor: -1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Readiness probe: the broker answers a metadata request. */
export async function kafkaReachable(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
