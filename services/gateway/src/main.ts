import './instrumentation';
import { bootService, createLogger } from '@salesflow/platform';
import { createApp } from './app';
import { createTokenVerifier } from './auth/token-verifier';
import { createServiceClients } from './clients/service-clients';
import { loadGatewayConfig } from './config';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const log = createLogger('gateway', config.LOG_LEVEL);

  const clients = createServiceClients(config);
  const tokenVerifier = createTokenVerifier({
    fetchJwks: async () => (await clients.identity.getJwks({})).jwksJson,
  });
  const app = createApp({
    clients,
    tokenVerifier,
    log,
    bodyLimit: config.BODY_LIMIT,
    corsOrigins: config.CORS_ORIGINS,
  });

  const runtime = await bootService({
    name: 'gateway',
    log,
    withoutDatabase: true,
    httpHandler: app,
    httpPort: config.HTTP_PORT,
    kafkaBrokers: config.KAFKA_BROKERS,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
  runtime.onStop('grpc clients', async () => clients.close());
  runtime.markReady();
}

main().catch((error: unknown) => {
  // One line, as for every service: a config error names the variable in its message.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
