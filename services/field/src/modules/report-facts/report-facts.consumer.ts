import { type commonV1, type crmV1, TOPICS } from '@salesflow/contracts';
import type { DomainEvent, EventHandler, SqlExecutor } from '@salesflow/platform';
import { localDayOf } from '../calendar/local-day';
import { isLocalDate } from '../shared/local-date';

/** The consumer group that turns crm events into `report_facts`. */
export const REPORT_FACTS_GROUP = 'field.report-facts';
export const REPORT_FACTS_TOPICS = [TOPICS.crmActivity, TOPICS.crmPayment, TOPICS.crmContract, TOPICS.crmCustomer];

export type ReportFactKind = 'FOLLOW_UP' | 'PAYMENT' | 'CONTRACT' | 'NEW_CUSTOMER';

interface Fact {
  tenantId: string;
  kind: ReportFactKind;
  sourceId: string;
  employeeId: string;
  departmentPath: string;
  customerId: string;
  localDate: string;
  amountMinor: string;
  currency: string;
  counted: boolean;
  version: string;
  occurredAt: Date;
}

/**
 * One row per crm record. A redelivered event is dropped by the inbox; a replayed older
 * version (a `received` after its `reversed`) does not undo a newer one: the row only moves
 * forward in version.
 */
async function upsertFact(tx: SqlExecutor, fact: Fact): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO report_facts (tenant_id, kind, source_id, employee_id, department_path, customer_id, local_date,
                              amount_minor, currency, counted, version, occurred_at)
    VALUES (${fact.tenantId}::uuid, ${fact.kind}, ${fact.sourceId}, ${fact.employeeId || null}::uuid,
            ${fact.departmentPath}, ${fact.customerId || null}::uuid, ${fact.localDate}::date,
            ${fact.amountMinor}::bigint, ${fact.currency}, ${fact.counted}, ${fact.version}::bigint, ${fact.occurredAt})
    ON CONFLICT (tenant_id, kind, source_id) DO UPDATE SET
      employee_id = EXCLUDED.employee_id, department_path = EXCLUDED.department_path,
      customer_id = EXCLUDED.customer_id, local_date = EXCLUDED.local_date, amount_minor = EXCLUDED.amount_minor,
      currency = EXCLUDED.currency, counted = EXCLUDED.counted, version = EXCLUDED.version,
      occurred_at = EXCLUDED.occurred_at, updated_at = now()
    WHERE report_facts.version <= EXCLUDED.version`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrEmpty = (value: string | undefined) => (value && UUID.test(value) ? value : '');

function attributed(attribution: commonV1.Attribution | undefined, fallbackOwner: string) {
  return {
    employeeId: uuidOrEmpty(attribution?.ownerId) || uuidOrEmpty(fallbackOwner),
    departmentPath: attribution?.departmentPath ?? '',
  };
}

/** crm's date of a fact ("YYYY-MM-DD"), or the local day of `fallback` when crm sent none. */
function dayOf(date: string, fallback: Date, timeZone: string): string {
  return isLocalDate(date) ? date : localDayOf(fallback, timeZone).date;
}

/** Handlers of the crm events that pre-fill daily and weekly reports, days in `timeZone`. */
export function reportFactHandlers(timeZone: string): Record<string, EventHandler<SqlExecutor>> {
  const followUp = async (event: DomainEvent<crmV1.ActivityCreated>, tx: SqlExecutor) => {
    const activity = event.payload.activity;
    if (!activity) throw new Error(`event ${event.id} carries no activity`);
    const occurredAt = activity.occurredAt ?? event.occurredAt;
    await upsertFact(tx, {
      tenantId: event.tenantId,
      kind: 'FOLLOW_UP',
      sourceId: activity.id,
      employeeId: uuidOrEmpty(activity.ownerId),
      departmentPath: '',
      customerId: activity.subjectType === 'ACTIVITY_SUBJECT_TYPE_CUSTOMER' ? uuidOrEmpty(activity.subjectId) : '',
      localDate: localDayOf(occurredAt, timeZone).date,
      amountMinor: '0',
      currency: '',
      counted: true,
      version: '1',
      occurredAt,
    });
  };

  const payment = async (event: DomainEvent<crmV1.PaymentChanged>, tx: SqlExecutor) => {
    const p = event.payload.payment;
    if (!p) throw new Error(`event ${event.id} carries no payment`);
    await upsertFact(tx, {
      tenantId: event.tenantId,
      kind: 'PAYMENT',
      sourceId: p.id,
      ...attributed(event.payload.attribution, p.ownerId),
      customerId: uuidOrEmpty(p.customerId),
      localDate: dayOf(p.receivedOn, event.occurredAt, timeZone),
      amountMinor: p.amount?.amountMinor ?? '0',
      currency: p.amount?.currency ?? '',
      counted: event.type === 'crm.payment.received' && p.status !== 'PAYMENT_STATUS_REVERSED',
      version: String(event.aggregateVersion),
      occurredAt: event.occurredAt,
    });
  };

  const contract = async (event: DomainEvent<crmV1.ContractChanged>, tx: SqlExecutor) => {
    const c = event.payload.contract;
    if (!c) throw new Error(`event ${event.id} carries no contract`);
    await upsertFact(tx, {
      tenantId: event.tenantId,
      kind: 'CONTRACT',
      sourceId: c.id,
      ...attributed(event.payload.attribution, c.ownerId),
      customerId: uuidOrEmpty(c.customerId),
      localDate: dayOf(c.signedOn, event.occurredAt, timeZone),
      amountMinor: c.totalAmount?.amountMinor ?? '0',
      currency: c.totalAmount?.currency ?? '',
      counted: event.type !== 'crm.contract.cancelled',
      version: String(event.aggregateVersion),
      occurredAt: event.occurredAt,
    });
  };

  const newCustomer = async (event: DomainEvent<crmV1.CustomerChanged>, tx: SqlExecutor) => {
    const customer = event.payload.customer;
    if (!customer) throw new Error(`event ${event.id} carries no customer`);
    const createdAt = customer.createdAt ?? event.occurredAt;
    await upsertFact(tx, {
      tenantId: event.tenantId,
      kind: 'NEW_CUSTOMER',
      sourceId: customer.id,
      employeeId: uuidOrEmpty(customer.ownerId),
      departmentPath: '',
      customerId: uuidOrEmpty(customer.id),
      localDate: localDayOf(createdAt, timeZone).date,
      amountMinor: '0',
      currency: '',
      counted: true,
      version: '1',
      occurredAt: createdAt,
    });
  };

  return {
    'crm.activity.created': followUp,
    'crm.payment.received': payment,
    'crm.payment.reversed': payment,
    'crm.contract.signed': contract,
    'crm.contract.amended': contract,
    'crm.contract.cancelled': contract,
    'crm.customer.created': newCustomer,
  };
}
