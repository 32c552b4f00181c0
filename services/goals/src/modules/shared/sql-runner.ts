import type { GoalsTransaction } from '../../database';

/**
 * One parameterised SQL statement and its rows. Batch attribution runs inside the batch
 * consumer's pg transaction and, for single facts, inside a Prisma transaction: both are
 * reduced to this, so the statements are written once.
 */
export type RunSql = <Row = Record<string, unknown>>(text: string, values: readonly unknown[]) => Promise<Row[]>;

/** The part of a pg client (Client, PoolClient) a statement needs. */
export interface PgQueryable {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

export function pgSql(client: PgQueryable): RunSql {
  return async <Row>(text: string, values: readonly unknown[]) => (await client.query(text, [...values])).rows as Row[];
}

export function prismaSql(tx: GoalsTransaction): RunSql {
  return <Row>(text: string, values: readonly unknown[]) => tx.$queryRawUnsafe<Row[]>(text, ...values);
}
