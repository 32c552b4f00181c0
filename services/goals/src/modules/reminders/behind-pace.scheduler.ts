import type { Logger, OutboxOptions } from '@salesflow/platform';
import type { GoalsDatabase } from '../../database';
import { targetToProto } from '../target/target.mapper';
import { appendTargetEvent } from '../target/target-store';

/** One lock id for the whole service: only one replica scans at a time. */
const BEHIND_PACE_LOCK = 0x6f616c73_01; // "oals" + 1: any constant unique within the goals database

interface BehindRow {
  id: string;
  completion: number;
  expected: number;
  margin: number;
}

/**
 * Sends goals.target.behind_pace for every open target (the period holds `now`, value > 0)
 * whose completion is under expected-by-now minus the tenant's margin (goals settings,
 * 10 points by default) — at most once per target and UTC day (behind_pace_notices). Runs
 * under a transaction-scoped advisory lock, so replicas that tick together do the work once.
 * Returns how many notices went out (0 when another replica holds the lock).
 */
export async function scanBehindPace(db: GoalsDatabase, now: Date, outbox: OutboxOptions): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(${BEHIND_PACE_LOCK}::bigint) AS locked`;
      if (!lock?.locked) return 0;
      const behind = await tx.$queryRaw<BehindRow[]>`
        WITH open AS (
          SELECT t.id, t.achieved, t.value,
                 COALESCE(s.behind_pace_margin_percent, 10) AS margin,
                 extract(epoch FROM (${now}::timestamptz - t.period_start::timestamp AT TIME ZONE 'UTC'))
                   / extract(epoch FROM (t.period_end::timestamp - t.period_start::timestamp)) AS elapsed
          FROM targets t LEFT JOIN goals_settings s ON s.tenant_id = t.tenant_id
          WHERE t.value > 0 AND t.period_start <= ${day}::date AND ${day}::date < t.period_end
        ),
        behind AS (
          SELECT id, (achieved * 100.0 / value)::float8 AS completion, (elapsed * 100.0)::float8 AS expected, margin
          FROM open WHERE achieved * 100.0 / value < elapsed * 100.0 - margin
        ),
        noticed AS (
          INSERT INTO behind_pace_notices (target_id, day)
          SELECT id, ${day}::date FROM behind ON CONFLICT DO NOTHING RETURNING target_id
        )
        SELECT b.id::text, b.completion, b.expected, b.margin FROM behind b JOIN noticed n ON n.target_id = b.id`;
      if (behind.length === 0) return 0;
      const byId = new Map(behind.map((b) => [b.id, b]));
      const targets = await tx.target.findMany({ where: { id: { in: [...byId.keys()] } } });
      for (const target of targets) {
        const row = byId.get(target.id);
        await appendTargetEvent(
          tx,
          'goals.target.behind_pace',
          target,
          '',
          {
            target: targetToProto(target),
            completionPercent: Math.floor((row?.completion ?? 0) * 100) / 100,
            expectedPercent: Math.floor((row?.expected ?? 0) * 100) / 100,
            marginPercent: row?.margin ?? 0,
            day,
          },
          outbox,
        );
      }
      return targets.length;
    },
    { timeout: 120_000 },
  );
}

/** Scans now and then every `intervalMs` until stopped; a failed scan is logged and retried next tick. */
export function startBehindPaceScheduler(
  db: GoalsDatabase,
  outbox: OutboxOptions,
  intervalMs: number,
  log: Logger,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = scanBehindPace(db, new Date(), outbox).then(
      (sent) => {
        if (sent > 0) log.info({ sent }, 'behind-pace notices sent');
      },
      (error: unknown) => log.error({ err: error }, 'behind-pace scan failed'),
    );
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
