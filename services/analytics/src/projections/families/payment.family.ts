import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily } from '../fact-family';
import { factTable } from '../fact-table';
import { attributionFields, isStale, keyOf, minorOf, stripPrefix } from '../family-helpers';
import type { Contribution } from '../rollup';

export interface PaymentFact {
  paymentId: string;
  tenantId: string;
  version: number;
  status: string;
  contractId: string;
  customerId: string;
  ownerId: string;
  departmentPath: string;
  region: string;
  segment: string;
  receivedOn: string;
  amountMinor: number;
  currency: string;
  split: { productLine: string; amountMinor: number }[];
}

const table = factTable<PaymentFact>('payment_facts', [
  { column: 'payment_id', field: 'paymentId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'status', field: 'status', kind: 'text' },
  { column: 'contract_id', field: 'contractId', kind: 'text' },
  { column: 'customer_id', field: 'customerId', kind: 'text' },
  { column: 'owner_id', field: 'ownerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'region', field: 'region', kind: 'text' },
  { column: 'segment', field: 'segment', kind: 'text' },
  { column: 'received_on', field: 'receivedOn', kind: 'date' },
  { column: 'amount_minor', field: 'amountMinor', kind: 'bigint' },
  { column: 'currency', field: 'currency', kind: 'text' },
  { column: 'split', field: 'split', kind: 'jsonb' },
]);

/** Payments received (回款): counted on their received date until reversed (then marked, not counted). */
export const paymentFamily: FactFamily<PaymentFact> = {
  name: 'payment',
  eventTypes: ['crm.payment.received', 'crm.payment.reversed'],
  factIdOf: (event) => (event.payload as crmV1.PaymentChanged).payment?.id,
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<crmV1.PaymentChanged>) {
    const payment = event.payload.payment;
    if (!payment || isStale(previous, payment.version)) return previous;
    // A reversal may come with a newer version but is never undone by a replayed receipt.
    const reversed = previous?.status === 'REVERSED' || payment.status === 'PAYMENT_STATUS_REVERSED';
    return {
      paymentId: payment.id,
      tenantId: event.tenantId,
      version: Number(payment.version),
      status: reversed ? 'REVERSED' : stripPrefix(payment.status, 'PAYMENT_STATUS_'),
      contractId: payment.contractId,
      ...attributionFields(event.payload.attribution, payment.ownerId),
      customerId: event.payload.attribution?.customerId || payment.customerId,
      receivedOn: payment.receivedOn,
      amountMinor: minorOf(payment.amount),
      currency: payment.amount?.currency ?? '',
      split: event.payload.productLineSplit.map((p) => ({
        productLine: p.productLine,
        amountMinor: Number(p.amountMinor),
      })),
    };
  },
  contributions(fact) {
    if (fact.status !== 'RECEIVED' || !fact.receivedOn) return [];
    const out: Contribution[] = [{ key: keyOf(fact.tenantId, fact.receivedOn, fact), measures: { payments: 1 } }];
    let split = 0;
    for (const part of fact.split) {
      split += part.amountMinor;
      out.push({
        key: keyOf(fact.tenantId, fact.receivedOn, fact, part.productLine),
        measures: { payment_amount_minor: part.amountMinor },
      });
    }
    if (fact.amountMinor !== split) {
      out.push({
        key: keyOf(fact.tenantId, fact.receivedOn, fact),
        measures: { payment_amount_minor: fact.amountMinor - split },
      });
    }
    return out;
  },
};
