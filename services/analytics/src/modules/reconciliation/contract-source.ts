import { commonV1, crmV1 } from '@salesflow/contracts';
import { createServiceClient, ServiceError } from '@salesflow/platform';

/** What reconciliation reads from crm: the source of truth for contracts. */
export interface ContractSource {
  /** Every contract of the tenant that crm holds as SIGNED now. */
  signedContracts(tenantId: string): Promise<crmV1.Contract[]>;
  /** One contract as crm holds it now; undefined when crm does not know it. */
  contract(tenantId: string, contractId: string): Promise<crmV1.Contract | undefined>;
}

const PAGE = 200;

/** The crm SalesService over gRPC, as the tenant's system reader (contracts, whole tenant). */
export class CrmContractSource implements ContractSource {
  private readonly client: ReturnType<typeof createServiceClient<typeof crmV1.SalesServiceService>>;

  constructor(address: string) {
    this.client = createServiceClient(crmV1.SalesServiceService, address, {
      deadlineMs: 30_000,
      idempotentMethods: ['listContracts', 'getContract'],
    });
  }

  close(): void {
    this.client.close();
  }

  private principal(tenantId: string): commonV1.Principal {
    return commonV1.Principal.fromPartial({
      tenantId,
      permissions: ['crm.contract.read'],
      dataScope: 'DATA_SCOPE_TENANT',
    });
  }

  async signedContracts(tenantId: string): Promise<crmV1.Contract[]> {
    const out: crmV1.Contract[] = [];
    let cursor = '';
    do {
      const page = await this.client.listContracts(
        { page: { limit: PAGE, cursor }, status: 'CONTRACT_STATUS_SIGNED', customerId: '', ownerId: '' },
        { principal: this.principal(tenantId) },
      );
      out.push(...page.contracts);
      cursor = page.page?.nextCursor ?? '';
    } while (cursor);
    return out;
  }

  async contract(tenantId: string, contractId: string): Promise<crmV1.Contract | undefined> {
    try {
      return (await this.client.getContract({ id: contractId }, { principal: this.principal(tenantId) })).contract;
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }
}
