import { join } from 'node:path';
import { eventually } from '@salesflow/platform/testing';
import type { Stack } from '../../e2e/support/stack-fixture';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Waits until field's replica of crm's customers holds this one (it arrives through Kafka, and a
 * fresh broker may take a while to assign a new consumer group): only then can a check-in measure
 * the distance to it.
 */
export async function waitForCustomerInField(stack: Stack, customerId: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createFieldDatabase } = require(join(ROOT, 'services/field/dist/database.js')) as {
    createFieldDatabase(url: string): {
      customerReplica: { findFirst(args: { where: { id: string } }): Promise<unknown> };
      $disconnect(): Promise<void>;
    };
  };
  const field = createFieldDatabase(stack.databaseUrl('field'));
  try {
    await eventually(
      () => field.customerReplica.findFirst({ where: { id: customerId } }),
      (customer) => customer !== null,
      { timeoutMs: 240_000, what: "the customer in field's replica" },
    );
  } finally {
    await field.$disconnect();
  }
}
