import { crmV1 } from '@salesflow/contracts';
import { createServiceClient } from '@salesflow/platform';
import type { SourceReader } from '../reconciled-family';
import { allPages, SOURCE_PAGE, systemReader, unlessNotFound } from './system-reader';

/** crm's payments over gRPC (SalesService.ListPayments by received date, any status), as the tenant's system reader. */
export class CrmPaymentSource implements SourceReader<crmV1.Payment> {
  private readonly client: ReturnType<typeof createServiceClient<typeof crmV1.SalesServiceService>>;

  constructor(address: string) {
    this.client = createServiceClient(crmV1.SalesServiceService, address, {
      deadlineMs: 30_000,
      idempotentMethods: ['listPayments', 'getPayment'],
    });
  }

  close(): void {
    this.client.close();
  }

  list(tenantId: string, from: string, to: string): Promise<crmV1.Payment[]> {
    const principal = systemReader(tenantId, 'crm.payment.read');
    return allPages(async (cursor) => {
      const page = await this.client.listPayments(
        crmV1.ListPaymentsRequest.fromPartial({
          page: { limit: SOURCE_PAGE, cursor },
          receivedFrom: from,
          receivedTo: to,
        }),
        { principal },
      );
      return { items: page.payments, nextCursor: page.page?.nextCursor ?? '' };
    });
  }

  get(tenantId: string, id: string): Promise<crmV1.Payment | undefined> {
    const principal = systemReader(tenantId, 'crm.payment.read');
    return unlessNotFound(this.client.getPayment({ id }, { principal }).then((r) => r.payment));
  }
}
