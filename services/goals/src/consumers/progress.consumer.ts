import { type crmV1, type fieldV1, TOPICS } from '@salesflow/contracts';
import { type EventHandler, type OutboxOptions, replicatedEmployee } from '@salesflow/platform';
import type { GoalsTransaction } from '../database';
import { attributeFact } from '../modules/progress/progress-attribution';
import {
  contractFacts,
  customerFacts,
  type FactChange,
  paymentFacts,
  visitFacts,
} from '../modules/progress/progress-facts';
import type { TenantCalendarSource } from '../modules/settings/tenant-calendar';

/** Consumer group of automatic progress (dead letters to goals.progress.dlq). */
export const PROGRESS_GROUP = 'goals.progress';

export const PROGRESS_TOPICS = [TOPICS.crmContract, TOPICS.crmPayment, TOPICS.crmCustomer, TOPICS.fieldVisit] as const;

/**
 * Business facts -> target progress. The kit's inbox makes each event count once; the facts
 * table makes each FACT count once (an amendment replaces, a reversal removes), so a replay of
 * the topics from the beginning leaves every number as it is.
 */
export function progressHandlers(
  calendars: TenantCalendarSource,
  outbox: OutboxOptions,
): Record<string, EventHandler<GoalsTransaction>> {
  const apply = async (tx: GoalsTransaction, tenantId: string, actorId: string, facts: FactChange[]) => {
    for (const fact of facts) await attributeFact(tx, tenantId, fact, actorId, outbox);
  };
  const contract: EventHandler<GoalsTransaction> = (event, tx) =>
    apply(tx, event.tenantId, event.actorId, contractFacts(event.type, event.payload as crmV1.ContractChanged));
  const payment: EventHandler<GoalsTransaction> = (event, tx) =>
    apply(tx, event.tenantId, event.actorId, paymentFacts(event.type, event.payload as crmV1.PaymentChanged));
  const visit: EventHandler<GoalsTransaction> = (event, tx) =>
    apply(tx, event.tenantId, event.actorId, visitFacts(event.type, event.payload as fieldV1.VisitRecorded));
  const customer: EventHandler<GoalsTransaction> = async (event, tx) => {
    const payload = event.payload as crmV1.CustomerChanged;
    const ownerId = payload.customer?.ownerId ?? '';
    const owner = ownerId ? await replicatedEmployee(tx, event.tenantId, ownerId) : undefined;
    const { timeZone } = await calendars.calendarOf(event.tenantId);
    await apply(tx, event.tenantId, event.actorId, customerFacts(payload, owner?.departmentPath ?? '', timeZone));
  };
  return {
    'crm.contract.signed': contract,
    'crm.contract.amended': contract,
    'crm.contract.cancelled': contract,
    'crm.payment.received': payment,
    'crm.payment.reversed': payment,
    'crm.customer.created': customer,
    'field.visit.completed': visit,
    'field.visit.effective': visit,
  };
}
