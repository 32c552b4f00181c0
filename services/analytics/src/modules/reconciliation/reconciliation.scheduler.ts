import type { Logger } from '@salesflow/platform';
import type { Pool } from 'pg';
import type { ReconciliationReport } from './reconciler';

/** One lock id in the analytics database: only one replica reconciles at a time. */
const RECONCILIATION_LOCK = 0x616e6c79_01; // "anly" + 1

/** What the scheduler needs of a family's reconciler (whatever the source's record type). */
export interface FamilyReconciler {
  readonly family: { readonly name: string; readonly source: string; readonly facts: { readonly table: string } };
  reconcile(tenantId: string, from: string, to: string): Promise<ReconciliationReport>;
}

/**
 * Reconciles every tenant's last `days` days (ending today in the reporting time zone), family
 * by family, under a session advisory lock so replicas that tick together do the work once.
 * A family whose source fails is logged and skipped (the others still run); the next tick
 * tries again. Returns the reports (empty when another replica holds the lock).
 */
export async function reconcileAllTenants(
  pool: Pool,
  reconcilers: readonly FamilyReconciler[],
  options: { days: number; today: string; log: Logger },
): Promise<ReconciliationReport[]> {
  const lock = await pool.connect();
  try {
    const held = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      RECONCILIATION_LOCK,
    ]);
    if (!held.rows[0]?.locked) return [];
    try {
      const tenants = await pool.query<{ tenant_id: string }>(
        [...reconcilers.map((r) => r.family.facts.table), 'salesflow_employee_replica']
          .map((table) => `SELECT DISTINCT tenant_id::text FROM ${table}`)
          .join(' UNION '),
      );
      const from = new Date(`${options.today}T00:00:00Z`);
      from.setUTCDate(from.getUTCDate() - (options.days - 1));
      const reports: ReconciliationReport[] = [];
      for (const { tenant_id } of tenants.rows) {
        for (const reconciler of reconcilers) {
          try {
            reports.push(await reconciler.reconcile(tenant_id, from.toISOString().slice(0, 10), options.today));
          } catch (error) {
            options.log.error(
              { err: error, tenantId: tenant_id, family: reconciler.family.name },
              `reconciling analytics ${reconciler.family.name} with ${reconciler.family.source} failed`,
            );
          }
        }
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
  reconcilers: readonly FamilyReconciler[];
  intervalMs: number;
  days: number;
  today: () => string;
  log: Logger;
}): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        const reports = await reconcileAllTenants(options.pool, options.reconcilers, {
          days: options.days,
          today: options.today(),
          log: options.log,
        });
        const drifted = reports.filter((r) => r.drift.length > 0);
        options.log.info(
          {
            reports: reports.length,
            drifted: drifted.map((r) => `${r.family}:${r.tenantId}`),
            repaired: drifted.reduce((s, r) => s + r.repaired, 0),
            unresolved: reports.reduce((s, r) => s + r.unresolved.length, 0),
          },
          'reconciled analytics with the source services',
        );
      } catch (error) {
        options.log.error({ err: error }, 'reconciling analytics with the source services failed');
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
