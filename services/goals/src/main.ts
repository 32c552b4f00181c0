import './instrumentation';
import { join } from 'node:path';
import { deadLetterTopic, TOPICS } from '@salesflow/contracts';
import {
  bootService,
  createEventConsumer,
  createLogger,
  createOutboxRelay,
  startGrpcServer,
} from '@salesflow/platform';
import { loadGoalsConfig } from './config';
import { employeeReplicaHandlers } from './consumers/employee-replica.consumer';
import { createGoalsDatabase } from './database';
import { goalsServiceBinding } from './grpc/goals.handlers';
import { TargetService } from './modules/target/target.service';

const ORG_REPLICA_GROUP = 'goals.org-replica';

async function main(): Promise<void> {
  const config = loadGoalsConfig();
  const log = createLogger('goals', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'goals',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    deadLetterTopics: [deadLetterTopic(ORG_REPLICA_GROUP)],
  });

  const db = createGoalsDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const targets = new TargetService(db, { source: '/salesflow/goals' });

  const relay = createOutboxRelay({ databaseUrl: config.DATABASE_URL, kafka: runtime.kafka, log });
  await relay.start();
  runtime.onStop('outbox relay', () => relay.stop());

  const orgReplica = createEventConsumer({
    kafka: runtime.kafka,
    groupId: ORG_REPLICA_GROUP,
    topics: [TOPICS.identityEmployee],
    transaction: (fn) => db.$transaction(fn),
    handlers: employeeReplicaHandlers,
    log,
  });
  await orgReplica.start();
  runtime.onStop('org replica consumer', () => orgReplica.stop());

  const grpc = await startGrpcServer({
    serviceName: 'goals',
    port: config.GRPC_PORT,
    bindings: [goalsServiceBinding(targets)],
    log,
  });
  runtime.onStop('grpc server', () => grpc.drain());
  grpc.setServing(true);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
