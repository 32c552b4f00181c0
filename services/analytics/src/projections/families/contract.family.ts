import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily } from '../fact-family';
import { factTable } from '../fact-table';
import { attributionFields, isStale, keyOf, minorOf, stripPrefix } from '../family-helpers';
import type { Contribution } from '../rollup';

export interface ContractFact {
  contractId: string;
  tenantId: string;
  version: number;
  status: string;
  signedOn: string | null;
  ownerId: string;
  departmentPath: string;
  customerId: string;
  region: string;
  segment: string;
  amountMinor: number;
  currency: string;
  lines: { productLine: string; amountMinor: number }[];
}

const table = factTable<ContractFact>('contract_facts', [
  { column: 'contract_id', field: 'contractId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'status', field: 'status', kind: 'text' },
  { column: 'signed_on', field: 'signedOn', kind: 'date' },
  { column: 'owner_id', field: 'ownerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'customer_id', field: 'customerId', kind: 'text' },
  { column: 'region', field: 'region', kind: 'text' },
  { column: 'segment', field: 'segment', kind: 'text' },
  { column: 'amount_minor', field: 'amountMinor', kind: 'bigint' },
  { column: 'currency', field: 'currency', kind: 'text' },
  { column: 'lines', field: 'lines', kind: 'jsonb' },
]);

/**
 * Contracts: the latest state of each contract counts (amended replaces, cancelled counts
 * nothing but keeps its row, marked CANCELLED), on its signed date, for the attribution
 * frozen at signing. The amount is split over product lines; the count sits in line ''.
 */
export const contractFamily: FactFamily<ContractFact> = {
  name: 'contract',
  eventTypes: ['crm.contract.signed', 'crm.contract.amended', 'crm.contract.cancelled', 'crm.contract.reassigned'],
  factIdOf: (event) => (event.payload as crmV1.ContractChanged).contract?.id,
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<crmV1.ContractChanged>) {
    const contract = event.payload.contract;
    if (!contract || isStale(previous, contract.version)) return previous;
    const byLine = new Map<string, number>();
    for (const line of contract.lines) {
      byLine.set(line.productLine, (byLine.get(line.productLine) ?? 0) + minorOf(line.amount));
    }
    // Attribution is frozen at signing: a reassignment does not move who signed it.
    const frozen = previous && event.type === 'crm.contract.reassigned' ? previous : undefined;
    return {
      contractId: contract.id,
      tenantId: event.tenantId,
      version: Number(contract.version),
      status: stripPrefix(contract.status, 'CONTRACT_STATUS_'),
      signedOn: contract.signedOn || null,
      ...(frozen
        ? {
            ownerId: frozen.ownerId,
            departmentPath: frozen.departmentPath,
            customerId: frozen.customerId,
            region: frozen.region,
            segment: frozen.segment,
          }
        : attributionFields(event.payload.attribution, contract.ownerId)),
      amountMinor: minorOf(contract.totalAmount),
      currency: contract.totalAmount?.currency ?? '',
      lines: [...byLine.entries()].sort().map(([productLine, amountMinor]) => ({ productLine, amountMinor })),
    };
  },
  contributions(fact) {
    if (fact.status !== 'SIGNED' || !fact.signedOn) return [];
    const out: Contribution[] = [{ key: keyOf(fact.tenantId, fact.signedOn, fact), measures: { contracts: 1 } }];
    let split = 0;
    for (const line of fact.lines) {
      split += line.amountMinor;
      out.push({
        key: keyOf(fact.tenantId, fact.signedOn, fact, line.productLine),
        measures: { contract_amount_minor: line.amountMinor },
      });
    }
    // Whatever the lines do not explain (no lines, or rounding) stays on line ''.
    if (fact.amountMinor !== split) {
      out.push({
        key: keyOf(fact.tenantId, fact.signedOn, fact),
        measures: { contract_amount_minor: fact.amountMinor - split },
      });
    }
    return out;
  },
};
