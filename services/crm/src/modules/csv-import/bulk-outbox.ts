import { appendToOutbox, type NewEvent, type OutboxOptions, type SqlExecutor } from '@salesflow/platform';
import type { CrmTransaction } from '../../database';

const OUTBOX_INSERT =
  'INSERT INTO salesflow_outbox (id, topic, message_key, event_type, value, headers, snapshot_topic)';
const ROWS_PER_INSERT = 5_000;

/**
 * Outbox rows for a bulk import, written with one INSERT ... SELECT FROM unnest per 5,000 events instead
 * of one round trip each. The rows themselves (id, envelope, CloudEvents headers, trace
 * context) come from the kit's appendToOutbox, which writes into this collector; if the kit's
 * statement ever changes shape, flush refuses rather than writing something else.
 */
export class BulkOutbox implements SqlExecutor {
  private readonly rows: unknown[][] = [];

  constructor(private readonly options: OutboxOptions) {}

  async add<P>(event: NewEvent<P>): Promise<void> {
    await appendToOutbox(this, event, this.options);
  }

  async $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number> {
    if (!query.join('?').replace(/\s+/g, ' ').trim().startsWith(OUTBOX_INSERT) || values.length !== 7) {
      throw new Error('the kit outbox statement changed; BulkOutbox must follow it');
    }
    this.rows.push(values);
    return 1;
  }

  async flush(tx: CrmTransaction): Promise<number> {
    const rows = this.rows.splice(0);
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const part = rows.slice(start, start + ROWS_PER_INSERT);
      const column = (i: number) => part.map((v) => v[i]);
      // One statement with seven array parameters, whatever the number of rows.
      await tx.$executeRaw`
        INSERT INTO salesflow_outbox (id, topic, message_key, event_type, value, headers, snapshot_topic)
        SELECT u.id, u.topic, u.message_key, u.event_type, decode(u.value, 'hex'), u.headers::jsonb, u.snapshot_topic
        FROM unnest(${column(0)}::uuid[], ${column(1)}::text[], ${column(2)}::text[], ${column(3)}::text[],
                    ${part.map((v) => (v[4] as Buffer).toString('hex'))}::text[], ${column(5)}::text[],
                    ${column(6)}::text[])
          AS u(id, topic, message_key, event_type, value, headers, snapshot_topic)`;
    }
    return rows.length;
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
