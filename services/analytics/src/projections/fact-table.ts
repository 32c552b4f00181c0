import type { PoolClient } from 'pg';
import { loadRows, upsertRows } from './sql';

type ColumnKind = 'text' | 'uuid' | 'bigint' | 'int' | 'date' | 'timestamptz' | 'boolean' | 'jsonb';

export interface FactColumn<S> {
  column: string;
  field: keyof S & string;
  kind: ColumnKind;
}

/** Load and save of one fact table whose rows map column-for-field onto a state object. */
export function factTable<S extends object>(table: string, columns: readonly FactColumn<S>[]) {
  const key = columns[0]?.column;
  if (!key) throw new Error(`${table}: no columns`);
  const keyField = columns[0]?.field as keyof S;
  return {
    async load(client: PoolClient, ids: readonly string[]): Promise<Map<string, S>> {
      const rows = await loadRows(
        client,
        table,
        { name: key, type: columns[0]?.kind ?? 'text' },
        columns.map((c) => c.column),
        ids,
      );
      const states = new Map<string, S>();
      for (const row of rows) {
        const state: Record<string, unknown> = {};
        for (const c of columns) state[c.field] = parseValue(c.kind, row[c.column] ?? null);
        states.set(String(state[keyField as string]), state as S);
      }
      return states;
    },
    async save(client: PoolClient, states: readonly S[]): Promise<void> {
      await upsertRows(
        client,
        table,
        key,
        columns.map((c) => ({
          name: c.column,
          type: c.kind === 'int' ? 'int' : c.kind,
          value: (s: S) => {
            const v = s[c.field] as unknown;
            if (v === null || v === undefined) return null;
            if (c.kind === 'jsonb') return JSON.stringify(v);
            if (v instanceof Date) return v.toISOString();
            return v as string | number | boolean;
          },
        })),
        states,
      );
    },
  };
}

function parseValue(kind: ColumnKind, text: string | null): unknown {
  if (text === null) return null;
  switch (kind) {
    case 'bigint':
    case 'int':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'jsonb':
      return JSON.parse(text);
    case 'timestamptz':
      return new Date(text).toISOString();
    default:
      return text;
  }
}
