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
import { loadCrmConfig } from './config';
import { employeeReplicaHandlers } from './consumers/employee-replica.consumer';
import { createCrmDatabase } from './database';
import { crmServiceBinding } from './grpc/crm.handlers';
import { LeadService } from './modules/lead/lead.service';

const ORG_REPLICA_GROUP = 'crm.org-replica';

async function main(): Promise<void> {
  const config = loadCrmConfig();
  const log = createLogger('crm', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'crm',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    deadLetterTopics: [deadLetterTopic(ORG_REPLICA_GROUP)],
  });

  const db = createCrmDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const leads = new LeadService(db, { source: '/salesflow/crm' });

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
    serviceName: 'crm',
    port: config.GRPC_PORT,
    bindings: [crmServiceBinding(leads)],
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
