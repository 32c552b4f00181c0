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
import { loadFieldConfig } from './config';
import { employeeReplicaHandlers } from './consumers/employee-replica.consumer';
import { createFieldDatabase } from './database';
import { fieldServiceBinding } from './grpc/field.handlers';
import { CheckInService } from './modules/check-in/check-in.service';

const ORG_REPLICA_GROUP = 'field.org-replica';

async function main(): Promise<void> {
  const config = loadFieldConfig();
  const log = createLogger('field', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'field',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    deadLetterTopics: [deadLetterTopic(ORG_REPLICA_GROUP)],
  });

  const db = createFieldDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const checkIns = new CheckInService(db, {
    outbox: { source: '/salesflow/field' },
    timeZone: config.BUSINESS_TIME_ZONE,
  });

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
    serviceName: 'field',
    port: config.GRPC_PORT,
    bindings: [fieldServiceBinding(checkIns)],
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
