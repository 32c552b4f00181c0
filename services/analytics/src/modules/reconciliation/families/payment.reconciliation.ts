import { crmV1 } from '@salesflow/contracts';
import { type ReconciledFamily, repairEvent } from '../reconciled-family';

/**
 * Payments received (回款) on their received day, reversed ones not counted: count and
 * amount, against crm. crm's Payment carries no product-line split (its event computes it
 * from the contract lines), so a re-projected payment's amount lands on product line ''
 * of its day: totals per day, person and department are right, the product-line slice of
 * a repaired payment is not (a rebuild restores it).
 */
export const paymentReconciliation: ReconciledFamily<crmV1.Payment> = {
  name: 'payments',
  source: 'crm',
  measures: ['payments', 'payment_amount_minor'],
  facts: {
    table: 'payment_facts',
    id: 'payment_id',
    day: 'received_on',
    counted: `status = 'RECEIVED'`,
    owner: 'owner_id',
    attributed: true,
  },
  recordOf(payment) {
    const received = payment.status === 'PAYMENT_STATUS_RECEIVED';
    return {
      id: payment.id,
      version: Number(payment.version),
      day: payment.receivedOn,
      measures: received ? { payments: 1, payment_amount_minor: Number(payment.amount?.amountMinor ?? 0) } : {},
      ownerId: payment.ownerId,
      customerId: payment.customerId,
      state: payment,
    };
  },
  eventOf(record, tenantId, attribution) {
    const payment = record.state;
    return repairEvent(
      'payment',
      record,
      tenantId,
      payment.status === 'PAYMENT_STATUS_REVERSED' ? 'crm.payment.reversed' : 'crm.payment.received',
      crmV1.PaymentChanged.fromPartial({ payment, attribution, productLineSplit: [] }),
    );
  },
};
