/**
 * Whether a permission list (GET /me) grants `permission`, the way the gateway reads it:
 * `*` grants everything, `crm.*` everything under crm, otherwise an exact match.
 */
export function hasPermission(granted: readonly string[] | undefined, permission: string): boolean {
  return (granted ?? []).some(
    (p) => p === '*' || p === permission || (p.endsWith('.*') && permission.startsWith(p.slice(0, -1))),
  );
}
