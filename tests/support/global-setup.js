// Runs once before the integration and e2e projects: PostgreSQL must answer and a real
// Kafka broker must run. Tests use KAFKA_BROKERS when set; otherwise their own local
// broker (tests/support/test-kafka.js: state in .local/kafka-test, a port of this
// checkout's own) so they never disturb a dev stack or another checkout.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { Client } = require('pg');

const testKafka = require('./test-kafka');

const ROOT = join(__dirname, '..', '..');

module.exports = async function globalSetup() {
  const pgUrl = process.env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`tests need PostgreSQL at ${pgUrl}: ${error.message}`);
  } finally {
    await client.end().catch(() => {});
  }
  process.env.TEST_DATABASE_ADMIN_URL = pgUrl;

  if (!process.env.KAFKA_BROKERS) {
    execFileSync('bash', [join(ROOT, 'deploy/local/kafka/kafka.sh'), 'start'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...testKafka.scriptEnv() },
    });
    process.env.KAFKA_BROKERS = `127.0.0.1:${testKafka.port}`;
  }
};
