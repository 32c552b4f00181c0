import type { Logger } from '@salesflow/platform';
import type { Pool } from 'pg';
import type { ContractReconciler, ReconciliationReport } from './contract-reconciler';

/** One lock id in the analytics database: only one replica reconciles at a time. */
const RECONCILIATION_LOCK = 0x616e6c79_01; // "anly" + 1

/**
 * Reconciles every tenant's last `days` days (ending today in the reporting time zone) with
 * crm, under a session advisory lock so replicas that tick together do the work once.
 * Returns the reports (empty when another replica holds the lock).
 */
export async function reconcileAllTenants(
  pool: Pool,
  reconciler: ContractReconciler,
  options: { days: number; today: string },
): Promise<ReconciliationReport[]> {
  const lock = await pool.connect();
  try {
    const held = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      RECONCILIATION_LOCK,
    ]);
    if (!held.rows[0]?.locked) return [];
    try {
      const tenants = await pool.query<{ tenant_id: string }>(
        `SELECT tenant_id::text FROM contract_facts UNION SELECT tenant_id::text FROM salesflow_employee_replica`,
      );
      const from = new Date(`${options.today}T00:00:00Z`);
      from.setUTCDate(from.getUTCDate() - (options.days - 1));
      const reports: ReconciliationReport[] = [];
      for (const { tenant_id } of tenants.rows) {
        reports.push(await reconciler.reconcile(tenant_id, from.toISOString().slice(0, 10), options.today));
      }
      return reports;
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1::bigint)', [RECONCILIATION_LOCK]);
    }
  } finally {
    lock.release();
  }
}

/** Reconciles every `intervalMs` until stopped; a failed run is logged and retried next tick. */
export function startReconciliationScheduler(options: {
  pool: Pool;
  reconciler: ContractReconciler;
  intervalMs: number;
  days: number;
  today: () => string;
  log: Logger;
}): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        const reports = await reconcileAllTenants(options.pool, options.reconciler, {
          days: options.days,
          today: options.today(),
        });
        const drifted = reports.filter((r) => r.drift.length > 0);
        options.log.info(
          { tenants: reports.length, drifted: drifted.length, repaired: drifted.reduce((s, r) => s + r.repaired, 0) },
          'reconciled analytics contracts with crm',
        );
      } catch (error) {
        options.log.error({ err: error }, 'reconciling analytics with crm failed');
      }
    });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
