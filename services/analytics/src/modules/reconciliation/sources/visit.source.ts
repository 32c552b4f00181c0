import { fieldV1 } from '@salesflow/contracts';
import { createServiceClient } from '@salesflow/platform';
import type { SourceReader } from '../reconciled-family';
import { allPages, SOURCE_PAGE, systemReader } from './system-reader';

/**
 * field's completed visits over gRPC (VisitService.ListVisitsByDateRange), as the tenant's
 * system reader. field reads no single visit by id and never deletes or re-dates one, so a
 * projected visit field does not list stays unresolved (reported) rather than re-projected.
 */
export class FieldVisitSource implements SourceReader<fieldV1.Visit> {
  private readonly client: ReturnType<typeof createServiceClient<typeof fieldV1.VisitServiceService>>;

  constructor(address: string) {
    this.client = createServiceClient(fieldV1.VisitServiceService, address, {
      deadlineMs: 30_000,
      idempotentMethods: ['listVisitsByDateRange'],
    });
  }

  close(): void {
    this.client.close();
  }

  list(tenantId: string, from: string, to: string): Promise<fieldV1.Visit[]> {
    const principal = systemReader(tenantId, 'field.visit.read');
    return allPages(async (cursor) => {
      const page = await this.client.listVisitsByDateRange(
        fieldV1.ListVisitsByDateRangeRequest.fromPartial({ page: { limit: SOURCE_PAGE, cursor }, from, to }),
        { principal },
      );
      return { items: page.visits, nextCursor: page.page?.nextCursor ?? '' };
    });
  }

  async get(): Promise<fieldV1.Visit | undefined> {
    return undefined;
  }
}
