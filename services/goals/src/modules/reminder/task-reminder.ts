import type { Logger, OutboxOptions } from '@salesflow/platform';
import type { GoalsDatabase, GoalsTransaction } from '../../database';
import { appendTaskChanged } from '../task/task.events';
import { DEFAULT_DUE_SOON_LEAD_MINUTES } from '../task/task-settings.service';

/** Any constant works as long as nothing else in goals' database takes it. */
export const REMINDER_LOCK_KEY = 0x676f616c5f72656dn; // "goal_rem"
const BATCH = 500;

export interface ReminderRun {
  /** false when another replica held the lock. */
  ran: boolean;
  dueSoon: number;
  overdue: number;
}

/**
 * 消息提醒: goals.task.due_soon when an open task's due time is within the tenant's lead
 * time, goals.task.overdue once it has passed. Each goes out once per due time: the row
 * records when (due_soon_sent_at / overdue_sent_at) in the same transaction as the outbox
 * write, and a new due time clears both (TaskService.update). One run at a time across
 * replicas: a transaction-scoped advisory lock.
 */
export class TaskReminder {
  constructor(
    private readonly db: GoalsDatabase,
    private readonly outbox: OutboxOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One batch of each kind; call again while either count equals the batch size. */
  async runOnce(): Promise<ReminderRun> {
    const now = this.now();
    return this.db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${REMINDER_LOCK_KEY}::bigint) AS locked`;
        if (!lock?.locked) return { ran: false, dueSoon: 0, overdue: 0 };
        const overdue = await this.remindOverdue(tx, now);
        const dueSoon = await this.remindDueSoon(tx, now);
        return { ran: true, dueSoon, overdue };
      },
      { timeout: 60_000 },
    );
  }

  /** Runs until nothing is left (or another replica has the lock). */
  async runAll(): Promise<{ dueSoon: number; overdue: number }> {
    const total = { dueSoon: 0, overdue: 0 };
    for (;;) {
      const run = await this.runOnce();
      total.dueSoon += run.dueSoon;
      total.overdue += run.overdue;
      if (!run.ran || (run.dueSoon < BATCH && run.overdue < BATCH)) return total;
    }
  }

  private async remindOverdue(tx: GoalsTransaction, now: Date): Promise<number> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM tasks
      WHERE status IN ('TODO', 'IN_PROGRESS') AND due_at IS NOT NULL AND overdue_sent_at IS NULL
        AND due_at <= ${now}::timestamptz
      ORDER BY due_at, id
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED`;
    for (const { id } of rows) {
      const task = await tx.task.update({ where: { id }, data: { overdueSentAt: now } });
      await appendTaskChanged(tx, 'goals.task.overdue', task, undefined, this.outbox);
    }
    return rows.length;
  }

  /** Already overdue tasks get the overdue reminder instead, never a late "due soon". */
  private async remindDueSoon(tx: GoalsTransaction, now: Date): Promise<number> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT t.id::text FROM tasks t
      LEFT JOIN task_settings s ON s.tenant_id = t.tenant_id
      WHERE t.status IN ('TODO', 'IN_PROGRESS') AND t.due_at IS NOT NULL
        AND t.due_soon_sent_at IS NULL AND t.overdue_sent_at IS NULL
        AND t.due_at > ${now}::timestamptz
        AND t.due_at <= ${now}::timestamptz
            + make_interval(mins => COALESCE(s.due_soon_lead_minutes, ${DEFAULT_DUE_SOON_LEAD_MINUTES}::int))
      ORDER BY t.due_at, t.id
      LIMIT ${BATCH}
      FOR UPDATE OF t SKIP LOCKED`;
    for (const { id } of rows) {
      const task = await tx.task.update({ where: { id }, data: { dueSoonSentAt: now } });
      await appendTaskChanged(tx, 'goals.task.due_soon', task, undefined, this.outbox);
    }
    return rows.length;
  }
}

/** The scheduled loop inside goals: every `intervalMs`, never two runs at once in one process. */
export function startTaskReminders(reminder: TaskReminder, intervalMs: number, log: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = reminder
      .runAll()
      .then((sent) => {
        if (sent.dueSoon + sent.overdue > 0) log.info(sent, 'task reminders sent');
      })
      .catch((err: unknown) => log.error({ err }, 'task reminders failed; retrying next interval'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
