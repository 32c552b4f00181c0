import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { ensureDatabaseExists } from '../database/database-admin';
import { applyMigrations, migrationsApplied, PLATFORM_MIGRATIONS } from '../database/migrator';
import { startOpsServer } from '../http/ops-server';
import { catalogTopics, createKafka, ensureTopics, kafkaReachable } from '../messaging/kafka-client';
import type { Logger } from '../observability/logger';
import { stopTelemetry } from '../observability/telemetry';
import { retryWithBackoff } from './retry';

export interface ServiceRuntime {
  readonly kafka: Kafka;
  /** Registers a step for shutdown; steps run in reverse order of registration. */
  onStop(name: string, stop: () => Promise<void>): void;
  /** Called once everything is wired: /readyz may now answer 200. */
  markReady(): void;
  /** Runs every stop step (what a signal does); resolves when all are done or timed out. */
  shutdown(reason: string): Promise<void>;
}

/**
 * What every service does before its own wiring: serve /healthz at once, wait for
 * PostgreSQL (creating the service's database) and apply migrations, wait for Kafka and
 * create the catalog topics, and turn SIGTERM/SIGINT into an orderly drain.
 */
export async function bootService(options: {
  name: string;
  log: Logger;
  /** Required unless `withoutDatabase`. */
  databaseUrl?: string;
  kafkaBrokers: string[];
  httpPort: number;
  /** Required unless `withoutDatabase`. */
  migrationsDir?: string;
  shutdownTimeoutMs: number;
  /** Dead-letter topics of this service's consumer groups. */
  deadLetterTopics?: readonly string[];
  /** The gateway has no database. */
  withoutDatabase?: boolean;
  httpHandler?: Parameters<typeof startOpsServer>[0]['handler'];
}): Promise<ServiceRuntime> {
  const { log } = options;
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  let stopping = false;
  const kafka = createKafka({ clientId: options.name, brokers: options.kafkaBrokers, log });
  const databaseUrl = options.databaseUrl ?? '';
  if (!options.withoutDatabase && (!databaseUrl || !options.migrationsDir)) {
    throw new Error(`${options.name}: databaseUrl and migrationsDir are required`);
  }
  const migrationSources = [PLATFORM_MIGRATIONS, { scope: options.name, dir: options.migrationsDir ?? '' }];

  const checks: Record<string, () => Promise<boolean>> = { kafka: () => kafkaReachable(kafka) };
  if (!options.withoutDatabase) {
    checks.database = () => databaseReachable(databaseUrl);
    checks.migrations = () => migrationsApplied(databaseUrl, migrationSources);
  }
  const ops = await startOpsServer({
    port: options.httpPort,
    checks,
    log,
    ...(options.httpHandler ? { handler: options.httpHandler } : {}),
  });

  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    ops.setReady(false);
    log.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, options.shutdownTimeoutMs);
    for (const step of [...stops].reverse()) {
      try {
        await step.stop();
      } catch (error) {
        log.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    await new Promise<void>((resolve) => ops.close(() => resolve()));
    await stopTelemetry().catch(() => undefined);
    clearTimeout(timer);
    log.info('stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
  }

  const shouldStop = () => stopping;
  if (!options.withoutDatabase) {
    await retryWithBackoff('postgresql', () => ensureDatabaseExists(databaseUrl), log, { shouldStop });
    await applyMigrations({ databaseUrl: databaseUrl, sources: migrationSources, log });
  }
  await retryWithBackoff('kafka', () => ensureTopics(kafka, catalogTopics(options.deadLetterTopics ?? [])), log, {
    shouldStop,
  });

  return {
    kafka,
    onStop: (name, stop) => stops.push({ name, stop }),
    markReady: () => {
      ops.setReady(true);
      log.info('ready');
    },
    shutdown,
  };
}

async function databaseReachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
