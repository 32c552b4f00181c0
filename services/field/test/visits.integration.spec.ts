import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonV1, crmV1, deadLetterTopic, fieldV1, identityV1, TOPICS } from '@salesflow/contracts';
import {
  appendToOutbox,
  catalogTopics,
  createEventConsumer,
  createKafka,
  createLogger,
  createOutboxRelay,
  createServiceClient,
  decodeEnvelope,
  type EventConsumer,
  ensureTopics,
  type OutboxRelay,
  startGrpcServer,
} from '@salesflow/platform';
import {
  consumeFromNow,
  createTestDatabase,
  eventually,
  rejectionOf,
  type TestDatabase,
  testKafkaBrokers,
} from '@salesflow/platform/testing';
import { createFieldDatabase, type FieldDatabase, type FieldTransaction } from '../src/database';
import { fieldServiceBinding } from '../src/grpc/field.handlers';
import { visitServiceBinding } from '../src/grpc/visit.handlers';
import { AbsenceService } from '../src/modules/attendance/absence.service';
import { CheckInService } from '../src/modules/check-in/check-in.service';
import type { NewCheckInInput } from '../src/modules/check-in/check-in.validation';
import { customerReplicaHandlers } from '../src/modules/customer-replica/customer-replica.consumer';
import { ExpenseService } from '../src/modules/expense/expense.service';
import { handoverHandlers } from '../src/modules/handover/employee-departed.consumer';
import { LocalDiskObjectStore } from '../src/modules/photo/local-disk-object-store';
import { FieldSettingsService } from '../src/modules/settings/field-settings.service';
import { followUpHandlers } from '../src/modules/visit/follow-up.consumer';
import { VisitService } from '../src/modules/visit/visit.service';
import { VisitPlanService } from '../src/modules/visit-plan/visit-plan.service';
import { seedVisitPlanDemoData } from '../src/seed/visit-plan-demo-data';

const log = createLogger('field-visits-test', 'silent');
const outbox = { source: '/salesflow/field' };
const TZ = 'Asia/Shanghai';
// 18:00 on Friday 20 November 2026 in Shanghai: the day's visits below happened earlier.
const NOW = new Date('2026-11-20T10:00:00.000Z');
const at = (iso: string) => new Date(iso);

const tenantId = randomUUID();
const director = randomUUID();
const manager = randomUUID();
const rep = randomUUID();
const otherRep = randomUUID();
const successor = randomUUID();

/** People's Square, Shanghai: the customer's stored coordinates. */
const SQUARE = { latitude: 31.2304, longitude: 121.4737 };
const customerId = randomUUID();
// Another customer without coordinates (no distance, never inside a geofence).
const customerWithoutPlace = randomUUID();

let fieldDb: TestDatabase;
let upstreamDb: TestDatabase;
let db: FieldDatabase;
let upstream: FieldDatabase;
let relay: OutboxRelay;
let consumer: EventConsumer;
let photoDir: string;
let checkIns: CheckInService;
let visits: VisitService;
let plans: VisitPlanService;
let settings: FieldSettingsService;

const kafka = createKafka({ clientId: 'field-visits-test', brokers: testKafkaBrokers(), log });
const group = `field.visits.test.${randomUUID()}`;

const PERMISSIONS = [
  'field.checkin.write',
  'field.checkin.read',
  'field.visit.read',
  'field.plan.read',
  'field.plan.write',
];

function as(employeeId: string, scope: 'SELF' | 'DEPARTMENT_TREE' | 'TENANT' = 'SELF', extra: string[] = []) {
  return commonV1.Principal.fromPartial({
    tenantId,
    employeeId,
    permissions: [...PERMISSIONS, ...extra],
    dataScope: `DATA_SCOPE_${scope}` as commonV1.DataScope,
    departmentId: 'd-east',
    departmentPath: '/d-root/d-east/',
  });
}
const repP = () => as(rep);
const managerP = () => as(manager, 'DEPARTMENT_TREE', ['field.plan.approve', 'field.settings.write']);

/** Publishes events as crm or identity would: through an outbox and the real broker. */
async function publish(type: string, aggregateId: string, payload: unknown, copies = 1): Promise<string> {
  const id = await upstream.$transaction((tx) =>
    appendToOutbox(tx, { type, tenantId, aggregateId, aggregateVersion: 1, payload }, { source: '/salesflow/crm' }),
  );
  for (let copy = 0; copy < copies; copy++) {
    if (copy > 0) await upstream.$executeRaw`UPDATE salesflow_outbox SET sent_at = NULL WHERE id = ${id}::uuid`;
    expect(await relay.flush()).toBe(1);
  }
  return id;
}

async function inboxed(eventId: string): Promise<void> {
  await eventually(
    async () =>
      Number(
        (
          await db.$queryRaw<
            { n: bigint }[]
          >`SELECT count(*) AS n FROM salesflow_inbox WHERE event_id = ${eventId}::uuid`
        )[0]?.n,
      ),
    (n) => n === 1,
    // A new consumer group's first assignment can take most of a minute on a loaded 2-core box.
    { what: `event ${eventId} consumed`, timeoutMs: 240_000 },
  );
}

async function followUp(by: string, customer: string, occurredAt: Date, copies = 1): Promise<string> {
  const activityId = randomUUID();
  const eventId = await publish(
    'crm.activity.created',
    activityId,
    crmV1.ActivityCreated.fromPartial({
      activity: {
        id: activityId,
        tenantId,
        subjectType: 'ACTIVITY_SUBJECT_TYPE_CUSTOMER',
        subjectId: customer,
        method: 'FOLLOW_UP_METHOD_VISIT',
        content: '拜访洽谈',
        occurredAt,
        ownerId: by,
        createdAt: occurredAt,
      },
    }),
    copies,
  );
  await inboxed(eventId);
  // A redelivered copy arrives after the first; give it the time to be dropped.
  if (copies > 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
  return eventId;
}

async function visitEvents(visitId: string): Promise<{ type: string; payload: fieldV1.VisitRecorded }[]> {
  const rows = await db.$queryRaw<{ event_type: string; value: Buffer }[]>`
    SELECT event_type, value FROM salesflow_outbox WHERE message_key = ${`${tenantId}:${visitId}`} ORDER BY created_at, id`;
  return rows.map((r) => ({ type: r.event_type, payload: decodeEnvelope(r.value).payload as fieldV1.VisitRecorded }));
}

/** Photo files on disk (directories left behind do not count). */
async function photoFiles(): Promise<number> {
  const entries = await readdir(photoDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

async function counts() {
  const [row] = await db.$queryRaw<{ checkIns: number; visits: number; photos: number; outbox: number }[]>`
    SELECT (SELECT count(*)::int FROM check_ins) AS "checkIns", (SELECT count(*)::int FROM visits) AS visits,
           (SELECT count(*)::int FROM check_in_photos) AS photos, (SELECT count(*)::int FROM salesflow_outbox) AS outbox`;
  return row;
}

const checkIn = (overrides: NewCheckInInput): NewCheckInInput => ({
  kind: 'CHECK_IN',
  ...SQUARE,
  accuracyMeters: 10,
  customerId,
  ...overrides,
});

async function employee(id: string, managerId: string, path = '/d-root/d-east/'): Promise<void> {
  await db.$executeRaw`
    INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, manager_id, version)
    VALUES (${id}::uuid, ${tenantId}::uuid, ${`员工${id.slice(0, 4)}`}, 'd-east', ${path}, ${managerId}, 1)`;
}

beforeAll(async () => {
  fieldDb = await createTestDatabase('field', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
  upstreamDb = await createTestDatabase('field', join(__dirname, '..', 'prisma', 'migrations'));
  db = createFieldDatabase(fieldDb.url);
  upstream = createFieldDatabase(upstreamDb.url);
  photoDir = await mkdtemp(join(tmpdir(), 'field-photos-'));
  visits = new VisitService(db, { outbox, timeZone: TZ });
  checkIns = new CheckInService(db, {
    outbox,
    timeZone: TZ,
    clock: () => NOW,
    visits,
    photos: new LocalDiskObjectStore(photoDir),
  });
  plans = new VisitPlanService(db, { outbox, clock: () => NOW });
  settings = new FieldSettingsService(db);

  // The org as identity would replicate it: director > manager > rep, otherRep; successor.
  await employee(director, '', '/d-root/');
  await employee(manager, director);
  await employee(rep, manager);
  await employee(otherRep, manager);
  await employee(successor, director);

  await ensureTopics(kafka, catalogTopics([deadLetterTopic(group)]));
  relay = createOutboxRelay({ databaseUrl: upstreamDb.url, kafka, log, idleDelayMs: 50 });
  await consumeFromNow(kafka, group, [TOPICS.crmCustomer.name, TOPICS.crmActivity.name, TOPICS.identityEmployee.name]);
  consumer = createEventConsumer({
    kafka,
    groupId: group,
    topics: [TOPICS.crmCustomer, TOPICS.crmActivity, TOPICS.identityEmployee],
    transaction: (fn: (tx: FieldTransaction) => Promise<void>) => db.$transaction(fn),
    handlers: {
      ...customerReplicaHandlers(),
      ...followUpHandlers(visits),
      ...handoverHandlers(outbox, TZ, () => NOW),
    },
    log,
    fromBeginning: true,
  });
  await consumer.start();

  // The customers reach field as crm announces them.
  for (const [id, location] of [
    [customerId, SQUARE],
    [customerWithoutPlace, undefined],
  ] as const) {
    const eventId = await publish(
      'crm.customer.created',
      id,
      crmV1.CustomerChanged.fromPartial({
        customer: {
          id,
          tenantId,
          name: '人民广场百货',
          region: '华东',
          tier: 'A',
          ownerId: rep,
          version: '1',
          ...(location ? { location } : {}),
        },
      }),
    );
    await inboxed(eventId);
  }
}, 300_000);

afterAll(async () => {
  await consumer?.stop();
  await relay?.stop().catch(() => undefined);
  await db?.$disconnect();
  await upstream?.$disconnect();
  await fieldDb?.drop();
  await upstreamDb?.drop();
  if (photoDir) await rm(photoDir, { recursive: true, force: true });
});

describe('customer replica', () => {
  it('keeps the coordinates, region and tier crm announced, and ignores an older version', async () => {
    expect(await db.customerReplica.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({
      latitude: SQUARE.latitude,
      longitude: SQUARE.longitude,
      region: '华东',
      tier: 'A',
      version: 1n,
    });
    await db.$transaction(async (tx) => {
      await customerReplicaHandlers()['crm.customer.updated']?.(
        {
          id: randomUUID(),
          type: 'crm.customer.updated',
          tenantId,
          aggregateId: customerId,
          aggregateVersion: 0,
          occurredAt: NOW,
          actorId: '',
          payload: crmV1.CustomerChanged.fromPartial({
            customer: { id: customerId, tenantId, tier: 'C', region: '华南', version: '0' },
          }),
        },
        tx,
      );
    });
    expect(await db.customerReplica.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({ tier: 'A' });
  });
});

describe('check-in distance and geofence', () => {
  it('measures the haversine distance to the customer and compares it with the tenant radius', async () => {
    // 0.001° of latitude north of the customer: 6,371,008.8 m × 0.001 × π/180 = 111.195 m <= 200 m (default).
    const near = await checkIns.record(as(randomUUID()), checkIn({ latitude: SQUARE.latitude + 0.001 }));
    expect(near.distanceMeters).toBeCloseTo(111.195, 2);
    expect(near).toMatchObject({ insideGeofence: true, geofenceRadiusMeters: 200 });

    // 0.003° north: 3 × 111.195 = 333.585 m > 200 m.
    const far = await checkIns.record(as(randomUUID()), checkIn({ latitude: SQUARE.latitude + 0.003 }));
    expect(far.distanceMeters).toBeCloseTo(333.585, 2);
    expect(far.insideGeofence).toBe(false);
  });

  it("uses the customer's own radius over the tenant default, and the default again once it is removed", async () => {
    const customer = randomUUID();
    await db.customerReplica.create({
      data: { id: customer, tenantId, latitude: SQUARE.latitude, longitude: SQUARE.longitude, version: 1n },
    });
    await settings.setCustomerGeofence(managerP(), customer, 400);
    // 333.585 m <= 400 m.
    const inside = await checkIns.record(
      as(randomUUID()),
      checkIn({ customerId: customer, latitude: SQUARE.latitude + 0.003 }),
    );
    expect(inside).toMatchObject({ insideGeofence: true, geofenceRadiusMeters: 400 });

    expect(await settings.setCustomerGeofence(managerP(), customer, 0)).toEqual({
      customerId: customer,
      radiusMeters: 200,
    });
    const outside = await checkIns.record(
      as(randomUUID()),
      checkIn({ customerId: customer, latitude: SQUARE.latitude + 0.003 }),
    );
    expect(outside).toMatchObject({ insideGeofence: false, geofenceRadiusMeters: 200 });
  });

  it('records no distance for a customer without coordinates, and refuses geofence changes to a rep', async () => {
    const recorded = await checkIns.record(as(randomUUID()), checkIn({ customerId: customerWithoutPlace }));
    expect(recorded).toMatchObject({ distanceMeters: null, insideGeofence: false });
    expect(await rejectionOf(settings.setCustomerGeofence(repP(), customerId, 500))).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(
      await rejectionOf(settings.update(managerP(), { geofenceRadiusMeters: -5, minEffectiveVisitMinutes: 1.5 })),
    ).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: {
        fieldErrors: [
          { field: 'geofenceRadiusMeters', message: 'must be more than 0 and at most 50000 metres' },
          { field: 'minEffectiveVisitMinutes', message: 'must be a whole number from 0 to 1440' },
        ],
      },
    });
  });

  it('refuses a check-out without an open check-in and writes nothing', async () => {
    const before = await counts();
    const error = await rejectionOf(checkIns.record(as(randomUUID()), checkIn({ kind: 'CHECK_OUT' })));
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'NO_OPEN_CHECK_IN' } });
    expect(await counts()).toEqual(before);
  });

  it('flags, without refusing, a jump faster than 200 km/h and a time going backwards', async () => {
    const who = as(randomUUID());
    await checkIns.record(who, checkIn({ occurredAt: at('2026-11-20T02:00:00Z') }));
    // 1.5° north (Shanghai to near Yancheng) 30 minutes later: 1.5 × 111.195 km = 166.8 km in 0.5 h = 333.6 km/h.
    const jump = await checkIns.record(
      who,
      checkIn({ customerId: '', latitude: SQUARE.latitude + 1.5, occurredAt: at('2026-11-20T02:30:00Z') }),
    );
    expect(jump.flags).toEqual(['IMPLAUSIBLE_SPEED']);
    // Back at the square, timed before the previous record: time went backwards (and 166.8 km in 20 min).
    const back = await checkIns.record(who, checkIn({ customerId: '', occurredAt: at('2026-11-20T02:10:00Z') }));
    expect(back.flags).toEqual(['TIME_BACKWARDS', 'IMPLAUSIBLE_SPEED']);
    const calm = await checkIns.record(who, checkIn({ customerId: '', occurredAt: at('2026-11-20T05:00:00Z') }));
    expect(calm.flags).toEqual([]);
  });
});

describe('photos', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

  it('stores photos and reads them back, to the rep and to the manager, not to another rep', async () => {
    const recorded = await checkIns.recordWithPhotos(repP(), checkIn({ occurredAt: at('2026-11-20T08:00:00Z') }), [
      { contentType: 'image/jpeg', data: jpeg },
      { contentType: 'image/png', data: png },
    ]);
    expect(recorded.photoIds).toHaveLength(2);
    const [first, second] = recorded.photoIds as [string, string];
    expect(await checkIns.photo(repP(), recorded.checkIn.id, first)).toEqual({
      contentType: 'image/jpeg',
      data: new Uint8Array(jpeg),
    });
    expect(await checkIns.photo(managerP(), recorded.checkIn.id, second)).toEqual({
      contentType: 'image/png',
      data: new Uint8Array(png),
    });
    expect(await checkIns.photoIdsOf(recorded.checkIn.id)).toEqual([first, second]);
    expect(await rejectionOf(checkIns.photo(as(otherRep), recorded.checkIn.id, first))).toMatchObject({
      code: 'NOT_FOUND',
    });
    // The event names the photos.
    const [row] = await db.$queryRaw<{ value: Buffer }[]>`
      SELECT value FROM salesflow_outbox WHERE message_key = ${`${tenantId}:${recorded.checkIn.id}`}`;
    expect(
      (decodeEnvelope(row?.value ?? Buffer.alloc(0)).payload as fieldV1.CheckInRecorded).checkIn?.photoIds,
    ).toEqual(recorded.photoIds);
    // Close it so the rep's later visits start from a clean day.
    await checkIns.record(repP(), checkIn({ kind: 'CHECK_OUT', occurredAt: at('2026-11-20T08:01:00Z') }));
  });

  it('refuses a GIF, a PNG that is not one, more than 3 photos and more than 5 MB, and keeps nothing', async () => {
    const before = await counts();
    const filesBefore = await photoFiles();
    const gif = Buffer.from('GIF89a....');
    const error = await rejectionOf(
      checkIns.recordWithPhotos(as(randomUUID()), checkIn({}), [
        { contentType: 'image/gif', data: gif },
        { contentType: 'image/png', data: jpeg },
        { contentType: 'image/jpeg', data: Buffer.concat([jpeg, Buffer.alloc(5 * 1024 * 1024)]) },
      ]),
    );
    expect(error.details.fieldErrors).toEqual([
      { field: 'photos[0]', message: 'must be one of image/jpeg, image/png, image/webp' },
      { field: 'photos[1]', message: 'is not a image/png image' },
      { field: 'photos[2]', message: 'is larger than 5242880 bytes' },
    ]);
    const tooMany = await rejectionOf(
      checkIns.recordWithPhotos(
        as(randomUUID()),
        checkIn({}),
        Array.from({ length: 4 }, () => ({ contentType: 'image/jpeg', data: jpeg })),
      ),
    );
    expect(tooMany.details.fieldErrors).toEqual([{ field: 'photos', message: 'at most 3 photos' }]);
    // Stored photos of a refused check-out are removed again.
    const refused = await rejectionOf(
      checkIns.recordWithPhotos(as(randomUUID()), checkIn({ kind: 'CHECK_OUT' }), [
        { contentType: 'image/jpeg', data: jpeg },
      ]),
    );
    expect(refused.details.reason).toBe('NO_OPEN_CHECK_IN');
    expect(await counts()).toEqual(before);
    expect(await photoFiles()).toBe(filesBefore);
  });
});

describe('visits and the effective-visit rule', () => {
  /** A visit by `who` at the customer: check-in at `from`, check-out at `to` (UTC instants). */
  async function visit(who: string, from: string, to: string, overrides: NewCheckInInput = {}) {
    await checkIns.record(as(who), checkIn({ occurredAt: at(from), ...overrides }));
    const out = await checkIns.recordWithPhotos(
      as(who),
      checkIn({ kind: 'CHECK_OUT', occurredAt: at(to), customerId: '' }),
      [],
    );
    if (!out.visit) throw new Error('no visit');
    return out.visit;
  }

  it('is effective at check-out when the follow-up arrived first (inside, 30 >= 10 minutes, same day)', async () => {
    const who = randomUUID();
    await employee(who, manager);
    // 10:00-10:30 Shanghai (02:00-02:30 UTC); the follow-up at 10:20 reaches field before the check-out.
    await checkIns.record(
      as(who),
      checkIn({ latitude: SQUARE.latitude + 0.001, occurredAt: at('2026-11-20T02:00:00Z') }),
    );
    await followUp(who, customerId, at('2026-11-20T02:20:00Z'));
    const out = await checkIns.recordWithPhotos(
      as(who),
      checkIn({ kind: 'CHECK_OUT', occurredAt: at('2026-11-20T02:30:00Z') }),
      [],
    );
    expect(out.visit).toMatchObject({
      durationMinutes: 30,
      insideGeofence: true,
      effective: true,
      firstVisitToCustomer: false,
    });
    expect(out.visit?.distanceMeters).toBeCloseTo(111.195, 2);
    const events = await visitEvents(out.visit?.id ?? '');
    expect(events.map((e) => e.type)).toEqual(['field.visit.completed', 'field.visit.effective']);
    expect(events[1]?.payload.attribution).toEqual({
      ownerId: who,
      departmentId: 'd-east',
      departmentPath: '/d-root/d-east/',
      customerId,
      region: '华东',
      customerSegment: 'A',
    });
    expect(events[1]?.payload.visit).toMatchObject({ effective: true, localDate: '2026-11-20', version: '2' });
  }, 60_000);

  it('becomes effective once when the follow-up arrives after check-out, even delivered twice', async () => {
    const who = randomUUID();
    await employee(who, manager);
    // 14:00-14:12 Shanghai: 12 >= 10 minutes.
    const done = await visit(who, '2026-11-20T06:00:00Z', '2026-11-20T06:12:00Z');
    expect(done).toMatchObject({ durationMinutes: 12, effective: false });
    expect((await visitEvents(done.id)).map((e) => e.type)).toEqual(['field.visit.completed']);

    // 15:00 Shanghai the same day, sent twice (a relay that crashed after sending).
    await followUp(who, customerId, at('2026-11-20T07:00:00Z'), 2);
    expect(await db.visit.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ effective: true, version: 2 });
    // A second, different follow-up the same day changes nothing more.
    await followUp(who, customerId, at('2026-11-20T08:00:00Z'));
    expect((await visitEvents(done.id)).map((e) => e.type)).toEqual(['field.visit.completed', 'field.visit.effective']);
  }, 60_000);

  it('is not effective when too short, outside the geofence, or followed up only the next day or by someone else', async () => {
    const short = randomUUID();
    const outside = randomUUID();
    const late = randomUUID();
    for (const who of [short, outside, late]) await employee(who, manager);
    // 9 minutes 59 seconds counts as 9 < 10.
    const tooShort = await visit(short, '2026-11-20T03:00:00Z', '2026-11-20T03:09:59Z');
    expect(tooShort.durationMinutes).toBe(9);
    // 0.003° north: 333.585 m > 200 m.
    const away = await visit(outside, '2026-11-20T03:00:00Z', '2026-11-20T03:40:00Z', {
      latitude: SQUARE.latitude + 0.003,
    });
    expect(away.insideGeofence).toBe(false);
    const nextDay = await visit(late, '2026-11-20T03:00:00Z', '2026-11-20T03:40:00Z');
    await followUp(short, customerId, at('2026-11-20T04:00:00Z'));
    await followUp(outside, customerId, at('2026-11-20T04:00:00Z'));
    // 00:10 on the 21st in Shanghai (16:10 UTC on the 20th): the next local day.
    await followUp(late, customerId, at('2026-11-20T16:10:00Z'));
    // Someone else's follow-up the same day does not count for `late`.
    await followUp(otherRep, customerId, at('2026-11-20T05:00:00Z'));
    for (const v of [tooShort, away, nextDay]) {
      expect(await db.visit.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({ effective: false });
      expect((await visitEvents(v.id)).map((e) => e.type)).toEqual(['field.visit.completed']);
    }
  }, 60_000);

  it("lists the caller's visits of a day, and the team's to the manager", async () => {
    const mine = await visits.list(as(rep), 'mine', '2026-11-20');
    expect(mine.every((v) => v.employeeId === rep)).toBe(true);
    const team = await visits.list(managerP(), 'team', '2026-11-20');
    expect(team.length).toBeGreaterThanOrEqual(5);
    expect(await rejectionOf(visits.list(as(rep), 'all', '2026-13-01'))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('lists completed visits of a local-day range to a tenant-wide reader, page by page, and nothing out of scope', async () => {
    const first = randomUUID();
    const second = randomUUID();
    for (const who of [first, second]) await employee(who, manager);
    // Shanghai days (UTC+8): 23:30 UTC on 10-13 is 07:30 on 10-14; 16:30 UTC on 10-15 is 00:30 on 10-16.
    const a = await visit(first, '2026-10-13T23:30:00Z', '2026-10-13T23:50:00Z');
    const b = await visit(first, '2026-10-15T16:30:00Z', '2026-10-15T16:50:00Z');
    const c = await visit(second, '2026-10-14T02:00:00Z', '2026-10-14T02:30:00Z');
    // 15:59 UTC on 10-16 is 23:59 on 10-16; 16:00 UTC is already 10-17.
    const d = await visit(second, '2026-10-16T16:00:00Z', '2026-10-16T16:20:00Z');
    expect([a, b, c, d].map((v) => v.localDate.toISOString().slice(0, 10))).toEqual([
      '2026-10-14',
      '2026-10-16',
      '2026-10-14',
      '2026-10-17',
    ]);
    const reader = commonV1.Principal.fromPartial({
      tenantId,
      permissions: ['field.visit.read'],
      dataScope: 'DATA_SCOPE_TENANT',
    });
    const listed = async (principal: commonV1.Principal, from: string, to: string) => {
      const ids: string[] = [];
      let cursor = '';
      do {
        const page = await visits.listByDateRange(principal, { from, to, limit: 1, cursor });
        ids.push(...page.items.map((v) => v.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids.sort();
    };
    expect(await listed(reader, '2026-10-14', '2026-10-16')).toEqual([a.id, b.id, c.id].sort());
    expect(await listed(reader, '2026-10-17', '2026-10-17')).toEqual([d.id]);
    // A rep (own scope) sees only their own.
    expect(await listed(as(second), '2026-10-01', '2026-10-31')).toEqual([c.id, d.id].sort());
    const backwards = await rejectionOf(visits.listByDateRange(reader, { from: '2026-10-16', to: '2026-10-14' }));
    expect(backwards.details.fieldErrors).toEqual([{ field: 'to', message: 'is before from' }]);
    const bad = await rejectionOf(visits.listByDateRange(reader, { from: '2026-10-32', to: '' }));
    expect(bad.details.fieldErrors?.map((e) => e.field)).toEqual(['from', 'to']);
    const tooLong = await rejectionOf(visits.listByDateRange(reader, { from: '2025-01-01', to: '2026-10-16' }));
    expect(tooLong.details.fieldErrors?.map((e) => e.field)).toEqual(['to']);
    // One customer's visits (the customer 360 page): all four were to customerId, none to another.
    const ofCustomer = await visits.listByDateRange(reader, { from: '2026-10-14', to: '2026-10-17', customerId });
    expect(ofCustomer.items.map((v) => v.id).sort()).toEqual([a.id, b.id, c.id, d.id].sort());
    const ofAnother = await visits.listByDateRange(reader, {
      from: '2026-10-14',
      to: '2026-10-17',
      customerId: randomUUID(),
    });
    expect(ofAnother.items).toEqual([]);
    const badCustomer = await rejectionOf(
      visits.listByDateRange(reader, { from: '2026-10-14', to: '2026-10-17', customerId: 'k1' }),
    );
    expect(badCustomer.details.fieldErrors).toEqual([{ field: 'customerId', message: 'is not an id' }]);
  }, 60_000);
});

describe('visit plans and approval', () => {
  const item = (time: string, purpose = 'COLLECTION') => ({ customerId, plannedTime: time, purpose, notes: '回款' });

  it("is approved only by the rep's supervisor; a rejection needs a comment and the plan can be reworked", async () => {
    const plan = await plans.create(repP(), '2026-11-23', [item('09:30'), item('14:00', 'ORDER')]);
    expect(plan).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(plan.items.map((i) => [i.plannedTime, i.purpose])).toEqual([
      ['09:30', 'COLLECTION'],
      ['14:00', 'ORDER'],
    ]);
    const submitted = await plans.submit(repP(), plan.id, '1');
    expect(submitted).toMatchObject({ status: 'SUBMITTED', approverId: manager, version: 2 });
    expect((await plans.pendingApprovals(managerP())).map((p) => p.id)).toContain(plan.id);

    // Another rep with the approve permission is not the supervisor.
    const other = as(otherRep, 'SELF', ['field.plan.approve']);
    expect(await rejectionOf(plans.approve(other, plan.id, ''))).toMatchObject({ code: 'NOT_FOUND' });
    // Nor is a peer manager who can see the plan through a department scope.
    const peer = as(randomUUID(), 'DEPARTMENT_TREE', ['field.plan.approve']);
    await employee(peer.employeeId, director);
    expect(await rejectionOf(plans.approve(peer, plan.id, ''))).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { reason: 'NOT_THE_APPROVER' },
    });
    expect(await rejectionOf(plans.approve(as(rep, 'SELF', ['field.plan.approve']), plan.id, ''))).toMatchObject({
      details: { reason: 'OWN_PLAN' },
    });
    expect(await rejectionOf(plans.reject(managerP(), plan.id, '   '))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { fieldErrors: [{ field: 'comment', message: 'is required to reject a plan' }] },
    });
    expect(await db.visitPlan.findUniqueOrThrow({ where: { id: plan.id } })).toMatchObject({
      status: 'SUBMITTED',
      version: 2,
    });

    const rejected = await plans.reject(managerP(), plan.id, '下午去客户太多，减少一家', '2');
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      decidedBy: manager,
      decisionComment: '下午去客户太多，减少一家',
    });
    // A stale version is refused.
    expect(await rejectionOf(plans.update(repP(), plan.id, [item('10:00')], '2'))).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'VERSION_MISMATCH' },
    });
    const reworked = await plans.update(repP(), plan.id, [item('10:00')], '3');
    expect(reworked.items).toHaveLength(1);
    await plans.submit(repP(), plan.id);
    const approved = await plans.approve(managerP(), plan.id, '同意');
    expect(approved).toMatchObject({ status: 'APPROVED', version: 6 });
    expect(await rejectionOf(plans.update(repP(), plan.id, [item('11:00')]))).toMatchObject({
      details: { reason: 'PLAN_NOT_EDITABLE' },
    });

    const events = await db.$queryRaw<{ event_type: string }[]>`
      SELECT event_type FROM salesflow_outbox WHERE message_key = ${`${tenantId}:${plan.id}`} ORDER BY created_at, id`;
    expect(events.map((e) => e.event_type)).toEqual([
      'field.plan.submitted',
      'field.plan.rejected',
      'field.plan.submitted',
      'field.plan.approved',
    ]);
  });

  it('lets someone with the tenant scope approve, and refuses bad input and a second plan for the day', async () => {
    const plan = await plans.create(as(otherRep), '2026-11-24', [item('09:00')]);
    await plans.submit(as(otherRep), plan.id);
    const approved = await plans.approve(as(director, 'TENANT', ['field.plan.approve']), plan.id, '');
    expect(approved.status).toBe('APPROVED');
    expect(await rejectionOf(plans.create(as(otherRep), '2026-11-24', []))).toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    const before = await db.visitPlan.count();
    expect(
      await rejectionOf(
        plans.create(repP(), '2026-02-30', [{ customerId: 'x', plannedTime: '25:00', purpose: 'PARTY' }]),
      ),
    ).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: {
        fieldErrors: [
          { field: 'planDate', message: 'must be a date YYYY-MM-DD' },
          { field: 'items[0].customerId', message: 'is not a customer id' },
          { field: 'items[0].plannedTime', message: 'must be a time HH:MM' },
          {
            field: 'items[0].purpose',
            message: 'must be one of NEW_CUSTOMER, MARKET_RESEARCH, COLLECTION, SERVICE, COMPLAINT, ORDER, OTHER',
          },
        ],
      },
    });
    expect(await db.visitPlan.count()).toBe(before);
  });

  it("shows the manager's subtree by day (schedule view) and not the rep another rep's plans", async () => {
    const week = await plans.list(as(director, 'SELF'), 'team', '2026-11-23', '2026-11-29');
    // The director reaches rep and otherRep through the manager chain, although the scope is SELF.
    expect(new Set(week.map((p) => p.employeeId))).toEqual(new Set([rep, otherRep]));
    expect((await plans.list(repP(), 'team', '2026-11-23', '2026-11-29')).map((p) => p.employeeId)).toEqual([]);
    expect(await rejectionOf(plans.list(repP(), 'mine', '2026-11-29', '2026-11-23'))).toMatchObject({
      details: { fieldErrors: [{ field: 'to', message: 'must not be before from' }] },
    });
  });
});

describe('handover on departure', () => {
  it("moves the leaver's future plans and pending approvals to the successor, once", async () => {
    const leaver = randomUUID();
    const report = randomUUID();
    await employee(leaver, manager);
    await employee(report, leaver);
    const past = await plans.create(as(leaver), '2026-11-19', [
      { customerId, plannedTime: '09:00', purpose: 'SERVICE' },
    ]);
    const draft = await plans.create(as(leaver), '2026-11-25', [
      { customerId, plannedTime: '09:00', purpose: 'SERVICE' },
    ]);
    const submitted = await plans.create(as(leaver), '2026-11-26', [
      { customerId, plannedTime: '09:00', purpose: 'SERVICE' },
    ]);
    await plans.submit(as(leaver), submitted.id);
    const waiting = await plans.create(as(report), '2026-11-25', [
      { customerId, plannedTime: '10:00', purpose: 'OTHER' },
    ]);
    await plans.submit(as(report), waiting.id);
    // An approved plan for next week: its visits were agreed, the leaver will not make them.
    const approved = await plans.create(as(leaver), '2026-11-27', [
      { customerId, plannedTime: '09:00', purpose: 'ORDER' },
    ]);
    await db.visitPlan.update({ where: { id: approved.id }, data: { status: 'APPROVED', approverId: manager } });

    // Requests waiting for the leaver's decision: the report's leave and expense go to the
    // successor; the successor's own expense goes up to the leaver's supervisor (the manager);
    // a leave already decided stays as it was.
    const absence = (employeeId: string, status: 'PENDING' | 'APPROVED', start: string) =>
      db.absenceRequest.create({
        data: {
          id: randomUUID(),
          tenantId,
          employeeId,
          kind: 'LEAVE',
          leaveType: 'ANNUAL',
          startDate: new Date(`${start}T00:00:00Z`),
          endDate: new Date(`${start}T00:00:00Z`),
          status,
          approverId: leaver,
        },
      });
    const expense = (employeeId: string) =>
      db.expense.create({
        data: {
          id: randomUUID(),
          tenantId,
          employeeId,
          expenseDate: new Date('2026-11-19T00:00:00Z'),
          category: 'TRAVEL',
          amountMinor: 12_000n,
          currency: 'CNY',
          approverId: leaver,
        },
      });
    const reportLeave = await absence(report, 'PENDING', '2026-11-30');
    const decidedLeave = await absence(report, 'APPROVED', '2026-11-23');
    const reportExpense = await expense(report);
    const successorExpense = await expense(successor);

    const eventId = await publish(
      'identity.employee.departed',
      leaver,
      // As identity sends it: with the whole employee, which org replicas read.
      identityV1.EmployeeDeparted.fromPartial({
        employeeId: leaver,
        successorId: successor,
        employee: {
          id: leaver,
          tenantId,
          name: '离职的人',
          departmentId: 'd-east',
          departmentPath: '/d-root/d-east/',
          managerId: manager,
          status: identityV1.EmployeeStatus.EMPLOYEE_STATUS_DEPARTED,
          successorId: successor,
          version: '7',
        },
      }),
      2,
    );
    await inboxed(eventId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(await db.visitPlan.findUniqueOrThrow({ where: { id: past.id } })).toMatchObject({ employeeId: leaver });
    expect(await db.visitPlan.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({
      employeeId: successor,
      status: 'DRAFT',
      version: 2,
    });
    // The successor's supervisor (the director) now approves the submitted plan.
    expect(await db.visitPlan.findUniqueOrThrow({ where: { id: submitted.id } })).toMatchObject({
      employeeId: successor,
      status: 'SUBMITTED',
      approverId: director,
      version: 3,
    });
    expect(await db.visitPlan.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
      approverId: successor,
      version: 3,
    });
    // Approved stays approved, by the manager who agreed to it (created 1, moved 2).
    expect(await db.visitPlan.findUniqueOrThrow({ where: { id: approved.id } })).toMatchObject({
      employeeId: successor,
      status: 'APPROVED',
      approverId: manager,
      version: 2,
    });
    const reassigned = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM salesflow_outbox WHERE event_type = 'field.plan.reassigned'`;
    expect(reassigned[0]?.n).toBe(4); // draft, submitted, approved (moved) and waiting (new approver)

    expect(await db.absenceRequest.findUniqueOrThrow({ where: { id: reportLeave.id } })).toMatchObject({
      approverId: successor,
      status: 'PENDING',
      version: 2,
    });
    expect(await db.absenceRequest.findUniqueOrThrow({ where: { id: decidedLeave.id } })).toMatchObject({
      approverId: leaver,
      status: 'APPROVED',
      version: 1,
    });
    expect(await db.expense.findUniqueOrThrow({ where: { id: reportExpense.id } })).toMatchObject({
      approverId: successor,
      version: 2,
    });
    expect(await db.expense.findUniqueOrThrow({ where: { id: successorExpense.id } })).toMatchObject({
      approverId: manager,
      version: 2,
    });

    // Each moved request is announced once, so the new approver is notified; the decided one is not.
    const moves = await db.$queryRaw<{ event_type: string; message_key: string }[]>`
      SELECT event_type, message_key FROM salesflow_outbox
      WHERE event_type IN ('field.leave.reassigned', 'field.expense.reassigned') AND message_key LIKE ${`${tenantId}:%`}`;
    expect(moves.map((m) => `${m.event_type} ${m.message_key}`).sort()).toEqual(
      [
        `field.expense.reassigned ${tenantId}:${reportExpense.id}`,
        `field.expense.reassigned ${tenantId}:${successorExpense.id}`,
        `field.leave.reassigned ${tenantId}:${reportLeave.id}`,
      ].sort(),
    );

    // The successor can now decide what the leaver was to decide.
    const deciding = as(successor, 'SELF', ['field.attendance.approve', 'field.expense.approve']);
    const reportOptions = { outbox, timeZone: TZ, clock: () => NOW };
    await expect(
      new AbsenceService(db, reportOptions).decide(deciding, reportLeave.id, '2', true, ''),
    ).resolves.toMatchObject({ status: 'APPROVED', approverId: successor });
    await expect(
      new ExpenseService(db, reportOptions).decide(deciding, reportExpense.id, '2', false, '缺发票'),
    ).resolves.toMatchObject({ status: 'REJECTED', approverId: successor });
  }, 60_000);
});

describe('VisitService over gRPC', () => {
  it('carries a plan, three photos of almost 5 MB each, and a photo back through the wire', async () => {
    const server = await startGrpcServer({
      serviceName: 'field',
      port: 0,
      bindings: [fieldServiceBinding(checkIns), visitServiceBinding({ checkIns, visits, plans, settings })],
      log,
    });
    server.setServing(true);
    const client = createServiceClient(fieldV1.VisitServiceService, `127.0.0.1:${server.port}`);
    try {
      const who = as(randomUUID());
      const { plan } = await client.createVisitPlan(
        {
          planDate: '2026-11-27',
          items: [{ id: '', customerId, plannedTime: '09:00', purpose: 'VISIT_PURPOSE_ORDER', notes: '' }],
        },
        { principal: who },
      );
      expect(plan).toMatchObject({ status: 'VISIT_PLAN_STATUS_DRAFT', version: '1' });
      expect(plan?.items[0]).toMatchObject({ purpose: 'VISIT_PURPOSE_ORDER', plannedTime: '09:00' });

      // 3 × 4.9 MB = 14.7 MB in one request, under the servers' 16 MiB.
      const big = Buffer.alloc(Math.floor(4.9 * 1024 * 1024), 7);
      big.set([0xff, 0xd8, 0xff], 0);
      const { checkIn } = await client.recordCheckInWithPhotos(
        {
          kind: 'CHECK_IN_KIND_CHECK_IN',
          latitude: SQUARE.latitude,
          longitude: SQUARE.longitude,
          accuracyMeters: 5,
          customerId,
          notes: '',
          planItemId: plan?.items[0]?.id ?? '',
          photos: [1, 2, 3].map(() => ({ contentType: 'image/jpeg', data: big })),
        },
        { principal: who },
      );
      // At the customer's own coordinates: 0 m.
      expect(checkIn).toMatchObject({ distanceMeters: 0, insideGeofence: true, planItemId: plan?.items[0]?.id });
      expect(checkIn?.photoIds).toHaveLength(3);
      const photo = await client.getCheckInPhoto(
        { checkInId: checkIn?.id ?? '', photoId: checkIn?.photoIds[2] ?? '' },
        { principal: who },
      );
      expect(photo.contentType).toBe('image/jpeg');
      expect(Buffer.compare(photo.data, big)).toBe(0);

      const refused = await client
        .submitVisitPlan({ id: plan?.id ?? '', expectedVersion: '9' }, { principal: who })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toMatchObject({ code: 'CONFLICT' });
    } finally {
      client.close();
      await server.drain();
    }
  }, 60_000);
});

describe('visit plan demo data', () => {
  it('plans today (approved), the next working day (submitted) and the one after (draft), once', async () => {
    const seeded = randomUUID();
    await employee(seeded, manager);
    await db.customerReplica.create({
      data: { id: randomUUID(), tenantId, name: '演示客户', ownerId: seeded, version: 1n },
    });
    const demoRep = { id: seeded, tenantId, departmentId: 'd-east', departmentPath: '/d-root/d-east/' };
    // NOW is Friday 20 November; the next working days are Monday 23 and Tuesday 24.
    expect(await seedVisitPlanDemoData(db, [demoRep], { now: NOW })).toEqual({ plansCreated: 3 });
    expect(await seedVisitPlanDemoData(db, [demoRep], { now: NOW })).toEqual({ plansCreated: 0 });
    const seededPlans = await db.visitPlan.findMany({ where: { employeeId: seeded }, orderBy: { planDate: 'asc' } });
    expect(seededPlans.map((p) => [p.planDate.toISOString().slice(0, 10), p.status, p.approverId])).toEqual([
      ['2026-11-20', 'APPROVED', manager],
      ['2026-11-23', 'SUBMITTED', manager],
      ['2026-11-24', 'DRAFT', null],
    ]);
  });
});
