import './instrumentation';
import { join } from 'node:path';
import { TOPICS } from '@salesflow/contracts';
import { bootService, createLogger } from '@salesflow/platform';
import { loadGoalsConfig } from './config';
import { TASK_HANDOVER_GROUP, taskHandoverHandlers } from './consumers/employee-departed.consumer';
import { createGoalsDatabase } from './database';
import { goalsServiceBinding } from './grpc/goals.handlers';
import { taskServiceBinding } from './grpc/task.handlers';
import { ProjectService } from './modules/project/project.service';
import { startTaskReminders, TaskReminder } from './modules/reminder/task-reminder';
import { TargetService } from './modules/target/target.service';
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
  const projects = new ProjectService(db);
  const tasks = new TaskService(db, outbox);
  const taskComments = new TaskCommentService(db, tasks, outbox);
  const taskCompletion = new TaskCompletionReport(db);
  const taskSettings = new TaskSettingsService(db);

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  // A departed employee's open tasks go to the successor.
  await runtime.startConsumer({
    groupId: TASK_HANDOVER_GROUP,
    topics: [TOPICS.identityEmployee],
    transaction: (fn) => db.$transaction(fn),
    handlers: taskHandoverHandlers(outbox),
  });
  await runtime.serveGrpc(config.GRPC_PORT, [
    goalsServiceBinding(targets),
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
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
