// Ingest benchmark: events/s from Kafka into the projections (batch consumer, multi-row
// upserts), and freshness (event time -> committed) at a steady 1,000 events/s.
//   node services/analytics/bench/ingest.bench.js [events=200000] [partitionsConsumedConcurrently=3]
// Needs the built workspace, PostgreSQL and a broker (KAFKA_BROKERS, or the test broker:
// `node tests/support/...` starts it when integration tests run).
const { randomUUID } = require('node:crypto');
const pino = require('pino');
const { Pool } = require('pg');
const { crmV1, fieldV1, messageKey, eventType } = require('@salesflow/contracts');
const { catalogTopics, createKafka, encodeEnvelope, ensureTopics } = require('@salesflow/platform');
const { createProjectionRunner } = require('../dist/projections/projection-runner');
const { brokers, dropDatabase, freshDatabase, percentile, truncateTopics } = require('./bench-support');
const { PROJECTED_TOPICS } = require('../dist/projections/projection-runner');

const log = pino({ level: 'silent' });
const TOTAL = Number(process.argv[2] ?? 200_000);
const CONCURRENCY = Number(process.argv[3] ?? 3);
const tenantId = randomUUID();
const reps = Array.from({ length: 200 }, () => randomUUID());
const customers = Array.from({ length: 5_000 }, () => randomUUID());
const money = (n) => ({ amountMinor: String(n), currency: 'CNY' });

/** One realistic event: visits (50 %), payments (25 %), contracts (25 %), in July 2026. */
function makeEvent(i, occurredAt = new Date()) {
  const owner = reps[i % reps.length];
  const customerId = customers[i % customers.length];
  const attribution = {
    ownerId: owner,
    departmentId: 'd',
    departmentPath: 'root/d/',
    customerId,
    region: '华东',
    customerSegment: 'key',
  };
  const day = `2026-07-${String((i % 31) + 1).padStart(2, '0')}`;
  const id = randomUUID();
  switch (i % 4) {
    case 0:
      return {
        type: 'crm.contract.signed',
        aggregateId: id,
        payload: crmV1.ContractChanged.fromPartial({
          contract: {
            id,
            tenantId,
            ownerId: owner,
            customerId,
            status: 'CONTRACT_STATUS_SIGNED',
            signedOn: day,
            version: '1',
            totalAmount: money(100_000),
            lines: [{ id: 'l', productLine: `P${i % 3}`, amount: money(100_000) }],
          },
          attribution,
        }),
        occurredAt,
      };
    case 1:
      return {
        type: 'crm.payment.received',
        aggregateId: id,
        payload: crmV1.PaymentChanged.fromPartial({
          payment: {
            id,
            tenantId,
            customerId,
            ownerId: owner,
            receivedOn: day,
            amount: money(50_000),
            status: 'PAYMENT_STATUS_RECEIVED',
            version: '1',
          },
          attribution,
          productLineSplit: [{ productLine: `P${i % 3}`, amountMinor: '50000' }],
        }),
        occurredAt,
      };
    default:
      return {
        type: i % 8 === 2 ? 'field.visit.effective' : 'field.visit.completed',
        aggregateId: id,
        payload: fieldV1.VisitRecorded.fromPartial({
          visit: { id, tenantId, employeeId: owner, customerId, localDate: day, effective: i % 8 === 2, version: '1' },
          attribution,
        }),
        occurredAt,
      };
  }
}

function toMessage(event) {
  const spec = eventType(event.type);
  const id = randomUUID();
  return {
    topic: spec.topic.name,
    message: {
      key: messageKey(tenantId, event.aggregateId),
      value: Buffer.from(encodeEnvelope(id, { ...event, tenantId, aggregateVersion: 1 })),
      headers: { ce_id: id, ce_type: event.type },
    },
  };
}

async function produce(producer, events) {
  const byTopic = new Map();
  for (const e of events) {
    const { topic, message } = toMessage(e);
    if (!byTopic.has(topic)) byTopic.set(topic, []);
    byTopic.get(topic).push(message);
  }
  await producer.sendBatch({ acks: 1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
}

async function main() {
  const kafka = createKafka({ clientId: 'ingest-bench', brokers: brokers(), log });
  await ensureTopics(kafka, catalogTopics());
  const url = await freshDatabase('ingest');
  const pool = new Pool({ connectionString: url, max: 6 });
  const producer = kafka.producer();
  await producer.connect();
  try {
    // 1. Throughput: produce TOTAL events first, then time a new group draining them.
    process.stdout.write(`producing ${TOTAL} events... `);
    for (let i = 0; i < TOTAL; i += 5_000) {
      await produce(
        producer,
        Array.from({ length: Math.min(5_000, TOTAL - i) }, (_, j) => makeEvent(i + j)),
      );
    }
    console.log('done');
    let applied = 0;
    let batches = 0;
    let firstAt = 0;
    const groupPrefix = `analytics.bench.${randomUUID()}`;
    const runner = createProjectionRunner({
      kafka,
      pool,
      log,
      timeZone: 'Asia/Shanghai',
      pollMs: 60_000,
      groupPrefix,
      partitionsConsumedConcurrently: CONCURRENCY,
      onCommitted: (events) => {
        if (!firstAt) firstAt = Date.now();
        batches++;
        for (const e of events) if (e.tenantId === tenantId) applied++;
      },
    });
    const started = Date.now();
    await runner.start();
    while (applied < TOTAL) {
      await new Promise((r) => setTimeout(r, 100));
      if (Date.now() - started > 600_000) throw new Error(`only ${applied} of ${TOTAL} applied in 10 minutes`);
    }
    const seconds = (Date.now() - firstAt) / 1000;
    const rollups = await pool.query(
      'SELECT count(*)::int AS n, sum(visits)::int AS visits FROM daily_rollups WHERE tenant_id = $1',
      [tenantId],
    );
    console.log(
      `ingest (${CONCURRENCY} partitions at once): ${TOTAL} events in ${seconds.toFixed(1)} s = ${Math.round(TOTAL / seconds)} events/s ` +
        `(from first batch; ${batches} batches of ${Math.round(TOTAL / batches)} events on average; ` +
        `${rollups.rows[0].n} rollup rows, ${rollups.rows[0].visits} visits)`,
    );

    // 2. Freshness at 1,000 events/s for 20 s: event time (set at send) -> committed.
    const lags = [];
    const freshRunnerTenant = tenantId;
    await runner.stop();
    const freshness = createProjectionRunner({
      kafka,
      pool,
      log,
      timeZone: 'Asia/Shanghai',
      pollMs: 60_000,
      groupPrefix,
      partitionsConsumedConcurrently: CONCURRENCY,
      onCommitted: (events) => {
        const now = Date.now();
        for (const e of events) if (e.tenantId === freshRunnerTenant) lags.push(now - e.occurredAt.getTime());
      },
    });
    await freshness.start();
    await new Promise((r) => setTimeout(r, 3_000));
    lags.length = 0;
    const RATE = 1_000;
    const SECONDS = 20;
    for (let s = 0; s < SECONDS * 10; s++) {
      const tick = Date.now();
      await produce(
        producer,
        Array.from({ length: RATE / 10 }, (_, j) => makeEvent(s * 100 + j, new Date())),
      );
      const wait = 100 - (Date.now() - tick);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const deadline = Date.now() + 30_000;
    while (lags.length < RATE * SECONDS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const sorted = [...lags].sort((a, b) => a - b);
    console.log(
      `freshness at ${RATE} events/s over ${SECONDS} s (${sorted.length} events): p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms`,
    );
    await freshness.stop();
  } finally {
    // On the checkout's test broker, leave the topics as empty as the tests expect them.
    if (!process.env.KAFKA_BROKERS)
      await truncateTopics(
        kafka,
        PROJECTED_TOPICS.map((t) => t.name),
      );
    await producer.disconnect();
    await pool.end();
    await dropDatabase(url);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
