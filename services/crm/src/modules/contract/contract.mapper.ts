import type { commonV1, crmV1 } from '@salesflow/contracts';
import type { Contract, ContractLine } from '../../generated/prisma/client';
import { money } from '../shared/money';
import { formatIsoDate } from '../shared/validation';

export type ContractWithLines = Contract & { lines: ContractLine[] };

/** The attribution frozen at signing, as stored on the contract (or a payment). */
export function storedAttribution(row: {
  attrOwnerId: string | null;
  ownerId: string;
  customerId: string;
  attrDepartmentId: string;
  attrDepartmentPath: string;
  attrRegion: string;
  attrSegment: string;
}): commonV1.Attribution {
  return {
    ownerId: row.attrOwnerId ?? row.ownerId,
    departmentId: row.attrDepartmentId,
    departmentPath: row.attrDepartmentPath,
    customerId: row.customerId,
    region: row.attrRegion,
    customerSegment: row.attrSegment,
  };
}

export function contractToProto(c: ContractWithLines, receivedMinor: bigint): crmV1.Contract {
  const cur = c.currency;
  return {
    id: c.id,
    tenantId: c.tenantId,
    number: c.number,
    title: c.title,
    customerId: c.customerId,
    opportunityId: c.opportunityId ?? '',
    ownerId: c.ownerId,
    status: `CONTRACT_STATUS_${c.status}` as crmV1.ContractStatus,
    signedOn: c.signedOn ? formatIsoDate(c.signedOn) : '',
    lines: [...c.lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        id: l.id,
        productId: l.productId ?? '',
        productLine: l.productLine,
        quantityMilli: l.quantityMilli.toString(),
        amount: money(l.amountMinor, cur),
        cost: money(l.costMinor, cur),
        grossMargin: money(l.amountMinor - l.costMinor, cur),
        description: l.description,
      })),
    totalAmount: money(c.totalAmountMinor, cur),
    totalCost: money(c.totalCostMinor, cur),
    grossMargin: money(c.totalAmountMinor - c.totalCostMinor, cur),
    receivedAmount: money(receivedMinor, cur),
    outstandingAmount: money(c.status === 'SIGNED' ? c.totalAmountMinor - receivedMinor : 0n, cur),
    cancelReason: c.cancelReason,
    version: String(c.version),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
