import { eventually } from '@salesflow/platform/testing';
import { Client } from 'pg';
import { ApiClient } from './support/api-client';
import { type Stack, startTestStack, testBroker } from './support/stack-fixture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

const BURST = 1000;
const CONCURRENCY = 16;

async function queryOne(url: string, sql: string, params: unknown[] = []): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(sql, params);
    return Number(Object.values(rows[0] as Record<string, unknown>)[0]);
  } finally {
    await client.end();
  }
}

/**
 * ARCHITECTURE §2 promises at-least-once delivery with an exactly-once effect. This test
 * breaks every link of the pipeline during a burst of 1,000 lead creations: the broker is
 * SIGKILLed mid-burst, the crm process (and its relay) is SIGKILLed with a backlog in the
 * outbox, and the analytics consumer is SIGKILLed while it is catching up. Analytics must
 * end with exactly 1,000: nothing lost, nothing counted twice.
 */
describe('pipeline under failure', () => {
  let stack: Stack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack();
    const demo = seedIdentity(stack);
    api = new ApiClient(stack.gatewayUrl);
    await api.login(demo.tenantCode, demo.adminEmail, demo.password);
  });

  afterAll(async () => {
    testBroker('start');
    await stack?.stop();
  });

  it('counts exactly 1,000 leads after broker, relay and consumer crashes', async () => {
    let sent = 0;
    let brokerKilled = false;
    const statuses: number[] = [];
    const worker = async () => {
      while (sent < BURST) {
        const n = ++sent;
        if (n === Math.floor(BURST / 3) && !brokerKilled) {
          brokerKilled = true;
          testBroker('kill');
        }
        const res = await api.request('POST', '/api/v1/leads', {
          name: `压测线索 ${n}`,
          company: `测试公司 ${n}`,
          source: n % 2 === 0 ? 'web' : 'exhibition',
        });
        statuses.push(res.status);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // Writes never needed the broker: every request succeeded and sits in crm's database.
    expect(statuses.filter((s) => s === 201)).toHaveLength(BURST);
    expect(await queryOne(stack.databaseUrl('crm'), 'SELECT count(*) FROM leads')).toBe(BURST);
    const backlog = await queryOne(
      stack.databaseUrl('crm'),
      'SELECT count(*) FROM salesflow_outbox WHERE sent_at IS NULL',
    );
    expect(backlog).toBeGreaterThan(0);

    // The relay dies with undelivered rows; broker and relay come back.
    await stack.process('crm').kill();
    testBroker('start');
    await stack.process('crm').start();

    // The test broker's topics outlive test runs and hold other tenants' leads: count ours.
    const tenantId = api.tenantId();
    const ourFacts = () =>
      queryOne(stack.databaseUrl('analytics'), 'SELECT count(*) FROM lead_facts WHERE tenant_id = $1', [tenantId]);

    // Kill the consumer once it is part-way through.
    const partial = await eventually(ourFacts, (n) => n > 0, {
      what: 'analytics starting to consume',
      timeoutMs: 120_000,
      intervalMs: 50,
    });
    await stack.process('analytics').kill();
    await stack.process('analytics').start();

    const summary = await eventually(
      async () => (await api.request('GET', '/api/v1/analytics/leads/summary')).body as { total: number },
      (s) => s.total >= BURST,
      { what: `analytics reaching ${BURST} (was ${partial} when killed)`, timeoutMs: 180_000, intervalMs: 500 },
    );
    // Drained: nothing left to publish, so the count can no longer move.
    await eventually(
      () => queryOne(stack.databaseUrl('crm'), 'SELECT count(*) FROM salesflow_outbox WHERE sent_at IS NULL'),
      (n) => n === 0,
      { what: 'outbox drained' },
    );
    expect(summary).toEqual({ total: BURST, bySource: { exhibition: BURST / 2, web: BURST / 2 } });
    expect(await ourFacts()).toBe(BURST);
  });
});
