import type { crmV1 } from '@salesflow/contracts';
import type { Payment, PaymentInstallment } from '../../generated/prisma/client';
import { money } from '../shared/money';
import { formatIsoDate } from '../shared/validation';

export function paymentToProto(p: Payment): crmV1.Payment {
  return {
    id: p.id,
    tenantId: p.tenantId,
    contractId: p.contractId,
    customerId: p.customerId,
    ownerId: p.ownerId,
    amount: money(p.amountMinor, p.currency),
    receivedOn: formatIsoDate(p.receivedOn),
    method: p.method,
    reference: p.reference,
    installmentId: p.installmentId ?? '',
    status: `PAYMENT_STATUS_${p.status}` as crmV1.PaymentStatus,
    reversalReason: p.reversalReason,
    reversedAt: p.reversedAt ?? undefined,
    version: String(p.version),
    createdAt: p.createdAt,
  };
}

export function installmentToProto(
  i: PaymentInstallment,
  currency: string,
  receivedMinor: bigint,
): crmV1.PaymentInstallment {
  return {
    id: i.id,
    contractId: i.contractId,
    sequence: i.sequence,
    dueOn: formatIsoDate(i.dueOn),
    amount: money(i.amountMinor, currency),
    receivedAmount: money(receivedMinor, currency),
  };
}
