import type { DomainEvent } from '@salesflow/platform';
import type { PoolClient } from 'pg';
import { refreshCustomerSummaries, TouchedCustomers } from './customer-summary';
import type { FactFamily, FoldContext } from './fact-family';
import { activityFamily } from './families/activity.family';
import { contractFamily } from './families/contract.family';
import { customerFamily } from './families/customer.family';
import { dailyReportFamily } from './families/daily-report.family';
import { expenseFamily } from './families/expense.family';
import { leadFamily } from './families/lead.family';
import { opportunityFamily } from './families/opportunity.family';
import { paymentFamily } from './families/payment.family';
import { ratingFamily } from './families/rating.family';
import { reportObligationFamily } from './families/report-obligation.family';
import { stageMoveFamily } from './families/stage-move.family';
import { targetFamily } from './families/target.family';
import { taskFamily } from './families/task.family';
import { visitFamily } from './families/visit.family';
import { bumpPaymentEpochs, TouchedPaymentMonths } from './payment-epochs';
import { RollupDelta } from './rollup';

// biome-ignore lint/suspicious/noExplicitAny: each family narrows its own state type
type AnyFamily = FactFamily<any>;

export const FACT_FAMILIES: readonly AnyFamily[] = [
  leadFamily,
  customerFamily,
  activityFamily,
  opportunityFamily,
  stageMoveFamily,
  contractFamily,
  paymentFamily,
  ratingFamily,
  visitFamily,
  expenseFamily,
  dailyReportFamily,
  reportObligationFamily,
  taskFamily,
  targetFamily,
];

/** Every table a rebuild empties. */
export const PROJECTION_TABLES = [
  'lead_facts',
  'customer_facts',
  'activity_facts',
  'opportunity_facts',
  'stage_move_facts',
  'contract_facts',
  'payment_facts',
  'rating_facts',
  'visit_facts',
  'expense_facts',
  'daily_report_facts',
  'report_obligation_facts',
  'task_facts',
  'target_facts',
  'daily_rollups',
  'weekly_rollups',
  'monthly_rollups',
  'customer_summaries',
  'tenant_daily_rollups',
  'tenant_weekly_rollups',
  'tenant_monthly_rollups',
  'payment_month_epochs',
  'customer_value_results',
] as const;

const FAMILIES_BY_TYPE = new Map<string, AnyFamily[]>();
for (const family of FACT_FAMILIES) {
  for (const type of family.eventTypes) FAMILIES_BY_TYPE.set(type, [...(FAMILIES_BY_TYPE.get(type) ?? []), family]);
}

/** Event types the projector reads; anything else on the topics is ignored (and inboxed). */
export const PROJECTED_EVENT_TYPES: readonly string[] = [...FAMILIES_BY_TYPE.keys()];

export function calendarDayIn(timeZone: string): (instant: Date) => string {
  // en-CA formats as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (instant) => format.format(instant);
}

/**
 * Applies one batch of new events: per family, loads the touched facts once, folds the
 * events into them in delivery order, saves the changed facts with one multi-row upsert, and
 * adds (new contributions - old contributions) to the daily, weekly and monthly rollups (one
 * statement), all in the caller's transaction. Replaying any subset of the events again therefore changes nothing.
 */
export function createProjector(options: { timeZone: string }) {
  const dayOf = calendarDayIn(options.timeZone);

  return async function applyEvents(events: readonly DomainEvent[], client: PoolClient): Promise<void> {
    const perFamily = new Map<AnyFamily, { id: string; event: DomainEvent }[]>();
    const owners = new Set<string>();
    for (const event of events) {
      for (const family of FAMILIES_BY_TYPE.get(event.type) ?? []) {
        const id = family.factIdOf(event);
        if (!id) continue;
        const list = perFamily.get(family) ?? [];
        list.push({ id, event });
        perFamily.set(family, list);
        for (const owner of family.ownersOf?.(event) ?? []) if (owner) owners.add(`${event.tenantId}:${owner}`);
      }
    }
    if (perFamily.size === 0) return;
    const paths = await departmentPaths(client, owners);
    const context: FoldContext = {
      departmentPathOf: (tenantId, employeeId) => paths.get(`${tenantId}:${employeeId}`) ?? '',
      dayOf,
    };
    const delta = new RollupDelta();
    const touched = new TouchedCustomers();
    const paymentMonths = new TouchedPaymentMonths();
    for (const [family, items] of perFamily) {
      const loaded = await family.load(client, [...new Set(items.map((i) => i.id))]);
      const current = new Map(loaded);
      const changed = new Set<string>();
      for (const { id, event } of items) {
        const before = current.get(id);
        const after = family.fold(before, event, context);
        if (after !== undefined && after !== before) {
          current.set(id, after);
          changed.add(id);
        }
      }
      if (changed.size === 0) continue;
      const states = [...changed].map((id) => current.get(id));
      for (const id of changed) {
        const old = loaded.get(id);
        if (old !== undefined) delta.add(family.contributions(old), -1);
        delta.add(family.contributions(current.get(id)), 1);
        touched.add(family.name, old);
        touched.add(family.name, current.get(id));
        paymentMonths.add(family.name, old);
        paymentMonths.add(family.name, current.get(id));
      }
      await family.save(client, states);
    }
    await delta.write(client);
    await bumpPaymentEpochs(client, paymentMonths);
    // Last, so the summaries' row locks are held only for the rest of the transaction.
    await refreshCustomerSummaries(client, touched, options.timeZone);
  };
}

async function departmentPaths(client: PoolClient, owners: Set<string>): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  if (owners.size === 0) return paths;
  const ids = [...owners].map((o) => o.slice(o.indexOf(':') + 1)).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return paths;
  const rows = await client.query<{ tenant_id: string; id: string; department_path: string }>(
    `SELECT tenant_id::text, id::text, department_path FROM salesflow_employee_replica WHERE id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  for (const r of rows.rows) paths.set(`${r.tenant_id}:${r.id}`, r.department_path);
  return paths;
}
