import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '@salesflow/platform/testing';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');
const CRM = join(ROOT, 'services/crm/dist/main.js');

function run(env: Record<string, string>): {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const proc = spawn(process.execPath, [CRM], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout?.on('data', (d) => {
    output += d;
  });
  proc.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output: () => output, exited };
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 0;
  }
}

describe('a service started in a bad environment', () => {
  it('stops at once with one line naming a bad variable', async () => {
    const { output, exited } = run({ GRPC_PORT: 'seventy', HTTP_PORT: '9182' });
    expect(await exited).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^invalid configuration: GRPC_PORT is "seventy": /)]);
  });

  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  // A database of this run's own: one left by an older checkout could hold other migrations.
  const goodDatabase = `${adminUrl.replace(/\/[^/]*$/, '')}/salesflow_e2e_startup_${process.pid}`;

  afterAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "salesflow_e2e_startup_${process.pid}" WITH (FORCE)`);
    await admin.end();
  });

  it.each([
    ['broker', 'kafka', { KAFKA_BROKERS: '127.0.0.1:1', DATABASE_URL: goodDatabase }],
    ['database', 'database', { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/salesflow_nowhere' }],
  ])('waits for an unreachable %s, alive but not ready, instead of crash-looping', async (_what, check, env) => {
    // Nothing listens on port 1.
    const { proc, exited } = run({ ...env, HTTP_PORT: '9183', GRPC_PORT: '59183' });
    try {
      await eventually(
        () => status('http://127.0.0.1:9183/healthz'),
        (s) => s === 200,
        { what: 'liveness' },
      );
      const ready = await fetch('http://127.0.0.1:9183/readyz');
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { failing: string[] }).failing).toEqual(expect.arrayContaining([check]));
      // Still waiting, still alive, a while later.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(proc.exitCode).toBeNull();
      expect(await status('http://127.0.0.1:9183/readyz')).toBe(503);
    } finally {
      proc.kill('SIGTERM');
      await exited;
    }
  });
});
