import { crmV1 } from '@salesflow/contracts';
import { type ReconciledFamily, repairEvent } from '../reconciled-family';

/** Sales (signed contracts) on their signed day: count and amount, against crm. */
export const contractReconciliation: ReconciledFamily<crmV1.Contract> = {
  name: 'contracts',
  source: 'crm',
  measures: ['contracts', 'contract_amount_minor'],
  facts: {
    table: 'contract_facts',
    id: 'contract_id',
    day: 'signed_on',
    counted: `status = 'SIGNED'`,
    owner: 'owner_id',
    attributed: true,
  },
  recordOf(contract) {
    const signed = contract.status === 'CONTRACT_STATUS_SIGNED';
    return {
      id: contract.id,
      version: Number(contract.version),
      day: contract.signedOn,
      measures: signed ? { contracts: 1, contract_amount_minor: Number(contract.totalAmount?.amountMinor ?? 0) } : {},
      ownerId: contract.ownerId,
      customerId: contract.customerId,
      state: contract,
    };
  },
  eventOf(record, tenantId, attribution) {
    const contract = record.state;
    return repairEvent(
      'contract',
      record,
      tenantId,
      contract.status === 'CONTRACT_STATUS_CANCELLED' ? 'crm.contract.cancelled' : 'crm.contract.signed',
      crmV1.ContractChanged.fromPartial({ contract, attribution }),
    );
  },
};
