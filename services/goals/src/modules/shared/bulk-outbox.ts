import type { SqlExecutor } from '@salesflow/platform';
import type { RunSql } from './sql-runner';

const OUTBOX_INSERT =
  'INSERT INTO salesflow_outbox (id, topic, message_key, event_type, value, headers, snapshot_topic)';
const ROWS_PER_INSERT = 5_000;

/**
 * Outbox rows collected in memory and written with one INSERT ... SELECT FROM unnest per 5,000
 * events instead of one round trip each (a progress batch announces hundreds of nodes). The
 * rows themselves (id, envelope, CloudEvents headers, trace context) come from the kit's
 * appendToOutbox, which writes into this collector; if the kit's statement ever changes shape,
 * the collector refuses rather than writing something else. (crm's CSV import does the same.)
 */
export class BulkOutbox implements SqlExecutor {
  private readonly rows: unknown[][] = [];

  /** Called by the kit's appendToOutbox: pass the collector where it expects a transaction. */
  async $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number> {
    if (!query.join('?').replace(/\s+/g, ' ').trim().startsWith(OUTBOX_INSERT) || values.length !== 7) {
      throw new Error('the kit outbox statement changed; BulkOutbox must follow it');
    }
    this.rows.push(values);
    return 1;
  }

  /** Writes the collected rows in the caller's transaction; returns how many. */
  async flush(sql: RunSql): Promise<number> {
    const rows = this.rows.splice(0);
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const part = rows.slice(start, start + ROWS_PER_INSERT);
      const column = (i: number) => part.map((v) => v[i]);
      // One statement with seven array parameters, whatever the number of rows.
      await sql(
        `INSERT INTO salesflow_outbox (id, topic, message_key, event_type, value, headers, snapshot_topic)
         SELECT u.id, u.topic, u.message_key, u.event_type, decode(u.value, 'hex'), u.headers::jsonb, u.snapshot_topic
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS u(id, topic, message_key, event_type, value, headers, snapshot_topic)`,
        [
          column(0),
          column(1),
          column(2),
          column(3),
          part.map((v) => (v[4] as Buffer).toString('hex')),
          column(5),
          column(6),
        ],
      );
    }
    return rows.length;
  }
}
