import { type crmV1, type fieldV1, TOPICS } from '@salesflow/contracts';
import type { BatchApplier, DomainEvent, OutboxOptions } from '@salesflow/platform';
import { type AttributedFact, attributeFacts } from '../modules/progress/progress-attribution';
import {
  contractFacts,
  customerFacts,
  type FactChange,
  paymentFacts,
  visitFacts,
} from '../modules/progress/progress-facts';
import type { TenantCalendarSource } from '../modules/settings/tenant-calendar';
import { pgSql, type RunSql } from '../modules/shared/sql-runner';

/** Consumer group of automatic progress (dead letters to goals.progress.dlq). */
export const PROGRESS_GROUP = 'goals.progress';

export const PROGRESS_TOPICS = [TOPICS.crmContract, TOPICS.crmPayment, TOPICS.crmCustomer, TOPICS.fieldVisit] as const;

/**
 * Business facts -> target progress, a Kafka batch at a time (the kit's batch consumer: one
 * transaction per batch, the inbox dropping events already applied). The facts table makes each
 * FACT count once (an amendment replaces, a reversal removes), so a replay of the topics from the
 * beginning leaves every number as it is. Events of other types on these topics count nothing.
 */
export function progressApplier(calendars: TenantCalendarSource, outbox: OutboxOptions): BatchApplier {
  return async (events, client) => {
    const sql = pgSql(client);
    const facts: AttributedFact[] = [];
    for (const event of events) {
      for (const fact of await factsOf(event, sql, calendars)) {
        facts.push({ tenantId: event.tenantId, actorId: event.actorId, fact });
      }
    }
    await attributeFacts(sql, facts, outbox);
  };
}

async function factsOf(event: DomainEvent, sql: RunSql, calendars: TenantCalendarSource): Promise<FactChange[]> {
  switch (event.type) {
    case 'crm.contract.signed':
    case 'crm.contract.amended':
    case 'crm.contract.cancelled':
      return contractFacts(event.type, event.payload as crmV1.ContractChanged);
    case 'crm.payment.received':
    case 'crm.payment.reversed':
      return paymentFacts(event.type, event.payload as crmV1.PaymentChanged);
    case 'field.visit.completed':
    case 'field.visit.effective':
      return visitFacts(event.type, event.payload as fieldV1.VisitRecorded);
    case 'crm.customer.created': {
      const payload = event.payload as crmV1.CustomerChanged;
      const departmentPath = await departmentPathOf(sql, event.tenantId, payload.customer?.ownerId ?? '');
      const { timeZone } = await calendars.calendarOf(event.tenantId);
      return customerFacts(payload, departmentPath, timeZone);
    }
    default:
      return [];
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The owner's department path from the org replica; '' when unknown (or not an employee id). */
async function departmentPathOf(sql: RunSql, tenantId: string, ownerId: string): Promise<string> {
  if (!UUID.test(ownerId)) return '';
  const rows = await sql<{ path: string }>(
    'SELECT department_path AS path FROM salesflow_employee_replica WHERE tenant_id = $1::uuid AND id = $2::uuid',
    [tenantId, ownerId],
  );
  return rows[0]?.path ?? '';
}
