import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';

/**
 * Today as the API counts days: in the business time zone (the gateway and field use
 * Asia/Shanghai), not the phone's, so a plan "for today" is the same day on both ends.
 */
export function businessToday(): string {
  return businessDay(new Date());
}

export function businessDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

/** The customers I may see (first 200, enough for a day's plan), for pickers and names. */
export function useCustomers() {
  return useQuery({
    queryKey: ['customers', 'picker'],
    queryFn: async () => unwrap(await api.GET('/api/v1/customers', { params: { query: { limit: 200 } } })).items,
    staleTime: 60_000,
  });
}

/** The employees I may see (first 200 active and otherwise), to show names instead of ids. */
export function useEmployees() {
  return useQuery({
    queryKey: ['employees', 'names'],
    queryFn: async () => unwrap(await api.GET('/api/v1/employees', { params: { query: { limit: 200 } } })).items,
    staleTime: 60_000,
  });
}

/** id -> name, falling back to the id itself while the names load or for someone out of reach. */
export function namesOf(rows: { id: string; name: string }[] | undefined): (id: string | null | undefined) => string {
  const names = new Map((rows ?? []).map((row) => [row.id, row.name]));
  return (id) => (id ? (names.get(id) ?? id.slice(0, 8)) : '');
}

export type VisitPlan = Schemas['VisitPlan'];
export type VisitPurpose = Schemas['VisitPurpose'];
export const VISIT_PURPOSES: VisitPurpose[] = [
  'new_customer',
  'market_research',
  'collection',
  'service',
  'complaint',
  'order',
  'other',
];

/** The ETag the API gave a versioned resource, for If-Match. */
export function ifMatch(version: number): { 'If-Match': string } {
  return { 'If-Match': `"${version}"` };
}

/** Money in minor units as the person reads it, e.g. 250000 CNY -> "¥2,500.00". */
export function formatMoney(money: { amountMinor: number; currency: string }, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: money.currency }).format(
    money.amountMinor / 100,
  );
}
