import type { PoolClient } from 'pg';

export interface ColumnSpec<S> {
  name: string;
  /** PostgreSQL type the text value is cast to. */
  type: string;
  value(state: S): string | number | boolean | null;
}

/**
 * One multi-row upsert of whole rows (each row is the latest state of its fact): unnest of
 * text arrays cast per column, which keeps the statement size independent of the row count.
 */
export async function upsertRows<S>(
  client: PoolClient,
  table: string,
  key: string,
  columns: readonly ColumnSpec<S>[],
  states: readonly S[],
): Promise<void> {
  if (states.length === 0) return;
  const params = columns.map((c) =>
    states.map((s) => {
      const v = c.value(s);
      return v === null ? null : String(v);
    }),
  );
  const names = columns.map((c) => c.name);
  await client.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${columns.map((c, i) => `u.c${i}::${c.type}`).join(', ')}
     FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})
     ON CONFLICT (${key}) DO UPDATE SET ${names
       .filter((n) => n !== key)
       .map((n) => `${n} = EXCLUDED.${n}`)
       .join(', ')}`,
    params,
  );
}

/** Rows of a fact table by id, every column as its JSON text (dates YYYY-MM-DD, instants ISO 8601, booleans true/false). */
export async function loadRows(
  client: PoolClient,
  table: string,
  key: { name: string; type: string },
  columns: readonly string[],
  ids: readonly string[],
): Promise<Record<string, string | null>[]> {
  if (ids.length === 0) return [];
  const result = await client.query<Record<string, string | null>>(
    `SELECT ${columns.map((c) => `to_json(${c}) #>> '{}' AS ${c}`).join(', ')} FROM ${table} WHERE ${key.name} = ANY($1::${key.type}[])`,
    [ids],
  );
  return result.rows;
}
