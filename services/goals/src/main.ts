import './instrumentation';
import { join } from 'node:path';
import { deadLetterTopic, TOPICS } from '@salesflow/contracts';
import { bootService, catalogTopics, createBatchEventConsumer, createLogger, ensureTopics } from '@salesflow/platform';
import { Pool } from 'pg';
import { loadGoalsConfig } from './config';
import { TASK_HANDOVER_GROUP, taskHandoverHandlers } from './consumers/employee-departed.consumer';
import { PROGRESS_GROUP, PROGRESS_TOPICS, progressApplier } from './consumers/progress.consumer';
import {
  TARGET_HANDOVER_GROUP,
  TARGET_HANDOVER_TOPICS,
  targetHandoverHandlers,
} from './consumers/target-handover.consumer';
import { createGoalsDatabase } from './database';
import { goalsServiceBinding } from './grpc/goals.handlers';
import { targetServiceBinding } from './grpc/target.handlers';
import { taskServiceBinding } from './grpc/task.handlers';
import { DecompositionService } from './modules/decomposition/decomposition.service';
import { ProjectService } from './modules/project/project.service';
import { startTaskReminders, TaskReminder } from './modules/reminder/task-reminder';
import { startBehindPaceScheduler } from './modules/reminders/behind-pace.scheduler';
import { GoalsSettingsService } from './modules/settings/goals-settings.service';
import { IdentityTenantCalendar } from './modules/settings/tenant-calendar';
import { TargetService } from './modules/target/target.service';
import { TargetNodeService } from './modules/target/target-node.service';
import { TaskService } from './modules/task/task.service';
import { TaskCommentService } from './modules/task/task-comment.service';
import { TaskCompletionReport } from './modules/task/task-completion';
import { TaskSettingsService } from './modules/task/task-settings.service';

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
    orgReplica: true,
  });

  const db = createGoalsDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const outbox = { source: '/salesflow/goals' };
  const targets = new TargetService(db, outbox);
  const calendars = new IdentityTenantCalendar(config.IDENTITY_GRPC_ADDR[0] ?? '', config.TENANT_SETTINGS_TTL_MS);
  runtime.onStop('identity client', async () => calendars.close());
  const nodes = new TargetNodeService(db, calendars, outbox);
  const decomposition = new DecompositionService(db, nodes, calendars, outbox);
  const settings = new GoalsSettingsService(db);
  const projects = new ProjectService(db);
  const tasks = new TaskService(db, outbox);
  const taskComments = new TaskCommentService(db, tasks, outbox);
  const taskCompletion = new TaskCompletionReport(db);
  const taskSettings = new TaskSettingsService(db);

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  // Contracts, payments, customers and visits -> target progress, a Kafka batch per
  // transaction (on its own pg pool: the batch consumer works on a pg client).
  const progressPool = new Pool({ connectionString: config.DATABASE_URL, max: 2 });
  progressPool.on('error', (error) => log.warn({ err: error }, 'idle progress database connection failed'));
  runtime.onStop('progress pool', () => progressPool.end());
  await ensureTopics(runtime.kafka, catalogTopics([deadLetterTopic(PROGRESS_GROUP)], []));
  const progress = createBatchEventConsumer({
    kafka: runtime.kafka,
    pool: progressPool,
    groupId: PROGRESS_GROUP,
    topics: PROGRESS_TOPICS,
    apply: progressApplier(calendars, outbox),
    log,
  });
  await progress.start();
  runtime.onStop(`consumer ${PROGRESS_GROUP}`, () => progress.stop());
  // A departed employee's open tasks go to the successor ...
  await runtime.startConsumer({
    groupId: TASK_HANDOVER_GROUP,
    topics: [TOPICS.identityEmployee],
    transaction: (fn) => db.$transaction(fn),
    handlers: taskHandoverHandlers(outbox),
  });
  // ... and so do their employee targets of open periods.
  await runtime.startConsumer({
    groupId: TARGET_HANDOVER_GROUP,
    topics: TARGET_HANDOVER_TOPICS,
    transaction: (fn) => db.$transaction(fn),
    handlers: targetHandoverHandlers(outbox),
  });
  await runtime.serveGrpc(config.GRPC_PORT, [
    goalsServiceBinding(targets),
    targetServiceBinding({ nodes, decomposition, settings }),
    taskServiceBinding({
      projects,
      tasks,
      comments: taskComments,
      completion: taskCompletion,
      settings: taskSettings,
    }),
  ]);
  // due_soon / overdue reminders; one run at a time across replicas (an advisory lock in the job).
  const stopReminders = startTaskReminders(new TaskReminder(db, outbox), config.GOALS_REMINDER_INTERVAL_MS, log);
  runtime.onStop('task reminders', stopReminders);
  // behind_pace notices, likewise under an advisory lock.
  const behindPace = startBehindPaceScheduler(db, outbox, config.BEHIND_PACE_INTERVAL_MS, log);
  runtime.onStop('behind-pace scheduler', () => behindPace.stop());
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
