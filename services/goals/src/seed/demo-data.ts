import { type OutboxOptions, ServiceError } from '@salesflow/platform';
import { v5 as uuidv5 } from 'uuid';
import type { GoalsDatabase } from '../database';
import { appendTargetCreated } from '../modules/target/target.service';
import { validateNewTarget } from '../modules/target/target.validation';

/** An employee of the demo organisation, as identity's demo seed creates it. */
export interface DemoEmployee {
  id: string;
  tenantId: string;
  departmentId: string;
  /** Materialized path, e.g. "/<rootId>/<regionId>/". */
  departmentPath: string;
}

export interface GoalsDemoOptions {
  /** Defaults to the clock; the tenant target covers this instant's (UTC) calendar year. */
  now?: Date;
  outbox?: OutboxOptions;
}

// Namespace of the demo data's name-based ids: the same name always gives the same id,
// which is what makes seeding twice a no-op.
const DEMO_NAMESPACE = '4739e916-e791-4115-9305-163841da8a3e';

/** 50,000,000 CNY, the annual contract target of DOMAIN §1, in fen. */
export const DEMO_ANNUAL_CONTRACT_TARGET_MINOR = 5_000_000_000n;

export function demoTenantTargetId(tenantId: string, year: number, metric: string): string {
  return uuidv5(`salesflow-demo/goals/target/${tenantId}/${year}/TENANT/${metric}`, DEMO_NAMESPACE);
}

/**
 * Seeds each demo tenant's annual contract-amount target. Idempotent: ids are derived from
 * names and existing rows are skipped, and an event is written only with a row it inserted.
 */
export async function seedGoalsDemoData(
  db: GoalsDatabase,
  employees: readonly DemoEmployee[],
  options: GoalsDemoOptions = {},
): Promise<{ targetsCreated: number }> {
  const year = (options.now ?? new Date()).getUTCFullYear();
  const outbox = options.outbox ?? { source: '/salesflow/goals' };
  let targetsCreated = 0;
  for (const [tenantId, people] of groupByTenant(employees)) {
    const validation = validateNewTarget({
      metric: 'CONTRACT_AMOUNT',
      periodStart: `${year}-01-01`,
      periodEnd: `${year + 1}-01-01`,
      scope: 'TENANT',
      value: DEMO_ANNUAL_CONTRACT_TARGET_MINOR,
    });
    if (!validation.ok) throw ServiceError.invalid(validation.errors, 'demo target is invalid');
    // The company target is set at the top of the org: whoever sits nearest the root.
    const setter = [...people].sort(
      (a, b) => a.departmentPath.length - b.departmentPath.length || a.id.localeCompare(b.id),
    )[0];
    if (!setter) continue;
    targetsCreated += await db.$transaction(async (tx) => {
      const inserted = await tx.target.createManyAndReturn({
        data: [
          {
            id: demoTenantTargetId(tenantId, year, validation.target.metric),
            tenantId,
            ...validation.target,
            createdBy: setter.id,
          },
        ],
        skipDuplicates: true,
      });
      for (const target of inserted) await appendTargetCreated(tx, target, setter.id, outbox);
      return inserted.length;
    });
  }
  return { targetsCreated };
}

function groupByTenant(employees: readonly DemoEmployee[]): Map<string, DemoEmployee[]> {
  const byTenant = new Map<string, DemoEmployee[]>();
  for (const employee of employees) {
    const list = byTenant.get(employee.tenantId) ?? [];
    list.push(employee);
    byTenant.set(employee.tenantId, list);
  }
  return byTenant;
}
