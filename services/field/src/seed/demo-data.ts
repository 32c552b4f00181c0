import { createHash } from 'node:crypto';
import type { OutboxOptions } from '@salesflow/platform';
import { v5 as uuidv5 } from 'uuid';
import type { FieldDatabase } from '../database';
import type { CheckInKind, Prisma } from '../generated/prisma/client';
import { instantOf, wallClockAt } from '../modules/calendar/local-day';
import { appendCheckInRecorded } from '../modules/check-in/check-in.service';
import { validateNewCheckIn } from '../modules/check-in/check-in.validation';

/** An employee of the demo organisation, as identity's demo seed creates it. */
export interface DemoEmployee {
  id: string;
  tenantId: string;
  departmentId: string;
  /** Materialized path, e.g. "/<rootId>/<regionId>/". */
  departmentPath: string;
}

export interface FieldDemoOptions {
  /** Defaults to the clock; check-ins are laid on the working days before this instant's day. */
  now?: Date;
  /** Calendar days to look back (weekends are skipped); default 7. */
  days?: number;
  timeZone?: string;
  outbox?: OutboxOptions;
}

// Namespace of the demo data's name-based ids: the same name always gives the same id,
// which is what makes seeding twice a no-op.
const DEMO_NAMESPACE = '4aa80b11-7637-4891-8a99-e1791e76f13a';

export const DEMO_CITIES = [
  { name: '上海', latitude: 31.2304, longitude: 121.4737 },
  { name: '杭州', latitude: 30.2741, longitude: 120.1551 },
  { name: '广州', latitude: 23.1291, longitude: 113.2644 },
  { name: '深圳', latitude: 22.5431, longitude: 114.0579 },
] as const;

const PURPOSES = ['新客户开发', '需求沟通', '方案演示', '回款催收', '售后服务回访', '订单跟进', '市场调研'] as const;

/** Morning and afternoon visit: earliest check-in (local hour, minute) and how long it may last. */
const VISIT_SLOTS = [
  { hour: 9, minute: 30, startJitterMin: 60, minMinutes: 40, extraMinutes: 50 },
  { hour: 14, minute: 0, startJitterMin: 90, minMinutes: 45, extraMinutes: 75 },
] as const;

export function demoCheckInId(employeeId: string, date: string, slot: number, kind: CheckInKind): string {
  return uuidv5(`salesflow-demo/field/check-in/${employeeId}/${date}/${slot}/${kind}`, DEMO_NAMESPACE);
}

/**
 * Seeds two customer visits (a check-in and a check-out each) per employee for each working
 * day before today, around the city the employee is placed in. Everything is derived from
 * names (ids, times, places), existing rows are skipped and an event is written only with a
 * row it inserted: seeding twice changes nothing.
 */
export async function seedFieldDemoData(
  db: FieldDatabase,
  employees: readonly DemoEmployee[],
  options: FieldDemoOptions = {},
): Promise<{ checkInsCreated: number }> {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const outbox = options.outbox ?? { source: '/salesflow/field' };
  const today = wallClockAt(now, timeZone);
  let checkInsCreated = 0;

  for (const employee of employees) {
    const city = DEMO_CITIES[noise(`${employee.id}/city`, 0) % DEMO_CITIES.length] ?? DEMO_CITIES[0];
    const rows: Prisma.CheckInCreateManyInput[] = [];
    for (let back = 1; back <= (options.days ?? 7); back++) {
      const day = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
      const weekday = day.getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const date = day.toISOString().slice(0, 10);
      for (const [slot, visit] of VISIT_SLOTS.entries()) {
        const seed = `${employee.id}/${date}/${slot}`;
        const checkedIn = instantOf(
          {
            year: day.getUTCFullYear(),
            month: day.getUTCMonth() + 1,
            day: day.getUTCDate(),
            hour: visit.hour,
            minute: visit.minute + (noise(seed, 0) % visit.startJitterMin),
          },
          timeZone,
        );
        const checkedOut = new Date(
          checkedIn.getTime() + (visit.minMinutes + (noise(seed, 1) % visit.extraMinutes)) * 60_000,
        );
        // Within about 8 km of the city centre; the check-out a few metres from the check-in.
        const latitude = round6(city.latitude + (noise(seed, 2) / 0xffff - 0.5) * 0.16);
        const longitude = round6(city.longitude + (noise(seed, 3) / 0xffff - 0.5) * 0.16);
        const purpose = PURPOSES[noise(seed, 4) % PURPOSES.length];
        const stops = [
          { kind: 'CHECK_IN' as const, at: checkedIn, notes: `${city.name}客户现场签到：${purpose}`, drift: 0 },
          { kind: 'CHECK_OUT' as const, at: checkedOut, notes: `拜访结束：${purpose}`, drift: 0.0002 },
        ];
        for (const stop of stops) {
          const validation = validateNewCheckIn(
            {
              kind: stop.kind,
              occurredAt: stop.at,
              latitude: round6(latitude + stop.drift),
              longitude: round6(longitude - stop.drift),
              accuracyMeters: 5 + (noise(seed, stop.kind === 'CHECK_IN' ? 5 : 6) % 30),
              notes: stop.notes,
            },
            now,
          );
          if (!validation.ok) throw new Error(`demo check-in is invalid: ${JSON.stringify(validation.errors)}`);
          rows.push({
            id: demoCheckInId(employee.id, date, slot, stop.kind),
            tenantId: employee.tenantId,
            employeeId: employee.id,
            ...validation.checkIn,
            createdAt: stop.at,
          });
        }
      }
    }
    if (rows.length === 0) continue;
    checkInsCreated += await db.$transaction(async (tx) => {
      const inserted = await tx.checkIn.createManyAndReturn({ data: rows, skipDuplicates: true });
      inserted.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      // The event is dated when the rep was there, so projections place the visit in the past.
      for (const checkIn of inserted) await appendCheckInRecorded(tx, checkIn, outbox, checkIn.occurredAt);
      return inserted.length;
    });
  }
  return { checkInsCreated };
}

/** A deterministic number in [0, 65535] from a name: the same demo on every machine. */
function noise(name: string, index: number): number {
  return createHash('sha256')
    .update(name)
    .digest()
    .readUInt16BE(index * 2);
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
