// Starts and stops the whole Salesflow system on one machine: PostgreSQL (the machine's
// server, or DATABASE_URL's), Kafka (KAFKA_BROKERS, or a local KRaft broker started from
// deploy/local/kafka), and every service as its own `node` process. Used by `./salesflow up`
// and by the end-to-end tests, so that what the tests run is what a user runs.
const { spawn, execFileSync } = require('node:child_process');
const { createWriteStream, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');

const ROOT = join(__dirname, '..');

/** Start order matters only for a quick first boot: identity's events feed the others. */
const SERVICES = [
  { name: 'identity', grpc: 50051, http: 8081 },
  { name: 'crm', grpc: 50052, http: 8082 },
  { name: 'goals', grpc: 50053, http: 8083 },
  { name: 'field', grpc: 50054, http: 8084 },
  { name: 'analytics', grpc: 50055, http: 8085 },
  { name: 'notifications', grpc: 50056, http: 8086 },
  { name: 'gateway', grpc: 0, http: 8080 },
];

/**
 * @typedef {object} StackOptions
 * @property {string} databasePrefix   database names are `<prefix>_<service>`
 * @property {number} portOffset       added to every service port (tests run beside a dev stack)
 * @property {number} [grpcPortOffset] added to the gRPC ports instead, when given
 * @property {string} kafkaStateDir    where the local broker keeps its data
 * @property {number} kafkaPort
 * @property {boolean} [freshKafka]    wipe the local broker's data first (tests)
 * @property {boolean} [freshDatabases] drop the service databases first (tests)
 * @property {string} logsDir
 * @property {Record<string, string>} [env]  extra environment for every service
 * @property {(line: string) => void} [say]
 */

function postgresBaseUrl() {
  const url = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url;
}

async function waitForPostgres(say) {
  const url = postgresBaseUrl().toString();
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (attempt === 1) say(`waiting for PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} (${error.message})`);
      if (attempt >= 30) throw new Error(`PostgreSQL is not reachable at ${url}: ${error.message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function dropDatabases(names) {
  const client = new Client({ connectionString: postgresBaseUrl().toString() });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function kafkaScript(args, options) {
  execFileSync('bash', [join(ROOT, 'deploy/local/kafka/kafka.sh'), ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      SALESFLOW_STATE_DIR: options.kafkaStateDir,
      KAFKA_PORT: String(options.kafkaPort),
      KAFKA_CONTROLLER_PORT: String(options.kafkaPort + 1),
    },
  });
}

/** Starts (or reuses) the broker and returns the bootstrap address list. */
function ensureKafka(options) {
  if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS;
  if (options.freshKafka) kafkaScript(['reset'], options);
  kafkaScript(['start'], options);
  return `127.0.0.1:${options.kafkaPort}`;
}

function databaseUrlFor(options, service) {
  const url = postgresBaseUrl();
  url.pathname = `/${options.databasePrefix}_${service}`;
  return url.toString();
}

function grpcPort(options, name) {
  return SERVICES.find((s) => s.name === name).grpc + (options.grpcPortOffset ?? options.portOffset);
}

function serviceEnv(options, service, brokers) {
  const port = (p) => String(p + options.portOffset);
  const addr = (name) => `127.0.0.1:${grpcPort(options, name)}`;
  return {
    ...process.env,
    KAFKA_BROKERS: brokers,
    HTTP_PORT: port(service.http),
    // Every service has a database of its own; the gateway's holds idempotency keys and rate-limit counters.
    DATABASE_URL: databaseUrlFor(options, service.name),
    ...(service.grpc ? { GRPC_PORT: String(grpcPort(options, service.name)) } : {}),
    IDENTITY_GRPC_ADDR: addr('identity'),
    CRM_GRPC_ADDR: addr('crm'),
    GOALS_GRPC_ADDR: addr('goals'),
    FIELD_GRPC_ADDR: addr('field'),
    ANALYTICS_GRPC_ADDR: addr('analytics'),
    NOTIFICATIONS_GRPC_ADDR: addr('notifications'),
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    ...options.env,
  };
}

async function waitReady(url, proc, name, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with code ${proc.exitCode} before it was ready`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s (${url})`);
}

/** One service process: can be killed (SIGKILL, as a crash) and started again. */
class ServiceProcess {
  constructor(service, env, logsDir) {
    this.service = service;
    this.env = env;
    this.logFile = join(logsDir, `${service.name}.log`);
    this.proc = undefined;
  }

  get readyUrl() {
    return `http://127.0.0.1:${this.env.HTTP_PORT}/readyz`;
  }

  async start() {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const entry = join(ROOT, 'services', this.service.name, 'dist', 'main.js');
    this.proc = spawn(process.execPath, [entry], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout.pipe(log);
    this.proc.stderr.pipe(log);
    await waitReady(this.readyUrl, this.proc, this.service.name);
  }

  /** Ends the process the way a crash or an OOM kill does: no shutdown hooks run. */
  async kill() {
    await this.signalAndWait('SIGKILL');
  }

  async stop() {
    await this.signalAndWait('SIGTERM');
  }

  async signalAndWait(signal) {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise((resolve) => {
      proc.once('exit', resolve);
      proc.kill(signal);
    });
  }
}

/**
 * @param {StackOptions} options
 */
async function startStack(options) {
  const say = options.say || ((line) => console.log(line));
  mkdirSync(options.logsDir, { recursive: true });
  await waitForPostgres(say);
  if (options.freshDatabases) {
    await dropDatabases(SERVICES.map((s) => `${options.databasePrefix}_${s.name}`));
  }
  const brokers = ensureKafka(options);
  const processes = new Map();
  const stack = {
    brokers,
    gatewayUrl: `http://127.0.0.1:${8080 + options.portOffset}`,
    databaseUrl: (name) => databaseUrlFor(options, name),
    grpcAddress: (name) => `127.0.0.1:${grpcPort(options, name)}`,
    process: (name) => processes.get(name),
    /** The gateway first (no new requests), then the services together. */
    async stop() {
      await processes.get('gateway')?.stop();
      await Promise.all([...processes.values()].map((proc) => proc.stop()));
    },
  };
  try {
    for (const service of SERVICES) {
      const proc = new ServiceProcess(service, serviceEnv(options, service, brokers), options.logsDir);
      processes.set(service.name, proc);
      say(`starting ${service.name}`);
      await proc.start();
    }
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

module.exports = { startStack, SERVICES, ROOT, databaseUrlFor };
