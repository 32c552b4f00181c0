import { deadLetterTopic } from '@salesflow/contracts';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { ensureDatabaseExists } from '../database/database-admin';
import { applyMigrations, migrationsApplied, PLATFORM_MIGRATIONS } from '../database/migrator';
import { type GrpcServerHandle, type ServiceBinding, startGrpcServer } from '../grpc/grpc-server';
import { startOpsServer } from '../http/ops-server';
import { createEventConsumer, type EventConsumer, type EventConsumerOptions } from '../messaging/event-consumer';
import { catalogTopics, createKafka, ensureTopics, kafkaReachable } from '../messaging/kafka-client';
import type { SqlExecutor } from '../messaging/outbox';
import { createOutboxRelay, type OutboxRelay } from '../messaging/outbox-relay';
import type { Logger } from '../observability/logger';
import { stopTelemetry } from '../observability/telemetry';
import { employeeReplicaHandlers, ORG_REPLICA_MIGRATIONS, ORG_REPLICA_TOPICS } from '../org-replica/employee-replica';
import { retryWithBackoff } from './retry';

export interface ServiceRuntime {
  readonly kafka: Kafka;
  /** Registers a step for shutdown; steps run in reverse order of registration. */
  onStop(name: string, stop: () => Promise<void>): void;
  /** Called once everything is wired: /readyz may now answer 200. */
  markReady(): void;
  /** Runs every stop step (what a signal does); resolves when all are done or timed out. */
  shutdown(reason: string): Promise<void>;
  /** Publishes this service's outbox until shutdown. */
  startOutboxRelay(): Promise<OutboxRelay>;
  /** An idempotent consumer (its dead-letter topic created first), stopped on shutdown. */
  startConsumer<TX extends SqlExecutor>(
    options: Omit<EventConsumerOptions<TX>, 'kafka' | 'log'>,
  ): Promise<EventConsumer>;
  /** Keeps `salesflow_employee_replica` in step with identity (needs `orgReplica: true`). */
  startOrgReplica<TX extends SqlExecutor>(transaction: EventConsumerOptions<TX>['transaction']): Promise<EventConsumer>;
  /** Serves gRPC (with health and reflection) until shutdown, when in-flight calls drain. */
  serveGrpc(port: number, bindings: readonly ServiceBinding[]): Promise<GrpcServerHandle>;
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
  /** The gateway has no database. */
  withoutDatabase?: boolean;
  httpHandler?: Parameters<typeof startOpsServer>[0]['handler'];
  /** The service keeps a replica of the org (owner -> department path) for data scopes. */
  orgReplica?: boolean;
}): Promise<ServiceRuntime> {
  const { log } = options;
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  let stopping = false;
  const kafka = createKafka({ clientId: options.name, brokers: options.kafkaBrokers, log });
  const databaseUrl = options.databaseUrl ?? '';
  if (!options.withoutDatabase && (!databaseUrl || !options.migrationsDir)) {
    throw new Error(`${options.name}: databaseUrl and migrationsDir are required`);
  }
  const migrationSources = [
    PLATFORM_MIGRATIONS,
    ...(options.orgReplica ? [ORG_REPLICA_MIGRATIONS] : []),
    { scope: options.name, dir: options.migrationsDir ?? '' },
  ];

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
  await retryWithBackoff('kafka', () => ensureTopics(kafka, catalogTopics()), log, {
    shouldStop,
  });

  const onStop = (name: string, stop: () => Promise<void>) => {
    stops.push({ name, stop });
  };
  const startConsumer: ServiceRuntime['startConsumer'] = async (consumerOptions) => {
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(consumerOptions.groupId)], []));
    const consumer = createEventConsumer({ ...consumerOptions, kafka, log });
    await consumer.start();
    onStop(`consumer ${consumerOptions.groupId}`, () => consumer.stop());
    return consumer;
  };

  return {
    kafka,
    onStop,
    async startOutboxRelay() {
      const relay = createOutboxRelay({ databaseUrl, kafka, log });
      await relay.start();
      onStop('outbox relay', () => relay.stop());
      return relay;
    },
    startConsumer,
    startOrgReplica(transaction) {
      if (!options.orgReplica) throw new Error(`${options.name}: bootService needs orgReplica: true`);
      return startConsumer({
        groupId: `${options.name}.org-replica`,
        topics: ORG_REPLICA_TOPICS,
        transaction,
        handlers: employeeReplicaHandlers,
      });
    },
    async serveGrpc(port, bindings) {
      const grpc = await startGrpcServer({ serviceName: options.name, port, bindings, log });
      onStop('grpc server', () => grpc.drain());
      grpc.setServing(true);
      return grpc;
    },
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
