import { fieldV1 } from '@salesflow/contracts';
import { createServiceClient } from '@salesflow/platform';
import type { SourceReader } from '../reconciled-family';
import { allPages, SOURCE_PAGE, systemReader, unlessNotFound } from './system-reader';

/** field's expenses over gRPC (ReportService.ListExpenses by expense date, any status), as the tenant's system reader. */
export class FieldExpenseSource implements SourceReader<fieldV1.Expense> {
  private readonly client: ReturnType<typeof createServiceClient<typeof fieldV1.ReportServiceService>>;

  constructor(address: string) {
    this.client = createServiceClient(fieldV1.ReportServiceService, address, {
      deadlineMs: 30_000,
      idempotentMethods: ['listExpenses', 'getExpense'],
    });
  }

  close(): void {
    this.client.close();
  }

  list(tenantId: string, from: string, to: string): Promise<fieldV1.Expense[]> {
    const principal = systemReader(tenantId, 'field.expense.read');
    return allPages(async (cursor) => {
      const page = await this.client.listExpenses(
        fieldV1.ListExpensesRequest.fromPartial({ page: { limit: SOURCE_PAGE, cursor }, from, to }),
        { principal },
      );
      return { items: page.expenses, nextCursor: page.page?.nextCursor ?? '' };
    });
  }

  get(tenantId: string, id: string): Promise<fieldV1.Expense | undefined> {
    const principal = systemReader(tenantId, 'field.expense.read');
    return unlessNotFound(this.client.getExpense({ id }, { principal }).then((r) => r.expense));
  }
}
