// Shared by the benchmarks: a fresh analytics database and the checkout's test broker.
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const pino = require('pino');
const {
  applyMigrations,
  ensureDatabaseExists,
  PLATFORM_MIGRATIONS,
  ORG_REPLICA_MIGRATIONS,
} = require('@salesflow/platform');

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** KAFKA_BROKERS, or the broker `tests/support/test-kafka.js` runs for this checkout. */
function brokers() {
  if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS.split(',');
  const testKafka = require(join(__dirname, '..', '..', '..', 'tests', 'support', 'test-kafka.js'));
  return [`127.0.0.1:${testKafka.port}`];
}

async function freshDatabase(label) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/salesflow_bench_${label}_${randomBytes(3).toString('hex')}`;
  await ensureDatabaseExists(url.toString());
  await migrate(url.toString());
  return url.toString();
}

/** Applies the analytics migrations (and the kit's) that a database lacks. */
async function migrate(url) {
  await applyMigrations({
    databaseUrl: url,
    sources: [
      PLATFORM_MIGRATIONS,
      ORG_REPLICA_MIGRATIONS,
      { scope: 'analytics', dir: join(__dirname, '..', 'prisma', 'migrations') },
    ],
    log: pino({ level: 'silent' }),
  });
}

async function dropDatabase(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  await client.end();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

module.exports = { brokers, freshDatabase, migrate, dropDatabase, percentile };

/**
 * Drops every record of the given topics (deleteTopicRecords up to the high watermark): used
 * after a benchmark on the checkout's test broker, whose projection tests replay the topics
 * from the beginning and should not wade through hundreds of thousands of bench events.
 */
async function truncateTopics(kafka, topics) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.deleteTopicRecords({
        topic,
        partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

module.exports.truncateTopics = truncateTopics;
