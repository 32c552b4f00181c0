import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { loadIdentityConfig } from './config';
import { createIdentityDatabase } from './database';
import { identityServiceBinding } from './grpc/identity.handlers';
import { createIdentityModules } from './modules';
import { syncBuiltInRolesOfAllTenants } from './modules/role/built-in-role-sync';
import { SigningKeyRepository } from './modules/token/signing-key.repository';
import { TokenService } from './modules/token/token.service';

async function main(): Promise<void> {
  const config = loadIdentityConfig();
  const log = createLogger('identity', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'identity',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });

  const db = createIdentityDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  await syncBuiltInRolesOfAllTenants(db, log);
  const tokens = await TokenService.start(new SigningKeyRepository(db), {
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  log.info({ kid: tokens.kid }, 'signing key loaded');
  const modules = createIdentityModules(db, tokens, { refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS });

  await runtime.startOutboxRelay();
  await runtime.serveGrpc(config.GRPC_PORT, [identityServiceBinding(modules)]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
