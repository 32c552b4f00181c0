import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// scripts/stack.js is plain JavaScript shared with `./salesflow up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStack, ROOT } = require('../../../scripts/stack.js') as {
  startStack(options: Record<string, unknown>): Promise<Stack>;
  ROOT: string;
};

export interface ServiceProcess {
  kill(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface Stack {
  brokers: string;
  gatewayUrl: string;
  databaseUrl(service: string): string;
  /** host:port of a service's gRPC server. */
  grpcAddress(service: string): string;
  process(name: string): ServiceProcess;
  stop(): Promise<void>;
}

// The tests' own broker, on a port of this checkout's own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const testKafka = require('../../support/test-kafka.js') as {
  port: number;
  stateDir: string;
  scriptEnv(): Record<string, string>;
};

/**
 * Every service as its own process (HTTP ports +1000, gRPC 21051-), fresh e2e databases. Two checkouts
 * testing on one machine at once set SALESFLOW_E2E_PORT_OFFSET and SALESFLOW_E2E_DATABASE_PREFIX
 * so that neither takes the other's ports nor drops the other's databases.
 */
export function startTestStack(): Promise<Stack> {
  const portOffset = Number(process.env.SALESFLOW_E2E_PORT_OFFSET ?? 1000);
  return startStack({
    databasePrefix: process.env.SALESFLOW_E2E_DATABASE_PREFIX ?? 'salesflow_e2e',
    portOffset,
    // gRPC ports 21051-21056: below Linux's ephemeral range (32768-60999). At 51054 an outgoing
    // connection (Kafka, PostgreSQL) had taken field's port, and the service could not listen.
    grpcPortOffset: portOffset - 30_000,
    kafkaStateDir: testKafka.stateDir,
    kafkaPort: testKafka.port,
    freshDatabases: true,
    logsDir: join(ROOT, '.local/logs/e2e'),
    // The fault test sends 1,000 writes as one user in seconds: far above a person's limit.
    // Webhook tests deliver to receivers on this machine's loopback, which production refuses.
    env: {
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      RATE_LIMIT_TENANT_PER_MINUTE: '100000',
      WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1/32',
    },
    say: () => undefined,
  });
}

/** Controls the local test broker: `kill` is SIGKILL, as a crashed broker. */
export function testBroker(command: 'kill' | 'start' | 'stop'): void {
  execFileSync('bash', [join(ROOT, 'deploy/local/kafka/kafka.sh'), command], {
    stdio: 'ignore',
    env: { ...process.env, ...testKafka.scriptEnv() },
  });
}
