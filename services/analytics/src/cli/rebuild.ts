// `node services/analytics/dist/cli/rebuild.js`: empties the projections and moves to a new
// consumer-group generation; every running analytics replica notices within
// ANALYTICS_GENERATION_POLL_MS and replays the topics from the beginning.
import { Pool } from 'pg';
import { loadAnalyticsConfig } from '../config';
import { startNewGeneration } from '../projections/projection-generation';

async function main(): Promise<void> {
  const config = loadAnalyticsConfig();
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const generation = await startNewGeneration(pool);
    console.log(`analytics projections truncated; generation ${generation} replays the topics from the beginning`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
