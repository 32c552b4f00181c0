// What the analytics integration specs share: publishing events as a producer would, and
// projecting a batch as the consumer does.
import { fieldV1 } from '@salesflow/contracts';
import type { DomainEvent, NewEvent, SqlExecutor } from '@salesflow/platform';
import type { Pool, PoolClient } from 'pg';

/** The reporting time zone the specs project with (days are Beijing calendar days). */
export const TIME_ZONE = 'Asia/Shanghai';

/** appendToOutbox over a plain pg pool (the kit's outbox table, in the producer's database). */
export function sqlExecutor(pool: Pool): SqlExecutor {
  return {
    $executeRaw: async (strings: TemplateStringsArray, ...values: unknown[]) => {
      const text = strings.reduce((acc, part, i) => acc + (i > 0 ? `$${i}` : '') + part, '');
      return (await pool.query(text, values)).rowCount ?? 0;
    },
  };
}

/** Noon in Beijing (04:00 UTC): the same calendar day in either zone. */
export const at = (day: string) => new Date(`${day}T04:00:00Z`);

/** Yuan amounts in fen, as the events carry them. */
export const money = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'CNY' });

/** field.report_obligation.settled as field's settling job sends it. */
export function obligationSettled(
  tenantId: string,
  o: {
    id: string;
    version: number;
    employeeId: string;
    departmentPath: string;
    reportDate: string;
    expected: boolean;
    onTime: boolean;
  },
): NewEvent<fieldV1.ReportObligationSettled> {
  return {
    type: 'field.report_obligation.settled',
    tenantId,
    aggregateId: o.id,
    aggregateVersion: o.version,
    payload: fieldV1.ReportObligationSettled.fromPartial({
      obligation: {
        id: o.id,
        tenantId,
        employeeId: o.employeeId,
        departmentPath: o.departmentPath,
        reportDate: o.reportDate,
        expected: o.expected,
        onTime: o.onTime,
        version: String(o.version),
      },
    }),
  };
}

/** One batch through the projector in its own transaction, as the consumer applies it. */
export async function projectBatch(
  pool: Pool,
  project: (events: readonly DomainEvent[], client: PoolClient) => Promise<void>,
  events: readonly DomainEvent[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await project(events, client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
