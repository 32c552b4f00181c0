import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ALL_TOPICS, commonV1, crmV1, deadLetterTopic } from '@salesflow/contracts';
import {
  appendToOutbox,
  catalogTopics,
  createEventConsumer,
  createKafka,
  createOutboxRelay,
  type EventConsumer,
  ensureTopics,
  type NewEvent,
  type OutboxRelay,
} from '@salesflow/platform';
import {
  createTestDatabase,
  eventually,
  rejectionOf,
  type TestDatabase,
  testKafkaBrokers,
} from '@salesflow/platform/testing';
import pino from 'pino';
import { webhookMatcherHandlers } from '../src/consumers/webhook-matcher.consumer';
import { createNotificationsDatabase, type NotificationsDatabase } from '../src/database';
import { WebhookService } from '../src/modules/webhook/webhook.service';
import { WebhookDeliveryWorker } from '../src/modules/webhook/webhook-delivery.worker';
import { parseAddressRanges } from '../src/modules/webhook/webhook-target';

const log = pino({ level: 'silent' });
const MIGRATIONS = join(__dirname, '../prisma/migrations');

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Real events through the outbox relay and Kafka into the matcher, then the delivery worker
 * POSTing to a receiver on 127.0.0.1 whose answers each test scripts.
 */
describe('outbound webhooks', () => {
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const admin = commonV1.Principal.fromPartial({ tenantId, employeeId: randomUUID(), permissions: ['*'] });
  const otherAdmin = commonV1.Principal.fromPartial({
    tenantId: otherTenantId,
    employeeId: randomUUID(),
    permissions: ['*'],
  });
  const rep = commonV1.Principal.fromPartial({
    tenantId,
    employeeId: randomUUID(),
    permissions: ['notifications.read'],
  });
  const kafka = createKafka({ clientId: 'webhooks-test', brokers: testKafkaBrokers(), log });
  const group = `notifications.webhooks.test.${randomUUID()}`;
  let source: TestDatabase;
  let target: TestDatabase;
  let sourceDb: NotificationsDatabase;
  let db: NotificationsDatabase;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  let receiver: Server;
  let baseUrl: string;
  const received: Received[] = [];
  // Status codes the receiver answers per path, in order; 200 once the script runs out.
  const script = new Map<string, number[]>();
  let webhooks: WebhookService;
  let worker: WebhookDeliveryWorker;

  /** How many of this file's events the group has applied (the broker keeps other tests' events too). */
  const consumedOfOurs = async () => {
    const ids = (await sourceDb.$queryRaw<{ id: string }[]>`SELECT id::text FROM salesflow_outbox`).map((r) => r.id);
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM salesflow_inbox WHERE consumer_group = ${group} AND event_id::text = ANY(${ids})`;
    return Number(row?.n);
  };
  const publish = async (events: NewEvent<unknown>[]) => {
    await sourceDb.$transaction(async (tx) => {
      for (const event of events) await appendToOutbox(tx, event, { source: '/salesflow/crm' });
    });
    await relay.flush();
  };
  const contractSigned = (tenant: string, id: string): NewEvent<unknown> => ({
    type: 'crm.contract.signed',
    tenantId: tenant,
    aggregateId: id,
    aggregateVersion: 1,
    payload: crmV1.ContractChanged.fromPartial({
      contract: { id, tenantId: tenant, number: 'HT-2026-001', title: '设备采购', ownerId: admin.employeeId },
    }),
  });
  /** Runs the worker until nothing is due. */
  const drain = async () => {
    while (await worker.runOnce()) {}
  };

  beforeAll(async () => {
    source = await createTestDatabase('whsrc', MIGRATIONS);
    target = await createTestDatabase('notifications', MIGRATIONS);
    sourceDb = createNotificationsDatabase(source.url);
    db = createNotificationsDatabase(target.url);
    // The receiver listens on 127.0.0.1, which only this exemption lets a webhook target.
    webhooks = new WebhookService(db, { allowedPrivateTargets: parseAddressRanges('127.0.0.1/32') });
    worker = new WebhookDeliveryWorker(db, {
      retryBaseMs: 200,
      maxAttempts: 2,
      disableAfterFailures: 2,
      timeoutMs: 2_000,
      pollMs: 50,
      log,
    });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        const status = script.get(req.url ?? '')?.shift() ?? 200;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    baseUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
    relay = createOutboxRelay({ databaseUrl: source.url, kafka, log, idleDelayMs: 50 });
  });

  const startMatcher = async () => {
    consumer = createEventConsumer({
      kafka,
      groupId: group,
      topics: ALL_TOPICS,
      transaction: (fn) => db.$transaction(fn),
      handlers: webhookMatcherHandlers,
      log,
    });
    await consumer.start();
  };

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop().catch(() => undefined);
    await new Promise<void>((r) => receiver?.close(() => r()));
    await sourceDb?.$disconnect();
    await db?.$disconnect();
    await source?.drop();
    await target?.drop();
  });

  it('validates subscriptions, shows a generated secret once, and keeps tenants and permissions apart', async () => {
    const bad = await rejectionOf(
      webhooks.create(admin, { eventPatterns: ['crm.', 'CRM.*'], url: 'ftp://x', secret: 'short', inactive: false }),
    );
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.details.fieldErrors?.map((e) => e.field)).toEqual([
      'eventPatterns.0',
      'eventPatterns.1',
      'url',
      'secret',
    ]);
    expect(
      (await rejectionOf(webhooks.create(rep, { eventPatterns: ['*'], url: baseUrl, secret: '', inactive: false })))
        .code,
    ).toBe('PERMISSION_DENIED');
    // The cluster's own network and the metadata service are not webhook targets.
    for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data/', 'http://127.0.0.2/hook']) {
      const privateTarget = await rejectionOf(
        webhooks.create(admin, { eventPatterns: ['*'], url, secret: '', inactive: false }),
      );
      expect(privateTarget.code).toBe('INVALID_ARGUMENT');
      expect(privateTarget.details.fieldErrors).toEqual([
        { field: 'url', message: 'must not point to a private, loopback or link-local address' },
      ]);
    }
    expect(await db.webhookSubscription.count()).toBe(0);

    const created = await webhooks.create(admin, {
      eventPatterns: ['crm.*'],
      url: `${baseUrl}/a`,
      secret: '',
      inactive: true,
    });
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(created.webhook).toMatchObject({ eventPatterns: ['crm.*'], active: false, version: '1' });
    expect(JSON.stringify(await webhooks.get(admin, created.webhook?.id ?? ''))).not.toContain(created.secret);
    expect((await rejectionOf(webhooks.get(otherAdmin, created.webhook?.id ?? ''))).code).toBe('NOT_FOUND');
    const stale = await rejectionOf(
      webhooks.update(admin, {
        id: created.webhook?.id ?? '',
        expectedVersion: '7',
        eventPatterns: [],
        setEventPatterns: false,
      }),
    );
    expect(stale.code).toBe('CONFLICT');
    const moved = await rejectionOf(
      webhooks.update(admin, {
        id: created.webhook?.id ?? '',
        expectedVersion: '1',
        url: 'http://[::1]:9000/hook',
        eventPatterns: [],
        setEventPatterns: false,
      }),
    );
    expect(moved.details.fieldErrors?.map((e) => e.field)).toEqual(['url']);
    expect((await webhooks.get(admin, created.webhook?.id ?? '')).url).toBe(`${baseUrl}/a`);
    await webhooks.delete(admin, created.webhook?.id ?? '');
    expect((await webhooks.list(admin, {})).webhooks).toEqual([]);
  });

  it('delivers a matching event once although it is published twice, signed with the timestamp', async () => {
    const secret = 'a-secret-of-our-integrator';
    const { webhook } = await webhooks.create(admin, {
      eventPatterns: ['crm.contract.*'],
      url: `${baseUrl}/ok`,
      secret,
      inactive: false,
    });
    // The other tenant subscribes to everything, and must get nothing of ours.
    await webhooks.create(otherAdmin, { eventPatterns: ['*'], url: `${baseUrl}/other`, secret: '', inactive: false });
    const contractId = randomUUID();
    await publish([
      contractSigned(tenantId, contractId),
      // Not matching crm.contract.*.
      {
        type: 'crm.ticket.opened',
        tenantId,
        aggregateId: randomUUID(),
        aggregateVersion: 1,
        payload: crmV1.TicketChanged.fromPartial({ ticket: { id: 't', tenantId } }),
      },
    ]);
    await sourceDb.$executeRaw`UPDATE salesflow_outbox SET sent_at = NULL`;
    await relay.flush();
    await startMatcher();
    await eventually(consumedOfOurs, (n) => n === 2, { what: 'both events consumed', timeoutMs: 180_000 });
    // The second copies come after the first: give the consumer a moment to see them too.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await db.webhookDelivery.count()).toBe(1);
    await drain();

    expect(received.map((r) => r.path)).toEqual(['/ok']);
    const [hit] = received;
    const timestamp = hit?.headers['salesflow-timestamp'] as string;
    // Recomputed by hand: hex HMAC-SHA256 over "<timestamp>.<body>" with the subscription's secret.
    const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${hit?.body}`).digest('hex')}`;
    expect(hit?.headers['salesflow-signature']).toBe(expected);
    expect(hit?.headers['salesflow-event-type']).toBe('crm.contract.signed');
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const body = JSON.parse(hit?.body ?? '{}');
    expect(hit?.headers['salesflow-event-id']).toBe(body.id);
    expect(body).toMatchObject({
      type: 'crm.contract.signed',
      tenantId,
      aggregateId: contractId,
      aggregateVersion: '1',
      payload: { contract: { id: contractId, number: 'HT-2026-001', title: '设备采购' } },
    });
    const log = await webhooks.deliveries(admin, { id: webhook?.id ?? '' });
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({
      status: 'DELIVERED',
      attempts: 1,
      attemptLog: [{ attempt: 1, statusCode: 200, error: '' }],
    });
    await webhooks.delete(admin, webhook?.id ?? '');
  });

  it('retries after a 500 with backoff, then succeeds; the log keeps both attempts', async () => {
    received.length = 0;
    script.set('/flaky', [500]);
    const { webhook } = await webhooks.create(admin, {
      eventPatterns: ['*'],
      url: `${baseUrl}/flaky`,
      secret: '',
      inactive: false,
    });
    const { delivery } = { delivery: await webhooks.test(admin, webhook?.id ?? '') };
    await drain();
    // Attempt 1 answered 500; the retry waits the base delay (200 ms), so nothing else is due yet.
    expect(received.map((r) => r.path)).toEqual(['/flaky']);
    const pending = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1 });
    const waitMs = pending.nextAttemptAt.getTime() - pending.createdAt.getTime();
    expect(waitMs).toBeGreaterThanOrEqual(200);
    await new Promise((r) => setTimeout(r, 300));
    await drain();
    expect(received.map((r) => r.path)).toEqual(['/flaky', '/flaky']);
    // The same event id and body both times; only the timestamp and signature are per attempt.
    expect(received[1]?.body).toBe(received[0]?.body);
    const log = await webhooks.deliveries(admin, { id: webhook?.id ?? '' });
    expect(log.deliveries[0]).toMatchObject({
      status: 'DELIVERED',
      attempts: 2,
      attemptLog: [
        { attempt: 1, statusCode: 500, error: 'HTTP 500' },
        { attempt: 2, statusCode: 200, error: '' },
      ],
    });
    await webhooks.delete(admin, webhook?.id ?? '');
  });

  it('disables a subscription after repeated failed deliveries and tells its creator', async () => {
    received.length = 0;
    // maxAttempts 2 x disableAfterFailures 2 = 4 failing answers.
    script.set('/down', [503, 503, 503, 503]);
    const { webhook } = await webhooks.create(admin, {
      eventPatterns: ['*'],
      url: `${baseUrl}/down`,
      secret: '',
      inactive: false,
    });
    const id = webhook?.id ?? '';
    await webhooks.test(admin, id);
    await webhooks.test(admin, id);
    await drain();
    await new Promise((r) => setTimeout(r, 300));
    await drain();
    expect(received).toHaveLength(4);
    const disabled = await webhooks.get(admin, id);
    expect(disabled).toMatchObject({ active: false, consecutiveFailures: 2, version: '2' });
    expect(disabled.disabledReason).toContain('2 deliveries in a row failed');
    const notices = await db.notification.findMany({ where: { recipientId: admin.employeeId } });
    expect(notices.map((n) => [n.kind, n.subjectId])).toEqual([['webhooks.subscription.disabled', id]]);
    // Two failed deliveries in a row, the last one answered 503: what a console words the notice with.
    expect(notices[0]?.params).toEqual({ url: `${baseUrl}/down`, failures: '2', lastError: 'HTTP 503' });

    // While disabled, nothing is sent; turning it back on resets the count and sends what is due.
    await webhooks.test(admin, id);
    await drain();
    expect(received).toHaveLength(4);
    const enabled = await webhooks.update(admin, {
      id,
      expectedVersion: '2',
      eventPatterns: [],
      setEventPatterns: false,
      active: true,
    });
    expect(enabled).toMatchObject({ active: true, consecutiveFailures: 0, disabledReason: '' });
    await drain();
    expect(received).toHaveLength(5);
    expect((await webhooks.get(admin, id)).consecutiveFailures).toBe(0);
  });

  it('gives another tenant’s subscription nothing of this tenant', async () => {
    expect(received.filter((r) => r.path === '/other')).toEqual([]);
    // The other tenant's everything-subscription saw only this file's events of its own tenant: none.
    const [other] = (await webhooks.list(otherAdmin, {})).webhooks;
    expect((await webhooks.deliveries(otherAdmin, { id: other?.id ?? '' })).deliveries).toEqual([]);
    await publish([contractSigned(otherTenantId, randomUUID())]);
    await eventually(
      () => db.webhookDelivery.count({ where: { tenantId: otherTenantId } }),
      (n) => n === 1,
      {
        what: 'the other tenant’s own delivery',
      },
    );
    await drain();
    expect(received.filter((r) => r.path === '/other')).toHaveLength(1);
    expect(JSON.parse(received.find((r) => r.path === '/other')?.body ?? '{}').tenantId).toBe(otherTenantId);
  });
});
