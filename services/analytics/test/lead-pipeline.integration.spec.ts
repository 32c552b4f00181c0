import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, deadLetterTopic, TOPICS } from '@salesflow/contracts';
import {
  catalogTopics,
  consumedEvents,
  createEventConsumer,
  createKafka,
  createOutboxRelay,
  type EventConsumer,
  ensureTopics,
  type OutboxRelay,
} from '@salesflow/platform';
import { createTestDatabase, eventually, type TestDatabase, testKafkaBrokers } from '@salesflow/platform/testing';
import { Client } from 'pg';
import pino from 'pino';
import { createCrmDatabase } from '../../crm/src/database';
import { LeadService } from '../../crm/src/modules/lead/lead.service';
import { leadFactHandlers } from '../src/consumers/lead-facts.consumer';
import { createAnalyticsDatabase } from '../src/database';

const log = pino({ level: 'silent' });

async function sql(url: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * crm outbox -> relay -> real Kafka -> analytics inbox consumer, with the failure cases the
 * kit must absorb: the same events published twice, a message that is not an envelope, and
 * a handler that keeps failing.
 */
describe('lead pipeline through real Kafka', () => {
  const tenantId = randomUUID();
  const principal = commonV1.Principal.fromPartial({
    tenantId,
    employeeId: randomUUID(),
    permissions: ['*'],
    dataScope: 'DATA_SCOPE_TENANT',
  });
  const kafka = createKafka({ clientId: 'pipeline-test', brokers: testKafkaBrokers(), log });
  const group = `analytics.test.${randomUUID()}`;
  let crmDb: TestDatabase;
  let analyticsDb: TestDatabase;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  const crm = () => createCrmDatabase(crmDb.url);

  beforeAll(async () => {
    crmDb = await createTestDatabase('crm', join(__dirname, '../../crm/prisma/migrations'), { orgReplica: true });
    analyticsDb = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'));
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
    relay = createOutboxRelay({ databaseUrl: crmDb.url, kafka, log, idleDelayMs: 50 });
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop().catch(() => undefined);
    await crmDb?.drop();
    await analyticsDb?.drop();
  });

  it('applies each event once although it is delivered twice, and dead-letters what it cannot apply', async () => {
    const db = crm();
    const leads = new LeadService(db, { source: '/salesflow/crm' });
    const created = [
      await leads.create(principal, { name: '王建国', source: 'EXHIBITION' }),
      await leads.create(principal, { name: '李晓梅', source: 'WEB' }),
      await leads.create(principal, { name: '张伟', source: 'WEB' }),
    ];
    await db.$disconnect();

    // Publish, then publish the same rows again: what a relay crash after send but before
    // marking does.
    expect(await relay.flush()).toBe(3);
    await sql(crmDb.url, 'UPDATE salesflow_outbox SET sent_at = NULL');
    expect(await relay.flush()).toBe(3);

    // A message that is not an EventEnvelope at all.
    const producer = kafka.producer();
    await producer.connect();
    const poisonKey = `${tenantId}:poison`;
    await producer.send({
      topic: TOPICS.crmLead.name,
      messages: [{ key: poisonKey, value: Buffer.from('not protobuf') }],
    });
    await producer.disconnect();

    const analytics = createAnalyticsDatabase(analyticsDb.url);
    consumer = createEventConsumer({
      kafka,
      groupId: group,
      topics: [TOPICS.crmLead],
      transaction: (fn) => analytics.$transaction(fn),
      handlers: leadFactHandlers,
      log,
      maxAttempts: 2,
    });
    await consumer.start();

    const facts = await eventually(
      () => analytics.leadFact.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } }),
      (rows) => rows.length >= 3,
      { what: 'three lead facts' },
    );
    // The second copies arrive after the first ones and are dropped by the inbox.
    const duplicates = async () =>
      (await consumedEvents.get()).values.find((v) => v.labels.group === group && v.labels.outcome === 'duplicate')
        ?.value ?? 0;
    await eventually(duplicates, (n) => n >= 3, { what: 'the second copies being seen' });
    expect(await analytics.leadFact.count({ where: { tenantId } })).toBe(3);
    expect(facts.map((f) => [f.leadId, f.source])).toEqual(created.map((l) => [l.id, `LEAD_SOURCE_${l.source}`]));
    const inbox = await sql(
      analyticsDb.url,
      'SELECT count(*)::int AS n FROM salesflow_inbox WHERE event_id = ANY($1::uuid[])',
      [(await sql(crmDb.url, 'SELECT id FROM salesflow_outbox')).map((r) => r.id)],
    );
    expect(inbox[0]?.n).toBe(3);

    // The poison message went to the dead-letter topic with the error, and did not block.
    const dlq = kafka.consumer({ groupId: `${group}.reader` });
    await dlq.connect();
    await dlq.subscribe({ topic: deadLetterTopic(group), fromBeginning: true });
    const dead = await new Promise<Record<string, string>>((resolve) => {
      void dlq.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== poisonKey) return;
          resolve(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])));
        },
      });
    });
    await dlq.disconnect();
    expect(dead.dlq_topic).toBe(TOPICS.crmLead.name);
    expect(dead.dlq_error).toMatch(/./);
    await analytics.$disconnect();
  });
});
