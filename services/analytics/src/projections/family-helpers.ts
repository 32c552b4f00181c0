import type { commonV1 } from '@salesflow/contracts';
import type { RollupKey } from './rollup';

export function minorOf(money: commonV1.Money | undefined): number {
  return Number(money?.amountMinor ?? 0);
}

/** True when an event of `version` must not replace a stored state of `stored` (stale or replayed). */
export function isStale(stored: { version: number } | undefined, version: number | string): boolean {
  return stored !== undefined && stored.version >= Number(version);
}

export function stripPrefix(value: string, prefix: string): string {
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

/** A rollup key from a frozen attribution. */
export function keyOf(
  tenantId: string,
  day: string,
  a: { ownerId: string; departmentPath: string; region: string; segment: string },
  productLine = '',
): RollupKey {
  return {
    tenantId,
    day,
    employeeId: a.ownerId,
    departmentPath: a.departmentPath,
    productLine,
    region: a.region,
    segment: a.segment,
  };
}

/** A rollup key of a fact about a person only (a report, a task): no product line, region or segment. */
export function personKeyOf(tenantId: string, day: string, employeeId: string, departmentPath: string): RollupKey {
  return keyOf(tenantId, day, { ownerId: employeeId, departmentPath, region: '', segment: '' });
}

/** The attribution fields every attributed fact stores. */
export function attributionFields(a: commonV1.Attribution | undefined, fallbackOwner: string) {
  return {
    ownerId: a?.ownerId || fallbackOwner,
    departmentPath: a?.departmentPath ?? '',
    customerId: a?.customerId ?? '',
    region: a?.region ?? '',
    segment: a?.customerSegment ?? '',
  };
}
