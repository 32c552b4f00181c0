import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { loadIdentityConfig } from './config';
import { createIdentityDatabase } from './database';
import { identityServiceBinding } from './grpc/identity.handlers';
import { AuthService } from './modules/auth/auth.service';
import { EmployeeService } from './modules/employee/employee.service';
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

  const tokens = await TokenService.start(new SigningKeyRepository(db), {
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  log.info({ kid: tokens.kid }, 'signing key loaded');
  const auth = new AuthService(db, tokens);
  const employees = new EmployeeService(db);

  await runtime.startOutboxRelay();
  await runtime.serveGrpc(config.GRPC_PORT, [identityServiceBinding({ auth, tokens, employees })]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
