import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { createApp } from './app';
import { createTokenVerifier } from './auth/token-verifier';
import { createServiceClients } from './clients/service-clients';
import { loadGatewayConfig } from './config';
import { createGatewayDatabase, schedulePurge } from './database';
import { postgresIdempotencyStore } from './http/idempotency.repository';
import { postgresRateLimitStore } from './http/rate-limit.repository';
import { defaultWebConsoleDir } from './http/web-console';

const PURGE_INTERVAL_MS = 5 * 60 * 1000;

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const log = createLogger('gateway', config.LOG_LEVEL);
  const clients = createServiceClients(config);
  const tokenVerifier = createTokenVerifier({
    fetchJwks: async () => (await clients.identity.getJwks({})).jwksJson,
  });
  // Idempotency keys and rate-limit counters only; shared by every replica.
  const db = createGatewayDatabase(config.DATABASE_URL);
  const app = createApp({
    clients,
    tokenVerifier,
    log,
    bodyLimit: config.BODY_LIMIT,
    uploadLimit: config.UPLOAD_LIMIT,
    corsOrigins: config.CORS_ORIGINS,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    webConsoleDir: config.WEB_CONSOLE_DIR || defaultWebConsoleDir(),
    rateLimits: {
      userPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
      tenantPerMinute: config.RATE_LIMIT_TENANT_PER_MINUTE,
      loginPerMinute: config.RATE_LIMIT_LOGIN_PER_MINUTE,
    },
    idempotencyStore: postgresIdempotencyStore(db),
    rateLimitStore: postgresRateLimitStore(db),
  });
  const runtime = await bootService({
    name: 'gateway',
    log,
    databaseUrl: config.DATABASE_URL,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    httpHandler: app,
    httpPort: config.HTTP_PORT,
    kafkaBrokers: config.KAFKA_BROKERS,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
  runtime.onStop('database', () => db.$disconnect());
  const stopPurge = schedulePurge(db, PURGE_INTERVAL_MS, (error) =>
    log.warn({ err: error }, 'purging expired idempotency keys failed'),
  );
  runtime.onStop('purge timer', async () => stopPurge());
  runtime.onStop('grpc clients', async () => clients.close());
  runtime.markReady();
}

main().catch((error: unknown) => {
  // One line, as for every service: a config error names the variable in its message.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
