import { fieldV1 } from '@salesflow/contracts';
import { createServiceClient } from '@salesflow/platform';
import type { SourceReader } from '../reconciled-family';
import { allPages, SOURCE_PAGE, systemReader, unlessNotFound } from './system-reader';

/** field's settled report obligations over gRPC (ReportService.ListReportObligations by report date), as the tenant's system reader. */
export class FieldReportObligationSource implements SourceReader<fieldV1.ReportObligation> {
  private readonly client: ReturnType<typeof createServiceClient<typeof fieldV1.ReportServiceService>>;

  constructor(address: string) {
    this.client = createServiceClient(fieldV1.ReportServiceService, address, {
      deadlineMs: 30_000,
      idempotentMethods: ['listReportObligations', 'getReportObligation'],
    });
  }

  close(): void {
    this.client.close();
  }

  list(tenantId: string, from: string, to: string): Promise<fieldV1.ReportObligation[]> {
    const principal = systemReader(tenantId, 'field.report.read');
    return allPages(async (cursor) => {
      const page = await this.client.listReportObligations(
        fieldV1.ListReportObligationsRequest.fromPartial({ page: { limit: SOURCE_PAGE, cursor }, from, to }),
        { principal },
      );
      return { items: page.obligations, nextCursor: page.page?.nextCursor ?? '' };
    });
  }

  get(tenantId: string, id: string): Promise<fieldV1.ReportObligation | undefined> {
    const principal = systemReader(tenantId, 'field.report.read');
    return unlessNotFound(this.client.getReportObligation({ id }, { principal }).then((r) => r.obligation));
  }
}
