import type { Logger } from '@salesflow/platform';
import type { CrmTransaction } from '../../database';

/**
 * Takes a transaction-scoped PostgreSQL advisory lock: true when this transaction holds it,
 * false when another replica's job does. The lock goes with the transaction, so a crashed
 * replica never leaves it behind. Each job uses its own constant key.
 */
export async function tryJobLock(tx: CrmTransaction, key: bigint): Promise<boolean> {
  const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
    SELECT pg_try_advisory_xact_lock(${key}::bigint) AS locked`;
  return lock?.locked === true;
}

export interface PeriodicJob {
  /** What the log says. */
  name: string;
  intervalMs: number;
  /** One full run; returns how many things it changed (logged when more than zero). */
  run: () => Promise<number>;
}

/**
 * The scheduled loop of a background job inside a service: every `intervalMs`, never two runs
 * at once in one process (a tick while a run is going is skipped). Replicas are kept apart by
 * the job itself (tryJobLock). Returns the stop function, which waits for a running run.
 */
export function startPeriodicJob(job: PeriodicJob, log: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = job
      .run()
      .then((changed) => {
        if (changed > 0) log.info({ job: job.name, changed }, `${job.name}: done`);
      })
      .catch((err: unknown) => log.error({ err, job: job.name }, `${job.name} failed; retrying next interval`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, job.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
