import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crmV1, TOPICS } from '@salesflow/contracts';
import {
  appendToOutbox,
  catalogTopics,
  createKafka,
  createLogger,
  createOutboxRelay,
  ensureTopics,
  type NewEvent,
  type OutboxRelay,
} from '@salesflow/platform';
import {
  createTestDatabase,
  eventually,
  type TestDatabase,
  testKafkaBrokers,
  waitUntilDrained,
} from '@salesflow/platform/testing';
import { Client } from 'pg';
import { CUSTOMER_TOPIC, OPPORTUNITY_TOPIC, type RunningMirror, startMirror } from '../mirror';

const log = createLogger('customer-mirror-test', 'silent');

/** The outbox's SqlExecutor over a plain pg client: a tagged template becomes $1, $2 ... */
function sqlExecutor(client: Client) {
  return {
    $executeRaw: (strings: TemplateStringsArray, ...values: unknown[]) =>
      client
        .query(
          strings.reduce((text, part, i) => `${text}${i === 0 ? '' : `$${i}`}${part}`, ''),
          values,
        )
        .then((result) => result.rowCount ?? 0),
  };
}

const PREFIX = `mirror-test-${process.pid}-${Date.now()}.`;
/** The customer and opportunity topics (and their snapshot twins) behind this run's prefix. */
const ownTopics = () =>
  catalogTopics([], [TOPICS.crmCustomer, TOPICS.crmOpportunity]).map((t) => ({ ...t, topic: PREFIX + t.topic }));
const CUSTOMERS = 1_000;
const CUSTOMER_REVISIONS = 10;
const OPPORTUNITIES = 100;
const OPPORTUNITY_REVISIONS = 5;

/**
 * The example consumer of examples/customer-mirror against the real broker, fed by the kit's
 * outbox relay exactly as crm publishes: after 10,500 changes, a mirror bootstrapped from the
 * snapshot topics + tail holds the same state as one that replayed the whole history, and both
 * hold what the last revision of each record says.
 */
describe('example customer mirror', () => {
  const tenantId = crypto.randomUUID();
  const ownerId = crypto.randomUUID();
  const customerId = (i: number) => `0190a5e4-0000-7000-8000-${String(i).padStart(12, '0')}`;
  const opportunityId = (i: number) => `0190a5e4-0000-7000-9000-${String(i).padStart(12, '0')}`;
  const kafka = createKafka({ clientId: 'customer-mirror-test', brokers: testKafkaBrokers(), log });
  let producerDb: TestDatabase;
  let historyDb: TestDatabase;
  let snapshotDb: TestDatabase;
  let producer: Client;
  let relay: OutboxRelay;
  const mirrors: RunningMirror[] = [];

  function customerEvent(i: number, revision: number): NewEvent<crmV1.CustomerChanged> {
    return {
      type: revision === 1 ? 'crm.customer.created' : 'crm.customer.updated',
      tenantId,
      aggregateId: customerId(i),
      aggregateVersion: revision,
      payload: crmV1.CustomerChanged.fromPartial({
        customer: {
          id: customerId(i),
          tenantId,
          name: `客户 ${i} 第${revision}版`,
          ownerId,
          lifecycle:
            revision >= 5
              ? crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_ACTIVE
              : crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_PROSPECT,
          version: String(revision),
        },
      }),
    };
  }

  function opportunityEvent(i: number, revision: number): NewEvent<crmV1.OpportunityChanged> {
    return {
      type: revision === 1 ? 'crm.opportunity.created' : 'crm.opportunity.amount_changed',
      tenantId,
      aggregateId: opportunityId(i),
      aggregateVersion: revision,
      payload: crmV1.OpportunityChanged.fromPartial({
        opportunity: {
          id: opportunityId(i),
          tenantId,
          name: `商机 ${i}`,
          customerId: customerId(i),
          amount: { amountMinor: String(revision * 100_000), currency: 'CNY' },
          stageId: `stage-${revision}`,
          status: crmV1.OpportunityStatus.OPPORTUNITY_STATUS_OPEN,
          ownerId,
          version: String(revision),
        },
      }),
    };
  }

  async function publish(events: NewEvent<unknown>[]): Promise<void> {
    await producer.query('BEGIN');
    for (const event of events) await appendToOutbox(sqlExecutor(producer), event, { source: '/salesflow/crm' });
    // This test's own copies of the topics: 10,500 records must not land on the topics every
    // other test of the run reads from the beginning.
    await producer.query(
      `UPDATE salesflow_outbox SET topic = $1 || topic, snapshot_topic = $1 || snapshot_topic
       WHERE sent_at IS NULL AND topic NOT LIKE $1 || '%'`,
      [PREFIX],
    );
    await producer.query('COMMIT');
    while ((await relay.flush()) > 0) {}
  }

  async function mirrored(db: RunningMirror) {
    const customers = await db.db.query(
      'SELECT id, name, owner_id, lifecycle, version::int AS version FROM mirror_customers WHERE tenant_id = $1 ORDER BY id',
      [tenantId],
    );
    const opportunities = await db.db.query(
      `SELECT id, customer_id, stage_id, status, amount_minor::int AS amount, currency, version::int AS version
       FROM mirror_opportunities WHERE tenant_id = $1 ORDER BY id`,
      [tenantId],
    );
    return { customers: customers.rows, opportunities: opportunities.rows };
  }

  /** Waits until the mirror holds every record at the given revisions. */
  function caughtUp(mirror: RunningMirror, customerRevision: (i: number) => number) {
    return eventually(
      () => mirrored(mirror),
      (state) =>
        state.customers.length === CUSTOMERS &&
        state.customers.every((row, i) => row.version === customerRevision(i)) &&
        state.opportunities.length === OPPORTUNITIES &&
        state.opportunities.every((row) => row.version === OPPORTUNITY_REVISIONS),
      { timeoutMs: 120_000, what: 'mirror caught up' },
    );
  }

  /** Waits until a mirror's group has committed every record now on the event topics. */
  const drained = (groupId: string) =>
    waitUntilDrained(
      kafka,
      groupId,
      [CUSTOMER_TOPIC, OPPORTUNITY_TOPIC].map((t) => PREFIX + t),
    );

  beforeAll(async () => {
    const noMigrations = mkdtempSync(join(tmpdir(), 'mirror-producer-'));
    producerDb = await createTestDatabase('mirror', noMigrations);
    historyDb = await createTestDatabase('mirror', noMigrations);
    snapshotDb = await createTestDatabase('mirror', noMigrations);
    producer = new Client({ connectionString: producerDb.url });
    await producer.connect();
    await ensureTopics(kafka, ownTopics());
    relay = createOutboxRelay({ databaseUrl: producerDb.url, kafka, log, batchSize: 2_000 });
  });

  afterAll(async () => {
    for (const mirror of mirrors) await mirror.stop().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: ownTopics().map((t) => t.topic) }).catch(() => undefined);
    await admin.disconnect();
    await relay?.stop().catch(() => undefined);
    await producer?.end();
    await producerDb?.drop();
    await historyDb?.drop();
    await snapshotDb?.drop();
  });

  it('gets the same state from snapshots + tail as from the full history, and redelivery changes nothing', async () => {
    // 1,000 customers x 10 revisions + 100 opportunities x 5 revisions = 10,500 changes, each
    // record's revisions in order (one partition per key).
    for (let revision = 1; revision <= CUSTOMER_REVISIONS; revision++) {
      const events: NewEvent<unknown>[] = [];
      for (let i = 0; i < CUSTOMERS; i++) events.push(customerEvent(i, revision));
      if (revision <= OPPORTUNITY_REVISIONS)
        for (let i = 0; i < OPPORTUNITIES; i++) events.push(opportunityEvent(i, revision));
      await publish(events);
    }

    const fromHistory = await startMirror({
      brokers: testKafkaBrokers(),
      databaseUrl: historyDb.url,
      groupId: `mirror-history-${tenantId}`,
      fromSnapshots: false,
      kafkaLogLevel: 0,
      topicPrefix: PREFIX,
    });
    mirrors.push(fromHistory);
    const fromSnapshots = await startMirror({
      brokers: testKafkaBrokers(),
      databaseUrl: snapshotDb.url,
      groupId: `mirror-snapshots-${tenantId}`,
      kafkaLogLevel: 0,
      topicPrefix: PREFIX,
    });
    mirrors.push(fromSnapshots);
    await caughtUp(fromHistory, () => CUSTOMER_REVISIONS);
    await caughtUp(fromSnapshots, () => CUSTOMER_REVISIONS);

    // The tail: customers 0-9 change once more while both mirrors run.
    await publish(Array.from({ length: 10 }, (_, i) => customerEvent(i, CUSTOMER_REVISIONS + 1)));
    const eleventhForFirstTen = (i: number) => (i < 10 ? CUSTOMER_REVISIONS + 1 : CUSTOMER_REVISIONS);
    await caughtUp(fromHistory, eleventhForFirstTen);
    const state = await caughtUp(fromSnapshots, eleventhForFirstTen);

    expect(await mirrored(fromHistory)).toEqual(state);
    // By hand: customer 0 ended at revision 11, customer 999 at 10 (ACTIVE from revision 5 on);
    // every opportunity at revision 5: stage-5, 5 x 100,000 = 500,000 minor units.
    expect(state.customers[0]).toEqual({
      id: customerId(0),
      name: '客户 0 第11版',
      owner_id: ownerId,
      lifecycle: 'CUSTOMER_LIFECYCLE_ACTIVE',
      version: 11,
    });
    expect(state.customers[999]).toMatchObject({ name: '客户 999 第10版', version: 10 });
    expect(state.opportunities[42]).toEqual({
      id: opportunityId(42),
      customer_id: customerId(42),
      stage_id: 'stage-5',
      status: 'OPPORTUNITY_STATUS_OPEN',
      amount: 500_000,
      currency: 'CNY',
      version: 5,
    });

    // A relay that crashed before marking re-publishes old revisions: nothing moves backwards.
    await producer.query(`UPDATE salesflow_outbox SET sent_at = NULL WHERE message_key LIKE $1`, [`${tenantId}:%`]);
    const republished = await relay.flush();
    expect(republished).toBeGreaterThan(0);
    while ((await relay.flush()) > 0) {}
    await drained(`mirror-snapshots-${tenantId}`);
    await drained(`mirror-history-${tenantId}`);
    expect(await mirrored(fromSnapshots)).toEqual(state);
    expect(await mirrored(fromHistory)).toEqual(state);
  });
});
