// A Salesflow integrator's consumer, written the way docs/events.md tells one to be written:
// plain kafkajs and pg, and only the generated protobuf bindings of @salesflow/contracts.
// It keeps customers and opportunities in tables of its own:
//   1. bootstrap: read the compacted snapshot topics from the beginning to their end offsets
//      (the latest state per key), unless told to start from the full history;
//   2. tail: consume the event topics in a consumer group; every write keeps the higher
//      aggregateVersion, so redelivered, replayed or already-bootstrapped events change nothing.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { Pool } = require('pg');
const { crmV1, eventsV1 } = require('@salesflow/contracts');

const CUSTOMER_TOPIC = 'salesflow.crm.customer.v1';
const OPPORTUNITY_TOPIC = 'salesflow.crm.opportunity.v1';
const SNAPSHOT_TOPICS = ['salesflow.crm.customer.snapshot.v1', 'salesflow.crm.opportunity.snapshot.v1'];

/** The payload messages this mirror reads; any other payload (new event types) is skipped. */
const PAYLOADS = {
  'salesflow.crm.v1.CustomerChanged': (bytes) => ({ customer: crmV1.CustomerChanged.decode(bytes).customer }),
  'salesflow.crm.v1.OpportunityChanged': (bytes) => ({
    opportunity: crmV1.OpportunityChanged.decode(bytes).opportunity,
  }),
  'salesflow.crm.v1.OpportunityStageChanged': (bytes) => ({
    opportunity: crmV1.OpportunityStageChanged.decode(bytes).opportunity,
  }),
};

/** Decodes a record's value (an EventEnvelope) into the aggregate it carries, or undefined. */
function decodeRecord(value) {
  const envelope = eventsV1.EventEnvelope.decode(value);
  const typeName = envelope.payload?.typeUrl.slice(envelope.payload.typeUrl.lastIndexOf('/') + 1);
  const decode = PAYLOADS[typeName];
  if (!decode) return undefined;
  return { envelope, ...decode(envelope.payload.value) };
}

async function upsertCustomer(db, version, customer) {
  await db.query(
    `INSERT INTO mirror_customers (tenant_id, id, name, owner_id, lifecycle, version, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, id) DO UPDATE
       SET name = EXCLUDED.name, owner_id = EXCLUDED.owner_id, lifecycle = EXCLUDED.lifecycle,
           version = EXCLUDED.version, state = EXCLUDED.state
     WHERE mirror_customers.version < EXCLUDED.version`,
    [
      customer.tenantId,
      customer.id,
      customer.name,
      customer.ownerId,
      crmV1.customerLifecycleToJSON(customer.lifecycle),
      version,
      crmV1.Customer.toJSON(customer),
    ],
  );
}

async function upsertOpportunity(db, version, opportunity) {
  await db.query(
    `INSERT INTO mirror_opportunities
       (tenant_id, id, customer_id, name, stage_id, status, amount_minor, currency, version, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, id) DO UPDATE
       SET customer_id = EXCLUDED.customer_id, name = EXCLUDED.name, stage_id = EXCLUDED.stage_id,
           status = EXCLUDED.status, amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
           version = EXCLUDED.version, state = EXCLUDED.state
     WHERE mirror_opportunities.version < EXCLUDED.version`,
    [
      opportunity.tenantId,
      opportunity.id,
      opportunity.customerId,
      opportunity.name,
      opportunity.stageId,
      crmV1.opportunityStatusToJSON(opportunity.status),
      opportunity.amount?.amountMinor ?? '0',
      opportunity.amount?.currency ?? '',
      version,
      crmV1.Opportunity.toJSON(opportunity),
    ],
  );
}

/** Applies one Kafka record; returns true when it carried something this mirror keeps. */
async function applyRecord(db, value) {
  if (!value) return false;
  const decoded = decodeRecord(value);
  if (!decoded) return false;
  const version = decoded.envelope.aggregateVersion;
  if (decoded.customer) await upsertCustomer(db, version, decoded.customer);
  else if (decoded.opportunity) await upsertOpportunity(db, version, decoded.opportunity);
  else return false;
  return true;
}

/**
 * Reads the snapshot topics from their beginning to the end offsets they had when it started.
 * A throwaway group id: the snapshot read is positional, nothing is committed.
 */
async function bootstrapFromSnapshots(kafka, db, log) {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map();
  try {
    for (const topic of SNAPSHOT_TOPICS) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) remaining.set(`${topic}/${partition}`, BigInt(high) - 1n);
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (remaining.size === 0) return 0;
  const consumer = kafka.consumer({ groupId: `mirror-bootstrap-${process.pid}-${Date.now()}` });
  let applied = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: SNAPSHOT_TOPICS, fromBeginning: true });
    await new Promise((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const last = remaining.get(`${topic}/${partition}`);
            if (last === undefined) return;
            if (await applyRecord(db, message.value)) applied += 1;
            if (BigInt(message.offset) >= last) {
              remaining.delete(`${topic}/${partition}`);
              if (remaining.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  log(`bootstrapped ${applied} records from the snapshot topics`);
  return applied;
}

/**
 * Starts the mirror. Options: brokers (array), databaseUrl, groupId, fromSnapshots (default
 * true; false replays the event topics' whole history instead), log (a function), kafkaLogLevel
 * (kafkajs' logLevel, WARN by default).
 */
async function startMirror({
  brokers,
  databaseUrl,
  groupId,
  fromSnapshots = true,
  log = () => {},
  kafkaLogLevel = logLevel.WARN,
}) {
  const db = new Pool({ connectionString: databaseUrl, max: 4 });
  await db.query(readFileSync(join(__dirname, 'schema.sql'), 'utf8'));
  const kafka = new Kafka({ clientId: 'salesflow-customer-mirror', brokers, logLevel: kafkaLogLevel });
  if (fromSnapshots) await bootstrapFromSnapshots(kafka, db, log);
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [CUSTOMER_TOPIC, OPPORTUNITY_TOPIC], fromBeginning: true });
  // Offsets are committed only after a record's upsert returned: a crash re-delivers it, and the
  // version guard makes the second write a no-op.
  await consumer.run({ eachMessage: async ({ message }) => void (await applyRecord(db, message.value)) });
  return {
    db,
    async stop() {
      await consumer.disconnect();
      await db.end();
    },
  };
}

module.exports = { startMirror, decodeRecord, CUSTOMER_TOPIC, OPPORTUNITY_TOPIC, SNAPSHOT_TOPICS };
