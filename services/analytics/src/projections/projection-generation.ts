import type { Pool, PoolClient } from 'pg';
import { PROJECTION_TABLES } from './projector';

/** The consumer group of a generation: a rebuild moves to a new group that starts from offset 0. */
export const PROJECTION_GROUP_PREFIX = 'analytics.projections';

export function projectionGroupId(generation: number, prefix = PROJECTION_GROUP_PREFIX): string {
  return `${prefix}.g${generation}`;
}

export async function currentGeneration(db: Pool | PoolClient): Promise<number> {
  const result = await db.query<{ generation: number }>('SELECT generation FROM projection_generation WHERE id = 1');
  return result.rows[0]?.generation ?? 1;
}

/**
 * Empties every projection and the projections' inbox, and moves to the next generation, in
 * one transaction. The row lock on projection_generation orders it against in-flight batches
 * (each batch holds it FOR SHARE and applies nothing when its generation is no longer current).
 */
export async function startNewGeneration(pool: Pool, prefix = PROJECTION_GROUP_PREFIX): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const bumped = await client.query<{ generation: number }>(
      'UPDATE projection_generation SET generation = generation + 1, rebuilt_at = now() WHERE id = 1 RETURNING generation',
    );
    await client.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
    await client.query('DELETE FROM salesflow_inbox WHERE starts_with(consumer_group, $1)', [prefix]);
    await client.query('COMMIT');
    return bumped.rows[0]?.generation ?? 1;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
