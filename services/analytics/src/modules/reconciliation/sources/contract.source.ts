import { crmV1 } from '@salesflow/contracts';
import { createServiceClient } from '@salesflow/platform';
import type { SourceReader } from '../reconciled-family';
import { allPages, SOURCE_PAGE, systemReader, unlessNotFound } from './system-reader';

/**
 * crm's contracts over gRPC (SalesService), as the tenant's system reader. crm has no
 * signed-date filter: the SIGNED contracts are paged whole and the reconciler keeps the
 * range; cancelled or re-dated ones are read one by one.
 */
export class CrmContractSource implements SourceReader<crmV1.Contract> {
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

  list(tenantId: string): Promise<crmV1.Contract[]> {
    const principal = systemReader(tenantId, 'crm.contract.read');
    return allPages(async (cursor) => {
      const page = await this.client.listContracts(
        crmV1.ListContractsRequest.fromPartial({
          page: { limit: SOURCE_PAGE, cursor },
          status: 'CONTRACT_STATUS_SIGNED',
        }),
        { principal },
      );
      return { items: page.contracts, nextCursor: page.page?.nextCursor ?? '' };
    });
  }

  async get(tenantId: string, id: string): Promise<crmV1.Contract | undefined> {
    const principal = systemReader(tenantId, 'crm.contract.read');
    return unlessNotFound(this.client.getContract({ id }, { principal }).then((r) => r.contract));
  }
}
