// Helpers for integration tests against the real PostgreSQL and Kafka that
// tests/support/global-setup.js made available (never an in-memory stand-in).
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { ensureDatabaseExists } from '../database/database-admin';
import { applyMigrations, PLATFORM_MIGRATIONS } from '../database/migrator';
import { ServiceError } from '../errors/service-error';
import { ORG_REPLICA_MIGRATIONS } from '../org-replica/employee-replica';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file; `drop()` removes it. */
export async function createTestDatabase(
  service: string,
  migrationsDir: string,
  options: { orgReplica?: boolean } = {},
): Promise<TestDatabase> {
  const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const name = `salesflow_test_${service}_${randomBytes(4).toString('hex')}`;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await ensureDatabaseExists(url.toString());
  await applyMigrations({
    databaseUrl: url.toString(),
    sources: [
      PLATFORM_MIGRATIONS,
      ...(options.orgReplica ? [ORG_REPLICA_MIGRATIONS] : []),
      { scope: service, dir: migrationsDir },
    ],
    log: pino({ level: 'silent' }),
  });
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        // A pg Pool's end() resolves before its connections have closed. Give them up to 5 s:
        // FORCE would kill a closing connection, and its pool would raise that as an unhandled error.
        for (let waited = 0; waited < 5_000; waited += 100) {
          const { rows } = await client.query<{ open: number }>(
            'SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if ((rows[0]?.open ?? 0) === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The broker global-setup started (or KAFKA_BROKERS). */
export function testKafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers)
    throw new Error('KAFKA_BROKERS is not set: run integration tests through jest (global setup starts Kafka)');
  return brokers.split(',');
}

/**
 * Commits a new consumer group's offsets at the current end of `topics`, so that it reads only
 * what is published from now on: the shared test broker keeps every earlier test's events, and
 * replaying them all from the beginning makes a test slow and its timing depend on the others.
 */
export async function consumeFromNow(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) await admin.resetOffsets({ groupId, topic, earliest: false });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until `groupId` has committed every record now on `topics`. A partition the group never
 * committed on (offset -1) is caught up only if it is empty: on a fresh broker most partitions
 * of a test's topics hold nothing, and counting them as behind would wait forever.
 */
export async function waitUntilDrained(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const names = [...new Set(topics)];
    const ends = new Map<string, { low: bigint; high: bigint }>();
    for (const topic of names) {
      for (const p of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}/${p.partition}`, { low: BigInt(p.low), high: BigInt(p.high) });
    }
    await eventually(
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics: names });
        return committed.flatMap((t) =>
          t.partitions
            .filter((p) => {
              const end = ends.get(`${t.topic}/${p.partition}`);
              if (!end) return false;
              const position = BigInt(p.offset) < 0n ? end.low : BigInt(p.offset);
              return position < end.high;
            })
            .map((p) => `${t.topic}/${p.partition}`),
        );
      },
      (behind) => behind.length === 0,
      {
        what: `consumer group ${groupId} reaching the end of ${names.join(', ')}`,
        timeoutMs: options.timeoutMs ?? 120_000,
      },
    );
  } finally {
    await admin.disconnect();
  }
}

/** Polls `probe` until it returns a value accepted by `done`, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
  throw new Error(`${options.what ?? 'condition'} not met in time; last value: ${JSON.stringify(last)}`);
}

/** The ServiceError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return error;
}
